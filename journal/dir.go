package journal

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"candor/journal/internal/keyfile"
)

// DefaultDir returns where the journal lives when neither --journal nor
// CANDOR_JOURNAL says otherwise: $XDG_DATA_HOME/candor (else
// ~/.local/share/candor) on Linux and other Unix systems,
// ~/Library/Application Support/Candor on macOS and %LOCALAPPDATA%\Candor on
// Windows. getenv looks up environment variables.
func DefaultDir(getenv func(string) string) (string, error) {
	home := getenv("HOME")
	switch runtime.GOOS {
	case "windows":
		if d := getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "Candor"), nil
		}
		return "", errors.New("LOCALAPPDATA is not set; name the journal folder with --journal")
	case "darwin":
		if home == "" {
			return "", errors.New("HOME is not set; name the journal folder with --journal")
		}
		return filepath.Join(home, "Library", "Application Support", "Candor"), nil
	}
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "candor"), nil
	}
	if home == "" {
		return "", errors.New("HOME is not set; name the journal folder with --journal")
	}
	return filepath.Join(home, ".local", "share", "candor"), nil
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
// opens: the key file may still be damaged or the database missing.
func HasKeyFile(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, keyfile.FileName))
	return err == nil
}
