//go:build windows

package fsx

import (
	"errors"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// LockFile takes an exclusive, non-blocking lock on f; it returns ErrInUse
// when another process holds it.
func LockFile(f *os.File) error {
	ol := new(windows.Overlapped)
	err := windows.LockFileEx(windows.Handle(f.Fd()),
		windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return ErrInUse
	}
	return err
}

// UnlockFile releases the lock LockFile took on f.
func UnlockFile(f *os.File) error {
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, new(windows.Overlapped))
}

// SyncDir is a no-op: Windows cannot fsync a directory and renames are
// journaled by NTFS.
func SyncDir(string) error { return nil }

// DisableCoreDumps is a no-op on Windows, which writes no core files.
func DisableCoreDumps() func() { return func() {} }

// IsNoSpace reports whether err means the disk is full.
func IsNoSpace(err error) bool {
	return errors.Is(err, windows.ERROR_DISK_FULL) || errors.Is(err, windows.ERROR_HANDLE_DISK_FULL)
}

// IsReadOnly reports whether err means the file system is read-only.
func IsReadOnly(err error) bool { return errors.Is(err, windows.ERROR_WRITE_PROTECT) }

// FlushFS is a no-op: Windows has no cheap whole-volume flush, and the
// files of an export are closed before it is renamed into place.
func FlushFS(string) error { return nil }

// DirWriter creates files inside one folder.
type DirWriter struct{ dir string }

// OpenDirWriter opens dir for creating files inside it.
func OpenDirWriter(dir string) (*DirWriter, error) { return &DirWriter{dir: dir}, nil }

// Create writes data to a new file name (0600) in the folder; it fails if
// the name exists.
func (d *DirWriter) Create(name string, data []byte) error {
	return WriteNewFile(filepath.Join(d.dir, name), data, false)
}

// Close releases the handle on the folder.
func (d *DirWriter) Close() {}

// ExchangeDirs is not available here; the caller renames in two steps.
func ExchangeDirs(string, string) error { return errors.ErrUnsupported }

// DiskFree is not measured here; writes report a full disk themselves
// (Windows backs mapped files with blocks when it maps them).
func DiskFree(string) (uint64, error) { return 0, errors.ErrUnsupported }

// AllocatedBytes returns how much of the file at path has blocks on disk
// (zero where it is not measured).
func AllocatedBytes(string) int64 { return 0 }

// openNoFollow opens path read-only, refusing a symbolic link (Windows has
// no FIFOs or devices among plain paths).
func openNoFollow(path string) (*os.File, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if st.Mode()&os.ModeSymlink != 0 {
		return nil, errLoop
	}
	return os.Open(path)
}

// errLoop stands for a symbolic link refused.
var errLoop = errors.New("symbolic link")

// isLoop reports whether err is the refusal to follow a symbolic link.
func isLoop(err error) bool { return errors.Is(err, errLoop) }
