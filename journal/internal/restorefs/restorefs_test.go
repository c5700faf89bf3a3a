package restorefs

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"candor/journal/internal/dbcheck"
	"candor/journal/internal/fsx"
	"candor/journal/internal/layout"
)

var at = time.Date(2026, 1, 4, 9, 30, 0, 0, time.UTC)

// fakeJournal makes a folder j in a new parent holding a file that says
// which journal it is, and a backups folder.
func fakeJournal(t *testing.T, which string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "j")
	if err := os.MkdirAll(layout.Backups(dir), 0o700); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "which"), which)
	write(t, filepath.Join(layout.Backups(dir), "candor-2026-01-03.backup"), "b")
	return dir
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

func which(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "which"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func siblings(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// restoreNew is a restore that writes the "new" journal.
func restoreNew(t *testing.T) func(string) error {
	return func(staging string) error {
		write(t, filepath.Join(staging, "which"), "new")
		write(t, filepath.Join(staging, layout.LockFile), "")
		return nil
	}
}

func TestInPlaceSwapsAndKeeps(t *testing.T) {
	for _, twoRenames := range []bool{false, true} {
		if twoRenames {
			old := ExchangeDirs
			ExchangeDirs = func(string, string) error { return errors.ErrUnsupported }
			t.Cleanup(func() { ExchangeDirs = old })
		}
		dir := fakeJournal(t, "old")
		kept, err := InPlace(dir, at, restoreNew(t))
		if err != nil {
			t.Fatal(err)
		}
		if kept != dir+".replaced-2026-01-04-093000" || which(t, dir) != "new" || which(t, kept) != "old" {
			t.Fatalf("two renames %v: kept %q, dir holds %q", twoRenames, kept, which(t, dir))
		}
		if !fsx.Exists(filepath.Join(layout.Backups(dir), "candor-2026-01-03.backup")) || fsx.Exists(layout.Backups(kept)) {
			t.Error("the backups did not move with the journal in use")
		}
		if fsx.Exists(filepath.Join(dir, layout.LockFile)) {
			t.Error("the restored copy's lock file came along")
		}
		if got := siblings(t, dir); !slices.Equal(got, []string{"j", "j.replaced-2026-01-04-093000"}) {
			t.Errorf("two renames %v: beside the journal %q", twoRenames, got)
		}
		// A second restore in the same second keeps both replaced journals.
		kept2, err := InPlace(dir, at, restoreNew(t))
		if err != nil || kept2 != dir+".replaced-2026-01-04-093000-2" {
			t.Fatalf("a second restore: %q, %v", kept2, err)
		}
	}
}

func TestInPlaceIntoNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "j")
	kept, err := InPlace(dir, at, restoreNew(t))
	if err != nil || kept != "" || which(t, dir) != "new" {
		t.Fatalf("kept %q, %v", kept, err)
	}
}

func TestInPlaceFailureChangesNothing(t *testing.T) {
	dir := fakeJournal(t, "old")
	write(t, filepath.Join(filepath.Dir(dir), ".j.restoring-leftover"), "x")
	boom := errors.New("wrong passphrase")
	if _, err := InPlace(dir, at, func(string) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	if which(t, dir) != "old" {
		t.Error("the journal changed")
	}
	if got := siblings(t, dir); !slices.Equal(got, []string{"j"}) {
		t.Errorf("left behind: %q", got)
	}
}

func TestInPlaceRefusesAJournalInUse(t *testing.T) {
	dir := fakeJournal(t, "old")
	c, err := layout.Take(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	if _, err := InPlace(dir, at, restoreNew(t)); !errors.Is(err, fsx.ErrInUse) {
		t.Fatalf("err %v, want ErrInUse", err)
	}
}

// plan writes the marker of a restore of dir that moved its folders as the
// state says.
func plan(t *testing.T, dir, state string) (staging, kept string) {
	t.Helper()
	parent := filepath.Dir(dir)
	staging, kept = filepath.Join(parent, ".j.restoring-1"), filepath.Join(parent, "j.replaced-2026-01-04-093000")
	if err := os.Mkdir(staging, 0o700); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(staging, "which"), "new")
	m, err := writeMarker(dir, staging, kept)
	if err != nil {
		t.Fatal(err)
	}
	m.abandon()
	switch state {
	case "old-moved":
		os.Rename(dir, kept)
	case "new-moved":
		os.Rename(dir, kept)
		os.Rename(staging, dir)
	}
	return staging, kept
}

func TestFinishEachState(t *testing.T) {
	for _, state := range []string{"planned", "old-moved", "new-moved"} {
		dir := fakeJournal(t, "old")
		_, wantKept := plan(t, dir, state)
		kept, err := Finish(dir)
		if err != nil || kept != wantKept {
			t.Fatalf("%s: %q, %v", state, kept, err)
		}
		if which(t, dir) != "new" || which(t, kept) != "old" || !fsx.Exists(layout.Backups(dir)) {
			t.Errorf("%s: not finished", state)
		}
		if fsx.Exists(MarkerPath(dir)) {
			t.Errorf("%s: the marker stays", state)
		}
		if kept, err := Finish(dir); kept != "" || err != nil {
			t.Errorf("%s: finishing again: %q, %v", state, kept, err)
		}
	}
}

func TestFinishRefusals(t *testing.T) {
	dir := fakeJournal(t, "old")
	staging, kept := plan(t, dir, "planned")
	// Another process finishing or restoring holds the marker locked.
	f, err := os.OpenFile(MarkerPath(dir), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := fsx.LockFile(f); err != nil {
		t.Fatal(err)
	}
	if _, err := Finish(dir); !errors.Is(err, fsx.ErrInUse) {
		t.Errorf("held: %v, want ErrInUse", err)
	}
	f.Close()
	// Folders moved since are reported, never guessed at.
	os.RemoveAll(staging)
	if _, err := Finish(dir); err == nil || !strings.Contains(err.Error(), "no longer where it left them") {
		t.Errorf("moved: %v", err)
	}
	if which(t, dir) != "old" || fsx.Exists(kept) {
		t.Error("a refusal moved something")
	}
	// A plan naming folders elsewhere is damage.
	b, _ := json.Marshal(Plan{Staging: "../x", Kept: "y"})
	write(t, MarkerPath(dir), string(b))
	if _, err := Finish(dir); !errors.Is(err, dbcheck.ErrDamaged) {
		t.Errorf("elsewhere: %v, want ErrDamaged", err)
	}
}
