package dbcheck

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// walRecord builds one record as Badger lays it out.
func walRecord(key, value []byte) []byte {
	b := []byte{0x40, 0}
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = binary.AppendUvarint(b, uint64(len(value)))
	b = binary.AppendUvarint(b, 0)
	b = append(append(b, key...), value...)
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// TestCheckWAL covers the cases CheckWAL tells apart: a clean log, a torn
// last record, pieces of the last batch after a power cut (fine), and a
// sound record far after a broken one (damage). Random bytes after a
// record cost a bounded scan.
func TestCheckWAL(t *testing.T) {
	header := make([]byte, walHeaderSize)
	binary.BigEndian.PutUint64(header, 7) // a key ID
	rec := func(i int) []byte {
		return walRecord([]byte("key-of-entry-0000000"+string(rune('a'+i%26))), make([]byte, 900))
	}
	var good []byte
	good = append(good, header...)
	for i := 0; i < 200; i++ {
		good = append(good, rec(i)...)
	}
	zeros := func(n int) []byte { return make([]byte, n) }
	rng := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 9<<20)
	for i := range garbage {
		garbage[i] = byte(rng.Uint32())
	}
	cases := []struct {
		name    string
		data    []byte
		damaged bool
	}{
		{"clean", append(append([]byte{}, good...), zeros(1<<20)...), false},
		{"torn last record", append(append(append([]byte{}, good...), rec(0)[:300]...), zeros(4096)...), false},
		{"pieces of the last batch", append(append(append(append([]byte{}, good...), zeros(8192)...), rec(1)...), zeros(4096)...), false},
		{"a sound record far after a broken one", func() []byte {
			b := append([]byte{}, good...)
			b[walHeaderSize+100] ^= 1 // breaks the first record; 199 sound ones follow
			return b
		}(), true},
		{"random bytes after a record", append(append([]byte{}, good[:walHeaderSize+len(rec(0))]...), garbage...), false},
		{"key ID lost", func() []byte {
			b := append([]byte{}, good...)
			clear(b[:8])
			return b
		}(), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "00001.mem")
			if err := os.WriteFile(p, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			err := CheckWAL(p, true)
			if got := errors.Is(err, ErrDamaged); got != c.damaged {
				t.Fatalf("damaged = %v (%v), want %v", got, err, c.damaged)
			}
		})
	}
}
