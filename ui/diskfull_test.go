//go:build linux

package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"candor/journal"
	"candor/journal/journaltest"
)

// TestSaveOnFullDisk saves on a disk that is full: the app says so, the
// text stays in the editor, and once space is freed the same text saves.
func TestSaveOnFullDisk(t *testing.T) {
	if !journaltest.Inside(t) {
		return
	}
	mnt := t.TempDir()
	journaltest.MountTmpfs(t, mnt, 64<<20)
	dir := filepath.Join(mnt, "journal")
	j, err := journal.Init(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	u := unlockedIn(t, dir)
	settle(u)
	s := u.main.today
	test.Type(s.body, "Words I must not lose.")
	free := journaltest.Fill(t, mnt)
	test.Tap(s.save)
	settle(u)
	if u.dlg.open == nil {
		t.Fatal("no word that the save failed")
	}
	if s.body.Text != "Words I must not lose." {
		t.Fatalf("the editor now holds %q", s.body.Text)
	}
	if n, _ := u.session.journal.Count(); n != 0 {
		t.Fatalf("%d entries after a failed save", n)
	}
	u.dlg.escape()
	// Locking would lose the text (no room for the draft) or crash while
	// closing: Candor stays unlocked and says why, once.
	u.lock()
	if u.session.journal == nil || u.main == nil || s.body.Text != "Words I must not lose." {
		t.Fatal("locked on a full disk, losing the text on screen")
	}
	if u.dlg.open == nil {
		t.Fatal("no word why the journal stays unlocked")
	}
	u.dlg.escape()
	u.lock()
	if u.dlg.open != nil {
		t.Error("the refusal was said again")
	}
	free()
	test.Tap(s.save)
	settle(u)
	if n, _ := u.session.journal.Count(); n != 1 || s.body.Text != "" {
		t.Fatalf("after freeing space: %d entries, editor %q", n, s.body.Text)
	}
	// With room again, locking works.
	u.lock()
	if u.session.journal != nil || u.unlock == nil {
		t.Fatal("did not lock once space was freed")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}
