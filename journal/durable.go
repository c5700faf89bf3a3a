package journal

// FlushError returns the first error met while flushing Badger's mapped
// files to disk after a commit since the journal was opened (Windows and
// macOS only; see package badgerdb's Flusher), or nil.
func (j *Journal) FlushError() error { return j.mapped.Err() }
