package journal

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
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
	// A restore cut short between its two renames is finished first: its
	// staging folder is no leftover then, and the journal is back in dir.
	if _, err := finishRestore(dir); err != nil {
		return "", err
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
		if err := fsx.Rename(staging, dir); err != nil {
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
	marker, err := swapDirs(staging, dir, kept, c)
	if err != nil {
		return "", fmt.Errorf("moving the restored journal into place: %w", err)
	}
	// The backups stay with the journal in use.
	if err := moveBackups(kept, dir); err != nil {
		return kept, err
	}
	fsx.CrashPoint("restore:backups-moved")
	if marker != nil {
		marker.done()
	}
	return kept, fsx.SyncDir(parent)
}

// moveBackups moves the backups folder of the replaced journal in kept into
// the restored journal in dir, unless dir has one already.
func moveBackups(kept, dir string) error {
	if !fsx.Exists(BackupsDir(kept)) || fsx.Exists(BackupsDir(dir)) {
		return nil
	}
	if err := fsx.Rename(BackupsDir(kept), BackupsDir(dir)); err != nil {
		return fmt.Errorf("the journal was restored, but its backups stay in %s: %w", BackupsDir(kept), err)
	}
	return nil
}

// exchangeDirs swaps two folders' names atomically where the system can;
// tests replace it to take the two-rename path that Windows and some macOS
// file systems take.
var exchangeDirs = fsx.ExchangeDirs

// swapDirs puts the restored folder staging in place of dir and moves dir
// to kept. The journal being replaced never goes under staging's hidden
// name, which a later restore clears away.
//
// Where the system swaps two names atomically (Linux, macOS on APFS), the
// restored copy is renamed to kept, then the two names are swapped: cut
// short before the swap, kept holds a spare restored copy and dir is
// untouched; after it, the work is done.
//
// Elsewhere (Windows) it takes two renames, dir to kept, then staging to
// dir, and a crash between them would leave no journal at dir. So a marker
// file beside dir records both names first (restoreMarker), and the next
// restore, claim, init check or key-file check of dir finishes the work
// (finishRestore):
//
//	state                 dir      staging  kept     next open
//	planned (marker)      old      new      -        both renames
//	old moved away        -        new      old      the second rename
//	new moved in          new      -        old      nothing to rename
//	backups moved         new      -        old      removes the marker
//
// The restored copy was complete and checked before the marker was
// written, so finishing is always the way forward. It returns the marker,
// for the caller to remove once the backups have moved, or nil.
func swapDirs(staging, dir, kept string, c *Claim) (*restoreMarker, error) {
	if err := fsx.Rename(staging, kept); err != nil {
		return nil, err
	}
	if err := exchangeDirs(kept, dir); err == nil {
		return nil, nil
	}
	if err := fsx.Rename(kept, staging); err != nil {
		return nil, err
	}
	m, err := writeRestoreMarker(dir, staging, kept)
	if err != nil {
		return nil, err
	}
	fsx.CrashPoint("restore:planned")
	if runtime.GOOS == "windows" {
		// Windows does not rename a folder while a file in it is open. A
		// Candor that claims the journal meanwhile makes the rename fail,
		// which changes nothing.
		c.Release()
	}
	if err := fsx.Rename(dir, kept); err != nil {
		m.done()
		return nil, err
	}
	fsx.CrashPoint("restore:old-moved")
	if err := fsx.Rename(staging, dir); err != nil {
		// Put the old journal back rather than leave no journal at all.
		if rerr := fsx.Rename(kept, dir); rerr != nil {
			m.abandon()
			return nil, fmt.Errorf("%w (the old journal is in %s, the restored one in %s)", err, kept, staging)
		}
		m.done()
		return nil, err
	}
	fsx.CrashPoint("restore:new-moved")
	return m, nil
}

// restorePlan is what the marker of an in-place restore holds: the names,
// inside the journal folder's parent, of the restored copy and of the name
// the replaced journal goes to.
type restorePlan struct {
	Staging string `json:"staging"`
	Kept    string `json:"kept"`
}

// restoreMarkerPath is the marker of an in-place restore of dir: a hidden
// file beside it.
func restoreMarkerPath(dir string) string {
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".restore")
}

// restoreMarker is the marker file, open and locked while a restore or the
// finishing of one runs, so two processes never move the same folders.
type restoreMarker struct {
	f    *os.File
	path string
}

// writeRestoreMarker records the plan durably before the first rename.
func writeRestoreMarker(dir, staging, kept string) (*restoreMarker, error) {
	p := restoreMarkerPath(dir)
	b, _ := json.Marshal(restorePlan{Staging: filepath.Base(staging), Kept: filepath.Base(kept)})
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("recording the restore: %w", err)
	}
	m := &restoreMarker{f: f, path: p}
	markerOpened(f)
	if err := fsx.LockFile(f); err != nil {
		m.done()
		return nil, err
	}
	if _, err := f.Write(b); err != nil {
		m.done()
		return nil, fmt.Errorf("recording the restore: %w", err)
	}
	if err := f.Sync(); err != nil {
		m.done()
		return nil, fmt.Errorf("recording the restore: %w", err)
	}
	if err := fsx.SyncDir(filepath.Dir(p)); err != nil {
		m.done()
		return nil, fmt.Errorf("recording the restore: %w", err)
	}
	return m, nil
}

// markerOpened sees each marker a restore opens; crash tests close it, as
// the end of the process would.
var markerOpened = func(*os.File) {}

// done removes the marker: the restore it recorded is finished or undone.
// (Windows removes no open file, so it is closed first; a process that
// opens it in between finds the work done and removes it too.)
func (m *restoreMarker) done() {
	m.f.Close()
	os.Remove(m.path)
	_ = fsx.SyncDir(filepath.Dir(m.path))
}

// abandon closes the marker and leaves it, for the next open to finish.
func (m *restoreMarker) abandon() { m.f.Close() }

// finishRestore finishes an in-place restore of dir that was cut short
// between its two renames (see swapDirs), and returns where the replaced
// journal went; without a marker it does nothing and returns "". It
// returns ErrInUse while another process restores dir.
func finishRestore(dir string) (kept string, err error) {
	p := restoreMarkerPath(dir)
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the record of an unfinished restore: %w", err)
	}
	m := &restoreMarker{f: f, path: p}
	if err := fsx.LockFile(f); err != nil {
		f.Close()
		return "", err
	}
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		m.abandon()
		return "", fmt.Errorf("reading the record of an unfinished restore: %w", err)
	}
	var plan restorePlan
	base := filepath.Base(dir)
	if json.Unmarshal(b, &plan) != nil ||
		!strings.HasPrefix(plan.Staging, "."+base+".restoring-") || !strings.HasPrefix(plan.Kept, base+".replaced-") ||
		plan.Staging != filepath.Base(plan.Staging) || plan.Kept != filepath.Base(plan.Kept) {
		m.abandon()
		return "", fmt.Errorf("%w: the record of an unfinished restore, %s, is unreadable; the replaced journal is in a folder beside it named %s.replaced-…", ErrDamaged, p, base)
	}
	parent := filepath.Dir(dir)
	staging, kept := filepath.Join(parent, plan.Staging), filepath.Join(parent, plan.Kept)
	d, s, k := fsx.Exists(dir), fsx.Exists(staging), fsx.Exists(kept)
	step := func(from, to string) error {
		if err := fsx.Rename(from, to); err != nil {
			m.abandon()
			return fmt.Errorf("finishing a restore that was cut short (moving %s to %s): %w", from, to, err)
		}
		return nil
	}
	switch {
	case d && s && !k: // planned: nothing moved yet
		if err := step(dir, kept); err != nil {
			return "", err
		}
		if err := step(staging, dir); err != nil {
			return "", err
		}
	case !d && s && k: // the old journal moved away, the new one not in yet
		if err := step(staging, dir); err != nil {
			return "", err
		}
	case d && !s && k: // both moved
	default:
		m.abandon()
		return "", fmt.Errorf("a restore of %s was cut short, and its folders are no longer where it left them (restored copy %s: %v, replaced journal %s: %v); move them back or remove %s", dir, staging, s, kept, k, p)
	}
	if err := moveBackups(kept, dir); err != nil {
		m.abandon()
		return "", err
	}
	m.done()
	return kept, nil
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
	makePrivate(dir)
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
