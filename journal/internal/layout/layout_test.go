package layout

import (
	"path"
	"strings"
	"testing"
)

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// winJoin and winIsAbs model Windows' filepath.Join and IsAbs closely
// enough for the data-folder choice: backslashes, drive letters, UNC.
func winJoin(parts ...string) string {
	return strings.TrimSuffix(parts[0], `\`) + `\` + strings.Join(parts[1:], `\`)
}

func winIsAbs(p string) bool {
	return strings.HasPrefix(p, `\\`) || len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
}

// TestDefaultDirOnEachSystem checks, on any system, the data folder each
// system gets: %LOCALAPPDATA%\Candor on Windows (drive letter or UNC
// profile), ~/Library/Application Support/Candor on macOS, the XDG data
// folder elsewhere.
func TestDefaultDirOnEachSystem(t *testing.T) {
	for _, c := range []struct {
		goos string
		env  map[string]string
		want string // "" for an error
	}{
		{"windows", map[string]string{"LOCALAPPDATA": `C:\Users\Ana Ruiz\AppData\Local`, "HOME": "/ignored"}, `C:\Users\Ana Ruiz\AppData\Local\Candor`},
		{"windows", map[string]string{"LOCALAPPDATA": `C:\Users\Ana\AppData\Local\`}, `C:\Users\Ana\AppData\Local\Candor`},
		{"windows", map[string]string{"LOCALAPPDATA": `\\profiles\ana\AppData\Local`}, `\\profiles\ana\AppData\Local\Candor`},
		{"windows", map[string]string{"LOCALAPPDATA": `AppData\Local`}, ""},
		{"windows", map[string]string{"HOME": `C:\Users\Ana`}, ""},
		{"darwin", map[string]string{"HOME": "/Users/ana", "XDG_DATA_HOME": "/ignored"}, "/Users/ana/Library/Application Support/Candor"},
		{"darwin", map[string]string{}, ""},
		{"linux", map[string]string{"HOME": "/home/ana"}, "/home/ana/.local/share/candor"},
		{"linux", map[string]string{"HOME": "/home/ana", "XDG_DATA_HOME": "/data"}, "/data/candor"},
		{"freebsd", map[string]string{"HOME": "/home/ana", "XDG_DATA_HOME": "relative"}, "/home/ana/.local/share/candor"},
	} {
		join, isAbs := path.Join, path.IsAbs
		if c.goos == "windows" {
			join, isAbs = winJoin, winIsAbs
		}
		got, err := DefaultDirOn(c.goos, envOf(c.env), join, isAbs)
		if c.want == "" {
			if err == nil || !strings.Contains(err.Error(), "--journal") {
				t.Errorf("%s %v: %q, %v; want an error naming --journal", c.goos, c.env, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s %v: %q, %v; want %q", c.goos, c.env, got, err, c.want)
		}
	}
}
