package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestCLIBackupRestoreCheck(t *testing.T) {
	dir, pf := newTestJournal(t)
	g := func(d string) []string { return []string{"--journal", d, "--passphrase-file", pf} }
	run := func(d string, code int, args ...string) result {
		t.Helper()
		return candor(t, "", nil, append(g(d), args...)...).want(t, code)
	}
	id := strings.TrimSpace(run(dir, 0, "add", "--title", "kept", "--body", "in the backup").stdout)
	if r := run(dir, 0, "check"); !strings.Contains(r.stdout, "healthy: 1 entries") {
		t.Errorf("check: %q", r.stdout)
	}
	bk := filepath.Join(t.TempDir(), "j.backup")
	run(dir, 0, "backup", "--out", bk)
	run(dir, 1, "backup", "--out", bk)
	run(dir, 2, "backup")
	target := filepath.Join(t.TempDir(), "restored")
	run(target, 0, "restore", bk)
	if r := run(target, 0, "show", id); !strings.Contains(r.stdout, "in the backup") {
		t.Errorf("restored entry: %q", r.stdout)
	}
	run(target, 1, "restore", bk) // not over a journal
	candor(t, "", []string{"CANDOR_PASSPHRASE=wrong"}, "--journal", filepath.Join(t.TempDir(), "x"), "restore", bk).want(t, 3)
	run(filepath.Join(t.TempDir(), "y"), 2, "restore")
}
