package journal

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"golang.org/x/crypto/chacha20poly1305"

	"candor/journal/internal/backupfmt"
	"candor/journal/internal/dbcheck"
	"candor/journal/internal/keyfile"

	"candor/journal/internal/fsx"
)

// BackupInfo describes one backup file in a journal's backups folder.
type BackupInfo struct {
	// Path is the backup file.
	Path string
	// Day is the day the automatic backup was made, from its name; it is
	// zero for a backup made by hand under another name.
	Day Date
	// Modified is when the file was written.
	Modified time.Time
	// Size is the file's size in bytes.
	Size int64
}

// BackupsDir returns the folder inside the journal in dir that holds its
// automatic backups.
func BackupsDir(dir string) string { return filepath.Join(dir, backupsDir) }

// ListBackups returns the backups in the journal's backups folder, newest
// first (by the day an automatic backup's name gives, else by the time the
// file was written). It needs no passphrase and works on a damaged journal; a missing
// folder gives an empty list.
func ListBackups(dir string) ([]BackupInfo, error) {
	ents, err := os.ReadDir(BackupsDir(dir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the backups folder: %w", err)
	}
	var out []BackupInfo
	for _, e := range ents {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".backup") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		b := BackupInfo{Path: filepath.Join(BackupsDir(dir), e.Name()), Modified: info.ModTime(), Size: info.Size()}
		if s, ok := strings.CutPrefix(strings.TrimSuffix(e.Name(), ".backup"), "candor-"); ok {
			if d, err := ParseDate(s); err == nil {
				b.Day = d
			}
		}
		out = append(out, b)
	}
	// Newest first: by the day in the name (the day it stands for), else by
	// when the file was written.
	day := func(b BackupInfo) Date {
		if !b.Day.IsZero() {
			return b.Day
		}
		return DateOf(b.Modified)
	}
	sort.SliceStable(out, func(a, b int) bool {
		da, db := day(out[a]), day(out[b])
		if da != db {
			return db.Before(da)
		}
		return out[a].Modified.After(out[b].Modified)
	})
	return out, nil
}

// RestoreInPlace replaces the journal in dir with the backup file at path,
// unlocked with the passphrase that was in force when the backup was made.
// Nothing is deleted: the journal it replaces, damaged or not, is moved
// beside dir under a name ending in ".replaced-" and the time, which it
// returns, and the backups folder moves into the restored journal. The
// backup is restored and checked in a hidden folder first, so a wrong
// passphrase or a damaged backup leaves dir exactly as it was.
//
// The journal must be closed; RestoreInPlace takes it for the duration and
// refuses with ErrInUse when another process holds it.
func RestoreInPlace(dir, path string, passphrase []byte, now time.Time) (kept string, err error) {
	dir = filepath.Clean(dir)
	// A journal folder that is a symbolic link is restored where it points.
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	var c *Claim
	if _, err := os.Stat(dir); err == nil {
		if c, err = claim(dir); err != nil {
			return "", err
		}
		defer c.Release()
	}
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return "", err
	}
	// Leftovers of an earlier restore that was cut short hold only a copy
	// restored from a backup (never the journal it was to replace), in
	// encrypted form; clear them away.
	for _, p := range fsx.FilesIn(parent, "."+base+".restoring-", "") {
		os.RemoveAll(p)
	}
	staging, err := os.MkdirTemp(parent, "."+base+".restoring-")
	if err != nil {
		return "", fmt.Errorf("making room for the restore: %w", err)
	}
	swapped := false
	defer func() {
		if !swapped {
			os.RemoveAll(staging)
		}
	}()
	if err := Restore(path, staging, passphrase); err != nil {
		return "", err
	}
	os.Remove(filepath.Join(staging, lockFileName))
	if c == nil { // nothing to replace
		swapped = true
		if err := os.Rename(staging, dir); err != nil {
			swapped = false
			return "", fmt.Errorf("moving the restored journal into place: %w", err)
		}
		return "", fsx.SyncDir(parent)
	}
	kept = filepath.Join(parent, base+".replaced-"+now.Format("2006-01-02-150405"))
	for k := 2; fsx.Exists(kept); k++ {
		kept = filepath.Join(parent, fmt.Sprintf("%s.replaced-%s-%d", base, now.Format("2006-01-02-150405"), k))
	}
	swapped = true
	if err := swapDirs(staging, dir, kept); err != nil {
		return "", fmt.Errorf("moving the restored journal into place: %w", err)
	}
	// The backups stay with the journal in use.
	if fsx.Exists(BackupsDir(kept)) {
		if err := os.Rename(BackupsDir(kept), BackupsDir(dir)); err != nil {
			return kept, fmt.Errorf("the journal was restored, but its backups stay in %s: %w", BackupsDir(kept), err)
		}
	}
	return kept, fsx.SyncDir(parent)
}

// swapDirs puts the restored folder staging in place of dir and moves dir
// to kept. The journal being replaced never goes under staging's hidden
// name, which a later restore clears away. On Linux the restored copy is
// renamed to kept, then the two names are swapped in one atomic step: cut
// short before it, kept holds a spare restored copy and dir is untouched;
// after it, the work is done. Elsewhere dir goes to kept, then the restored
// copy to dir, and back if that fails.
func swapDirs(staging, dir, kept string) error {
	if err := os.Rename(staging, kept); err != nil {
		return err
	}
	if err := fsx.ExchangeDirs(kept, dir); err == nil {
		return nil
	}
	if err := os.Rename(kept, staging); err != nil {
		return err
	}
	if err := os.Rename(dir, kept); err != nil {
		return err
	}
	if err := os.Rename(staging, dir); err != nil {
		// Put the old journal back rather than leave no journal at all.
		if rerr := os.Rename(kept, dir); rerr != nil {
			return fmt.Errorf("%w (the old journal is in %s, the restored one in %s)", err, kept, staging)
		}
		return err
	}
	return nil
}

// Restore recreates a journal in dir (which must not exist or be empty)
// from a backup file, unlocked with the passphrase that was in force when
// the backup was made. The restored journal is closed again.
func Restore(path, dir string, passphrase []byte) error {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("%w: restore only into an empty folder (%s is not)", ErrExists, dir)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading the backup: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	salt, keyData, err := backupfmt.ReadHeader(r)
	if err != nil {
		return err
	}
	kf, err := keyfile.Parse(keyData)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBackupDamaged, err)
	}
	u, err := kf.Open(passphrase)
	if err != nil {
		return err // wrong passphrase: nothing was created
	}
	defer clear(u.Root[:])
	_, statErr := os.Stat(dir)
	created := os.IsNotExist(statErr)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// cleanup leaves dir as it was found: gone, or empty.
	cleanup := func() {
		if created {
			os.RemoveAll(dir)
			return
		}
		for _, name := range []string{dbDirName, keyfile.FileName, lockFileName, openingMarker} {
			os.RemoveAll(filepath.Join(dir, name))
		}
	}
	// Badger writes the restored database through mapped files, which a
	// full disk turns into a crash: make sure it fits first, with room for
	// its logs and a compaction.
	if info, err := f.Stat(); err == nil {
		need := uint64(3*info.Size()) + uint64(space.WALMax()+memTableSize+dbcheck.Margin)
		if free, err := fsx.DiskFree(dir); err == nil && free < need {
			if created {
				os.RemoveAll(dir)
			}
			return fmt.Errorf("%w: restoring this backup needs about %d MB free, and %d MB are", ErrDiskFull, need>>20, free>>20)
		}
	}
	c, err := claim(dir)
	if err != nil {
		if created {
			os.RemoveAll(dir)
		}
		return err
	}
	if err := keyfile.Write(dir, kf, nil); err != nil {
		c.Release()
		cleanup()
		return err
	}
	j, err := open(c, u, nil)
	if err != nil {
		c.Release()
		cleanup()
		return err
	}
	aead, err := chacha20poly1305.NewX(backupKey(u.Root[:], u.JournalID[:], salt))
	if err != nil {
		j.Close()
		cleanup()
		return err
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(backupfmt.Unseal(r, aead, pw))
	}()
	err = j.db.Load(pr, 256)
	pr.CloseWithError(err)
	if err == nil {
		// A restored journal syncs as a computer of its own: the backup
		// may be restored on another computer while this one goes on.
		err = j.update(func(txn *badger.Txn) error { return txn.Delete(syncMetaKey) })
	}
	if cerr := j.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// Leave nothing half-restored behind.
		cleanup()
		if errors.Is(err, ErrBackupDamaged) || strings.Contains(err.Error(), "damaged") {
			return ErrBackupDamaged
		}
		return fmt.Errorf("restoring: %w", err)
	}
	return nil
}
