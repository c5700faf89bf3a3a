package journal

import (
	"path/filepath"

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

// Badger's memtable and value log file sizes for a journal.
const (
	memTableSize     = 8 << 20
	valueLogFileSize = 16 << 20
	// maxValueSize bounds one stored value: the largest body and its fields.
	maxValueSize = MaxBodyBytes + 1<<20
)

// space checks the room Badger needs on disk with the sizes above.
var space = dbcheck.Space{MemTable: memTableSize, MaxValue: maxValueSize}
