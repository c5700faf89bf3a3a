package badgerdb

import (
	"runtime"
	"sync"

	"candor/journal/internal/fsx"
)

// Badger writes its logs (the memtable's write-ahead log, *.mem, and the
// value log, *.vlog) and new tables (*.sst) through memory-mapped files, and
// with SyncWrites it calls msync on them after each write. How far that
// reaches differs by system:
//
//   - Linux: msync(MS_SYNC) writes the pages and flushes the disk's cache,
//     as fsync does. Nothing more is needed.
//   - macOS: msync(MS_SYNC) hands the pages to the drive, but only
//     fcntl(F_FULLFSYNC) makes the drive write its own cache to permanent
//     storage (Apple's fsync(2) man page). One F_FULLFSYNC after a commit
//     empties the drive's whole cache, logs and tables alike.
//   - Windows: Badger's msync is an empty function (ristretto
//     z/mmap_windows.go), so a committed write sits in the system's cache:
//     safe from a crash of Candor, not from a power cut. After each commit
//     Candor flushes the mapped logs itself (fsx.FlushMapped), and the
//     tables Badger wrote since the last commit; when the journal closes,
//     every file of the database. A flush maps a second view for a moment,
//     and Windows refuses to truncate a file while any view maps it: a
//     commit and its flush run alone (Flusher.Commit), since Badger
//     truncates a log it grows or rotates in the middle of a write, after
//     unmapping its own view. Badger's background work only truncates a
//     file it is deleting (after a memtable is flushed, or a table
//     compacted away), having dropped its view first: should a flush's view
//     be there at that moment, the deletion fails, Badger logs it (to no
//     one: its logger is off) and the file stays. An old memtable log is
//     then replayed once more at the next open (its records are already in
//     a table, so this changes nothing) and deleted; a table no longer
//     listed in MANIFEST is removed by Badger when it opens.
//
// durability is how this system needs it.
var durability = func() mappedFlush {
	switch runtime.GOOS {
	case "windows":
		return flushEachFile
	case "darwin":
		return flushDriveCache
	}
	return flushNothing
}()

type mappedFlush int

const (
	flushNothing    mappedFlush = iota // msync is enough
	flushDriveCache                    // one F_FULLFSYNC per commit
	flushEachFile                      // every mapped file written, one by one
)

// Flusher makes what each commit writes into a database durable where
// Badger's own syncing does not reach the disk, on this system (see
// durability). It remembers the tables already flushed, so a commit
// flushes only the logs and the tables that are new since the last one,
// and the first flush that failed. Its zero value is ready for a database
// just opened.
type Flusher struct {
	// write is held across a commit and its flush on Windows (see Commit).
	write   sync.Mutex
	mu      sync.Mutex
	flushed map[string]bool
	err     error // the first flush that failed
}

// Commit runs commit, then flushes what it wrote into the database in
// dbDir. It returns commit's error: the commit is done whatever the flush
// says, and a caller told it failed would save the change a second time,
// so a flush is a best effort, and its error is only kept (Err).
func (f *Flusher) Commit(dbDir string, commit func() error) error {
	if durability == flushEachFile {
		// Windows truncates a mapped file only once no view maps it, and
		// Badger unmaps its own view, truncates and maps again when a log
		// grows or rotates during a write: no write may run while this
		// process holds a flush's view.
		f.write.Lock()
		defer f.write.Unlock()
	}
	if err := commit(); err != nil {
		return err
	}
	if err := flushMappedFiles(dbDir, durability, f, fsx.FlushMapped); err != nil {
		f.mu.Lock()
		if f.err == nil {
			f.err = err
		}
		f.mu.Unlock()
	}
	return nil
}

// Closed flushes every file of the closed database in dbDir where Badger's
// own syncing does not reach the disk (Windows): closing wrote the memtable
// out as a table through a mapped file.
func (f *Flusher) Closed(dbDir string) error {
	return flushClosedDB(dbDir, durability, fsx.FlushMapped)
}

// Err returns the first error met while flushing after a commit, or nil.
func (f *Flusher) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// flushMappedFiles makes what the last commit wrote into the database in
// dbDir durable, by calling flush on the files that need it (see
// durability). The tables present when seen is first used count as flushed
// (the last close flushed them).
func flushMappedFiles(dbDir string, how mappedFlush, seen *Flusher, flush func(string) error) error {
	switch how {
	case flushNothing:
		return nil
	case flushDriveCache:
		logs := fsx.FilesIn(dbDir, "", ".mem")
		if len(logs) == 0 {
			return nil
		}
		return flush(logs[len(logs)-1])
	}
	// Every memtable log: a commit running beside this one may have moved
	// on to a new log while this one's records are in the one before.
	files := fsx.FilesIn(dbDir, "", ".mem")
	vlogs := fsx.FilesIn(dbDir, "", ".vlog")
	files = append(files, vlogs[max(len(vlogs)-2, 0):]...)
	seen.mu.Lock()
	first := seen.flushed == nil
	if first {
		seen.flushed = map[string]bool{}
	}
	var tables []string
	for _, t := range fsx.FilesIn(dbDir, "", ".sst") {
		if !seen.flushed[t] {
			if !first {
				tables = append(tables, t)
			}
			seen.flushed[t] = true
		}
	}
	seen.mu.Unlock()
	var firstErr error
	for _, p := range append(files, tables...) {
		if err := flush(p); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// flushClosedDB flushes every file of the closed database in dbDir where
// the way how needs it (flushEachFile).
func flushClosedDB(dbDir string, how mappedFlush, flush func(string) error) error {
	if how != flushEachFile {
		return nil
	}
	var firstErr error
	for _, p := range fsx.FilesIn(dbDir, "", "") {
		if fsx.IsDir(p) {
			continue
		}
		if err := flush(p); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}
