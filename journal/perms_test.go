//go:build !windows

package journal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"candor/journal/internal/keyfile"
)

func TestPermissions(t *testing.T) {
	j, dir := newJournal(t)
	j.Close()
	if probs, err := CheckPermissions(dir); err != nil || len(probs) != 0 {
		t.Fatalf("a new journal: %v %v", probs, err)
	}
	key := filepath.Join(dir, keyfile.FileName)
	os.Chmod(dir, 0o755)
	os.Chmod(key, 0o644)
	probs, err := CheckPermissions(dir)
	if err != nil || len(probs) != 2 {
		t.Fatalf("loosened: %v %v", probs, err)
	}
	if s := probs[0].String(); !strings.Contains(s, dir) || !strings.Contains(s, "0755") || !strings.Contains(s, "look into it") {
		t.Errorf("folder problem: %s", s)
	}
	if p := probs[1]; p.Path != key || p.Mode != 0o644 || p.Want != 0o600 || !strings.Contains(p.String(), "can read it") {
		t.Errorf("key problem: %+v %s", p, p)
	}
	os.Chmod(filepath.Join(dir, dbDirName), 0o770)
	fixed, err := FixPermissions(dir)
	if err != nil || len(fixed) != 3 || !strings.Contains(fixed[1].String(), "and change it") {
		t.Fatalf("fixed %v %v", fixed, err)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700, key: 0o600, filepath.Join(dir, dbDirName): 0o700} {
		if info, _ := os.Stat(p); info.Mode().Perm() != want {
			t.Errorf("%s is %04o after the fix", p, info.Mode().Perm())
		}
	}
	if probs, _ := CheckPermissions(dir); len(probs) != 0 {
		t.Fatalf("after the fix: %v", probs)
	}
	// The journal still opens.
	j, err = Open(dir, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	// A folder without a journal has nothing to report on but itself.
	if probs, err := CheckPermissions(filepath.Join(t.TempDir(), "missing")); err != nil || len(probs) != 0 {
		t.Fatalf("a missing folder: %v %v", probs, err)
	}
}
