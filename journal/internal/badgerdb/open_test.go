package badgerdb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/dbcheck"
	"candor/journal/internal/fsx"
	"candor/journal/internal/layout"
)

// TestOpeningMarker: each open that dies half-way is counted, one that
// finishes clears the count, and after MaxUnfinishedOpens deaths in a row
// the journal is called damaged, naming its backups.
func TestOpeningMarker(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, layout.OpeningMarker)
	for n := 1; n <= MaxUnfinishedOpens; n++ {
		if err := beginOpen(dir); err != nil {
			t.Fatalf("attempt %d: %v", n, err)
		}
		if b, _ := os.ReadFile(marker); string(b) != fmt.Sprint(n) {
			t.Fatalf("attempt %d: the marker says %q", n, b)
		}
	}
	err := beginOpen(dir)
	if !errors.Is(err, dbcheck.ErrDamaged) || !strings.Contains(err.Error(), layout.Backups(dir)) {
		t.Fatalf("after %d deaths: %v", MaxUnfinishedOpens, err)
	}
	EndOpen(dir)
	if fsx.Exists(marker) {
		t.Fatal("EndOpen left the marker")
	}
	if err := beginOpen(dir); err != nil {
		t.Fatal(err)
	}
}

// TestCheckAndOpen opens a new, encrypted database through Check and Open,
// and a second Open of it is told the journal is in use.
func TestCheckAndOpen(t *testing.T) {
	dir := t.TempDir()
	key := make([]byte, 32)
	space := dbcheck.Space{MemTable: MemTableSize, MaxValue: 2 << 20}
	if err := Check(dir, key, space); err != nil {
		t.Fatal(err)
	}
	db, restore, err := Open(dir, key)
	if err != nil {
		t.Fatal(err)
	}
	EndOpen(dir)
	if _, _, err := Open(dir, key); !errors.Is(err, fsx.ErrInUse) {
		t.Errorf("a second open: %v, want ErrInUse", err)
	}
	EndOpen(dir)
	db.Close()
	restore()
	other := make([]byte, 32)
	other[0] = 1
	if _, _, err := Open(dir, other); !errors.Is(err, ErrForeignKeyFile) {
		t.Errorf("another key: %v, want ErrForeignKeyFile", err)
	}
	if fsx.Exists(filepath.Join(dir, layout.OpeningMarker)) {
		t.Error("a failed open left its marker")
	}
}

func TestOpenError(t *testing.T) {
	for err, want := range map[error]error{
		badger.ErrEncryptionKeyMismatch:             ErrForeignKeyFile,
		errors.New("Cannot acquire directory lock"): fsx.ErrInUse,
		fmt.Errorf("open: %w", os.ErrPermission):    os.ErrPermission,
		errors.New("checksum mismatch"):             dbcheck.ErrDamaged,
	} {
		if got := openError(err); !errors.Is(got, want) {
			t.Errorf("%v: %v, want %v", err, got, want)
		}
	}
}
