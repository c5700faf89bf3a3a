package journal

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"candor/journal/internal/backupfmt"
	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
	"candor/journal/internal/layout"
)

// backupKey derives the chunk key of a backup from the root secret and the
// backup's salt (nil for a version 1 backup). The backup file format is in
// package backupfmt.
func backupKey(root, jid, salt []byte) []byte {
	return deriveKey(root, jid, backupfmt.KeyPurpose(salt))
}

// Backup writes an encrypted backup of the whole journal to path (0600,
// atomically: a temporary file beside it, fsynced, then renamed).
func (j *Journal) Backup(path string) error { return j.BackupProgress(path, nil) }

// BackupProgress is Backup that calls progress, if set, with the bytes
// written so far and an estimate of the whole (the database's size on
// disk; the backup may end below or a little above it).
func (j *Journal) BackupProgress(path string, progress func(written, estimate int64)) error {
	keyData, err := os.ReadFile(filepath.Join(j.dir, keyfile.FileName))
	if err != nil {
		return fmt.Errorf("reading the key file: %w", err)
	}
	o := backupfmt.FileOptions{KeyData: keyData, Progress: progress}
	o.Key = func(salt []byte) (key []byte, err error) {
		err = j.withRoot(func(root []byte) error {
			key = backupKey(root, j.journalID[:], salt)
			return nil
		})
		return key, err
	}
	o.Stop = func() error {
		if j.stopping() {
			return ErrLocked
		}
		return nil
	}
	if progress != nil {
		j.mu.RLock()
		if j.db != nil {
			lsm, vlog := j.db.Size()
			o.Estimate = lsm + vlog
		}
		j.mu.RUnlock()
	}
	err = backupfmt.WriteFile(path, o, func(w io.Writer) error {
		j.mu.RLock()
		defer j.mu.RUnlock()
		if j.db == nil {
			return ErrLocked
		}
		// One reader and small batches: Badger's defaults (a 32 MB
		// buffer for each of 8 readers, batches of up to 100 MB) suit a
		// server, and kept a few hundred megabytes after a daily backup.
		st := j.db.NewStream()
		st.NumGo, st.MaxSize, st.LogPrefix = 1, 8<<20, "candor backup"
		_, err := st.Backup(fsx.ReleasingWriter(w, filepath.Join(j.dir, dbDirName)), 0)
		return err
	})
	if err == nil {
		j.Release() // the stream's buffers, and the tables it read
	}
	return err
}

// Release hands back to the operating system the memory the reads since the
// last release left: garbage, and the pages of the tables they mapped. Go
// and the kernel would keep both while the journal is open. The app calls it
// once an unlock has settled; a backup calls it when done.
func (j *Journal) Release() {
	debug.FreeOSMemory()
	fsx.ReleaseMapped(filepath.Join(j.dir, dbDirName))
}

// withRoot gives fn the root secret; the journal keeps it only while open.
func (j *Journal) withRoot(fn func(root []byte) error) error {
	j.mu.RLock()
	root := j.root
	j.mu.RUnlock()
	if root == nil {
		return ErrLocked
	}
	return fn(root)
}

// AutoBackup writes today's backup into the journal's backups/ folder if
// there is none yet, and keeps the newest ten. It returns the path written,
// or "" when today's backup already existed.
func (j *Journal) AutoBackup(today Date) (string, error) {
	dir := layout.Backups(j.dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, layout.AutoBackupName(today.String()))
	if _, err := os.Stat(path); err == nil {
		return "", nil
	}
	if err := j.Backup(path); err != nil {
		return "", err
	}
	return path, layout.PruneAutoBackups(dir)
}
