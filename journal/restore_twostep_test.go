package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"candor/journal/internal/fsx"
	"candor/journal/internal/restorefs"
)

// twoRenames makes restores take the path of systems without an atomic swap
// of two folder names (Windows; macOS off APFS) for the rest of the test.
func twoRenames(t *testing.T) {
	t.Helper()
	old := restorefs.ExchangeDirs
	restorefs.ExchangeDirs = func(string, string) error { return errors.ErrUnsupported }
	t.Cleanup(func() { restorefs.ExchangeDirs = old })
}

// crashAt makes the restore stop dead at step, the way a killed process
// would: the marker it holds open is closed, nothing else runs.
type crashed struct{ step string }

func crashAt(t *testing.T, step string) {
	t.Helper()
	var open []*os.File
	oldPoint, oldOpened := fsx.CrashPoint, restorefs.MarkerOpened
	restorefs.MarkerOpened = func(f *os.File) { open = append(open, f) }
	fsx.CrashPoint = func(s string) {
		if s == step {
			for _, f := range open {
				f.Close()
			}
			panic(crashed{s})
		}
	}
	t.Cleanup(func() { fsx.CrashPoint, restorefs.MarkerOpened = oldPoint, oldOpened })
}

// restoreUntilCrash runs RestoreInPlace and reports whether it crashed.
func restoreUntilCrash(dir, backup string, now time.Time) (crash bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(crashed); !ok {
				panic(r)
			}
			crash = true
		}
	}()
	_, err = RestoreInPlace(dir, backup, testPass, now)
	return false, err
}

func TestRestoreInPlaceTwoRenames(t *testing.T) {
	twoRenames(t)
	dir, backup := restoreFixture(t)
	kept, err := RestoreInPlace(dir, backup, testPass, time.Date(2026, 1, 4, 9, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if got := titlesIn(t, dir); strings.Join(got, "|") != "In the backup" {
		t.Errorf("restored journal holds %q", got)
	}
	if got := titlesIn(t, kept); strings.Join(got, "|") != "In the backup|After the backup" {
		t.Errorf("kept journal holds %q", got)
	}
	if list, err := ListBackups(dir); err != nil || len(list) != 1 {
		t.Errorf("backups after restore: %+v, %v", list, err)
	}
	if got := siblings(t, dir); len(got) != 2 {
		t.Errorf("left behind: %q", got)
	}
}

// TestRestoreCutShortIsFinished kills a two-rename restore at each of its
// steps; whichever of the entry points a next start goes through
// (HasKeyFile, ClaimDir, CanInit, another restore) finishes it: the
// restored journal is in place, the replaced one kept whole with the
// backups moved across, and nothing else is left beside them.
func TestRestoreCutShortIsFinished(t *testing.T) {
	entry := map[string]func(dir string) error{
		"HasKeyFile": func(dir string) error {
			if !HasKeyFile(dir) {
				return errors.New("no key file")
			}
			return nil
		},
		"ClaimDir": func(dir string) error {
			c, err := ClaimDir(dir)
			if err == nil {
				c.Release()
			}
			return err
		},
		"CanInit": func(dir string) error {
			if err := CanInit(dir); !errors.Is(err, ErrExists) {
				return fmt.Errorf("CanInit = %v, want ErrExists", err)
			}
			return nil
		},
	}
	for _, step := range []string{"restore:planned", "restore:old-moved", "restore:new-moved", "restore:backups-moved"} {
		for name, next := range entry {
			t.Run(step+"/"+name, func(t *testing.T) {
				twoRenames(t)
				dir, backup := restoreFixture(t)
				crashAt(t, step)
				crash, err := restoreUntilCrash(dir, backup, time.Date(2026, 1, 4, 9, 30, 0, 0, time.UTC))
				if !crash {
					t.Fatalf("no crash at %s (err %v)", step, err)
				}
				fsx.CrashPoint = func(string) {}
				if !fsx.Exists(restorefs.MarkerPath(dir)) {
					t.Fatal("no marker left behind")
				}
				if err := next(dir); err != nil {
					t.Fatal(err)
				}
				if got := titlesIn(t, dir); strings.Join(got, "|") != "In the backup" {
					t.Errorf("restored journal holds %q", got)
				}
				kept := dir + ".replaced-2026-01-04-093000"
				if got := titlesIn(t, kept); strings.Join(got, "|") != "In the backup|After the backup" {
					t.Errorf("kept journal holds %q", got)
				}
				if list, err := ListBackups(dir); err != nil || len(list) != 1 {
					t.Errorf("backups after the restore: %+v, %v", list, err)
				}
				if got, want := siblings(t, dir), []string{"j", "j.replaced-2026-01-04-093000"}; !slices.Equal(got, want) {
					t.Errorf("beside the journal: %q, want %q", got, want)
				}
			})
		}
	}
	// Another restore finishes the first one before it starts.
	t.Run("restore:old-moved/RestoreInPlace", func(t *testing.T) {
		twoRenames(t)
		dir, backup := restoreFixture(t)
		crashAt(t, "restore:old-moved")
		if crash, err := restoreUntilCrash(dir, backup, time.Date(2026, 1, 4, 9, 30, 0, 0, time.UTC)); !crash {
			t.Fatalf("no crash (err %v)", err)
		}
		if fsx.Exists(dir) {
			t.Fatal("the journal folder is still there between the two renames")
		}
		fsx.CrashPoint = func(string) {}
		if _, err := RestoreInPlace(dir, backup, testPass, time.Date(2026, 1, 5, 9, 30, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if got := siblings(t, dir); len(got) != 3 {
			t.Errorf("beside the journal: %q, want it and two replaced journals", got)
		}
	})
}

// TestRestoreMarkerRefusals: a marker another process holds means a restore
// is running (ErrInUse); one whose folders moved since is reported, never
// guessed at; an unreadable one is reported as damage.
func TestRestoreMarkerRefusals(t *testing.T) {
	dir, _ := restoreFixture(t)
	parent := filepath.Dir(dir)
	staging := filepath.Join(parent, ".j.restoring-1")
	kept := filepath.Join(parent, "j.replaced-2026-01-04-093000")
	// A restore running in another process holds its marker locked.
	b, _ := json.Marshal(restorefs.Plan{Staging: filepath.Base(staging), Kept: filepath.Base(kept)})
	if err := os.WriteFile(restorefs.MarkerPath(dir), b, 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := os.OpenFile(restorefs.MarkerPath(dir), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := fsx.LockFile(m); err != nil {
		t.Fatal(err)
	}
	if _, err := ClaimDir(dir); !errors.Is(err, ErrInUse) {
		t.Errorf("while a restore holds the marker: %v, want ErrInUse", err)
	}
	m.Close()
	// Neither the restored copy nor the kept journal exists.
	if _, err := ClaimDir(dir); err == nil || !strings.Contains(err.Error(), "no longer where it left them") {
		t.Errorf("folders gone: %v", err)
	}
	if err := os.WriteFile(restorefs.MarkerPath(dir), []byte(`{"staging":"../x","kept":"y"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CanInit(dir); !errors.Is(err, ErrDamaged) {
		t.Errorf("a marker naming folders elsewhere: %v, want ErrDamaged", err)
	}
}
