package journal

import (
	"path/filepath"

	"candor/journal/internal/badgerdb"
	"candor/journal/internal/dbcheck"
)

// CanClose returns an error wrapping ErrDiskFull when closing the journal
// now could crash the process: Badger writes its memtable out as a new table
// through a mapped file when it closes. The caller keeps the journal open
// and says so; once space is freed, closing is safe again.
func (j *Journal) CanClose() error {
	j.mu.RLock()
	defer j.mu.RUnlock()
	if j.db == nil {
		return nil
	}
	return space.Close(filepath.Join(j.dir, dbDirName))
}

// space checks the room Badger needs on disk: its memtable, and the
// largest value one save writes (the largest body and its fields).
var space = dbcheck.Space{MemTable: badgerdb.MemTableSize, MaxValue: MaxBodyBytes + 1<<20}
