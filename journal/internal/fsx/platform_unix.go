//go:build unix

package fsx

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// LockFile takes an exclusive, non-blocking advisory lock on f. The kernel
// drops it when the process dies, so a crash never leaves a stale lock.
func LockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return ErrInUse
	}
	return err
}

// UnlockFile releases the lock LockFile took on f.
func UnlockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}

// SyncDir makes the folder's entries (new names, renames) durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

var coreDumps struct {
	sync.Mutex
	open     int // journals open in this process
	old      syscall.Rlimit
	set      bool
	oldUmask int
}

// DisableCoreDumps sets RLIMIT_CORE to zero so a crash cannot write
// decrypted memory to disk, and the umask to 077 so every file Badger creates
// is private (0600) like the rest of the journal. It returns a function that
// restores both once the last open journal in the process closes.
func DisableCoreDumps() (restore func()) {
	coreDumps.Lock()
	defer coreDumps.Unlock()
	coreDumps.open++
	if coreDumps.open == 1 {
		coreDumps.oldUmask = syscall.Umask(0o077)
		coreDumps.set = false
		if err := syscall.Getrlimit(syscall.RLIMIT_CORE, &coreDumps.old); err == nil {
			coreDumps.set = syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{Cur: 0, Max: coreDumps.old.Max}) == nil
		}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			coreDumps.Lock()
			defer coreDumps.Unlock()
			coreDumps.open--
			if coreDumps.open == 0 {
				syscall.Umask(coreDumps.oldUmask)
				if coreDumps.set {
					_ = syscall.Setrlimit(syscall.RLIMIT_CORE, &coreDumps.old)
				}
			}
		})
	}
}

// IsNoSpace reports whether err means the disk is full.
func IsNoSpace(err error) bool { return errors.Is(err, syscall.ENOSPC) }

// IsReadOnly reports whether err means the file system is read-only.
func IsReadOnly(err error) bool { return errors.Is(err, syscall.EROFS) }

// DirWriter creates files inside one folder through a handle on it, so each
// new file costs the kernel no path walk and Go no poller registration: an
// export creates thousands of them.
type DirWriter struct {
	fd  int
	dir string
}

// OpenDirWriter opens dir for creating files inside it.
func OpenDirWriter(dir string) (*DirWriter, error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: dir, Err: err}
	}
	return &DirWriter{fd: fd, dir: dir}, nil
}

// Create writes data to a new file name (0600) in the folder; it fails if
// the name exists.
func (d *DirWriter) Create(name string, data []byte) error {
	fd, err := unix.Openat(d.fd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return &os.PathError{Op: "create", Path: filepath.Join(d.dir, name), Err: err}
	}
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			unix.Close(fd)
			return &os.PathError{Op: "write", Path: filepath.Join(d.dir, name), Err: err}
		}
		data = data[n:]
	}
	if err := unix.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: filepath.Join(d.dir, name), Err: err}
	}
	return nil
}

// Close releases the handle on the folder.
func (d *DirWriter) Close() { unix.Close(d.fd) }

// openNoFollow opens path read-only without following a final symbolic
// link (ELOOP) and without blocking on a FIFO; the file is put back in
// blocking mode for reading.
func openNoFollow(path string) (*os.File, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	_ = unix.SetNonblock(fd, false)
	return os.NewFile(uintptr(fd), path), nil
}

// isLoop reports whether err is the refusal to follow a symbolic link.
func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }

// RestrictToOwner does nothing on Unix systems, where the modes Candor
// creates files and folders with (0600, 0700) already keep other users out.
func RestrictToOwner(string) error { return nil }

// OwnerOnly reports true on Unix systems: there the journal's privacy is in
// its mode bits, which the journal package checks itself.
func OwnerOnly(string) (bool, error) { return true, nil }
