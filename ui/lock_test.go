package ui

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"candor/journal"
)

// fakeView records what a session asks of the screens.
type fakeView struct {
	calls []string
	text  string
	// draftErr is what saveDraft returns.
	draftErr error
}

func (v *fakeView) start()            { v.calls = append(v.calls, "start") }
func (v *fakeView) saveDraft() error  { v.calls = append(v.calls, "saveDraft"); return v.draftErr }
func (v *fakeView) texts() []string   { return []string{v.text} }
func (v *fakeView) wipe()             { v.calls = append(v.calls, "wipe"); v.text = "" }
func (v *fakeView) painted(fn func()) { fn() }
func (v *fakeView) indexed()          { v.calls = append(v.calls, "indexed") }

// sessionTest is a session on a real journal, with its results queued for
// the test to run.
type sessionTest struct {
	s      *session
	q      chan func()
	app    fyne.App
	dir    string
	now    time.Time
	locked []bool
}

func newSessionTest(t *testing.T) *sessionTest {
	t.Helper()
	st := &sessionTest{dir: makeJournal(t, 1), now: time.Date(2026, 11, 27, 9, 0, 0, 0, time.Local)}
	st.app = test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	bg, q := queuedRunner()
	st.q = q
	clock := func() time.Time { return st.now }
	st.s = &session{bg: bg, dlg: &dialogs{win: w}, prefs: st.app.Preferences(), clipboard: st.app.Clipboard, now: clock,
		reminder: &reminder{prefs: st.app.Preferences(), notify: st.app.SendNotification, bg: bg, now: clock},
		locked:   func(showUnlock bool) { st.locked = append(st.locked, showUnlock) }}
	t.Cleanup(func() {
		if st.s.journal != nil {
			st.s.journal.Close()
		}
	})
	return st
}

// open unlocks the journal and starts the session on v.
func (st *sessionTest) open(t *testing.T, v *fakeView) {
	t.Helper()
	j, err := journal.Open(st.dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	st.s.open(j, func() unlockedView {
		if st.s.current() != j {
			t.Error("the screens were built before the journal was set")
		}
		v.calls = append(v.calls, "show")
		return v
	})
	drain(st.s.bg, st.q)
}

// TestSessionOpenBootstraps: open shows and starts the screens, and tells
// them when the search index is ready.
func TestSessionOpenBootstraps(t *testing.T) {
	st := newSessionTest(t)
	v := &fakeView{}
	st.open(t, v)
	if strings.Join(v.calls, ",") != "show,start,indexed" {
		t.Fatalf("open asked the screens for %v", v.calls)
	}
	if st.s.timer == nil || !st.s.lastActivity.Equal(st.now) {
		t.Fatal("open did not start the timers or record activity")
	}
	// Today's automatic backup was made.
	if ents, err := os.ReadDir(journal.BackupsDir(st.dir)); err != nil || len(ents) != 1 {
		t.Fatalf("automatic backup: %v %v", ents, err)
	}
	// The search index was built in the background: a search answers.
	if _, err := st.s.current().Search("secret", 10); err != nil {
		t.Fatal(err)
	}
}

// TestDailyBackupWaits: today's automatic backup waits backupAfter after
// an unlock, so it does not compete with the first minutes of writing; a
// session locked before then leaves it to the next unlock.
func TestDailyBackupWaits(t *testing.T) {
	backups := func(st *sessionTest) int {
		ents, _ := os.ReadDir(journal.BackupsDir(st.dir))
		return len(ents)
	}
	// runDue waits past the delay and runs what the timer handed over.
	runDue := func(st *sessionTest) {
		select {
		case f := <-st.q:
			f()
		case <-time.After(5 * time.Second):
			t.Fatal("the backup timer never fired")
		}
		drain(st.s.bg, st.q)
	}
	st := newSessionTest(t)
	st.s.backupAfter = 100 * time.Millisecond
	st.open(t, &fakeView{})
	if n := backups(st); n != 0 {
		t.Fatalf("%d backups right after the unlock, want none yet", n)
	}
	runDue(st)
	if n := backups(st); n != 1 {
		t.Fatalf("%d backups after the delay, want 1", n)
	}

	st = newSessionTest(t)
	st.s.backupAfter = 100 * time.Millisecond
	st.open(t, &fakeView{})
	if !st.s.lock(false) {
		t.Fatal("lock refused")
	}
	runDue(st)
	if n := backups(st); n != 0 {
		t.Fatalf("%d backups after a lock before the delay, want none", n)
	}
}

// TestSessionOpenMakesTheJournalPrivate: a journal folder other users
// could open is made private again on unlock, and a note says so.
func TestSessionOpenMakesTheJournalPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permissions are not mode bits on Windows")
	}
	st := newSessionTest(t)
	os.Chmod(st.dir, 0o755)
	st.open(t, &fakeView{})
	if info, _ := os.Stat(st.dir); info.Mode().Perm() != 0o700 {
		t.Fatalf("the folder is %04o after unlock", info.Mode().Perm())
	}
	d, ok := st.s.dlg.open.(interface{ Dismiss() })
	if !ok || d == nil {
		t.Fatal("no note was shown")
	}
	note := permissionsNote([]journal.PermProblem{{Path: st.dir, What: "the journal folder", Mode: 0o755, Want: 0o700}})
	if !strings.Contains(note, st.dir+" had mode 0755") || !strings.Contains(note, "private again") {
		t.Errorf("note: %s", note)
	}
	// A private journal gets no note.
	st2 := newSessionTest(t)
	st2.open(t, &fakeView{})
	if st2.s.dlg.open != nil {
		t.Error("a note was shown for a private journal")
	}
}

func TestSessionLockClearsScreensAndClipboard(t *testing.T) {
	st := newSessionTest(t)
	v := &fakeView{text: "a private line of the entry"}
	st.open(t, v)
	st.app.Clipboard().SetContent("private line")
	st.s.dlg.confirm("A question", "Left open?", func() { t.Error("the question answered itself") })
	late := false
	st.s.bg.run(func() {}, func() { late = true }) // work started before the lock
	if !st.s.lock(true) {
		t.Fatal("lock refused")
	}
	drain(st.s.bg, st.q)
	if strings.Join(v.calls, ",") != "show,start,indexed,saveDraft,wipe" {
		t.Fatalf("lock asked the screens for %v", v.calls)
	}
	if st.s.current() != nil || st.s.view != nil || st.s.timer != nil {
		t.Fatal("the session still holds the journal, the screens or the timers")
	}
	if c := st.app.Clipboard().Content(); c != "" {
		t.Fatalf("the clipboard still holds %q", c)
	}
	if st.s.dlg.open != nil {
		t.Fatal("the question survived the lock")
	}
	if late {
		t.Fatal("a result from before the lock reached the screens")
	}
	if fmt.Sprint(st.locked) != "[true]" {
		t.Fatalf("locked called with %v", st.locked)
	}
	// The journal is closed: another process may claim it.
	c, err := journal.ClaimDir(st.dir)
	if err != nil {
		t.Fatalf("claim after lock: %v", err)
	}
	c.Release()
	// Locking again is a no-op that succeeds.
	if !st.s.lock(false) || len(st.locked) != 1 {
		t.Fatal("a second lock did something")
	}
}

func TestSessionLockLeavesOtherClipboardText(t *testing.T) {
	st := newSessionTest(t)
	st.open(t, &fakeView{text: "my entry"})
	st.app.Clipboard().SetContent("from another program")
	st.s.lock(false)
	if c := st.app.Clipboard().Content(); c != "from another program" {
		t.Fatalf("the clipboard from elsewhere was cleared: %q", c)
	}
	if fmt.Sprint(st.locked) != "[false]" {
		t.Fatalf("locked called with %v", st.locked)
	}
}

func TestSessionRefusesToLockOnAFullDisk(t *testing.T) {
	st := newSessionTest(t)
	v := &fakeView{text: "words to keep", draftErr: fmt.Errorf("saving: %w", journal.ErrDiskFull)}
	st.open(t, v)
	if st.s.lock(true) {
		t.Fatal("locked although the draft could not be saved")
	}
	if st.s.current() == nil || v.text == "" || len(st.locked) != 0 {
		t.Fatal("a refused lock closed the journal or wiped the screens")
	}
	if st.s.dlg.open == nil {
		t.Fatal("no word why the journal stays open")
	}
	st.s.dlg.escape()
	st.s.lock(true)
	if st.s.dlg.open != nil {
		t.Fatal("the refusal was said twice")
	}
	// Any other draft error does not stop a lock.
	v.draftErr = errors.New("the entry is too long")
	if !st.s.lock(true) || st.s.current() != nil {
		t.Fatal("a draft error other than a full disk stopped the lock")
	}
}

func TestSessionAutoLocksWhenIdle(t *testing.T) {
	st := newSessionTest(t)
	st.open(t, &fakeView{})
	st.now = st.now.Add(defaultAutoLock*time.Minute - time.Second)
	st.s.checkIdle()
	if st.s.current() == nil {
		t.Fatal("locked before the auto-lock time")
	}
	st.s.touch()
	st.now = st.now.Add(defaultAutoLock * time.Minute)
	st.s.checkIdle()
	if st.s.current() != nil || fmt.Sprint(st.locked) != "[true]" {
		t.Fatal("not locked, with the unlock screen, after the idle time")
	}
	st.s.checkIdle() // locked: nothing to do
	st.s.checkReminder()
}

// TestSessionTimerWaitsUntilDue: the session's one timer waits until
// auto-lock or the reminder is due, at most a minute, instead of ticking.
func TestSessionTimerWaitsUntilDue(t *testing.T) {
	st := newSessionTest(t)
	st.open(t, &fakeView{})
	if d := st.s.nextDue(); d != waitAtMost {
		t.Fatalf("just unlocked, the timer waits %v", d)
	}
	st.now = st.now.Add(defaultAutoLock*time.Minute - 20*time.Second)
	if d := st.s.nextDue(); d != 20*time.Second {
		t.Fatalf("20 s before auto-lock, the timer waits %v", d)
	}
	st.now = st.now.Add(time.Minute)
	if d := st.s.nextDue(); d != retryAfter {
		t.Fatalf("past auto-lock (a refused lock), the timer waits %v", d)
	}
	st.s.touch()
	st.s.prefs.SetInt(prefAutoLock, 0) // never
	st.s.prefs.SetString(prefReminder, st.now.Add(30*time.Second).Format("15:04"))
	want := time.Date(st.now.Year(), st.now.Month(), st.now.Day(), st.now.Hour(), st.now.Minute()+1, 0, 0, time.Local).Sub(st.now)
	if d := st.s.nextDue(); d != want {
		t.Fatalf("before the reminder, the timer waits %v, not %v", d, want)
	}
	st.s.reminder.sentOn = journal.DateOf(st.now)
	if d := st.s.nextDue(); d != waitAtMost {
		t.Fatalf("with the reminder sent, the timer waits %v", d)
	}
	old := st.s.timer
	st.s.arm()
	if st.s.timer == old || old.Stop() {
		t.Fatal("arming again did not replace and stop the timer")
	}
}

// dialogs remembers the dialog on show, so that Esc and a lock can close it,
// and forgets it once it is closed.
func TestDialogsRememberTheOneOnShow(t *testing.T) {
	w := test.NewTempWindow(t, nil)
	ds := &dialogs{win: w}
	if ds.escape() {
		t.Fatal("escape with no dialog reported one")
	}
	d := dialog.NewInformation("One", "message", w)
	ds.show(d)
	if ds.open != d || !ds.escape() || ds.open != nil {
		t.Fatal("escape did not close the dialog on show")
	}
	ds.showError(fmt.Errorf("%w: test", journal.ErrWrongPassphrase))
	if ds.open == nil {
		t.Fatal("no error dialog")
	}
	ds.open.Hide() // closed by its own button
	if ds.open != nil {
		t.Fatal("a dialog closed by its button is still remembered")
	}
}

// TestLockAfterTheDisplayWent locks as the app does once its event loop has
// ended (a SIGTERM at logout): the clipboard, whose display is gone, is not
// touched (here it would panic), and the journal is closed.
func TestLockAfterTheDisplayWent(t *testing.T) {
	st := newSessionTest(t)
	v := &fakeView{text: "private line"}
	st.open(t, v)
	st.s.clipboard = func() fyne.Clipboard { panic("NotInitialized: The GLFW library is not initialized") }
	st.s.stopped = true
	if !st.s.lock(false) {
		t.Fatal("lock refused")
	}
	if st.s.current() != nil {
		t.Fatal("the journal is still open")
	}
	// The text being written is stored as the draft, as in any lock; the
	// widgets, off screen for good, are left alone (they may not be
	// touched off the UI thread).
	if strings.Join(v.calls, ",") != "show,start,indexed,saveDraft" {
		t.Fatalf("lock asked the screens for %v", v.calls)
	}
	// Even a display that goes between the check and the call is survived.
	st.open(t, &fakeView{text: "private line"})
	st.s.stopped = false
	if !st.s.lock(false) || st.s.current() != nil {
		t.Fatal("a panicking clipboard stopped the lock")
	}
}

// TestStopHooksAreRunAfterTheLoop checks what ends the app once its event
// loop has ended (a SIGTERM, SIGINT or SIGHUP, or Ctrl+Q). Fyne 2.7.1 would
// hand its stop hooks to a goroutine that races the loop's shutdown (the
// hook may be dropped unrun, or panic), so New takes them off the
// lifecycle, and Run's stopped runs them itself: the draft typed is saved,
// the journal closed, and Fyne's own hook (it saves the preferences) runs
// once, after the lock.
func TestStopHooksAreRunAfterTheLoop(t *testing.T) {
	dir := makeJournal(t, 0)
	a := test.NewTempApp(t)
	quietReviewDay(a.Preferences())
	owner, ok := a.Lifecycle().(stopHookOwner)
	if !ok {
		t.Fatal("Fyne's lifecycle no longer offers its stop hooks: see takeStopHooks")
	}
	var u *App
	var order []string
	owner.SetOnStoppedHookExecuted(func() {
		if u.session.current() != nil {
			t.Error("Fyne's stop hook ran before the lock")
		}
		order = append(order, "fyne")
	})
	w := test.NewTempWindow(t, nil)
	u = New(a, w, Config{Dir: dir, Version: "test", options: cheap()})
	queueUI(u, 16)
	if owner.OnStopped() != nil {
		t.Fatal("a stop hook is left for Fyne to queue when the loop ends")
	}
	u.Start()
	unlockNow(t, u)
	test.Type(u.main.today.body, "typed just before the signal")
	u.session.clipboard = func() fyne.Clipboard { panic("NotInitialized: The GLFW library is not initialized") }
	u.stopped()
	if u.session.current() != nil {
		t.Fatal("the journal is still open")
	}
	u.stopped() // a second call does nothing
	if strings.Join(order, ",") != "fyne" {
		t.Fatalf("Fyne's stop hook ran %v", order)
	}
	d, found, err := reopenDraft(t, dir)
	if err != nil || !found || d.Body != "typed just before the signal" {
		t.Fatalf("draft after the loop ended: %q %v %v", d.Body, found, err)
	}
}

// TestScreenChangeEndsTheFocus checks that the widget with the focus is told
// it lost it when its screen goes: Fyne does not say so when the window's
// content is replaced, and a Fyne Entry left focused off screen keeps its
// caret blinking, redrawing the window, until its renderer is dropped.
func TestScreenChangeEndsTheFocus(t *testing.T) {
	u, w := newTestApp(t, makeJournal(t, 0))
	pass := u.unlock.pass
	passLeft := false
	pass.onBlur = func() { passLeft = true }
	if w.Canvas().Focused() != pass {
		t.Fatal("the passphrase field does not have the focus")
	}
	test.Type(pass, testPass)
	pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // as the user unlocks
	settle(u)
	if u.main == nil {
		t.Fatal("did not unlock")
	}
	if !passLeft {
		t.Fatal("the unlock screen went and its passphrase field was not told it lost the focus")
	}
	title := u.main.today.title
	titleLeft := false
	title.onBlur = func() { titleLeft = true }
	w.Canvas().Focus(title)
	u.lock()
	if u.unlock == nil || !titleLeft {
		t.Fatalf("locked: %v; the title field was told it lost the focus: %v", u.unlock != nil, titleLeft)
	}
}

// TestNoCaretInTheBackground locks the app while its window is in the
// background (an auto-lock while the user works elsewhere): the passphrase
// field takes the focus but shows it (a blinking caret, which redraws the
// window) only once the window comes to the front.
func TestNoCaretInTheBackground(t *testing.T) {
	u := unlocked(t, 0)
	type foreground interface {
		OnEnteredForeground() func()
		OnExitedForeground() func()
	}
	l, ok := u.app.Lifecycle().(foreground)
	if !ok {
		t.Fatal("Fyne's lifecycle no longer reports the window's focus")
	}
	l.OnExitedForeground()()
	u.lock()
	pass := u.unlock.pass
	if u.win.Canvas().Focused() != pass {
		t.Fatal("the passphrase field does not have the focus")
	}
	if pass.showsFocus {
		t.Fatal("the passphrase field shows its caret in a window in the background")
	}
	// The window comes to the front: Fyne tells the lifecycle, then the
	// focused widget.
	l.OnEnteredForeground()()
	pass.FocusGained()
	if !pass.showsFocus {
		t.Fatal("the passphrase field does not show its caret in the front window")
	}
	pass.FocusLost()
	if pass.showsFocus {
		t.Fatal("the caret stays after the focus went")
	}
}
