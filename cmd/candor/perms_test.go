//go:build !windows

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIReportsAndRepairsLoosePermissions: a journal folder 0755 and a key
// file 0644 are named on stderr by every command, counted by check, and
// made private again by check --repair.
func TestCLIReportsAndRepairsLoosePermissions(t *testing.T) {
	dir, pf := newTestJournal(t)
	g := []string{"--journal", dir, "--passphrase-file", pf}
	key := filepath.Join(dir, "journal.key")
	os.Chmod(dir, 0o755)
	os.Chmod(key, 0o644)

	r := candor(t, "", nil, append(g, "list")...).want(t, 0)
	for _, want := range []string{"warning: the journal folder " + dir + " has mode 0755", "'chmod 700 " + dir + "'", "the key file " + key + " has mode 0644", "'chmod 600 " + key + "'", "candor check --repair"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("list's warning lacks %q:\n%s", want, r.stderr)
		}
	}
	if n := strings.Count(r.stderr, "\n"); n != 2 {
		t.Errorf("%d warning lines, want 2:\n%s", n, r.stderr)
	}
	r = candor(t, "", nil, append(g, "check")...).want(t, 1)
	if !strings.Contains(r.stdout, "the journal folder "+dir+" has mode 0755") || !strings.Contains(r.stderr, "2 problems") || !strings.Contains(r.stderr, "check --repair") || strings.Contains(r.stderr, "warning") {
		t.Errorf("check:\nstdout %s\nstderr %s", r.stdout, r.stderr)
	}
	if info, _ := os.Stat(dir); info.Mode().Perm() != 0o755 {
		t.Fatal("check without --repair changed the folder")
	}
	r = candor(t, "", nil, append(g, "check", "--repair")...).want(t, 0)
	if !strings.Contains(r.stdout, "Repaired: the journal folder") || !strings.Contains(r.stdout, "it is 0700 now") || !strings.Contains(r.stdout, "it is 0600 now") || !strings.Contains(r.stdout, "healthy") {
		t.Errorf("check --repair:\n%s", r.stdout)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700, key: 0o600} {
		if info, _ := os.Stat(p); info.Mode().Perm() != want {
			t.Errorf("%s is %04o after the repair", p, info.Mode().Perm())
		}
	}
	r = candor(t, "", nil, append(g, "list")...).want(t, 0)
	if r.stderr != "" {
		t.Errorf("warnings after the repair: %s", r.stderr)
	}
	candor(t, "", nil, append(g, "check")...).want(t, 0)
}
