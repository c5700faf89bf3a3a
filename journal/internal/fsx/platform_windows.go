//go:build windows

package fsx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"unsafe"

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

// SyncDir is a no-op: Windows cannot flush a folder opened for reading
// (FlushFileBuffers needs a handle with write access), and Candor's
// renames ask for write-through instead (see Rename).
func SyncDir(string) error { return nil }

// DisableCoreDumps is a no-op on Windows, which writes no core files.
func DisableCoreDumps() func() { return func() {} }

// IsNoSpace reports whether err means the disk is full.
func IsNoSpace(err error) bool {
	return errors.Is(err, windows.ERROR_DISK_FULL) || errors.Is(err, windows.ERROR_HANDLE_DISK_FULL)
}

// IsReadOnly reports whether err means the file system is read-only.
func IsReadOnly(err error) bool { return errors.Is(err, windows.ERROR_WRITE_PROTECT) }

// FlushFS does nothing on Windows: flushing a whole volume takes
// administrator rights, and FlushFileBuffers on each of an export's
// thousands of files would empty the disk's cache thousands of times. An
// export's files are closed before it is renamed into place, so a crash of
// Candor loses nothing; a power cut in the seconds after an export may
// leave some of its files short (docs/SECURITY.md). Export again then.
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

// ExchangeDirs is not available here (Windows has no atomic swap of two
// names); the caller renames in two steps, with a marker file that lets the
// next open finish a swap cut short.
func ExchangeDirs(string, string) error { return errors.ErrUnsupported }

// DiskFree returns the bytes the current user may still write on the volume
// holding dir: GetDiskFreeSpaceExW's lpFreeBytesAvailableToCaller, which
// counts disk quotas (Microsoft docs, "GetDiskFreeSpaceExW function").
// dir may be a drive-letter path, a UNC share or a long \\?\ path.
func DiskFree(dir string) (uint64, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, err
	}
	var avail, total, free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &free); err != nil {
		return 0, &os.PathError{Op: "GetDiskFreeSpaceEx", Path: dir, Err: err}
	}
	return avail, nil
}

// Rename moves old to new, replacing a file at new, with
// MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH): the call
// returns only once the move has been flushed to disk (Microsoft docs,
// "MoveFileExW function"), which stands in for the folder fsync Windows does
// not have. A folder is moved without MOVEFILE_REPLACE_EXISTING, which the
// docs say cannot be used for one (the target must not exist).
func Rename(old, new string) error {
	from, err := windows.UTF16PtrFromString(old)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: old, New: new, Err: err}
	}
	to, err := windows.UTF16PtrFromString(new)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: old, New: new, Err: err}
	}
	flags := uint32(windows.MOVEFILE_REPLACE_EXISTING | windows.MOVEFILE_WRITE_THROUGH)
	if st, err := os.Lstat(old); err == nil && st.IsDir() {
		flags = windows.MOVEFILE_WRITE_THROUGH
	}
	if err := windows.MoveFileEx(from, to, flags); err != nil {
		return &os.LinkError{Op: "rename", Old: old, New: new, Err: err}
	}
	return nil
}

// FlushMapped asks Windows to write to disk what Badger wrote to the file at
// path through its memory mapping. Badger's SyncWrites cannot: its msync on
// Windows (ristretto z/mmap_windows.go) is an empty function, so without
// this a save is in the system's cache, safe from a crash of Candor but not
// from a power cut, until Windows writes the pages out lazily.
//
// Badger's own view is out of reach, so this maps a second view of the same
// file, calls FlushViewOfFile on it and then FlushFileBuffers on the handle.
// What the Microsoft docs say, and what they do not:
//   - CreateFileMapping: views derived from any mapping object backed by
//     the same file are coherent (the same pages), so the second view holds
//     what Badger wrote.
//   - FlushViewOfFile: "initiates writing of dirty pages within that range
//     to the disk"; it writes neither the file's metadata nor the disk's
//     cache; "to flush all the dirty pages plus the metadata for the file
//     and ensure that they are physically written to disk, call
//     FlushViewOfFile and then call the FlushFileBuffers function".
//   - UnmapViewOfFile: modified pages are written "lazily" once no view maps
//     them; it recommends FlushViewOfFile against power failures.
//   - The docs do not say whether FlushViewOfFile on one view writes pages
//     that were dirtied through another view of the same file in the same
//     process. This is Candor's best effort, not a documented guarantee,
//     and it has not been tested against a power cut (docs/SECURITY.md).
//
// A missing or empty file (a log that was just rotated away) is no error.
// The handle shares read, write and delete access, so Badger can still
// truncate and remove the file meanwhile.
func FlushMapped(path string) error {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.OPEN_EXISTING, windows.FILE_ATTRIBUTE_NORMAL, 0)
	if errors.Is(err, windows.ERROR_FILE_NOT_FOUND) || errors.Is(err, windows.ERROR_PATH_NOT_FOUND) {
		return nil
	}
	if err != nil {
		return &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer windows.CloseHandle(h)
	var info windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(h, &info); err != nil {
		return &os.PathError{Op: "GetFileInformationByHandle", Path: path, Err: err}
	}
	if info.FileSizeHigh|info.FileSizeLow != 0 { // an empty file cannot be mapped
		// Size 0, 0: the mapping covers the file as it is now.
		m, err := windows.CreateFileMapping(h, nil, windows.PAGE_READWRITE, 0, 0, nil)
		if err != nil {
			return &os.PathError{Op: "CreateFileMapping", Path: path, Err: err}
		}
		addr, err := windows.MapViewOfFile(m, windows.FILE_MAP_WRITE, 0, 0, 0)
		windows.CloseHandle(m) // the view keeps the mapping alive
		if err != nil {
			return &os.PathError{Op: "MapViewOfFile", Path: path, Err: err}
		}
		ferr := windows.FlushViewOfFile(addr, 0) // 0: to the end of the view
		uerr := windows.UnmapViewOfFile(addr)
		if ferr != nil {
			return &os.PathError{Op: "FlushViewOfFile", Path: path, Err: ferr}
		}
		if uerr != nil {
			return &os.PathError{Op: "UnmapViewOfFile", Path: path, Err: uerr}
		}
	}
	if err := windows.FlushFileBuffers(h); err != nil {
		return &os.PathError{Op: "FlushFileBuffers", Path: path, Err: err}
	}
	return nil
}

// ownerOnlyAccess is every right on a file or folder (FILE_ALL_ACCESS).
const ownerOnlyAccess = windows.STANDARD_RIGHTS_REQUIRED | windows.SYNCHRONIZE | 0x1FF

// currentUser returns the SID of the account this process runs as.
func currentUser() (*windows.SID, error) {
	u, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return nil, err
	}
	return u.User.Sid.Copy()
}

// RestrictToOwner gives the file or folder at path an access list that lets
// only the current user in: one entry granting that user's SID full access,
// inherited by everything created inside a folder, and protected from the
// entries of the folders above (SetNamedSecurityInfoW with
// PROTECTED_DACL_SECURITY_INFORMATION; Microsoft docs, "SetNamedSecurityInfoW
// function" and "SetEntriesInAclW function"). Administrators and SYSTEM keep
// what Windows always gives them (taking ownership, backup privileges).
func RestrictToOwner(path string) error {
	sid, err := currentUser()
	if err != nil {
		return fmt.Errorf("finding the current user: %w", err)
	}
	acl, err := windows.ACLFromEntries([]windows.EXPLICIT_ACCESS{{
		AccessPermissions: ownerOnlyAccess,
		AccessMode:        windows.GRANT_ACCESS,
		Inheritance:       windows.SUB_CONTAINERS_AND_OBJECTS_INHERIT,
		Trustee: windows.TRUSTEE{
			TrusteeForm:  windows.TRUSTEE_IS_SID,
			TrusteeType:  windows.TRUSTEE_IS_USER,
			TrusteeValue: windows.TrusteeValueFromSID(sid),
		},
	}}, nil)
	if err != nil {
		return fmt.Errorf("building the access list: %w", err)
	}
	err = windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION,
		nil, nil, acl, nil)
	if err != nil {
		return &os.PathError{Op: "SetNamedSecurityInfo", Path: path, Err: err}
	}
	return nil
}

// OwnerOnly reports whether the access list of the file or folder at path
// allows no one but the current user (entries inherited from an owner-only
// folder count like its own).
func OwnerOnly(path string) (bool, error) {
	sid, err := currentUser()
	if err != nil {
		return false, err
	}
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		return false, &os.PathError{Op: "GetNamedSecurityInfo", Path: path, Err: err}
	}
	dacl, _, err := sd.DACL()
	if err != nil || dacl == nil { // no DACL at all lets everyone in
		return false, err
	}
	for i := uint32(0); i < uint32(dacl.AceCount); i++ {
		var ace *windows.ACCESS_ALLOWED_ACE
		if err := windows.GetAce(dacl, i, &ace); err != nil {
			return false, err
		}
		if ace.Header.AceType != windows.ACCESS_ALLOWED_ACE_TYPE {
			continue // a deny entry takes access away, never gives it
		}
		if !(*windows.SID)(unsafe.Pointer(&ace.SidStart)).Equals(sid) {
			return false, nil
		}
	}
	return true, nil
}

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
