package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	"candor/journal/markdown"
)

// unlocked returns an app unlocked on a journal with n entries.
func unlocked(t *testing.T, n int) *App {
	t.Helper()
	return unlockedIn(t, makeJournal(t, n))
}

// unlockedIn returns an app unlocked on the journal in dir. Its main screen
// was built while locked, as the app does while the passphrase is typed.
func unlockedIn(t *testing.T, dir string) *App {
	t.Helper()
	u, _ := newTestApp(t, dir)
	u.prepareMain()
	unlockNow(t, u)
	return u
}

// unlockNow types the passphrase on u's unlock screen, taps Unlock and
// waits for the main screen.
func unlockNow(t *testing.T, u *App) {
	t.Helper()
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.unlock)
	settle(u)
	if u.main == nil {
		t.Fatal("did not unlock")
	}
}

func TestWriteAndSave(t *testing.T) {
	u := unlocked(t, 0)
	s := u.main.today
	test.Type(s.title, "Hard conversation")
	test.Type(s.body, "I told the team the launch would slip.\n\n**It went well.**")
	s.area.SetSelected(areaTitle(journal.AreaProblemSolving))
	if !strings.Contains(s.ratingQ.Text, "problem-solving") {
		t.Errorf("rating question: %q", s.ratingQ.Text)
	}
	test.Tap(s.rating.Star(4))
	s.role.SetSelected(roleLeading)
	test.Type(s.tags, "courage, launch")
	test.Tap(s.save)
	settle(u)
	list, err := u.session.journal.List(journal.Query{})
	if err != nil || len(list) != 1 {
		t.Fatalf("store has %d entries (%v)", len(list), err)
	}
	e := list[0]
	if e.Title != "Hard conversation" || e.Body != "I told the team the launch would slip.\n\n**It went well.**" ||
		e.Area != journal.AreaProblemSolving || e.Rating != 4 || e.Role != journal.RoleLeader ||
		strings.Join(e.Tags, ",") != "courage,launch" || e.PromptID == "" || e.Prompt == "" || e.Date != journal.Today() {
		t.Fatalf("saved entry: %+v", e)
	}
	if s.body.Text != "" || s.title.Text != "" || s.rating.Value != 0 {
		t.Error("the editor was not cleared after saving")
	}
	if _, found, _ := u.session.journal.Draft(); found {
		t.Error("the draft survived a save")
	}
	if u.main.journal.count.Text != "1 entry." {
		t.Errorf("journal list: %q", u.main.journal.count.Text)
	}
	if !strings.Contains(s.streak.Text, "Today is written") {
		t.Errorf("streak: %q", s.streak.Text)
	}
	// The preview renders the Markdown.
	test.Type(s.body, "# Heading\n\nsome *text*")
	test.Tap(s.form.previewBtn)
	if md := s.preview.String(); !strings.Contains(md, "Heading") {
		t.Errorf("preview: %s", md)
	}
}

func TestDraftSurvivesLockAndComesBack(t *testing.T) {
	u := unlocked(t, 0)
	s := u.main.today
	test.Type(s.body, "half a thought")
	test.Type(s.title, "draft title")
	u.lock() // saves the draft synchronously
	if u.unlock == nil {
		t.Fatal("not locked")
	}
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.unlock)
	settle(u)
	s = u.main.today
	if s.body.Text != "half a thought" || s.title.Text != "draft title" {
		t.Fatalf("draft not restored: %q %q", s.title.Text, s.body.Text)
	}
	if !strings.Contains(s.status.Text, "draft") {
		t.Errorf("status: %q", s.status.Text)
	}
	// Autosave: a change arms a one-shot timer (nothing ticks while
	// nothing changes), and is stored without any save.
	armedBefore := s.autosave != nil
	s.body.SetText(s.body.Text + " and more")
	if s.autosave == nil {
		t.Fatalf("a change did not arm the autosave (armed before it: %v)", armedBefore)
	}
	s.saveDraft(false)
	settle(u)
	d, found, err := u.session.journal.Draft()
	if err != nil || !found || d.Body != "half a thought and more" {
		t.Fatalf("autosaved draft: %q %v %v", d.Body, found, err)
	}
}

func TestEditDeleteAndUndo(t *testing.T) {
	u := unlocked(t, 3)
	js := u.main.journal
	if len(js.rows) != 4 || js.rows[0].month != "November 2026" {
		t.Fatalf("rows: %+v", js.rows)
	}
	// Newest first.
	if js.rows[1].date.Day != 3 || js.rows[3].date.Day != 1 {
		t.Fatalf("order: %+v", js.rows)
	}
	js.list.Select(1)
	settle(u)
	if js.selected == nil || !strings.Contains(js.detail.String(), "secret body") {
		t.Fatal("selecting an entry did not show it")
	}
	id := js.selected.ID
	test.Tap(js.edit)
	ed := u.main.edit
	if !ed.active || ed.form.body.Text != "secret body" || u.main.body.Objects[0] != u.main.editLayer {
		t.Fatal("Edit did not open the entry on the edit screen")
	}
	ed.form.body.SetText("changed body")
	test.Tap(ed.save)
	settle(u)
	if ed.active || u.main.body.Objects[0] != u.main.tabsLayer || u.main.tabs.SelectedIndex() != tabJournal {
		t.Fatal("saving an edit did not return to the Journal")
	}
	got, err := u.session.journal.Get(id)
	if err != nil || got.Body != "changed body" || got.Date.Day != 3 {
		t.Fatalf("edited entry: %+v %v", got, err)
	}
	if n, _ := u.session.journal.Count(); n != 3 {
		t.Fatalf("editing made %d entries", n)
	}

	js.list.Select(1)
	settle(u)
	js.deleteNow(*js.selected)
	settle(u)
	if _, err := u.session.journal.Get(id); err == nil {
		t.Fatal("entry not deleted")
	}
	if !js.undoBar.Visible() {
		t.Fatal("no undo offered")
	}
	test.Tap(js.undo)
	settle(u)
	back, err := u.session.journal.Get(id)
	if err != nil || back.Body != "changed body" || !back.Created.Equal(got.Created) {
		t.Fatalf("undo did not restore the entry: %+v %v", back, err)
	}
	if js.undoBar.Visible() || len(js.rows) != 4 {
		t.Fatalf("after undo: bar visible %v, %d rows", js.undoBar.Visible(), len(js.rows))
	}
}

func TestLockClearsEverything(t *testing.T) {
	u := unlocked(t, 2)
	today, js, st := u.main.today, u.main.journal, u.main.settings
	test.Type(today.body, "private words in the editor")
	js.list.Select(1)
	settle(u)
	test.Type(st.oldPass, "typed")
	u.app.Clipboard().SetContent("words in the")
	u.lock()
	if today.body.Text != "" || today.title.Text != "" || today.prompt.Text != "" || len(js.rows) != 0 || js.selected != nil || st.oldPass.Text != "" {
		t.Fatal("a widget still holds private text after lock")
	}
	if strings.Contains(js.detail.String(), "secret") {
		t.Fatal("the entry view still shows the entry")
	}
	if c := u.app.Clipboard().Content(); c != "" {
		t.Fatalf("clipboard still holds %q copied from Candor", c)
	}
	// Text from elsewhere is left alone.
	u2 := unlocked(t, 0)
	u2.app.Clipboard().SetContent("from another program")
	u2.lock()
	if c := u2.app.Clipboard().Content(); c != "from another program" {
		t.Fatalf("clipboard from elsewhere was cleared: %q", c)
	}
}

func TestAutoLockWithFakeClock(t *testing.T) {
	dir := makeJournal(t, 0)
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.Local)
	u := unlockedAt(t, dir, &now, nil)
	now = now.Add(9 * time.Minute)
	u.session.checkIdle()
	if u.session.journal == nil {
		t.Fatal("locked before the default 10 minutes")
	}
	test.Type(u.main.today.body, "x") // activity
	now = now.Add(9 * time.Minute)
	u.session.checkIdle()
	if u.session.journal == nil {
		t.Fatal("typing did not postpone auto-lock")
	}
	now = now.Add(10 * time.Minute)
	u.session.checkIdle()
	if u.session.journal != nil {
		t.Fatal("not locked after 10 idle minutes")
	}
	if _, found, _ := reopenDraft(t, dir); !found {
		t.Fatal("auto-lock lost the text being written")
	}
}

func reopenDraft(t *testing.T, dir string) (journal.Entry, bool, error) {
	j, err := journal.Open(dir, []byte(testPass), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	return j.Draft()
}

func TestChangePassphraseFromSettings(t *testing.T) {
	u := unlocked(t, 1)
	st := u.main.settings
	test.Type(st.oldPass, "wrong")
	test.Type(st.newPass, "four unrelated words here")
	test.Type(st.repeat, "four unrelated words here")
	test.Tap(st.change)
	settle(u)
	if !strings.Contains(st.passMsg.Text, "not right") {
		t.Fatalf("wrong old passphrase: %q", st.passMsg.Text)
	}
	test.Type(st.oldPass, testPass)
	test.Type(st.newPass, "new one")
	test.Type(st.repeat, "new two")
	test.Tap(st.change)
	if !strings.Contains(st.passMsg.Text, "differ") {
		t.Fatalf("mismatch: %q", st.passMsg.Text)
	}
	st.repeat.SetText("new one")
	// "new one" is weak: a second confirmation comes first, and choosing
	// another passphrase changes nothing.
	test.Tap(st.change)
	tapDialogButton(t, u, "Choose another")
	settle(u)
	if strings.Contains(st.passMsg.Text, "changed") || st.newPass.Text != "new one" {
		t.Fatalf("declining the weak passphrase changed it: %q", st.passMsg.Text)
	}
	test.Tap(st.change)
	tapDialogButton(t, u, "Use it anyway")
	settle(u)
	if !strings.Contains(st.passMsg.Text, "changed") {
		t.Fatalf("change: %q", st.passMsg.Text)
	}
	dir := u.cfg.Dir
	u.lock()
	if _, err := journal.Open(dir, []byte(testPass), nil); err == nil {
		t.Fatal("the old passphrase still opens the journal")
	}
	j, err := journal.Open(dir, []byte("new one"), nil)
	if err != nil {
		t.Fatalf("the new passphrase does not open the journal: %v", err)
	}
	j.Close()
}

func TestShortcutsSwitchTabs(t *testing.T) {
	u := unlocked(t, 0)
	c := u.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) })
	for i, k := range tabShortcuts {
		sc := shortcutCtrl(k)
		c.TypedShortcut(&sc)
		if got := u.main.tabs.SelectedIndex(); got != i {
			t.Errorf("Ctrl+%d selected tab %d", i+1, got)
		}
	}
	sc := newShortcut
	c.TypedShortcut(&sc)
	if u.main.tabs.SelectedIndex() != 0 {
		t.Error("Ctrl+N did not go to Today")
	}
	// While typing in the editor, the shortcuts still work.
	two := shortcutCtrl(fyne.Key2)
	u.main.today.body.TypedShortcut(&two)
	if u.main.tabs.SelectedIndex() != 1 {
		t.Error("Ctrl+2 in the editor did not switch tabs")
	}
	copyShortcut := &fyne.ShortcutCopy{Clipboard: u.app.Clipboard()}
	u.main.today.body.SetText("copy me")
	u.main.today.body.TypedShortcut(copyShortcut) // still handled by the entry
	lock := lockShortcut
	u.main.today.body.TypedShortcut(&lock)
	if u.session.journal != nil {
		t.Error("Ctrl+L in the editor did not lock")
	}
}

func TestJournalListKnowsItsWholeLength(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "j")
	j, err := journal.Init(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	start := journal.Date{Year: 2025, Month: 1, Day: 1}
	for i := 0; i < 450; i++ {
		if _, err := j.Add(journal.Entry{Date: start.AddDays(i), Title: fmt.Sprint("Day ", i), Body: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	u := unlockedIn(t, dir)
	js := u.main.journal
	entries := 0
	for _, r := range js.rows {
		if r.month == "" {
			entries++
		}
	}
	// Every entry has its row from the start (15 months of headings), so
	// the scroll bar is true to the whole journal.
	if entries != 450 || len(js.rows) != 450+15 {
		t.Fatalf("the list holds %d entries in %d rows", entries, len(js.rows))
	}
	if js.count.Text != "450 entries." {
		t.Errorf("count: %q", js.count.Text)
	}
	var prev journal.Date
	for i, r := range js.rows {
		if r.month != "" {
			continue
		}
		if i > 1 && !r.date.Before(prev) {
			t.Fatalf("row %d (%s) is not older than %s", i, r.date, prev)
		}
		prev = r.date
	}
	// Titles are read on demand, for the rows on show only.
	u.main.selectTab(tabJournal)
	settle(u)
	if len(js.heads) == 0 || len(js.heads) > 60 {
		t.Fatalf("%d headlines read for the first screen", len(js.heads))
	}
	if js.heads[js.rows[1].id] != "Day 449" {
		t.Fatalf("first row's headline: %q", js.heads[js.rows[1].id])
	}
}

func TestEscapeClosesDialogs(t *testing.T) {
	u := unlocked(t, 1)
	js := u.main.journal
	js.list.Select(1)
	settle(u)
	test.Tap(js.del)
	if u.dlg.open == nil {
		t.Fatal("Delete did not ask first")
	}
	u.win.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.dlg.open != nil {
		t.Fatal("Esc did not close the dialog")
	}
	if n, _ := u.session.journal.Count(); n != 1 {
		t.Fatal("Esc deleted the entry")
	}
	// Esc from inside the editor, with the new-entry question open.
	u.main.selectTab(0)
	u.main.today.body.SetText("unsaved")
	u.newEntry()
	if u.dlg.open == nil {
		t.Fatal("Ctrl+N over unsaved text did not ask")
	}
	u.main.today.body.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.dlg.open != nil || u.main.today.body.Text != "unsaved" {
		t.Fatal("Esc in the editor did not cancel the question")
	}
}

func TestDailyReminder(t *testing.T) {
	dir := makeJournal(t, 0)
	now := time.Date(2026, 11, 27, 19, 0, 0, 0, time.Local)
	u := unlockedAt(t, dir, &now, func(p fyne.Preferences) { p.SetString(prefReminder, "20:30") })
	// Before the time: nothing.
	test.AssertNotificationSent(t, nil, func() { u.session.checkReminder(); settle(u) })
	now = now.Add(2 * time.Hour) // 21:00
	want := fyne.NewNotification("Candor", "A few minutes for today's reflection? Your prompt is waiting.")
	test.AssertNotificationSent(t, want, func() { u.session.checkReminder(); settle(u) })
	// Once a day only.
	test.AssertNotificationSent(t, nil, func() { u.session.checkReminder(); settle(u) })
	// Not when today is written.
	now = now.Add(24 * time.Hour)
	if _, err := u.session.journal.Add(journal.Entry{Date: journal.DateOf(now), Body: "done"}); err != nil {
		t.Fatal(err)
	}
	test.AssertNotificationSent(t, nil, func() { u.session.checkReminder(); settle(u) })
	if _, _, err := parseReminder("25:99"); err == nil {
		t.Error("25:99 accepted as a time")
	}
}

// unlockedAt unlocks the journal in dir in an app whose clock reads *now;
// prefs, when set, prepares the preferences first.
func unlockedAt(t *testing.T, dir string, now *time.Time, prefs func(fyne.Preferences)) *App {
	t.Helper()
	a := test.NewTempApp(t)
	if prefs != nil {
		prefs(a.Preferences())
	}
	w := test.NewTempWindow(t, nil)
	u := New(a, w, Config{Dir: dir, Version: "test", options: cheap(), now: func() time.Time { return *now }})
	queueUI(u, 16)
	u.Start()
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.unlock)
	settle(u)
	t.Cleanup(u.lock)
	return u
}

func TestSearchAsYouType(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "j")
	j, err := journal.Init(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	for i, body := range []string{"Delegated the roadmap to Priya.", "Budget talk over café.", "Quiet day, nothing special."} {
		if _, err := j.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 3, Day: 1 + i}, Title: fmt.Sprint("Day ", i), Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	u, w := newTestApp(t, dir)
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.unlock)
	settle(u)
	js := u.main.journal
	sc := findShortcut
	w.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(&sc)
	if u.main.tabs.SelectedIndex() != 1 || w.Canvas().Focused() != js.search.field {
		t.Fatal("Ctrl+F did not focus the search field on the Journal")
	}
	test.Type(js.search.field, "cafe")
	settle(u)
	if len(js.search.results) != 1 || js.search.results[0].Entry.Body != "Budget talk over café." || !js.searchView.Visible() {
		t.Fatalf("results for cafe: %+v", js.search.results)
	}
	segs := marked("", js.search.results[0].Snippet, js.search.results[0].SnippetMarks, false)
	found := false
	for _, sg := range segs {
		if ts := sg.(*widget.TextSegment); ts.Text == "café" && ts.Style.TextStyle.Bold {
			found = true
		}
	}
	if !found {
		t.Errorf("café is not highlighted in %q", js.search.results[0].Snippet)
	}
	// Enter opens the first result.
	js.search.field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(u)
	if js.selected == nil || js.selected.Body != "Budget talk over café." {
		t.Fatal("Enter did not open the first result")
	}
	// A stale answer never overwrites a newer one.
	js.search.field.SetText("roadmap")
	settle(u)
	old := js.search.gen - 1
	js.search.run(old, "quiet")
	settle(u)
	if len(js.search.results) != 1 || js.search.results[0].Entry.Body != "Delegated the roadmap to Priya." {
		t.Fatalf("a stale search overwrote the results: %+v", js.search.results)
	}
	// Esc clears the search and shows the whole journal again.
	js.search.field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if js.search.field.Text != "" || js.searchView.Visible() || !js.listView.Visible() {
		t.Fatal("Esc did not clear the search")
	}
	// A new entry is found at once.
	if _, err := u.session.journal.Add(journal.Entry{Date: journal.Today(), Body: "zebra crossing"}); err != nil {
		t.Fatal(err)
	}
	test.Type(js.search.field, "zebra")
	settle(u)
	if len(js.search.results) != 1 {
		t.Fatal("a new entry is not searchable")
	}
	u.lock()
	if js.search.field.Text != "" || len(js.search.results) != 0 {
		t.Fatal("lock left the search or its results")
	}
}

func TestProgressView(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "j")
	j, err := journal.Init(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	today := journal.DateOf(time.Date(2026, 11, 27, 9, 0, 0, 0, time.Local))
	add := func(daysAgo int, a journal.Area, rating int, role journal.Role) {
		if _, err := j.Add(journal.Entry{Date: today.AddDays(-daysAgo), Area: a, Rating: rating, Role: role, Body: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	add(0, journal.AreaVision, 5, journal.RoleLeader)
	add(1, journal.AreaVision, 4, journal.RoleLeader)
	add(2, journal.AreaMotivation, 2, journal.RoleManager)
	add(9, journal.AreaProblemSolving, 3, journal.RoleNone)
	add(40, journal.AreaVision, 1, journal.RoleNone) // the previous period
	j.Close()
	now := today.Time(time.Local).Add(9 * time.Hour)
	u := unlockedAt(t, dir, &now, nil)
	u.main.selectTab(tabProgress)
	settle(u)
	p := u.main.progress
	if p.entries.Text != "4 entries." {
		t.Fatalf("entries: %q", p.entries.Text)
	}
	if !strings.Contains(p.strongest.Text, "Vision, 4.5") || !strings.Contains(p.strongest.Text, "(+3.5)") || !strings.Contains(p.weakest.Text, "Motivation, 2.0") {
		t.Fatalf("summary: %q / %q", p.strongest.Text, p.weakest.Text)
	}
	if len(p.weeks) < 4 || len(p.perWeek.Stacks) != len(p.weeks) || len(p.ratings.Series) != 3 {
		t.Fatalf("charts: %d weeks, %d bars", len(p.weeks), len(p.perWeek.Stacks))
	}
	if p.heat.Counts[today] != 1 || !strings.Contains(p.streak.Text, "Current streak 3") {
		t.Fatalf("heat/streak: %v %q", p.heat.Counts[today], p.streak.Text)
	}
	if !strings.Contains(p.roles.Text, "2 leading (67%) and 1 managing (33%)") {
		t.Fatalf("leading and managing: %q", p.roles.Text)
	}
	// Tapping this week's bar opens the Journal filtered to that week.
	last := len(p.weeks) - 1
	p.openWeek(last)
	settle(u)
	js := u.main.journal
	if u.main.tabs.SelectedIndex() != tabJournal || !js.filterBar.Visible() {
		t.Fatal("a week tap did not open the filtered Journal")
	}
	for _, r := range js.rows {
		if r.month == "" && (r.date.Before(p.weeks[last]) || r.date.After(p.weeks[last].AddDays(6))) {
			t.Fatalf("row %s outside the week", r.date)
		}
	}
	if js.count.Text == "" || js.count.Text == "4 entries." {
		t.Errorf("filtered count: %q", js.count.Text)
	}
	// A day in the heat map.
	p.heat.OnTapped(today.AddDays(-9))
	settle(u)
	if n := len(js.rows); n != 2 || js.rows[1].area != journal.AreaProblemSolving {
		t.Fatalf("day filter rows: %+v", js.rows)
	}
	js.setFilter(journal.Date{}, journal.Date{}, "")
	settle(u)
	if js.filterBar.Visible() || js.count.Text != "5 entries." {
		t.Fatalf("Show all: %q", js.count.Text)
	}
	// Other periods.
	p.period.SetSelected("All")
	settle(u)
	if p.entries.Text != "5 entries." {
		t.Fatalf("all: %q", p.entries.Text)
	}
}

func TestLockDuringBackgroundWork(t *testing.T) {
	u := unlocked(t, 1)
	s := u.main.today
	s.body.SetText("saved while locking")
	test.Tap(s.save) // the save is queued, not yet applied
	// Wait until the save's work has committed (its result on the UI thread
	// is still undelivered): the lock below races only with that result.
	deadline := time.Now().Add(10 * time.Second)
	for n, _ := u.session.journal.Count(); n != 2; n, _ = u.session.journal.Count() {
		if time.Now().After(deadline) {
			t.Fatal("the save never committed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	js := u.main.journal
	js.list.Select(1) // an entry is being read
	u.lock()
	settle(u) // the late results must not touch the dead screens or panic
	if s.body.Text != "" || js.selected != nil || js.detail.String() != "" {
		t.Fatal("a result from before the lock reached a wiped screen")
	}
	// The save itself went through before the lock.
	j, err := journal.Open(u.cfg.Dir, []byte(testPass), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if n, _ := j.Count(); n != 2 {
		t.Fatalf("%d entries", n)
	}
}

func TestLockClosesOpenQuestions(t *testing.T) {
	u := unlocked(t, 1)
	js := u.main.journal
	js.list.Select(1)
	settle(u)
	test.Tap(js.del)
	if u.dlg.open == nil {
		t.Fatal("no question")
	}
	u.lock()
	if u.dlg.open != nil {
		t.Fatal("the delete question survived the lock")
	}
}

func TestSaveKeepsTextTypedMeanwhileAndIgnoresDoubleSave(t *testing.T) {
	u := unlocked(t, 0)
	s := u.main.today
	s.body.SetText("first part")
	s.onSave()
	s.onSave() // Ctrl+S again before the first finished
	s.body.SetText("first part and more")
	settle(u)
	if n, _ := u.session.journal.Count(); n != 1 {
		t.Fatalf("a double save stored %d entries", n)
	}
	if s.body.Text != "first part and more" || s.editing == nil || !s.dirty {
		t.Fatalf("text typed during the save was lost: %q", s.body.Text)
	}
	test.Tap(s.save)
	settle(u)
	list, _ := u.session.journal.List(journal.Query{})
	if len(list) != 1 || list[0].Body != "first part and more" {
		t.Fatalf("after saving again: %+v", list)
	}
}

func TestWeeklyReview(t *testing.T) {
	dir := makeJournal(t, 0)
	sunday := time.Date(2026, 11, 29, 18, 0, 0, 0, time.Local) // a Sunday
	j, err := journal.Open(dir, []byte(testPass), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range []int{4, 2} {
		if _, err := j.Add(journal.Entry{Date: journal.DateOf(sunday).AddDays(-i), Area: journal.AreaVision, Rating: r, Body: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := j.Add(journal.Entry{Date: journal.DateOf(sunday).AddDays(-7), Area: journal.AreaVision, Rating: 5, Body: "x"}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	now := sunday
	u := unlockedAt(t, dir, &now, nil)
	s := u.main.today
	if !reviewOffered(s) {
		t.Fatal("no weekly review offered on Sunday")
	}
	startReviewNow(s)
	settle(u)
	if !strings.Contains(s.title.Text, "2026-W48") || !strings.Contains(s.body.Text, "Vision: 2 entries, rated 3.0 (-2.0 on the week before)") ||
		!strings.Contains(s.body.Text, "What went well") || !strings.Contains(s.body.Text, reviewQuestion) {
		t.Fatalf("review template:\n%s\n%s", s.title.Text, s.body.Text)
	}
	s.body.SetText(s.body.Text + "Listening beats telling.")
	test.Tap(s.save)
	settle(u)
	var list []journal.Entry
	all, _ := u.session.journal.List(journal.Query{})
	for _, e := range all {
		if e.Kind == journal.KindWeeklyReview {
			list = append(list, e)
		}
	}
	if len(list) == 1 && list[0].PromptID != "" {
		t.Fatalf("the review is saved with prompt %q: want no daily prompt", list[0].PromptID)
	}
	if len(list) != 1 || !strings.Contains(list[0].Body, "Listening beats telling.") {
		t.Fatalf("saved review: %+v", list)
	}
	if list[0].NextStep != "Listening beats telling." {
		t.Fatalf("the answer to the last question is not next week's commitment: %q", list[0].NextStep)
	}
	if reviewOffered(s) {
		t.Fatal("the review is still offered after it was written")
	}
	// Another review day in Settings: not offered on Sunday any more.
	u.main.settings.reviewDay.SetSelected("Friday")
	if reviewOffered(s) {
		t.Fatal("review still offered on a day that is not the review day")
	}
}

func TestProgressReportFromTheApp(t *testing.T) {
	u := unlocked(t, 3)
	u.main.selectTab(tabProgress)
	settle(u)
	out := filepath.Join(t.TempDir(), "Candor report")
	u.main.progress.writeReport(out)
	settle(u)
	if u.dlg.open == nil {
		t.Fatal("no confirmation")
	}
	if _, err := os.Stat(filepath.Join(out, "report.md")); err != nil {
		t.Fatal(err)
	}
}

func TestExportAndImportFromTheApp(t *testing.T) {
	u := unlocked(t, 3)
	out := filepath.Join(t.TempDir(), "Candor export")
	u.main.transfer.runExport(out, markdown.Options{})
	settle(u)
	if u.main.transfer.lastExport != out {
		t.Fatal("export did not finish")
	}
	if _, err := os.Stat(filepath.Join(out, "index.md")); err != nil {
		t.Fatal(err)
	}
	u.dlg.escape()
	u2 := unlocked(t, 0)
	u2.main.transfer.runImport(importFormats[0], out)
	settle(u2)
	if u2.main.transfer.lastImport.Imported != 3 {
		t.Fatalf("import summary: %+v", u2.main.transfer.lastImport)
	}
	if u2.main.journal.count.Text != "3 entries." {
		t.Fatalf("journal after import: %q", u2.main.journal.count.Text)
	}
	u2.dlg.escape()
	u2.main.transfer.runImport(importFormats[1], "../testdata/import/sample.journal")
	settle(u2)
	if u2.main.transfer.lastImport.Imported != 3 {
		t.Fatalf("jrnl import: %+v", u2.main.transfer.lastImport)
	}
	// The dialogs open.
	u2.dlg.escape()
	u2.main.transfer.showExport()
	if u2.dlg.open == nil {
		t.Fatal("no export dialog")
	}
	u2.dlg.escape()
	u2.main.transfer.showImport()
	if u2.dlg.open == nil {
		t.Fatal("no import dialog")
	}
}

func TestBackupsFromTheApp(t *testing.T) {
	u := unlocked(t, 2)
	// Unlocking made today's automatic backup.
	ents, err := os.ReadDir(filepath.Join(u.cfg.Dir, "backups"))
	if err != nil || len(ents) != 1 {
		t.Fatalf("automatic backup: %v %v", ents, err)
	}
	p := filepath.Join(t.TempDir(), "now.backup")
	u.main.settings.backupTo(p)
	settle(u)
	if _, err := os.Stat(p); err != nil || u.dlg.open == nil {
		t.Fatalf("Back up now: %v", err)
	}
}

func TestFitsASmallWindow(t *testing.T) {
	u := unlocked(t, 1)
	// Long texts must wrap: a non-wrapping line once made Settings 1,267
	// pixels wide and forced the whole window wider than many screens.
	if m := u.main.content.MinSize(); m.Width > 800 || m.Height > 760 {
		t.Fatalf("the main screen needs at least %v", m)
	}
}

// TestTabsJoinWhenFirstShown: after an unlock only Today is in the window
// (Fyne measures every tab's content when it lays the tabs out); each other
// tab's screen joins when first shown, and stays.
func TestTabsJoinWhenFirstShown(t *testing.T) {
	u := unlocked(t, 1)
	m := u.main
	screens := []fyne.CanvasObject{m.today.content, m.journal.content, m.progress.content, m.settings.content}
	if m.tabs.Items[tabToday].Content != screens[tabToday] {
		t.Fatal("Today is not in the window after the unlock")
	}
	for _, n := range []int{tabJournal, tabProgress, tabSettings} {
		if m.tabs.Items[n].Content == screens[n] {
			t.Errorf("tab %d was laid out at the unlock", n)
		}
	}
	for _, n := range []int{tabSettings, tabJournal, tabProgress, tabToday, tabJournal} {
		m.selectTab(n)
		settle(u)
		if m.tabs.Items[n].Content != screens[n] {
			t.Errorf("tab %d shows no screen of its own once selected", n)
		}
	}
}

// TestLockRightAfterSave: Ctrl+S and a lock in the same instant. The save
// finishes first; the text it saved comes back as an entry, not also as a
// draft, and text typed after Ctrl+S comes back as an edit of that entry.
func TestLockRightAfterSave(t *testing.T) {
	for _, more := range []string{"", " and a second thought"} {
		dir := makeJournal(t, 0)
		u := unlockedIn(t, dir)
		s := u.main.today
		test.Type(s.body, "one thought")
		s.onSave() // its result waits in the queue, unread: the lock comes first
		if more != "" {
			test.Type(s.body, more)
		}
		<-s.pending.done // the save itself has ended, and removed the draft
		u.lock()
		if u.unlock == nil {
			t.Fatal("not locked")
		}
		j, err := journal.Open(dir, []byte(testPass), cheap())
		if err != nil {
			t.Fatal(err)
		}
		entries, err := j.List(journal.Query{})
		if err != nil || len(entries) != 1 || entries[0].Body != "one thought" {
			t.Fatalf("more=%q: entries %v %v", more, entries, err)
		}
		d, found, err := j.Draft()
		j.Close()
		switch {
		case err != nil:
			t.Fatal(err)
		case more == "" && found:
			t.Errorf("the saved text came back as a draft too: %q", d.Body)
		case more != "" && (!found || d.Body != "one thought"+more || d.ID != entries[0].ID):
			t.Errorf("newer text: draft %v %q of %s, want an edit of %s", found, d.Body, d.ID, entries[0].ID)
		}
	}
}
