package layout

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
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

func TestCanInit(t *testing.T) {
	root := t.TempDir()
	mk := func(name string, files ...string) string {
		dir := filepath.Join(root, name)
		os.MkdirAll(filepath.Join(dir, DBDir), 0o700)
		for _, f := range files {
			os.WriteFile(filepath.Join(dir, f), nil, 0o600)
		}
		return dir
	}
	if err := CanInit(filepath.Join(root, "missing")); err != nil {
		t.Errorf("missing: %v", err)
	}
	if err := CanInit(mk("leftovers", LockFile, OpeningMarker, ".DS_Store", keyfile.FileName+".123.new")); err != nil {
		t.Errorf("only leftovers: %v", err)
	}
	if err := CanInit(mk("journal", keyfile.FileName)); !errors.Is(err, ErrExists) {
		t.Errorf("a journal: %v", err)
	}
	db := mk("db")
	os.WriteFile(filepath.Join(db, DBDir, "MANIFEST"), nil, 0o600)
	if err := CanInit(db); !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "without a key file") {
		t.Errorf("a database: %v", err)
	}
	if err := CanInit(mk("other", "notes.txt")); !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("another folder: %v", err)
	}
	file := filepath.Join(root, "file")
	os.WriteFile(file, nil, 0o600)
	if err := CanInit(file); err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("a file: %v", err)
	}
}

func TestClaimStates(t *testing.T) {
	dir := t.TempDir()
	if _, err := ClaimDir(dir); !errors.Is(err, keyfile.ErrMissing) {
		t.Fatalf("no journal: %v", err)
	}
	os.MkdirAll(filepath.Join(dir, DBDir), 0o700)
	os.WriteFile(filepath.Join(dir, DBDir, "MANIFEST"), nil, 0o600)
	if _, err := ClaimDir(dir); !errors.Is(err, ErrKeyFileMissing) || !errors.Is(err, keyfile.ErrDamaged) {
		t.Fatalf("no key file: %v", err)
	}
	os.WriteFile(filepath.Join(dir, keyfile.FileName), nil, 0o600)
	c, err := ClaimDir(dir)
	if err != nil || c.Dir() != dir || c.State() != ClaimFree {
		t.Fatalf("claim: %v, %v", c, err)
	}
	if _, err := Take(dir); !errors.Is(err, fsx.ErrInUse) {
		t.Fatalf("a second claim: %v, want ErrInUse", err)
	}
	c.SetOwned()
	if c.Release(); c.State() != ClaimOwned {
		t.Fatal("Release gave up an owned claim")
	}
	if err := c.ReleaseOwned(); err != nil || c.State() != ClaimReleased {
		t.Fatalf("ReleaseOwned: %v, %v", err, c.State())
	}
	if err := c.Release(); err != nil {
		t.Fatalf("releasing twice: %v", err)
	}
	c2, err := Take(dir)
	if err != nil {
		t.Fatalf("after the release: %v", err)
	}
	c2.Release()
}

func TestListAndPruneBackups(t *testing.T) {
	dir := t.TempDir()
	if list, err := ListBackups(dir, nil); list != nil || err != nil {
		t.Fatalf("no folder: %v, %v", list, err)
	}
	os.MkdirAll(Backups(dir), 0o700)
	old := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	put := func(name string, mod time.Time) {
		p := filepath.Join(Backups(dir), name)
		os.WriteFile(p, []byte(name), 0o600)
		os.Chtimes(p, mod, mod)
	}
	for d := 1; d <= 12; d++ {
		put(AutoBackupName(fmt.Sprintf("2026-02-%02d", d)), old) // written long before the day they name
	}
	put("by-hand.backup", time.Date(2026, 2, 5, 12, 0, 0, 0, time.Local))
	put("notes.txt", old)
	parse := func(s string) (time.Time, bool) {
		t, err := time.Parse(time.DateOnly, s)
		return t, err == nil
	}
	list, err := ListBackups(dir, parse)
	if err != nil || len(list) != 13 {
		t.Fatalf("%d backups, %v", len(list), err)
	}
	if filepath.Base(list[0].Path) != "candor-2026-02-12.backup" || list[0].Day != time.Date(2026, 2, 12, 0, 0, 0, 0, time.UTC) {
		t.Errorf("newest: %+v", list[0])
	}
	// The one made by hand sorts by the day it was written, then by the
	// time: before the automatic backup of that day, written earlier.
	if filepath.Base(list[7].Path) != "by-hand.backup" || !list[7].Day.IsZero() || list[7].Size != int64(len("by-hand.backup")) {
		t.Errorf("by hand: %+v", list[7])
	}
	if err := PruneAutoBackups(Backups(dir)); err != nil {
		t.Fatal(err)
	}
	list, _ = ListBackups(dir, parse)
	if len(list) != BackupsKept+1 || filepath.Base(list[len(list)-1].Path) != "candor-2026-02-03.backup" {
		t.Errorf("after pruning: %d, oldest %+v", len(list), list[len(list)-1])
	}
}
