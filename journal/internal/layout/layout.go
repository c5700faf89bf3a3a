// Package layout knows the journal folder on disk: where it lives by
// default on each system, the names of what it holds (the database folder,
// the lock file, the opening marker, the backups folder), whether a folder
// may become a new journal, who may open its parts (CheckPermissions), which
// process holds it (Claim) and the backups kept in it.
//
// It knows nothing of entries or encryption: the key file's name and its
// errors come from package keyfile.
package layout

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"candor/journal/internal/keyfile"
)

// Names inside a journal folder.
const (
	// DBDir is the Badger database's folder.
	DBDir = "db"
	// LockFile is the file a process locks while it holds the journal.
	LockFile = "candor.lock"
	// OpeningMarker counts the attempts to open the database that have not
	// finished (see package badgerdb).
	OpeningMarker = "candor.opening"
	// BackupsDir is the folder of the automatic backups.
	BackupsDir = "backups"
	// BackupsKept is how many automatic backups are kept.
	BackupsKept = 10
)

// Errors about what a folder holds.
var (
	// ErrExists means a journal already exists where a new one was to be made.
	ErrExists = errors.New("a journal already exists")
	// ErrNotEmpty means a new journal was to be made in a folder that holds
	// something other than a journal.
	ErrNotEmpty = errors.New("the folder holds things that are not a Candor journal")
	// ErrKeyFileMissing means the folder holds a journal database but no
	// journal.key: without it nothing can be read. It wraps
	// keyfile.ErrDamaged.
	ErrKeyFileMissing = fmt.Errorf("%w: it is missing, but the folder holds a journal database", keyfile.ErrDamaged)
)

// DefaultDir returns where the journal lives when neither --journal nor
// CANDOR_JOURNAL says otherwise, on this system: see DefaultDirOn.
func DefaultDir(getenv func(string) string) (string, error) {
	return DefaultDirOn(runtime.GOOS, getenv, filepath.Join, filepath.IsAbs)
}

// DefaultDirOn is DefaultDir for the system goos, with that system's join
// and IsAbs, so tests on one system check the others' choices:
// $XDG_DATA_HOME/candor (else ~/.local/share/candor) on Linux and other
// Unix systems, ~/Library/Application Support/Candor on macOS and
// %LOCALAPPDATA%\Candor on Windows. getenv looks up environment variables.
func DefaultDirOn(goos string, getenv func(string) string, join func(...string) string, isAbs func(string) bool) (string, error) {
	home := getenv("HOME")
	switch goos {
	case "windows":
		// %LOCALAPPDATA% (C:\Users\NAME\AppData\Local): the profile's
		// per-computer part, which roaming profiles do not copy around; it
		// may itself be a UNC path on a managed network.
		if d := getenv("LOCALAPPDATA"); d != "" && isAbs(d) {
			return join(d, "Candor"), nil
		}
		return "", errors.New("LOCALAPPDATA is not set to a full path; name the journal folder with --journal")
	case "darwin":
		if home == "" {
			return "", errors.New("HOME is not set; name the journal folder with --journal")
		}
		return join(home, "Library", "Application Support", "Candor"), nil
	}
	if d := getenv("XDG_DATA_HOME"); d != "" && isAbs(d) {
		return join(d, "candor"), nil
	}
	if home == "" {
		return "", errors.New("HOME is not set; name the journal folder with --journal")
	}
	return join(home, ".local", "share", "candor"), nil
}

// ResolveDir applies Candor's order of precedence: the --journal flag, then
// CANDOR_JOURNAL, then DefaultDir.
func ResolveDir(flagValue string, getenv func(string) string) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	if d := getenv("CANDOR_JOURNAL"); d != "" {
		return filepath.Abs(d)
	}
	return DefaultDir(getenv)
}

// HasKeyFile reports whether dir holds a journal's key file, the file that
// marks a folder as a journal.
func HasKeyFile(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, keyfile.FileName))
	return err == nil
}

// CanInit says whether a new journal may be created in dir: nil when dir
// is missing or empty (or holds only what an earlier, unfinished Candor
// left: its lock file, its opening marker, an empty database folder, a key
// file's temporary copy), ErrExists when it holds a journal, and
// ErrNotEmpty, naming dir and one thing in it, when it holds anything else.
func CanInit(dir string) error {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		if info, serr := os.Stat(dir); serr == nil && !info.IsDir() {
			return fmt.Errorf("%s is a file, not a folder; choose a new folder or an empty one", dir)
		}
		return fmt.Errorf("reading the folder %s: %w", dir, err)
	}
	if HasKeyFile(dir) {
		return fmt.Errorf("%w in %s", ErrExists, dir)
	}
	for _, e := range ents {
		switch name := e.Name(); {
		case name == DBDir:
			if db, _ := os.ReadDir(filepath.Join(dir, DBDir)); len(db) > 0 {
				return fmt.Errorf("%w in %s: the folder holds a database without a key file", ErrExists, dir)
			}
		case name == LockFile, name == OpeningMarker, name == ".DS_Store",
			strings.HasPrefix(name, keyfile.FileName+".") && strings.HasSuffix(name, ".new"):
		default:
			return fmt.Errorf("%w: %s holds %s; choose a new folder or an empty one", ErrNotEmpty, dir, name)
		}
	}
	return nil
}
