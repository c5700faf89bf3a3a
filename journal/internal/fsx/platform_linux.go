package fsx

import (
	"os"

	"golang.org/x/sys/unix"
)

// FlushFS asks the kernel to write every dirty buffer of the file system
// holding dir to disk: one call instead of an fsync per file when an export
// writes thousands of them.
func FlushFS(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}

// ExchangeDirs swaps the names of two folders in one atomic step.
func ExchangeDirs(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// DiskFree returns the bytes an unprivileged process may still write on the
// file system holding dir.
func DiskFree(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// AllocatedBytes returns how much of the file at path has blocks on disk.
func AllocatedBytes(path string) int64 {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return 0
	}
	return st.Blocks * 512
}

// Rename moves old to new, replacing a file at new.
func Rename(old, new string) error { return os.Rename(old, new) }

// FlushMapped does nothing on Linux: with SyncWrites, Badger calls
// msync(MS_SYNC) on its mapped logs after each write, which writes the pages
// and flushes the disk's cache like fsync.
func FlushMapped(string) error { return nil }
