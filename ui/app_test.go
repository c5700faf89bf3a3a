package ui

import (
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"candor/journal"
	"candor/journal/coach"
	"candor/prompts"
)

const testPass = "ui test passphrase"

func cheap() *journal.Options { return &journal.Options{KDF: journal.TestKDF} }

// quietReviewDay sets the app-wide review day to one whose offer is not
// open today, so that tests on the real clock see the daily prompt whatever
// the day they run; tests of the review set their own day.
func quietReviewDay(p fyne.Preferences) {
	p.SetString(prefReview, ((time.Now().Weekday() + 1) % 7).String()) // offered from tomorrow
}

func newTestApp(t *testing.T, dir string) (*App, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	quietReviewDay(a.Preferences())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(900, 640))
	u := New(a, w, Config{Dir: dir, Version: "test", options: cheap()})
	queueUI(u, 16)
	t.Cleanup(func() {
		if u.session.journal != nil {
			u.session.journal.Close()
		}
	})
	u.Start()
	return u, w
}

// uiQueues holds, per app, the results background work sends to the UI
// thread; in tests the test goroutine plays the UI thread. It is a sync.Map
// so that parallel tests may each have their own app.
var uiQueues sync.Map // *App → chan func()

// queueUI makes u's background results wait in a queue of size n until the
// test runs them (settle).
func queueUI(u *App, n int) {
	u.session.backupAfter = 0 // settle waits for it: tests need not wait 20 s
	u.paintWait = 0           // the test canvas never paints
	q := make(chan func(), n)
	u.bg.deliver = func(f func()) { q <- f }
	uiQueues.Store(u, q)
}

// uiQueue returns the queue queueUI gave u.
func uiQueue(u *App) chan func() {
	q, _ := uiQueues.Load(u)
	return q.(chan func())
}

// settle runs queued UI work until no background task is in flight.
func settle(u *App) { drain(u.bg, uiQueue(u)) }

// drain runs the functions r delivers to q until r has nothing in flight.
func drain(r *runner, q chan func()) {
	deadline := time.After(20 * time.Second)
	for r.busy() {
		select {
		case f := <-q:
			f()
		case <-deadline:
			panic("background work did not finish in 20 s")
		}
	}
}

func makeJournal(t *testing.T, entries int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "journal")
	j, err := journal.Init(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < entries; i++ {
		if _, err := j.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 11, Day: 1 + i}, Body: "secret body"}); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	return dir
}

func TestFirstRunCreatesJournal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "fresh")
	u, w := newTestApp(t, dir)
	s := u.setup
	if s == nil || u.current != s.content {
		t.Fatal("first run did not show the setup screen")
	}
	if w.Canvas().Focused() != s.pass {
		t.Error("the passphrase field does not have focus")
	}
	test.Type(s.pass, "abc")
	if !strings.Contains(s.strength.Text, "Weak") {
		t.Errorf("strength for abc: %q", s.strength.Text)
	}
	s.pass.SetText("four unrelated words here")
	if !strings.Contains(s.strength.Text, "Strong") && !strings.Contains(s.strength.Text, "Good") {
		t.Errorf("strength for a long phrase: %q", s.strength.Text)
	}
	s.confirm.SetText("something else")
	test.Tap(s.create)
	if !strings.Contains(s.message.Text, "differ") {
		t.Fatalf("mismatch message: %q", s.message.Text)
	}
	if u.session.journal != nil {
		t.Fatal("created a journal with mismatched passphrases")
	}
	// A weak passphrase asks again; choosing another creates nothing.
	s.pass.SetText("abc123")
	s.confirm.SetText("abc123")
	test.Tap(s.create)
	if u.dlg.open == nil {
		t.Fatal("a weak passphrase was taken without a second confirmation")
	}
	tapDialogButton(t, u, "Choose another")
	settle(u)
	if u.session.journal != nil || journal.HasKeyFile(dir) {
		t.Fatal("declining a weak passphrase created a journal")
	}
	s.pass.SetText("four unrelated words here")
	s.confirm.SetText("four unrelated words here")
	test.Tap(s.create)
	settle(u)
	if u.main == nil || u.current != u.main.content || u.main.journal.count.Text != "No entries yet." {
		t.Fatal("after create: not on the main screen with an empty journal")
	}
	if s.pass.Text != "" || s.confirm.Text != "" {
		t.Error("setup fields still hold the passphrase")
	}
	u.lock()
	if _, err := journal.Open(dir, []byte("four unrelated words here"), nil); err != nil {
		t.Fatalf("the created journal does not open with its passphrase: %v", err)
	}
}

func TestUnlockWrongThenRight(t *testing.T) {
	dir := makeJournal(t, 3)
	u, w := newTestApp(t, dir)
	s := u.unlock
	if s == nil || u.current != s.content {
		t.Fatal("unlock screen not shown")
	}
	if w.Canvas().Focused() != s.pass {
		t.Error("the passphrase field does not have focus")
	}
	test.Type(s.pass, "wrong one")
	s.pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(u)
	if !strings.Contains(s.message.Text, "not right") {
		t.Fatalf("wrong passphrase message: %q", s.message.Text)
	}
	if s.pass.Text != "" {
		t.Error("the field was not cleared after a wrong passphrase")
	}
	if w.Canvas().Focused() != s.pass {
		t.Error("the field lost focus after a wrong passphrase")
	}
	test.Type(s.pass, testPass)
	test.Tap(s.unlock)
	settle(u)
	if u.main == nil || u.current != u.main.content || u.main.journal.count.Text != "3 entries." {
		t.Fatal("after unlock: not on the main screen showing 3 entries")
	}

	// While unlocked, nobody else may open the journal.
	if _, err := journal.ClaimDir(dir); !errors.Is(err, journal.ErrInUse) {
		t.Fatalf("claim while the app is unlocked: %v", err)
	}
	// Ctrl+L locks: the journal closes and the unlock screen returns, empty.
	u.lock()
	if u.session.journal != nil || u.main != nil {
		t.Fatal("Lock kept the journal or the main screen")
	}
	if u.unlock == nil || u.unlock.pass.Text != "" || u.current != u.unlock.content {
		t.Fatal("Lock did not return to an empty unlock screen")
	}
	c, err := journal.ClaimDir(dir)
	if err != nil {
		t.Fatalf("claim after lock: %v", err)
	}
	c.Release()
}

func TestUnlockSaysInUseBeforeAsking(t *testing.T) {
	dir := makeJournal(t, 0)
	c, err := journal.ClaimDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := newTestApp(t, dir)
	s := u.unlock
	if s.pass.Visible() || !s.retry.Visible() || !strings.Contains(s.message.Text, "in use") {
		t.Fatalf("in-use journal: field visible=%v, retry visible=%v, message %q", s.pass.Visible(), s.retry.Visible(), s.message.Text)
	}
	c.Release()
	test.Tap(s.retry)
	if !s.pass.Visible() || s.message.Text != "" {
		t.Fatal("retry after release did not offer the passphrase field")
	}
}

func TestLockShortcut(t *testing.T) {
	dir := makeJournal(t, 1)
	u, w := newTestApp(t, dir)
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.unlock)
	settle(u)
	if u.session.journal == nil {
		t.Fatal("did not unlock")
	}
	sc := lockShortcut
	w.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(&sc)
	if u.session.journal != nil {
		t.Fatal("Ctrl+L did not lock")
	}
}

func TestEstimateStrength(t *testing.T) {
	for _, tc := range []struct {
		p    string
		want strength
	}{
		{"", strengthNone},
		{"abc", strengthWeak},
		{"password123", strengthWeak},
		{"aaaaaaaaaaaaaaaa", strengthWeak},
		{"Tr0ub4dor&3", strengthFair},
		{"four unrelated words here", strengthGood},
		{"correct horse battery staple", strengthStrong},
	} {
		if got, bits := estimateStrength(tc.p); got != tc.want {
			t.Errorf("%q: %v (%.0f bits), want %v", tc.p, got, bits, tc.want)
		}
	}
}

func TestTodayShowsPromptOfTheDay(t *testing.T) {
	dir := makeJournal(t, 2)
	u, _ := newTestApp(t, dir)
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.unlock)
	settle(u)
	s := u.main.today
	want, err := coach.DailyPrompt(u.session.journal, journal.Today(), 0, prompts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.prompt.Text != want.Prompt.Text || s.reason.Text != want.Reason || !strings.Contains(strings.ToLower(s.areaLabel.Text), want.Prompt.Area) {
		t.Fatalf("Today shows %q / %q / %q, want %q / %q", s.areaLabel.Text, s.prompt.Text, s.reason.Text, want.Prompt.Text, want.Reason)
	}
	test.Tap(s.another)
	settle(u)
	if s.prompt.Text == want.Prompt.Text || !strings.HasPrefix(s.reason.Text, "Another question") {
		t.Fatalf("Another prompt kept %q (%q)", s.prompt.Text, s.reason.Text)
	}
}

// TestSpareMainScreen: the main screen built while the passphrase is typed
// is the one the unlock shows, holding nothing of the journal before; a lock throws it
// away with the journal, and the next is built anew. One built before the
// day, the theme or the scale changed is not used.
func TestSpareMainScreen(t *testing.T) {
	dir := makeJournal(t, 3)
	now := time.Date(2026, 11, 30, 23, 59, 0, 0, time.Local)
	u, _ := newTestApp(t, dir)
	u.cfg.now = func() time.Time { return now }
	if u.spare != nil {
		t.Fatal("the main screen was built before a key was typed")
	}
	test.Type(u.unlock.pass, "x")
	select {
	case f := <-uiQueue(u):
		f()
	case <-time.After(10 * time.Second):
		t.Fatal("typing did not get the main screen built")
	}
	spare := u.spare
	if spare == nil {
		t.Fatal("no main screen was built behind the unlock screen")
	}
	u.unlock.pass.SetText("")
	u.prepareMain()
	if u.spare != spare {
		t.Fatal("a second main screen was built")
	}
	for _, text := range spare.texts() {
		if strings.Contains(text, "secret") {
			t.Fatalf("the spare shows %q before the unlock", text)
		}
	}
	unlockNow(t, u)
	if u.main != spare || u.spare != nil || u.current != spare.content {
		t.Fatal("the unlock did not show the spare main screen")
	}
	if u.main.journal.count.Text != "3 entries." {
		t.Fatalf("the Journal tab says %q", u.main.journal.count.Text)
	}
	u.lock()
	u.prepareMain()
	if u.spare == nil || u.spare == spare {
		t.Fatal("the next spare was not built anew")
	}
	for name, change := range map[string]func(){
		"day":   func() { now = now.Add(2 * time.Minute) },
		"theme": func() { u.app.Settings().SetTheme(newTheme(themeDark)) },
	} {
		u.lock()
		u.prepareMain()
		spare = u.spare
		change()
		unlockNow(t, u)
		if u.main == spare {
			t.Errorf("a spare built before the %s changed was used", name)
		}
	}
}
