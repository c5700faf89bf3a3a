// Package fsx holds Candor's file-system plumbing: atomic and durable file
// writes, directory listings that never treat a path as a pattern, process
// locks on files, and the few calls that differ between platforms (flushing
// a file system, swapping two folders, free space, core dumps).
//
// Nothing here knows about journals or encryption: callers pass bytes that
// are already sealed, or plaintext the user asked to export.
package fsx

import (
	"errors"
	"os"
	"path/filepath"
)

// ErrInUse is returned by LockFile when another process holds the lock.
var ErrInUse = errors.New("the journal is in use by another process")

// CrashPoint marks a step of a multi-step write. It does nothing; crash
// tests replace it to kill the process at each step in turn.
var CrashPoint = func(step string) {}

// WriteTempSync writes data to a new file in dir named after pattern (mode
// 0600, never an existing file), fsyncs it and returns its path.
func WriteTempSync(dir, pattern string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	CrashPoint(pattern + ":created")
	half := len(data) / 2
	if _, err := f.Write(data[:half]); err != nil {
		return fail(err)
	}
	CrashPoint(pattern + ":half-written")
	if _, err := f.Write(data[half:]); err != nil {
		return fail(err)
	}
	CrashPoint(pattern + ":written")
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	CrashPoint(pattern + ":synced")
	return f.Name(), nil
}

// WriteFileAtomic replaces the file at p with data: it writes and syncs a
// temporary file beside it, then renames it into place (with write-through
// on Windows, see Rename).
func WriteFileAtomic(p string, data []byte) error {
	tmp, err := WriteTempSync(filepath.Dir(p), filepath.Base(p)+".*", data)
	if err != nil {
		return err
	}
	return Rename(tmp, p)
}

// WriteNewFile creates path (mode 0600, never over an existing file) and
// writes data; with sync it also waits for the disk.
func WriteNewFile(path string, data []byte, sync bool) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if sync {
		if err := f.Sync(); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// RemoveLeftovers deletes what an earlier write of out left under its
// temporary name (".NAME.tmp-…") when it was cut short by a crash or a power
// cut: an export's plaintext must not linger once the user writes the same
// export again.
func RemoveLeftovers(out string) {
	for _, p := range FilesIn(filepath.Dir(out), "."+filepath.Base(out)+".tmp-", "") {
		os.RemoveAll(p)
	}
}

// IsEmptyDir reports whether p is a folder with nothing in it.
func IsEmptyDir(p string) bool {
	ents, err := os.ReadDir(p)
	return err == nil && len(ents) == 0
}

// Exists reports whether anything (a file, a folder or a link) is at p.
func Exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// IsDir reports whether p is a folder, following links.
func IsDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
