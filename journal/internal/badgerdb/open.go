// Package badgerdb runs a journal's Badger database the way Candor needs
// it: its options and sizes, an open that comes only after every file
// Badger would read is checked (package dbcheck), a marker that tells the
// next attempt when an open died half-way, Badger's errors at open turned
// into ones a user can act on, and commits made durable on every system
// (Flusher).
//
// It knows the journal folder's layout but nothing of what the database
// holds: the caller derives the key and reads and writes the records.
package badgerdb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"candor/journal/internal/dbcheck"
	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
	"candor/journal/internal/layout"
)

// Badger's memtable and value log file sizes for a journal.
const (
	MemTableSize     = 8 << 20
	ValueLogFileSize = 16 << 20
)

// ErrForeignKeyFile means the key file opens, but belongs to another
// journal: the database does not open with the key derived from it.
var ErrForeignKeyFile = keyfile.ErrForeign

// MaxUnfinishedOpens is how many opens in a row may die before the journal
// is called damaged: one may be a machine that lost power.
const MaxUnfinishedOpens = 2

// Options returns the Badger options of the database in the journal folder
// dir, encrypted with key (none when key is nil).
func Options(dir string, key []byte) badger.Options {
	o := badger.DefaultOptions(filepath.Join(dir, layout.DBDir)).
		WithLogger(nil).
		WithSyncWrites(true).
		WithMemTableSize(MemTableSize).
		WithValueLogFileSize(ValueLogFileSize).
		WithNumVersionsToKeep(1).
		WithNumCompactors(2).
		WithIndexCacheSize(16 << 20).
		WithBlockCacheSize(16 << 20).
		// Every table's blocks are checked before Badger opens them
		// (dbcheck.CheckTables, in Check); Badger checking them all again
		// at open (OnTableRead) doubled the cost of an unlock. It checks
		// each block it reads from disk instead.
		WithChecksumVerificationMode(options.OnBlockRead)
	if key != nil {
		o = o.WithEncryptionKey(key).WithEncryptionKeyRotationDuration(365 * 24 * time.Hour)
	}
	return o
}

// Check makes the database folder of the journal in dir if it is missing,
// and checks what Badger would read when it opens, with the database key
// key (nil for a journal whose database is not encrypted): the MANIFEST,
// every table and the write-ahead logs, and the room on the disk (space).
//
// Badger panics in its own goroutines on some damaged files, which no
// recover can catch. For what the checks cannot foresee, Open writes a
// marker before opening and EndOpen removes it after, to tell the next
// attempt that this one never finished.
//
// Tables a clean close remembered (see Checked) have only the parts Badger
// reads at open checked; Check returns what to remember at the next clean
// close.
func Check(dir string, key []byte, space dbcheck.Space) (*Checked, error) {
	dbDir := filepath.Join(dir, layout.DBDir)
	if err := os.MkdirAll(dbDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the database folder: %w", err)
	}
	known := takeChecked(dir)
	mf, err := dbcheck.CheckManifest(dbDir, Options(dir, nil))
	if err != nil {
		return nil, err
	}
	checked, err := dbcheck.CheckTables(dbDir, mf, key, known)
	if err != nil {
		return nil, err
	}
	if err := dbcheck.CheckWALs(dbDir, key != nil); err != nil {
		return nil, err
	}
	if err := space.Open(dbDir); err != nil {
		return nil, err
	}
	return &Checked{dir: dir, tables: checked}, nil
}

// Open counts an attempt in the opening marker (see Check), keeps the
// process from dumping its memory to disk while the database is open, and
// opens the database of the journal in dir with key. It returns the
// database and the function that allows core dumps again; the caller calls
// EndOpen once it has read what it must to know the open worked. When
// Open fails, it has undone both itself.
func Open(dir string, key []byte) (db *badger.DB, restore func(), err error) {
	if err := beginOpen(dir); err != nil {
		return nil, nil, err
	}
	restore = fsx.DisableCoreDumps()
	db, err = badger.Open(Options(dir, key))
	if err != nil {
		restore()
		EndOpen(dir)
		return nil, nil, openError(err)
	}
	return db, restore, nil
}

// beginOpen counts an open attempt in the marker file, or refuses when the
// last attempts all died while opening.
func beginOpen(dir string) error {
	p := filepath.Join(dir, layout.OpeningMarker)
	n := 0
	if b, err := os.ReadFile(p); err == nil {
		fmt.Sscanf(string(b), "%d", &n)
	}
	if n >= MaxUnfinishedOpens {
		return fmt.Errorf("%w: the last %d attempts to open it stopped half-way (Candor crashed on a damaged file); its backups are in %s", dbcheck.ErrDamaged, n, layout.Backups(dir))
	}
	return fsx.WriteFileAtomic(p, []byte(fmt.Sprint(n+1)))
}

// EndOpen removes the opening marker after an open that finished, well or
// not.
func EndOpen(dir string) { _ = os.Remove(filepath.Join(dir, layout.OpeningMarker)) }

// openError turns Badger's error at open into one a user can act on.
func openError(err error) error {
	switch {
	case errors.Is(err, badger.ErrEncryptionKeyMismatch):
		return ErrForeignKeyFile
	case strings.Contains(err.Error(), "Cannot acquire directory lock"):
		return fsx.ErrInUse
	case errors.Is(err, os.ErrPermission):
		return fmt.Errorf("the journal database cannot be opened: %w", os.ErrPermission)
	}
	return fmt.Errorf("%w: %v", dbcheck.ErrDamaged, err)
}
