package journal

import (
	"os/exec"
	"path/filepath"
	"testing"

	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
)

// TestAccessListsOnWindows runs on Windows only: a new journal's folder,
// key file and database files let in no one but the current user; a
// folder opened up to Everyone is reported and fixed.
func TestAccessListsOnWindows(t *testing.T) {
	j, dir := newJournal(t)
	j.Close()
	for _, p := range []string{dir, filepath.Join(dir, keyfile.FileName), filepath.Join(dir, dbDirName, "MANIFEST")} {
		if ok, err := fsx.OwnerOnly(p); err != nil || !ok {
			t.Errorf("%s: owner only = %v, %v", p, ok, err)
		}
	}
	if probs, err := CheckPermissions(dir); err != nil || len(probs) != 0 {
		t.Fatalf("a new journal: %v, %v", probs, err)
	}
	// *S-1-1-0 is Everyone, whatever the system's language.
	if out, err := exec.Command("icacls", dir, "/grant", "*S-1-1-0:(OI)(CI)R").CombinedOutput(); err != nil {
		t.Skipf("icacls: %v %s", err, out)
	}
	probs, err := CheckPermissions(dir)
	if err != nil || len(probs) == 0 || !probs[0].ACL {
		t.Fatalf("opened to Everyone: %v, %v", probs, err)
	}
	if _, err := FixPermissions(dir); err != nil {
		t.Fatal(err)
	}
	if probs, err := CheckPermissions(dir); err != nil || len(probs) != 0 {
		t.Fatalf("after the fix: %v, %v", probs, err)
	}
}
