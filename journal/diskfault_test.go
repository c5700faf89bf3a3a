//go:build linux

package journal_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"candor/journal"
	"candor/journal/journaltest"
	"candor/journal/markdown"
)

// TestDiskFull fills the disk under an open journal: saving fails with a
// clear error and loses nothing, an export or a backup leaves nothing
// behind, and once space is freed saving works again and every
// acknowledged entry is there after reopening.
func TestDiskFull(t *testing.T) {
	for _, leave := range []int64{0, 20 << 20, 40 << 20, 72 << 20} {
		t.Run(fmt.Sprint(leave>>20, "MB_left"), func(t *testing.T) { diskFull(t, leave) })
	}
}

func diskFull(t *testing.T, leave int64) {
	if !journaltest.Inside(t) {
		return
	}
	mnt := t.TempDir()
	journaltest.MountTmpfs(t, mnt, 96<<20)
	dir := filepath.Join(mnt, "j")
	j, err := journal.Init(dir, journaltest.Passphrase, &journal.Options{KDF: journal.TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	var acked []journal.Entry
	add := func(i int) error {
		e, err := j.Add(journal.Entry{Date: journal.Date{2026, 3, 1 + i%28}, Title: fmt.Sprint("full ", i), Body: strings.Repeat(fmt.Sprint("words of entry ", i, " "), 200)})
		if err == nil {
			acked = append(acked, e)
		}
		return err
	}
	for i := 0; i < 20; i++ {
		if err := add(i); err != nil {
			t.Fatal(err)
		}
	}
	free := journaltest.FillLeaving(t, mnt, leave)
	var failed error
	for i := 20; i < 30000 && failed == nil; i++ {
		failed = add(i)
	}
	if failed == nil {
		t.Fatal("30000 entries fitted on a full disk")
	}
	if !errors.Is(failed, journal.ErrDiskFull) || !strings.Contains(failed.Error(), "nothing was saved") {
		t.Errorf("saving on a full disk: %v", failed)
	}
	t.Logf("%d entries saved, then: %v", len(acked), failed)
	// Closing now could crash (Badger writes its memtable out through a
	// mapped file): Candor says so instead.
	// With room left for the flush (saves keep more in reserve), closing
	// is allowed.
	if err := j.CanClose(); leave == 0 && !errors.Is(err, journal.ErrDiskFull) || leave > 0 && err != nil {
		t.Errorf("CanClose with %d MB left: %v", leave>>20, err)
	}
	free()
	if err := j.CanClose(); err != nil {
		t.Fatalf("CanClose once space is freed: %v", err)
	}
	if err := j.Close(); err != nil {
		t.Fatalf("closing: %v", err)
	}

	// Now fill the disk to the last byte.
	freeAll := journaltest.Fill(t, mnt)
	if _, err := journal.Open(dir, journaltest.Passphrase, nil); !errors.Is(err, journal.ErrDiskFull) {
		t.Errorf("opening on a full disk: %v", err)
	}
	src, _ := journaltest.New(t) // on the ordinary disk
	if _, err := src.Add(journal.Entry{Date: journal.Date{2026, 3, 1}, Body: strings.Repeat("x", 5000)}); err != nil {
		t.Fatal(err)
	}
	for _, single := range []bool{false, true} {
		if _, err := markdown.Export(src, filepath.Join(mnt, "export"), markdown.Options{SingleFile: single}); err == nil || !strings.Contains(err.Error(), "disk is full") {
			t.Errorf("export onto a full disk (single file %v): %v", single, err)
		}
	}
	if err := src.Backup(filepath.Join(mnt, "b.backup")); err == nil || !strings.Contains(err.Error(), "disk is full") {
		t.Errorf("backup onto a full disk: %v", err)
	}
	good := filepath.Join(t.TempDir(), "good.backup")
	if err := src.Backup(good); err != nil {
		t.Fatal(err)
	}
	if err := journal.Restore(good, filepath.Join(mnt, "restored"), journaltest.Passphrase); !errors.Is(err, journal.ErrDiskFull) {
		t.Errorf("restore onto a full disk: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(mnt, "*")); len(left) != 2 { // j and the filler
		t.Errorf("left behind on a full disk: %q", left)
	}
	freeAll()

	// With room again, nothing acknowledged is missing and saving works.
	if j, err = journal.Open(dir, journaltest.Passphrase, nil); err != nil {
		t.Fatalf("reopening: %v", err)
	}
	defer j.Close()
	if err := add(99999); err != nil {
		t.Fatalf("saving after space was freed: %v", err)
	}
	for _, e := range acked {
		got, err := j.Get(e.ID)
		if err != nil || got.Body != e.Body {
			t.Fatalf("acknowledged entry %q lost after the disk was full: %v", e.Title, err)
		}
	}
	if _, problems, err := j.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

// TestReadOnlyDisk opens a journal on a disk that turned read-only, and
// exports onto one: both fail with an error that says so, and the journal
// opens again, intact, once the disk is writable.
func TestReadOnlyDisk(t *testing.T) {
	if !journaltest.Inside(t) {
		return
	}
	mnt := t.TempDir()
	journaltest.MountTmpfs(t, mnt, 64<<20)
	dir := filepath.Join(mnt, "j")
	j, err := journal.Init(dir, journaltest.Passphrase, &journal.Options{KDF: journal.TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	e, err := j.Add(journal.Entry{Date: journal.Date{2026, 4, 1}, Body: "written before"})
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	journaltest.SetReadOnly(t, mnt, true)
	if _, err := journal.Open(dir, journaltest.Passphrase, nil); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("opening on a read-only disk: %v", err)
	}
	elsewhere, _ := journaltest.New(t)
	if _, err := elsewhere.Add(journal.Entry{Date: journal.Date{2026, 4, 2}, Body: "x"}); err != nil {
		t.Fatal(err)
	}
	for _, single := range []bool{false, true} {
		if _, err := markdown.Export(elsewhere, filepath.Join(mnt, "export"), markdown.Options{SingleFile: single}); err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("exporting onto a read-only disk (single file %v): %v", single, err)
		}
	}
	if err := elsewhere.Backup(filepath.Join(mnt, "b.backup")); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("backing up onto a read-only disk: %v", err)
	}
	journaltest.SetReadOnly(t, mnt, false)
	j, err = journal.Open(dir, journaltest.Passphrase, nil)
	if err != nil {
		t.Fatalf("opening once writable again: %v", err)
	}
	defer j.Close()
	if got, err := j.Get(e.ID); err != nil || got.Body != "written before" {
		t.Fatalf("entry after the read-only spell: %v", err)
	}
}
