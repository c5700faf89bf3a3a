package journal

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
)

// Badger replays a memtable's write-ahead log (*.mem) up to the first
// record that fails its checksum and silently drops everything after it:
// right after a crash cut the last record short, but wrong when a damaged
// byte sits in the middle, where it would lose every entry written after
// it. checkWALs reads each log before Badger does and calls the journal
// damaged when a sound record follows a broken one, or when the log of an
// encrypted journal has lost the key ID in its header but still holds
// records. Records are checked against their CRC32-C over the bytes as
// stored, so no key is needed.
//
// The record layout is Badger v4's: a 20-byte file header (key ID, base
// IV), then records of meta, user meta, uvarint key and value lengths and
// expiry, the (encrypted) key and value, and a big-endian CRC32-C of all of
// it.
const (
	walHeaderSize = 20
	walMaxKey     = 1 << 16
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// walRecordAt returns the length of a record at off in b whose checksum
// matches, or 0.
func walRecordAt(b []byte, off int) int {
	if off+2 >= len(b) {
		return 0
	}
	meta := b[off]
	if meta&^(1|2|4|8|64|128) != 0 {
		return 0
	}
	i := off + 2
	var lens [3]uint64
	for k := range lens {
		v, n := binary.Uvarint(b[i:])
		if n <= 0 {
			return 0
		}
		lens[k] = v
		i += n
	}
	klen, vlen := lens[0], lens[1]
	if klen == 0 || klen > walMaxKey || vlen > 1<<31 {
		return 0
	}
	end := uint64(i) + klen + vlen
	if end+4 > uint64(len(b)) {
		return 0
	}
	want := binary.BigEndian.Uint32(b[end : end+4])
	if crc32.Checksum(b[off:end], castagnoli) != want {
		return 0
	}
	return int(end+4) - off
}

// checkWAL reports damage in one memtable log.
func checkWAL(path string, encrypted bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading the write-ahead log: %w", err)
	}
	if len(b) < walHeaderSize {
		return nil // empty: removed before opening, or nothing written yet
	}
	// Walk the sound records from the start, as Badger will.
	off := walHeaderSize
	for {
		n := walRecordAt(b, off)
		if n == 0 {
			break
		}
		off += n
	}
	keyID := binary.BigEndian.Uint64(b[:8])
	if encrypted && keyID == 0 && off > walHeaderSize {
		return fmt.Errorf("%w: the header of its write-ahead log %s is damaged; nothing was changed, restore a backup", ErrDamaged, filepath.Base(path))
	}
	// After the last sound record there may be the start of one that a
	// crash cut short, then zeros. A sound record further on means a
	// damaged byte, and the records after it would be dropped.
	end := len(b)
	for end > off && b[end-1] == 0 {
		end--
	}
	for p := off + 1; p < end; p++ {
		if walRecordAt(b[:end], p) > 0 {
			return fmt.Errorf("%w: its write-ahead log %s is damaged at byte %d, and Badger would drop what follows; nothing was changed, restore a backup", ErrDamaged, filepath.Base(path), off)
		}
	}
	return nil
}

// checkWALs checks every memtable log in the database folder dbDir.
func checkWALs(dbDir string, encrypted bool) error {
	logs, _ := filepath.Glob(filepath.Join(dbDir, "*.mem"))
	for _, p := range logs {
		if err := checkWAL(p, encrypted); err != nil {
			return err
		}
	}
	return nil
}
