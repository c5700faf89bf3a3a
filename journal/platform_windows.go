//go:build windows

package journal

import (
	"errors"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

func lockFile(f *os.File) error {
	ol := new(windows.Overlapped)
	err := windows.LockFileEx(windows.Handle(f.Fd()),
		windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return ErrInUse
	}
	return err
}

func unlockFile(f *os.File) error {
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, new(windows.Overlapped))
}

// syncDir is a no-op: Windows cannot fsync a directory and renames are
// journaled by NTFS.
func syncDir(string) error { return nil }

// disableCoreDumps is a no-op on Windows, which writes no core files.
func disableCoreDumps() func() { return func() {} }

func isNoSpace(err error) bool {
	return errors.Is(err, windows.ERROR_DISK_FULL) || errors.Is(err, windows.ERROR_HANDLE_DISK_FULL)
}
func isReadOnly(err error) bool { return errors.Is(err, windows.ERROR_WRITE_PROTECT) }

// flushFS is a no-op: Windows has no cheap whole-volume flush, and the
// files of an export are closed before it is renamed into place.
func flushFS(string) error { return nil }

// dirWriter creates files inside one folder.
type dirWriter struct{ dir string }

func openDirWriter(dir string) (*dirWriter, error) { return &dirWriter{dir: dir}, nil }

// create writes data to a new file name (0600) in the folder; it fails if
// the name exists.
func (d *dirWriter) create(name string, data []byte) error {
	return writeNewFile(filepath.Join(d.dir, name), data, false)
}

func (d *dirWriter) close() {}

// exchangeDirs is not available here; the caller renames in two steps.
func exchangeDirs(string, string) error { return errors.ErrUnsupported }

// diskFree is not measured here; writes report a full disk themselves
// (Windows backs mapped files with blocks when it maps them).
func diskFree(string) (uint64, error) { return 0, errors.ErrUnsupported }

func allocatedBytes(string) int64 { return 0 }
