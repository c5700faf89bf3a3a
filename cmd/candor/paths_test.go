package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"candor/journal"
)

// windowsLikePaths are the path forms Windows users type: drive letters,
// backslashes, spaces, a UNC share and the long-path prefix. On Linux each
// is one plain file name (backslash and colon are ordinary characters
// there), so running every path flag with them shows that nothing between
// the flag and the system call splits, cleans or rewrites a path: on
// Windows the same strings reach the system, which reads them as paths.
var windowsLikePaths = map[string]string{
	"journal":  `C:\Users\Ana Ruiz\AppData\Local\Candor`,
	"passfile": `D:\keys\pass phrase.txt`,
	"export":   `E:\Exports\Candor export`,
	"single":   `E:\Exports\all.md`,
	"backup":   `\\nas\share\candor.backup`,
	"restored": `\\?\C:\Restored Candor`,
	"report":   `C:\Reports\2026`,
	"import":   `F:\notes\2026-01-02 a note.md`,
	"newpass":  `D:\keys\new pass.txt`,
	"sync":     `\\nas\Sync\Candor`,
	"joined":   `H:\Other computer\Candor`,
}

// TestCLIPathsPassVerbatim runs init, add, export (folder and single file),
// import, backup, restore, report, sync, join and passwd with those names
// as relative paths in an empty working folder, and finds each at exactly
// its name.
func TestCLIPathsPassVerbatim(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("on Windows these are real drive and share paths; TestCLIWindowsPaths covers them")
	}
	t.Chdir(t.TempDir())
	p := windowsLikePaths
	if err := os.WriteFile(p["passfile"], []byte(pass+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p["import"], []byte("# From another app\r\n\r\nWritten on Windows.\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	g := []string{"--journal", p["journal"], "--passphrase-file", p["passfile"]}
	candor(t, "", nil, append(g, "init")...).want(t, 0)
	candor(t, "A body.\n", nil, append(g, "add", "--date", "2026-01-01", "--title", "First")...).want(t, 0)
	candor(t, "", nil, append(g, "export", "--out", p["export"])...).want(t, 0)
	candor(t, "", nil, append(g, "export", "--single-file", "--out", p["single"])...).want(t, 0)
	candor(t, "", nil, append(g, "import", "--format", "markdown", p["import"])...).want(t, 0)
	candor(t, "", nil, append(g, "backup", "--out", p["backup"])...).want(t, 0)
	candor(t, "", nil, append(g, "report", "--out", p["report"])...).want(t, 0)
	candor(t, "", nil, "--journal", p["restored"], "--passphrase-file", p["passfile"], "restore", p["backup"]).want(t, 0)
	if err := os.Mkdir(p["sync"], 0o700); err != nil { // the carrier's folder exists already
		t.Fatal(err)
	}
	candor(t, "", nil, append(g, "sync", "--folder", p["sync"])...).want(t, 0)
	candor(t, "", nil, "--journal", p["joined"], "--passphrase-file", p["passfile"], "join", "--folder", p["sync"]).want(t, 0)
	if err := os.WriteFile(p["newpass"], []byte("a new passphrase\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	candor(t, "", nil, append(g, "passwd", "--new-passphrase-file", p["newpass"])...).want(t, 0)
	candor(t, "", nil, "--journal", p["journal"], "--passphrase-file", p["newpass"], "list").want(t, 0)
	for what, name := range p {
		if _, err := os.Stat(name); err != nil {
			t.Errorf("%s: nothing at %q: %v", what, name, err)
		}
	}
	ents, _ := os.ReadDir(".")
	if len(ents) != len(p) {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("the working folder holds %q, want only the %d names given", names, len(p))
	}
	r := candor(t, "", nil, "--journal", p["restored"], "--passphrase-file", p["passfile"], "list").want(t, 0)
	if !strings.Contains(r.stdout, "First") || !strings.Contains(r.stdout, "From another app") {
		t.Errorf("the restored journal lists:\n%s", r.stdout)
	}
}

// TestCLIWindowsPaths runs on Windows only: the journal, export and backup
// under a drive-letter path, the same path with the \\?\ prefix, with
// forward slashes, and through the administrative share of its drive
// (\\localhost\C$\...) when this account may use it.
func TestCLIWindowsPaths(t *testing.T) {
	if runtime.GOOS != "windows" {
		t.Skip("Windows paths")
	}
	base := t.TempDir() // C:\Users\...\AppData\Local\Temp\...
	pf := filepath.Join(base, "pass phrase.txt")
	if err := os.WriteFile(pf, []byte(pass+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dirs := []string{
		filepath.Join(base, "drive letter"),
		`\\?\` + filepath.Join(base, "long prefix"),
		filepath.ToSlash(filepath.Join(base, "forward slashes")),
	}
	if vol := filepath.VolumeName(base); len(vol) == 2 {
		unc := `\\localhost\` + vol[:1] + `$` + base[2:]
		if _, err := os.Stat(unc); err == nil {
			dirs = append(dirs, filepath.Join(unc, "unc share"))
		} else {
			t.Logf("no administrative share (%v): UNC not tried", err)
		}
	}
	for _, dir := range dirs {
		g := []string{"--journal", dir, "--passphrase-file", pf}
		candor(t, "", nil, append(g, "init")...).want(t, 0)
		candor(t, "A body.\r\n", nil, append(g, "add", "--date", "2026-01-01", "--title", "First")...).want(t, 0)
		candor(t, "", nil, append(g, "export", "--out", dir+`\export`)...).want(t, 0)
		candor(t, "", nil, append(g, "backup", "--out", dir+".backup")...).want(t, 0)
		if !journal.HasKeyFile(dir) {
			t.Errorf("%s: no journal there", dir)
		}
		if _, err := os.Stat(dir + `.backup`); err != nil {
			t.Errorf("%s: backup: %v", dir, err)
		}
	}
}
