package layout

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
)

// PermProblem is a part of a journal that other users of the computer may
// open: the journal folder, its database folder or its key file, with
// permissions looser than Candor gives them.
type PermProblem struct {
	// Path is the folder or file.
	Path string
	// What names it for people: "the journal folder", "the database
	// folder" or "the key file".
	What string
	// Mode is its permission bits now, Want the ones Candor gives it
	// (0700 for a folder, 0600 for a file). Both are zero on Windows.
	Mode, Want fs.FileMode
	// ACL is set on Windows, where access lists, not mode bits, decide: the
	// part's access list lets in more than the current user.
	ACL bool
}

// String says what is wrong, in words: "the journal folder /x has mode
// 0755: other users of this computer can look into it".
func (p PermProblem) String() string {
	if p.ACL {
		return fmt.Sprintf("%s %s is not private: its access list lets in more than your account", p.What, p.Path)
	}
	can := "read it"
	if p.Want&0o100 != 0 { // a folder
		can = "look into it"
	}
	if p.Mode&0o022 != 0 {
		can += " and change it"
	}
	return fmt.Sprintf("%s %s has mode %04o: other users of this computer can %s", p.What, p.Path, p.Mode.Perm(), can)
}

// CheckPermissions lists the parts of the journal in dir that other users
// may open: a journal or database folder with any group or other
// permission, a key file readable or writable by others. On Windows, where
// permissions are access lists, it lists the journal folder and key file
// when theirs lets in anyone but the current user (MakePrivate gives the
// folder such a list, and its files inherit it). Parts that do not exist
// are left out.
func CheckPermissions(dir string) ([]PermProblem, error) {
	if !permsApply {
		return checkACLs(dir)
	}
	var out []PermProblem
	for _, part := range []struct {
		path, what string
		want       fs.FileMode
	}{
		{dir, "the journal folder", 0o700},
		{filepath.Join(dir, DBDir), "the database folder", 0o700},
		{filepath.Join(dir, keyfile.FileName), "the key file", 0o600},
	} {
		info, err := os.Stat(part.path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("checking the permissions of %s: %w", part.path, err)
		}
		if m := info.Mode().Perm(); m&0o077 != 0 {
			out = append(out, PermProblem{Path: part.path, What: part.what, Mode: m, Want: part.want})
		}
	}
	return out, nil
}

// FixPermissions gives every part CheckPermissions lists its private
// permissions back (0700 for a folder, 0600 for the key file, an owner-only
// access list on Windows) and returns what it fixed.
func FixPermissions(dir string) ([]PermProblem, error) {
	probs, err := CheckPermissions(dir)
	if err != nil {
		return nil, err
	}
	for i, p := range probs {
		if p.ACL {
			if err := fsx.RestrictToOwner(p.Path); err != nil {
				return probs[:i], fmt.Errorf("making %s %s private: %w", p.What, p.Path, err)
			}
			continue
		}
		if err := os.Chmod(p.Path, p.Want); err != nil {
			return probs[:i], fmt.Errorf("making %s %s private: %w", p.What, p.Path, err)
		}
	}
	return probs, nil
}

// checkACLs is CheckPermissions where access lists decide (Windows).
func checkACLs(dir string) ([]PermProblem, error) {
	var out []PermProblem
	for _, part := range []struct{ path, what string }{
		{dir, "the journal folder"},
		{filepath.Join(dir, keyfile.FileName), "the key file"},
	} {
		if !fsx.Exists(part.path) {
			continue
		}
		ok, err := fsx.OwnerOnly(part.path)
		if err != nil {
			return out, fmt.Errorf("checking the permissions of %s: %w", part.path, err)
		}
		if !ok {
			out = append(out, PermProblem{Path: part.path, What: part.what, ACL: true})
		}
	}
	return out, nil
}

// MakePrivate gives a new journal folder an access list that lets only the
// current user in, inherited by everything Candor and Badger create inside
// it (Windows; elsewhere the folder's mode 0700 does this). Where the file
// system keeps no access lists (FAT on a USB stick) it fails; the journal
// is still created, and CheckPermissions reports it on every command.
func MakePrivate(dir string) { _ = fsx.RestrictToOwner(dir) }
