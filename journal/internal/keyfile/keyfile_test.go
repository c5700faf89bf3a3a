package keyfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
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
