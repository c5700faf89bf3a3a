package journal

import "candor/journal/internal/layout"

// PermProblem is a part of a journal that other users of the computer may
// open: the journal folder, its database folder or its key file, with
// permissions looser than Candor gives them.
type PermProblem = layout.PermProblem

// CheckPermissions lists the parts of the journal in dir that other users
// may open: a journal or database folder with any group or other
// permission, a key file readable or writable by others. On Windows, where
// permissions are access lists, it lists the journal folder and key file
// when theirs lets in anyone but the current user (Candor gives the folder
// such a list when it creates it, and its files inherit it). Parts that do
// not exist are left out.
func CheckPermissions(dir string) ([]PermProblem, error) { return layout.CheckPermissions(dir) }

// FixPermissions gives every part CheckPermissions lists its private
// permissions back (0700 for a folder, 0600 for the key file) and returns
// what it fixed.
func FixPermissions(dir string) ([]PermProblem, error) { return layout.FixPermissions(dir) }

// makePrivate lets only the current user into a new journal folder (see
// layout.MakePrivate).
func makePrivate(dir string) { layout.MakePrivate(dir) }
