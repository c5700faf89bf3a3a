package dbcheck

import (
	"fmt"
	"os"

	"candor/journal/internal/fsx"
)

// Badger writes through memory-mapped files it creates sparse: the
// write-ahead log of the memtable (*.mem), the value log (*.vlog) and every
// new table (a memtable flush, compactions). When the disk is full, a write
// into a page of such a file that has no block behind it is not an error
// but a SIGBUS, which kills the process and the text in the editor with it.
// So Candor refuses to save, with ErrDiskFull, while the free space is less
// than what Badger's next steps may still take: the rest of the current
// memtable log, the next one, a flush, a large value, and a compaction that
// rewrites every table. On a disk with more than spaceCheckAbove free this
// costs one statfs call per save.
const (
	// spaceCheckAbove is the free space above which nothing is measured.
	spaceCheckAbove = 1 << 30
	// Margin is kept free beyond what Badger's next steps need.
	Margin = 4 << 20
)

// Space measures a database's folder against what Badger's next steps may
// write there, for a database opened with the given sizes.
type Space struct {
	// MemTable is Badger's memtable size.
	MemTable int64
	// MaxValue is the largest value one save writes.
	MaxValue int64
}

// WALMax is the most a memtable's log file takes before it is replaced.
func (s Space) WALMax() int64 { return s.MemTable + 1<<20 }

// ErrNoRoomToSave is what a refused save says; it wraps ErrDiskFull.
var ErrNoRoomToSave = fmt.Errorf("%w, nothing was saved; free some space and save again", ErrDiskFull)

// lowSpace returns the free bytes on the disk holding dbDir, and whether
// they are few enough (under spaceCheckAbove) to be measured against what
// Badger may need. When they cannot be known, it says they are plenty: the
// write itself reports what it finds.
func lowSpace(dbDir string) (uint64, bool) {
	free, err := fsx.DiskFree(dbDir)
	return free, err == nil && free < spaceCheckAbove
}

// dbFiles measures the database in dbDir: the blocks each memtable log
// holds, oldest first, and the size of all its tables.
func dbFiles(dbDir string) (logs []int64, tables int64) {
	for _, p := range fsx.FilesIn(dbDir, "", ".mem") { // sorted: the newest is last
		logs = append(logs, fsx.AllocatedBytes(p))
	}
	for _, p := range fsx.FilesIn(dbDir, "", ".sst") {
		if info, err := os.Stat(p); err == nil {
			tables += info.Size()
		}
	}
	return logs, tables
}

func sum(xs []int64) (n int64) {
	for _, x := range xs {
		n += x
	}
	return n
}

// Save returns ErrNoRoomToSave when the disk holding the database in dbDir
// has too little room left for Badger to write safely.
func (s Space) Save(dbDir string) error {
	free, low := lowSpace(dbDir)
	if !low {
		return nil
	}
	logs, tables := dbFiles(dbDir)
	// The next memtable log, one flush, one value log write, a compaction
	// that rewrites every table, and a margin.
	need := s.WALMax() + s.MemTable + s.MaxValue + Margin + tables
	if n := len(logs); n > 0 {
		// The rest of the current log, and the older logs that wait to be
		// flushed, each into a table of its size.
		need += max(s.WALMax()-logs[n-1], 0) + sum(logs[:n-1])
	} else {
		need += s.WALMax()
	}
	if free < uint64(need) {
		return ErrNoRoomToSave
	}
	return nil
}

// Open returns an error wrapping ErrDiskFull when the disk has too little
// room to open the database in dbDir: Badger writes each memtable log it
// replays out as a table, starts a new log, and may compact.
func (s Space) Open(dbDir string) error {
	free, low := lowSpace(dbDir)
	if !low {
		return nil
	}
	logs, tables := dbFiles(dbDir)
	need := s.WALMax() + Margin + sum(logs) + tables
	if free < uint64(need) {
		return fmt.Errorf("%w: opening the journal needs about %d MB free, and %d MB are; free some space and try again", ErrDiskFull, need>>20, free>>20)
	}
	return nil
}

// Close returns an error wrapping ErrDiskFull when closing the database in
// dbDir now could crash the process: Badger writes its memtable out as a new
// table through a mapped file when it closes.
func (s Space) Close(dbDir string) error {
	free, low := lowSpace(dbDir)
	if !low {
		return nil
	}
	// Closing writes the memtables out as tables: no more than their logs
	// hold.
	logs, _ := dbFiles(dbDir)
	if free < uint64(sum(logs)+Margin) {
		return fmt.Errorf("%w: Candor needs room to close the journal safely; free some space and try again", ErrDiskFull)
	}
	return nil
}
