package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// buttonIn finds the button labelled text in o's tree, or nil.
func buttonIn(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	switch v := o.(type) {
	case *widget.Button:
		if v.Text == text {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if b := buttonIn(t, c, text); b != nil {
				return b
			}
		}
	case fyne.Widget:
		r := test.TempWidgetRenderer(t, v)
		for _, c := range r.Objects() {
			if b := buttonIn(t, c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// tapDialogButton taps the button labelled text in the dialog on show.
func tapDialogButton(t *testing.T, u *App, text string) {
	t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog on show")
	}
	b := buttonIn(t, top, text)
	if b == nil {
		t.Fatalf("the dialog has no %q button", text)
	}
	test.Tap(b)
}

// damagedJournal makes a journal with a backup holding one entry, a second
// entry written after it, and then damage: Candor's opens of it kept dying.
func damagedJournal(t *testing.T) string {
	t.Helper()
	dir := makeJournal(t, 1)
	j, err := journal.Open(dir, []byte(testPass), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.AutoBackup(journal.Date{Year: 2026, Month: 11, Day: 20}); err != nil {
		t.Fatal(err)
	}
	if _, err := j.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 11, Day: 21}, Body: "after the backup"}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	if err := os.WriteFile(filepath.Join(dir, "candor.opening"), []byte("2"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDamagedJournalOffersRestore(t *testing.T) {
	dir := damagedJournal(t)
	u, _ := newTestApp(t, dir)
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.unlock)
	settle(u)
	s := u.restore
	if s == nil || u.current != s.content || !s.damaged {
		t.Fatal("a damaged journal did not lead to the restore screen")
	}
	if u.win.Canvas().Focused() != s.pass {
		t.Error("the passphrase field does not have focus")
	}
	if len(s.backups) != 1 || s.path() != s.backups[0].Path || !strings.Contains(s.list.Options[0], "Friday 20 November 2026") {
		t.Fatalf("backups offered: %q (selected %q)", s.list.Options, s.path())
	}
	// A wrong passphrase changes nothing.
	test.Type(s.pass, "not the passphrase")
	test.Tap(s.restore)
	settle(u)
	if u.current != s.content || !strings.Contains(s.message.Text, "does not open this backup") {
		t.Fatalf("wrong passphrase: %q", s.message.Text)
	}
	if _, err := os.Stat(filepath.Join(dir, "candor.opening")); err != nil {
		t.Fatal("the damaged journal was touched")
	}
	// The right one restores the backup and opens it.
	u.cfg.now = func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.Local) }
	test.Type(s.pass, testPass)
	test.Tap(s.restore)
	settle(u)
	if u.main == nil || u.session.journal == nil || u.restore != nil {
		t.Fatalf("not unlocked after the restore: %q", s.message.Text)
	}
	if n, _ := u.session.journal.Count(); n != 1 {
		t.Errorf("restored journal holds %d entries, want 1", n)
	}
	kept := dir + ".replaced-2026-11-27-100000"
	if _, err := os.Stat(filepath.Join(kept, "candor.opening")); err != nil {
		t.Errorf("the damaged journal was not kept in %s: %v", kept, err)
	}
	if u.dlg.open == nil {
		t.Error("no word on where the damaged journal went")
	}
}

func TestMissingKeyFileOffersRestore(t *testing.T) {
	dir := damagedJournal(t)
	os.Remove(filepath.Join(dir, "candor.opening"))
	os.Remove(filepath.Join(dir, "journal.key"))
	u, _ := newTestApp(t, dir)
	if u.restore == nil || u.current != u.restore.content || u.setup != nil {
		t.Fatal("a journal without its key file did not lead to the restore screen")
	}
	// Back goes to Start again, which shows the same screen: never setup,
	// which would hide the database.
	test.Tap(u.restore.back)
	if u.restore == nil || u.setup != nil {
		t.Fatal("Back offered to create a new journal over the old database")
	}
}

func TestRestoreFromSettings(t *testing.T) {
	u := unlocked(t, 2)
	if _, err := u.session.journal.AutoBackup(journal.Date{Year: 2026, Month: 11, Day: 25}); err != nil {
		t.Fatal(err)
	}
	u.main.settings.onRestore()
	tapDialogButton(t, u, "Yes")
	s := u.restore
	if s == nil || u.session.journal != nil || s.damaged {
		t.Fatal("Restore a backup… did not lock and show the restore screen")
	}
	// Back returns to the unlock screen; nothing changed.
	test.Tap(s.back)
	if u.unlock == nil || u.current != u.unlock.content {
		t.Fatal("Back did not return to the unlock screen")
	}
	u.main = nil
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.unlock)
	settle(u)
	if n, _ := u.session.journal.Count(); n != 2 {
		t.Errorf("journal holds %d entries after Back, want 2", n)
	}
}

func TestRestorePicksAFile(t *testing.T) {
	dir := damagedJournal(t)
	list, _ := journal.ListBackups(dir)
	elsewhere := filepath.Join(t.TempDir(), "mine.backup")
	b, _ := os.ReadFile(list[0].Path)
	os.WriteFile(elsewhere, b, 0o600)
	os.RemoveAll(journal.BackupsDir(dir))
	u, _ := newTestApp(t, dir)
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.unlock)
	settle(u)
	s := u.restore
	test.Tap(s.restore)
	if !strings.Contains(s.message.Text, "Choose a backup") {
		t.Fatalf("no backup chosen: %q", s.message.Text)
	}
	s.pickFile(elsewhere)
	test.Type(s.pass, testPass)
	test.Tap(s.restore)
	settle(u)
	if u.session.journal == nil {
		t.Fatalf("not restored: %q", s.message.Text)
	}
}

func TestRestoreFromSettingsWaitsForTheText(t *testing.T) {
	u := unlocked(t, 1)
	test.Type(u.main.today.body, "not saved yet")
	u.main.settings.onRestore()
	if u.dlg.open == nil || u.session.journal == nil {
		t.Fatal("offered to replace the journal while text is being written")
	}
	u.dlg.escape()
	if u.main.today.body.Text != "not saved yet" {
		t.Fatal("the text was touched")
	}
}
