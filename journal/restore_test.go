package journal

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
	"candor/journal/internal/layout"
)

// restoreFixture makes a journal in parent/j with one entry, an automatic
// backup of it, and then a second entry the backup does not hold. The
// journal is closed.
func restoreFixture(t *testing.T) (dir, backup string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "j")
	j, err := Init(dir, testPass, cheap())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Add(Entry{Date: Date{2026, 1, 2}, Title: "In the backup", Body: "kept"}); err != nil {
		t.Fatal(err)
	}
	backup, err = j.AutoBackup(Date{2026, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Add(Entry{Date: Date{2026, 1, 3}, Title: "After the backup", Body: "later"}); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, backup
}

func titlesIn(t *testing.T, dir string) []string {
	t.Helper()
	j, err := Open(dir, testPass, nil)
	if err != nil {
		t.Fatalf("opening %s: %v", dir, err)
	}
	defer j.Close()
	var out []string
	if err := j.Each(Query{}, func(e Entry) error { out = append(out, e.Title); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// siblings lists the names in dir's parent folder.
func siblings(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestRestoreInPlace(t *testing.T) {
	dir, backup := restoreFixture(t)
	now := time.Date(2026, 1, 4, 9, 30, 0, 0, time.UTC)
	kept, err := RestoreInPlace(dir, backup, testPass, now)
	if err != nil {
		t.Fatal(err)
	}
	if want := dir + ".replaced-2026-01-04-093000"; kept != want {
		t.Errorf("kept = %s, want %s", kept, want)
	}
	if got := titlesIn(t, dir); strings.Join(got, "|") != "In the backup" {
		t.Errorf("restored journal holds %q", got)
	}
	// The replaced journal is intact, and the backups moved with the
	// journal in use.
	if got := titlesIn(t, kept); strings.Join(got, "|") != "In the backup|After the backup" {
		t.Errorf("kept journal holds %q", got)
	}
	list, err := ListBackups(dir)
	if err != nil || len(list) != 1 || list[0].Day != (Date{2026, 1, 2}) {
		t.Errorf("ListBackups after restore = %+v, %v", list, err)
	}
	if got := siblings(t, dir); len(got) != 2 {
		t.Errorf("left behind: %q", got)
	}
	// A second restore at the same second keeps both replaced journals.
	kept2, err := RestoreInPlace(dir, filepath.Join(BackupsDir(dir), filepath.Base(backup)), testPass, now)
	if err != nil || kept2 == kept || !fsx.Exists(kept2) {
		t.Fatalf("second restore: %s, %v", kept2, err)
	}
}

func TestRestoreInPlaceRefusals(t *testing.T) {
	dir, backup := restoreFixture(t)
	damaged := filepath.Join(t.TempDir(), "damaged.backup")
	b, _ := os.ReadFile(backup)
	b[len(b)/2] ^= 0x40
	if err := os.WriteFile(damaged, b, 0o600); err != nil {
		t.Fatal(err)
	}
	holder, err := Open(dir, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, inUse := RestoreInPlace(dir, backup, testPass, time.Now())
	holder.Close()
	for name, c := range map[string]struct {
		path string
		pass []byte
		want error
		err  error
	}{
		"wrong passphrase": {backup, []byte("not it"), ErrWrongPassphrase, nil},
		"damaged backup":   {damaged, testPass, ErrBackupDamaged, nil},
		"missing backup":   {filepath.Join(t.TempDir(), "none.backup"), testPass, os.ErrNotExist, nil},
		"journal in use":   {backup, testPass, ErrInUse, inUse},
	} {
		t.Run(name, func(t *testing.T) {
			err := c.err
			if err == nil {
				_, err = RestoreInPlace(dir, c.path, c.pass, time.Now())
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			// Nothing changed: both entries, no leftovers beside it.
			if got := titlesIn(t, dir); len(got) != 2 {
				t.Errorf("journal now holds %q", got)
			}
			if got := siblings(t, dir); len(got) != 1 {
				t.Errorf("left behind: %q", got)
			}
		})
	}
}

// TestRestoreInPlaceDamaged restores over journals that cannot be opened:
// one whose opens kept dying, one without its key file, and a missing
// folder.
func TestRestoreInPlaceDamaged(t *testing.T) {
	for name, damage := range map[string]func(t *testing.T, dir string){
		"unfinished opens": func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, layout.OpeningMarker), []byte("2"), 0o600)
			if _, err := Open(dir, testPass, nil); !errors.Is(err, ErrDamaged) {
				t.Fatalf("Open = %v, want ErrDamaged", err)
			}
		},
		"key file deleted": func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, keyfile.FileName))
			if _, err := ClaimDir(dir); !errors.Is(err, ErrKeyFileMissing) || !errors.Is(err, ErrKeyFileDamaged) {
				t.Fatalf("ClaimDir = %v, want ErrKeyFileMissing", err)
			}
		},
		"folder gone": func(t *testing.T, dir string) {
			os.Rename(BackupsDir(dir), dir+".backups")
			os.RemoveAll(dir)
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir, backup := restoreFixture(t)
			damage(t, dir)
			if !fsx.Exists(backup) {
				backup = filepath.Join(dir+".backups", filepath.Base(backup))
			}
			if _, err := RestoreInPlace(dir, backup, testPass, time.Now()); err != nil {
				t.Fatal(err)
			}
			if got := titlesIn(t, dir); strings.Join(got, "|") != "In the backup" {
				t.Errorf("restored journal holds %q", got)
			}
			j, err := Open(dir, testPass, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close()
			if _, problems, err := j.Check(); err != nil || len(problems) > 0 {
				t.Errorf("Check after restore: %v, %v", problems, err)
			}
		})
	}
}

// TestRestoreRetryAfterDamagedBackup restores a damaged backup into a
// folder, then a good one into the same folder: the failure left nothing
// that would refuse the second.
func TestRestoreRetryAfterDamagedBackup(t *testing.T) {
	_, backup := restoreFixture(t)
	b, _ := os.ReadFile(backup)
	b[len(b)-10] ^= 1
	damaged := filepath.Join(t.TempDir(), "damaged.backup")
	os.WriteFile(damaged, b, 0o600)
	for _, existing := range []bool{false, true} {
		target := filepath.Join(t.TempDir(), "r")
		if existing {
			os.Mkdir(target, 0o700)
		}
		if err := Restore(damaged, target, testPass); !errors.Is(err, ErrBackupDamaged) {
			t.Fatalf("damaged backup: %v", err)
		}
		if ents, err := os.ReadDir(target); existing && (err != nil || len(ents) > 0) || !existing && !os.IsNotExist(err) {
			t.Fatalf("left behind (folder existed: %v): %v %v", existing, ents, err)
		}
		if err := Restore(backup, target, testPass); err != nil {
			t.Fatalf("good backup after a damaged one: %v", err)
		}
	}
}

// TestRestoreInPlaceThroughSymlink restores a journal whose folder is
// reached through a symbolic link: the link keeps pointing at the journal,
// now restored, and the replaced one is kept beside the real folder.
func TestRestoreInPlaceThroughSymlink(t *testing.T) {
	dir, backup := restoreFixture(t)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	kept, err := RestoreInPlace(link, backup, testPass, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link is gone: %v", err)
	}
	if got := titlesIn(t, link); strings.Join(got, "|") != "In the backup" {
		t.Errorf("restored journal holds %q", got)
	}
	if filepath.Dir(kept) != filepath.Dir(dir) || len(titlesIn(t, kept)) != 2 {
		t.Errorf("kept %s", kept)
	}
}

// TestRestoreInPlaceOddFolderNames restores a journal in a folder whose
// name holds characters that file patterns treat specially.
func TestRestoreInPlaceOddFolderNames(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "Journal [private] *?")
	os.MkdirAll(parent, 0o700)
	src, backup := restoreFixture(t)
	dir := filepath.Join(parent, "j")
	if err := os.Rename(src, dir); err != nil {
		t.Fatal(err)
	}
	backup = filepath.Join(BackupsDir(dir), filepath.Base(backup))
	// Leftovers of an export cut short beside it are still found.
	os.Mkdir(filepath.Join(parent, ".out.tmp-1"), 0o700)
	if _, err := RestoreInPlace(dir, backup, testPass, time.Now()); err != nil {
		t.Fatal(err)
	}
	if got := titlesIn(t, dir); strings.Join(got, "|") != "In the backup" {
		t.Errorf("restored journal holds %q", got)
	}
	fsx.RemoveLeftovers(filepath.Join(parent, "out"))
	if got := siblings(t, dir); len(got) != 2 {
		t.Errorf("left behind: %q", got)
	}
}
