package keyfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// TestReseal: a passphrase change keeps the root secret and the journal,
// and refuses, leaving the file as it was, a wrong old passphrase, an
// empty new one and another journal's key file.
func TestReseal(t *testing.T) {
	dir := t.TempDir()
	var id [JournalIDLen]byte
	var root [RootSecretLen]byte
	id[0], root[0] = 1, 2
	k, err := Seal(id, root, []byte("old words"), TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, k, nil); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, FileName))
	other := id
	other[0] = 9
	for _, c := range []struct {
		name     string
		id       [JournalIDLen]byte
		old, new string
		want     error
	}{
		{"wrong old passphrase", id, "not it", "new words", ErrWrongPassphrase},
		{"empty new passphrase", id, "old words", "", ErrEmptyPassphrase},
		{"another journal", other, "old words", "new words", ErrForeign},
	} {
		if err := Reseal(dir, c.id, []byte(c.old), []byte(c.new), TestKDF); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if now, _ := os.ReadFile(filepath.Join(dir, FileName)); string(now) != string(before) {
			t.Fatalf("%s: the key file changed", c.name)
		}
	}
	if err := Reseal(dir, id, []byte("old words"), []byte("new words"), TestKDF); err != nil {
		t.Fatal(err)
	}
	k, err = Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Open([]byte("old words")); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("the old passphrase after the change: %v", err)
	}
	u, err := k.Open([]byte("new words"))
	if err != nil {
		t.Fatal(err)
	}
	if u.Root != root || u.JournalID != id {
		t.Error("the change lost the root secret or the journal ID")
	}
}

// TestDeriveKEKIsArgon2id: the memory made resident before the derivation
// changes nothing in the key.
func TestDeriveKEKIsArgon2id(t *testing.T) {
	p := KDFParams{Time: 1, MemoryKiB: releaseAboveKiB, Threads: 2}
	salt := []byte("0123456789abcdef")
	got := DeriveKEK([]byte("pass words"), salt, p)
	want := argon2.IDKey([]byte("pass words"), salt, p.Time, p.MemoryKiB, p.Threads, chacha20poly1305.KeySize)
	if !bytes.Equal(got, want) {
		t.Fatalf("DeriveKEK = %x, Argon2id = %x", got, want)
	}
}

// BenchmarkDeriveKEK times the derivation of DefaultKDF as an unlock meets
// it: the memory it needs is not resident yet (each round gives the free
// pages back to the operating system first). "argon2" is Argon2id alone,
// for comparison: its pages fault twice (read, then written).
func BenchmarkDeriveKEK(b *testing.B) {
	salt := []byte("0123456789abcdef")
	p := DefaultKDF
	for _, c := range []struct {
		name   string
		derive func()
	}{
		{"DeriveKEK", func() { DeriveKEK([]byte("pass words"), salt, p) }},
		{"argon2", func() {
			argon2.IDKey([]byte("pass words"), salt, p.Time, p.MemoryKiB, p.Threads, chacha20poly1305.KeySize)
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				debug.FreeOSMemory()
				b.StartTimer()
				c.derive()
			}
		})
	}
}
