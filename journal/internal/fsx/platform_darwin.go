package fsx

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// FlushFS hands every file under dir to the drive, for an export of
// thousands of small files. sync(2) would only schedule the writes on macOS
// ("not necessarily complete upon return", sync(2) man page), so each file
// gets a plain fsync, which on macOS waits for the data to reach the drive
// but not for the drive's cache; the caller's SyncDir then issues one
// F_FULLFSYNC, which empties that cache for all of them at once.
func FlushFS(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		fd, err := unix.Open(p, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			return &os.PathError{Op: "open", Path: p, Err: err}
		}
		defer unix.Close(fd)
		if err := unix.Fsync(fd); err != nil {
			return &os.PathError{Op: "fsync", Path: p, Err: err}
		}
		return nil
	})
}

// ExchangeDirs swaps the names of two folders in one atomic step with
// renamex_np(RENAME_SWAP) (macOS 10.12 and later; APFS supports it, other
// file systems may answer ENOTSUP, and the caller then renames in two
// steps).
func ExchangeDirs(a, b string) error {
	err := unix.RenamexNp(a, b, unix.RENAME_SWAP)
	if errors.Is(err, unix.ENOTSUP) || errors.Is(err, unix.EINVAL) {
		return errors.ErrUnsupported
	}
	return err
}

// DiskFree returns the bytes an unprivileged process may still write on the
// file system holding dir (statfs(2): f_bavail blocks of f_bsize bytes).
func DiskFree(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// AllocatedBytes returns how much of the file at path has blocks on disk
// (st_blocks counts 512-byte units, as on Linux).
func AllocatedBytes(path string) int64 {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return 0
	}
	return st.Blocks * 512
}

// Rename moves old to new, replacing a file at new.
func Rename(old, new string) error { return os.Rename(old, new) }

// FlushMapped makes what was written to the file at path through a memory
// mapping durable. Badger's SyncWrites calls msync(MS_SYNC), which on macOS
// hands the pages to the drive but, like fsync(2), does not ask the drive to
// empty its own cache; fcntl(F_FULLFSYNC) does (fsync(2) and fcntl(2) man
// pages). Go's File.Sync on darwin is exactly that F_FULLFSYNC call, with a
// fallback to fsync where it is not supported (internal/poll
// fd_fsync_darwin.go). A missing file (already rotated away) is no error.
func FlushMapped(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
