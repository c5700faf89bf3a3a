package journal

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

// DefaultDir returns where the journal lives when neither --journal nor
// CANDOR_JOURNAL says otherwise: $XDG_DATA_HOME/candor (else
// ~/.local/share/candor) on Linux and other Unix systems,
// ~/Library/Application Support/Candor on macOS and %LOCALAPPDATA%\Candor on
// Windows. getenv looks up environment variables.
func DefaultDir(getenv func(string) string) (string, error) {
	return defaultDirOn(runtime.GOOS, getenv, filepath.Join, filepath.IsAbs)
}

// defaultDirOn is DefaultDir for the system goos, with that system's join
// and IsAbs, so tests on one system check the others' choices.
func defaultDirOn(goos string, getenv func(string) string, join func(...string) string, isAbs func(string) bool) (string, error) {
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
// marks a folder as a journal. It says nothing about whether the journal
// opens: the key file may still be damaged or the database missing. An
// in-place restore of dir that was cut short is finished first.
func HasKeyFile(dir string) bool {
	_, _ = finishRestore(dir) // ClaimDir reports what fails
	_, err := os.Stat(filepath.Join(dir, keyfile.FileName))
	return err == nil
}

// CanInit says whether Init may create a journal in dir: nil when dir is
// missing or empty (or holds only what an earlier, unfinished Candor left:
// its lock file, an empty database folder), ErrExists when it holds a
// journal, and ErrNotEmpty, naming dir and one thing in it, when it holds
// anything else: Candor never takes over a folder that is not its own. An
// in-place restore of dir that was cut short is finished first.
func CanInit(dir string) error {
	if _, err := finishRestore(dir); err != nil {
		return err
	}
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
		case name == dbDirName:
			if db, _ := os.ReadDir(filepath.Join(dir, dbDirName)); len(db) > 0 {
				return fmt.Errorf("%w in %s: the folder holds a database without a key file", ErrExists, dir)
			}
		case name == lockFileName, name == openingMarker, name == ".DS_Store",
			strings.HasPrefix(name, keyfile.FileName+".") && strings.HasSuffix(name, ".new"):
		default:
			return fmt.Errorf("%w: %s holds %s; choose a new folder or an empty one", ErrNotEmpty, dir, name)
		}
	}
	return nil
}
