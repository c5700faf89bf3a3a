package journal

import (
	"candor/journal/internal/layout"
	"candor/journal/internal/restorefs"
)

// DefaultDir returns where the journal lives when neither --journal nor
// CANDOR_JOURNAL says otherwise: $XDG_DATA_HOME/candor (else
// ~/.local/share/candor) on Linux and other Unix systems,
// ~/Library/Application Support/Candor on macOS and %LOCALAPPDATA%\Candor on
// Windows. getenv looks up environment variables.
func DefaultDir(getenv func(string) string) (string, error) { return layout.DefaultDir(getenv) }

// ResolveDir applies Candor's order of precedence: the --journal flag, then
// CANDOR_JOURNAL, then DefaultDir.
func ResolveDir(flagValue string, getenv func(string) string) (string, error) {
	return layout.ResolveDir(flagValue, getenv)
}

// HasKeyFile reports whether dir holds a journal's key file, the file that
// marks a folder as a journal. It says nothing about whether the journal
// opens: the key file may still be damaged or the database missing. An
// in-place restore of dir that was cut short is finished first.
func HasKeyFile(dir string) bool {
	_, _ = restorefs.Finish(dir) // ClaimDir reports what fails
	return layout.HasKeyFile(dir)
}

// CanInit says whether Init may create a journal in dir: nil when dir is
// missing or empty (or holds only what an earlier, unfinished Candor left:
// its lock file, an empty database folder), ErrExists when it holds a
// journal, and ErrNotEmpty, naming dir and one thing in it, when it holds
// anything else: Candor never takes over a folder that is not its own. An
// in-place restore of dir that was cut short is finished first.
func CanInit(dir string) error {
	if _, err := restorefs.Finish(dir); err != nil {
		return err
	}
	return layout.CanInit(dir)
}
