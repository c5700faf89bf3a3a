// Package restorefs moves folders for a restore: it prepares an empty
// folder to receive a journal restored from a backup (and leaves it as it
// was found when that fails), and it replaces a journal in place with a
// restored copy, keeping the journal it replaces beside it. Where the system
// cannot swap two folders' names in one step, a marker file records the
// two renames first, and Finish completes a restore cut short between them
// on the next start.
//
// It knows the journal folder's layout and the backup file's header, but
// not what a journal holds: the caller loads the database (Restore's load).
package restorefs

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"candor/journal/internal/dbcheck"
	"candor/journal/internal/fsx"
	"candor/journal/internal/layout"
)

// InPlace replaces the journal in dir with one that restore writes into an
// empty hidden folder beside it (see Restore). Nothing is deleted: the
// journal it replaces, damaged or not, is moved beside dir under a name
// ending in ".replaced-" and the time now, which it returns, and the
// backups folder moves into the restored journal. A restore that fails
// leaves dir exactly as it was.
//
// It claims dir for the duration and refuses with fsx.ErrInUse when
// another process holds it.
func InPlace(dir string, now time.Time, restore func(staging string) error) (kept string, err error) {
	dir = filepath.Clean(dir)
	// A journal folder that is a symbolic link is restored where it points.
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	// A restore cut short between its two renames is finished first: its
	// staging folder is no leftover then, and the journal is back in dir.
	if _, err := Finish(dir); err != nil {
		return "", err
	}
	var c *layout.Claim
	if _, err := os.Stat(dir); err == nil {
		if c, err = layout.Take(dir); err != nil {
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
	if err := restore(staging); err != nil {
		return "", err
	}
	os.Remove(filepath.Join(staging, layout.LockFile))
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
	m, err := swapDirs(staging, dir, kept, c)
	if err != nil {
		return "", fmt.Errorf("moving the restored journal into place: %w", err)
	}
	// The backups stay with the journal in use.
	if err := moveBackups(kept, dir); err != nil {
		return kept, err
	}
	fsx.CrashPoint("restore:backups-moved")
	if m != nil {
		m.done()
	}
	return kept, fsx.SyncDir(parent)
}

// moveBackups moves the backups folder of the replaced journal in kept into
// the restored journal in dir, unless dir has one already.
func moveBackups(kept, dir string) error {
	if !fsx.Exists(layout.Backups(kept)) || fsx.Exists(layout.Backups(dir)) {
		return nil
	}
	if err := fsx.Rename(layout.Backups(kept), layout.Backups(dir)); err != nil {
		return fmt.Errorf("the journal was restored, but its backups stay in %s: %w", layout.Backups(kept), err)
	}
	return nil
}

// ExchangeDirs swaps two folders' names atomically where the system can;
// tests replace it to take the two-rename path that Windows and some macOS
// file systems take.
var ExchangeDirs = fsx.ExchangeDirs

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
// file beside dir records both names first (marker), and the next
// restore, claim, init check or key-file check of dir finishes the work
// (Finish):
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
func swapDirs(staging, dir, kept string, c *layout.Claim) (*marker, error) {
	if err := fsx.Rename(staging, kept); err != nil {
		return nil, err
	}
	if err := ExchangeDirs(kept, dir); err == nil {
		return nil, nil
	}
	if err := fsx.Rename(kept, staging); err != nil {
		return nil, err
	}
	m, err := writeMarker(dir, staging, kept)
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

// Plan is what the marker of an in-place restore holds: the names, inside
// the journal folder's parent, of the restored copy and of the name the
// replaced journal goes to.
type Plan struct {
	// Staging is the hidden folder holding the restored copy.
	Staging string `json:"staging"`
	// Kept is where the replaced journal goes.
	Kept string `json:"kept"`
}

// MarkerPath is the marker of an in-place restore of dir: a hidden file
// beside it.
func MarkerPath(dir string) string {
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".restore")
}

// marker is the marker file, open and locked while a restore or the
// finishing of one runs, so two processes never move the same folders.
type marker struct {
	f    *os.File
	path string
}

// writeMarker records the plan durably before the first rename.
func writeMarker(dir, staging, kept string) (*marker, error) {
	p := MarkerPath(dir)
	b, _ := json.Marshal(Plan{Staging: filepath.Base(staging), Kept: filepath.Base(kept)})
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("recording the restore: %w", err)
	}
	m := &marker{f: f, path: p}
	MarkerOpened(f)
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

// MarkerOpened sees each marker a restore opens; crash tests close it, as
// the end of the process would.
var MarkerOpened = func(*os.File) {}

// done removes the marker: the restore it recorded is finished or undone.
// (Windows removes no open file, so it is closed first; a process that
// opens it in between finds the work done and removes it too.)
func (m *marker) done() {
	m.f.Close()
	os.Remove(m.path)
	_ = fsx.SyncDir(filepath.Dir(m.path))
}

// abandon closes the marker and leaves it, for the next open to finish.
func (m *marker) abandon() { m.f.Close() }

// Finish finishes an in-place restore of dir that was cut short between
// its two renames (see swapDirs), and returns where the replaced journal
// went; without a marker it does nothing and returns "". It returns
// fsx.ErrInUse while another process restores dir, and an error wrapping
// dbcheck.ErrDamaged when the marker is unreadable.
func Finish(dir string) (kept string, err error) {
	p := MarkerPath(dir)
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the record of an unfinished restore: %w", err)
	}
	m := &marker{f: f, path: p}
	if err := fsx.LockFile(f); err != nil {
		f.Close()
		return "", err
	}
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		m.abandon()
		return "", fmt.Errorf("reading the record of an unfinished restore: %w", err)
	}
	var plan Plan
	base := filepath.Base(dir)
	if json.Unmarshal(b, &plan) != nil ||
		!strings.HasPrefix(plan.Staging, "."+base+".restoring-") || !strings.HasPrefix(plan.Kept, base+".replaced-") ||
		plan.Staging != filepath.Base(plan.Staging) || plan.Kept != filepath.Base(plan.Kept) {
		m.abandon()
		return "", fmt.Errorf("%w: the record of an unfinished restore, %s, is unreadable; the replaced journal is in a folder beside it named %s.replaced-…", dbcheck.ErrDamaged, p, base)
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
