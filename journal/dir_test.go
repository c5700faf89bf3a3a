package journal

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// TestResolveDirOnWindows runs on Windows only, with the real filepath:
// drive letters, UNC shares, the \\?\ prefix and forward slashes.
func TestResolveDirOnWindows(t *testing.T) {
	if runtime.GOOS != "windows" {
		t.Skip("Windows paths")
	}
	env := envOf(map[string]string{"LOCALAPPDATA": `C:\Users\Ana\AppData\Local`})
	if d, err := DefaultDir(env); err != nil || d != `C:\Users\Ana\AppData\Local\Candor` {
		t.Errorf("DefaultDir = %q, %v", d, err)
	}
	for flag, want := range map[string]string{
		`D:\Journals\Candor`:          `D:\Journals\Candor`,
		`D:/Journals/Candor`:          `D:\Journals\Candor`,
		`\\nas\share\Candor`:          `\\nas\share\Candor`,
		`D:\Journals\..\Other\Candor`: `D:\Other\Candor`,
	} {
		if got, err := ResolveDir(flag, env); err != nil || got != want {
			t.Errorf("ResolveDir(%q) = %q, %v; want %q", flag, got, err, want)
		}
	}
	if got, err := ResolveDir(`\\?\D:\Journals\Candor`, env); err != nil || !strings.HasPrefix(got, `\\?\`) || !strings.HasSuffix(got, `D:\Journals\Candor`) {
		t.Errorf("the long-path prefix: %q, %v", got, err)
	}
	if got, err := ResolveDir("", envOf(map[string]string{"CANDOR_JOURNAL": `\\nas\share\j`})); err != nil || got != `\\nas\share\j` {
		t.Errorf("CANDOR_JOURNAL: %q, %v", got, err)
	}
	if got, _ := ResolveDir(`rel\dir`, env); !filepath.IsAbs(got) {
		t.Errorf("a relative flag stays relative: %q", got)
	}
}
