package journal

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"candor/journal/internal/backupfmt"

	"golang.org/x/crypto/chacha20poly1305"

	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
)

// Where automatic backups live and how many are kept. The backup file
// format is in package backupfmt.
const (
	backupsDir  = "backups"
	backupsKept = 10
)

// backupKey derives the chunk key of a backup from the root secret and the
// backup's salt (nil for a version 1 backup).
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
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists; choose a new file name", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return fmt.Errorf("creating the backup: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	fail := func(err error) error {
		f.Close()
		if fsx.IsNoSpace(err) {
			return fmt.Errorf("the disk is full; no backup was written: %w", err)
		}
		return fmt.Errorf("writing the backup: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	salt, err := backupfmt.NewSalt()
	if err != nil {
		return fail(err)
	}
	var estimate int64
	if progress != nil {
		j.mu.RLock()
		if j.db != nil {
			lsm, vlog := j.db.Size()
			estimate = lsm + vlog
		}
		j.mu.RUnlock()
	}
	w := bufio.NewWriterSize(&countingWriter{w: f, progress: progress, estimate: estimate}, 1<<20)
	if err := backupfmt.WriteHeader(w, salt, keyData); err != nil {
		return fail(err)
	}
	err = j.withRoot(func(root []byte) error {
		aead, err := chacha20poly1305.NewX(backupKey(root, j.journalID[:], salt))
		if err != nil {
			return err
		}
		s := backupfmt.NewWriter(w, aead, func() error {
			if j.stopping() {
				return ErrLocked
			}
			return nil
		})
		j.mu.RLock()
		db := j.db
		if db == nil {
			j.mu.RUnlock()
			return ErrLocked
		}
		// One reader and small batches: Badger's defaults (a 32 MB
		// buffer for each of 8 readers, batches of up to 100 MB) suit a
		// server, and kept a few hundred megabytes after a daily backup.
		st := db.NewStream()
		st.NumGo, st.MaxSize, st.LogPrefix = 1, 8<<20, "candor backup"
		_, err = st.Backup(s, 0)
		j.mu.RUnlock()
		if s.Err() != nil {
			return s.Err()
		}
		if err != nil {
			return err
		}
		return s.Close()
	})
	if err != nil {
		return fail(err)
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := fsx.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	// The stream's buffers are garbage now: hand them back to the system
	// rather than keep them for the rest of the session.
	debug.FreeOSMemory()
	return fsx.SyncDir(filepath.Dir(path))
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
	dir := filepath.Join(j.dir, backupsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "candor-"+today.String()+".backup")
	if _, err := os.Stat(path); err == nil {
		return "", nil
	}
	if err := j.Backup(path); err != nil {
		return "", err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return path, err
	}
	var names []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "candor-") && strings.HasSuffix(e.Name(), ".backup") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names) // dates sort as text
	for len(names) > backupsKept {
		os.Remove(filepath.Join(dir, names[0]))
		names = names[1:]
	}
	return path, nil
}

// countingWriter passes writes on and reports the bytes written so far.
type countingWriter struct {
	w        io.Writer
	n        int64
	estimate int64
	progress func(written, estimate int64)
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if c.progress != nil {
		c.progress(c.n, c.estimate)
	}
	return n, err
}
