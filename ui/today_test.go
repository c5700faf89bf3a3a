package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"candor/journal"
	"candor/journal/coach"
	"candor/prompts"
)

// focused returns what has the keyboard focus in u's window.
func focused(u *App) fyne.Focusable { return u.win.Canvas().Focused() }

func TestTabMovesBetweenFields(t *testing.T) {
	u := unlocked(t, 0)
	s, c := u.main.today, u.win.Canvas()
	if focused(u) != s.body {
		t.Fatalf("after unlock the focus is on %T, want the body", focused(u))
	}
	if s.body.AcceptsTab() {
		t.Fatal("the body takes Tab: Tab would type a tab instead of moving on")
	}
	// Forward from the body: the area, the stars, the role, the tags.
	test.FocusNext(c)
	if focused(u) != s.area {
		t.Fatalf("Tab from the body went to %T, want the area", focused(u))
	}
	test.FocusNext(c)
	if focused(u) != s.rating {
		t.Fatalf("Tab from the area went to %T, want the stars", focused(u))
	}
	for i := 0; i < 4 && focused(u) != s.tags; i++ {
		test.FocusNext(c)
	}
	if focused(u) != s.tags {
		t.Fatalf("Tab never reached the tags (at %T)", focused(u))
	}
	// Back from the body: the title.
	c.Focus(s.body)
	test.FocusPrevious(c)
	if focused(u) != s.title {
		t.Fatalf("Shift+Tab from the body went to %T, want the title", focused(u))
	}
	// Ctrl+Tab types a tab.
	c.Focus(s.body)
	sc := insertTabShortcut
	s.body.TypedShortcut(&sc)
	test.Type(s.body, "x")
	if s.body.Text != "\tx" {
		t.Fatalf("Ctrl+Tab gave %q", s.body.Text)
	}
}

func TestStarsTakeKeys(t *testing.T) {
	u := unlocked(t, 0)
	s := u.main.today
	changes := 0
	s.rating.OnChanged = func(int) { changes++ }
	u.win.Canvas().Focus(s.rating)
	for _, tc := range []struct {
		key  string
		want int
	}{
		{"3", 3}, {"right", 4}, {"up", 5}, {"right", 5}, {"left", 4}, {"1", 1}, {"0", 0}, {"end", 5}, {"backspace", 0},
	} {
		switch tc.key {
		case "right":
			s.rating.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
		case "left":
			s.rating.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
		case "up":
			s.rating.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
		case "end":
			s.rating.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
		case "backspace":
			s.rating.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
		default:
			s.rating.TypedRune(rune(tc.key[0]))
		}
		if s.rating.Value != tc.want {
			t.Fatalf("after %s: %d stars, want %d", tc.key, s.rating.Value, tc.want)
		}
	}
	if changes != 8 {
		t.Errorf("OnChanged heard %d changes, want 8 (a key that changes nothing is silent)", changes)
	}
	// The stars keep their place whatever the question says.
	pos := func() fyne.Position {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(s.rating.Star(4))
	}
	before := pos()
	s.area.SetSelected(areaTitle(journal.AreaProblemSolving))
	s.area.SetSelected(noAreaChoice)
	if pos() != before {
		t.Fatalf("the 4th star moved from %v to %v when the question changed", before, pos())
	}
	test.Tap(s.rating.Star(4))
	if s.rating.Value != 4 || focused(u) != s.rating {
		t.Fatalf("a click on the 4th star gave %d (focus %T)", s.rating.Value, focused(u))
	}
}

func TestAnotherPromptMovesTheArea(t *testing.T) {
	u := unlocked(t, 0)
	s := u.main.today
	seen := map[journal.Area]bool{}
	for i := 0; i < 6; i++ {
		a := journal.Area(s.choice.Prompt.Area)
		seen[a] = true
		if s.form.selectedArea() != a {
			t.Fatalf("prompt %d is about %s but the area shows %q", i, a, s.area.Selected)
		}
		if !strings.Contains(s.ratingQ.Text, strings.ToLower(areaTitle(a))) {
			t.Fatalf("prompt %d is about %s but the question is %q", i, a, s.ratingQ.Text)
		}
		test.Tap(s.another)
		settle(u)
	}
	if len(seen) < 2 {
		t.Fatalf("six prompts were all about %v: the test proves nothing", seen)
	}
	// An area the user picked stays.
	s.area.SetSelected(areaTitle(journal.AreaVision))
	for i := 0; i < 3; i++ {
		test.Tap(s.another)
		settle(u)
		if s.form.selectedArea() != journal.AreaVision {
			t.Fatal("Another prompt overrode the area the user picked")
		}
	}
}

func TestWriteForAnotherDay(t *testing.T) {
	dir := makeJournal(t, 0)
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.Local) // a Friday
	u := unlockedAt(t, dir, &now, nil)
	s := u.main.today
	today := journal.DateOf(now)
	if s.date != today || !strings.Contains(s.dateCtl.dayName.Text, "Friday") {
		t.Fatalf("date control shows %s %q", s.date, s.dateCtl.dayName.Text)
	}
	if s.dateCtl.next.Disabled() == false {
		t.Error("the day after today can be chosen")
	}
	// Alt+Left: yesterday, with yesterday's prompt and a past-tense question.
	sc := prevDayShortcut
	s.body.TypedShortcut(&sc)
	settle(u)
	yesterday := today.AddDays(-1)
	if s.date != yesterday || !strings.Contains(s.dateCtl.dayName.Text, "Thursday (yesterday)") {
		t.Fatalf("Alt+Left gave %s %q", s.date, s.dateCtl.dayName.Text)
	}
	want, err := coach.DailyPrompt(u.session.journal, yesterday, 0, prompts.Options{})
	if err != nil || s.choice.Prompt.ID != want.Prompt.ID || s.prompt.Text != want.Prompt.Text {
		t.Fatalf("prompt for yesterday: %q, want %q (%v)", s.prompt.Text, want.Prompt.Text, err)
	}
	if !strings.Contains(s.ratingQ.Text, "that day") {
		t.Errorf("question for yesterday: %q", s.ratingQ.Text)
	}
	// A typed date; a bad one and a future one are refused with a reason.
	for _, tc := range []struct {
		typed string
		want  journal.Date
		bad   bool
	}{
		{"2026-11-02", journal.Date{Year: 2026, Month: 11, Day: 2}, false},
		{"2026-13-01", journal.Date{Year: 2026, Month: 11, Day: 2}, true},
		{"2026-11-28", journal.Date{Year: 2026, Month: 11, Day: 2}, true},
		{"yesterday", yesterday, false},
	} {
		s.dateCtl.field.SetText(tc.typed)
		s.dateCtl.takeTyped()
		settle(u)
		if s.date != tc.want || s.dateCtl.problem.Visible() != tc.bad {
			t.Fatalf("typed %q: date %s, problem %v %q", tc.typed, s.date, s.dateCtl.problem.Visible(), s.dateCtl.problem.Text)
		}
	}
	test.Type(s.body, "Written a day late.")
	sv := saveShortcut
	s.body.TypedShortcut(&sv)
	settle(u)
	list, _ := u.session.journal.List(journal.Query{})
	if len(list) != 1 || list[0].Date != yesterday || list[0].PromptID != want.Prompt.ID {
		t.Fatalf("saved: %+v", list)
	}
	// After saving, Today is today again.
	if s.date != today || s.body.Text != "" {
		t.Fatalf("after saving: %s %q", s.date, s.body.Text)
	}
}

// addEntry stores e in the closed journal in dir.
func addEntry(t *testing.T, dir string, e journal.Entry) {
	t.Helper()
	j, err := journal.Open(dir, []byte(testPass), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if _, err := j.Add(e); err != nil {
		t.Fatal(err)
	}
}

func TestEditScreen(t *testing.T) {
	dir := makeJournal(t, 0)
	addEntry(t, dir, journal.Entry{Date: journal.Date{Year: 2026, Month: 10, Day: 5}, Title: "Imported", Body: "No area here.",
		Prompt: "What did you learn?", Rating: 2})
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.Local)
	u := unlockedAt(t, dir, &now, nil)
	js := u.main.journal
	js.list.Select(1)
	settle(u)
	test.Tap(js.edit)
	ed := u.main.edit
	if !ed.active || u.main.body.Objects[0] != u.main.editLayer {
		t.Fatal("Edit did not open the edit screen")
	}
	if ed.date != (journal.Date{Year: 2026, Month: 10, Day: 5}) || ed.dateCtl.field.Text != "2026-10-05" {
		t.Fatalf("edit shows the date %s", ed.date)
	}
	if ed.form.selectedArea() != journal.AreaNone || ed.form.area.Selected != "" {
		t.Fatalf("an entry without an area shows %q", ed.form.area.Selected)
	}
	if ed.form.ratingQ.Text != "How well did you lead that day?" {
		t.Fatalf("question: %q", ed.form.ratingQ.Text)
	}
	if !strings.Contains(ed.prompt.Text, "What did you learn?") || ed.form.rating.Value != 2 {
		t.Fatalf("prompt %q, rating %d", ed.prompt.Text, ed.form.rating.Value)
	}
	if focused(u) != ed.form.body {
		t.Fatalf("focus on %T, want the body", focused(u))
	}
	// Ctrl+1 while editing does not leave the edit.
	one := shortcutCtrl(fyne.Key1)
	ed.form.body.TypedShortcut(&one)
	if !ed.active || !strings.Contains(ed.status.Text, "first") {
		t.Fatal("Ctrl+1 left the edit")
	}
	// Esc without changes leaves at once, back to the Journal.
	u.escape()
	if ed.active || u.main.tabs.SelectedIndex() != tabJournal {
		t.Fatal("Esc did not cancel the edit")
	}
	// Edit again, change the text; Esc asks; Enter keeps the edit (the
	// safe answer), and only "Discard them" discards.
	test.Tap(js.edit)
	ed.form.body.SetText("Changed.")
	u.escape()
	if u.dlg.open == nil || !ed.active {
		t.Fatal("Esc over changes did not ask")
	}
	u.dlg.enter()
	if !ed.active || ed.form.body.Text != "Changed." {
		t.Fatal("Enter discarded the changes")
	}
	u.escape()
	tapDialogButton(t, u, "Discard them")
	if ed.active {
		t.Fatal("Discard them did not leave the edit")
	}
	got, _ := u.session.journal.List(journal.Query{})
	if got[0].Body != "No area here." {
		t.Fatal("Cancel saved the changes")
	}
	// Now save a change of day and text: the area stays none.
	test.Tap(js.edit)
	ed.dateCtl.step(1)
	ed.form.body.SetText("Changed for real.")
	sv := saveShortcut
	ed.form.body.TypedShortcut(&sv)
	settle(u)
	if ed.active || u.main.tabs.SelectedIndex() != tabJournal {
		t.Fatal("Save did not return to the Journal")
	}
	got, _ = u.session.journal.List(journal.Query{})
	if len(got) != 1 || got[0].Body != "Changed for real." || got[0].Date.Day != 6 || got[0].Area != journal.AreaNone || got[0].Prompt != "What did you learn?" {
		t.Fatalf("saved edit: %+v", got)
	}
	if js.selected == nil || js.selected.Body != "Changed for real." {
		t.Fatal("the reading pane does not show the entry as saved")
	}
	// Today was never touched.
	if u.main.today.body.Text != "" {
		t.Fatal("the edit leaked into Today")
	}
}

func TestUnsavedEditSurvivesLock(t *testing.T) {
	u := resumedEdit(t)
	ed := u.main.edit
	if !ed.active || ed.form.body.Text != "half-edited" || !ed.dirty {
		t.Fatalf("after unlock: edit active %v, body %q", ed.active, ed.form.body.Text)
	}
	if u.main.today.body.Text != "" {
		t.Fatal("the edit came back in Today")
	}
}

func TestHiddenViewsGetNoKeys(t *testing.T) {
	u := unlocked(t, 0)
	u.main.selectTab(tabJournal)
	if f := focused(u); f == u.main.today.body || f == u.main.today.title || f == u.main.today.tags {
		t.Fatal("Today's editor keeps the focus while the Journal shows")
	}
	u.main.selectTab(tabToday)
	if focused(u) != u.main.today.body {
		t.Fatal("back on Today, the body has no focus")
	}
	// Ctrl+N from anywhere: the cursor in the body of a new entry.
	u.main.selectTab(tabSettings)
	c := u.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) })
	n := newShortcut
	c.TypedShortcut(&n)
	if u.main.tabs.SelectedIndex() != tabToday || focused(u) != u.main.today.body {
		t.Fatal("Ctrl+N did not put the cursor in the body")
	}
}

func TestDialogKeys(t *testing.T) {
	u := unlocked(t, 0)
	yes := 0
	u.dlg.confirm("Q", "Sure?", func() { yes++ })
	u.dlg.enter()
	if yes != 1 || u.dlg.open != nil {
		t.Fatalf("Enter on a question: yes %d, open %v", yes, u.dlg.open != nil)
	}
	u.dlg.confirm("Q", "Sure?", func() { yes++ })
	u.dlg.escape()
	if yes != 1 || u.dlg.open != nil {
		t.Fatal("Esc answered yes")
	}
	u.dlg.confirmDanger("Delete?", "Gone for good.", "Delete", func() { yes++ })
	u.dlg.enter()
	if yes != 1 || u.dlg.open != nil {
		t.Fatal("Enter acted on a destructive question")
	}
	u.dlg.info("Done", "All good.")
	u.dlg.enter()
	if u.dlg.open != nil {
		t.Fatal("Enter did not close a message")
	}
}

// TestTypingGoesInAtOnce checks that every character typed into the body
// is in the text at once, in order with the keys around it, and saved.
func TestTypingGoesInAtOnce(t *testing.T) {
	u := unlocked(t, 0)
	s := u.main.today
	u.win.Canvas().Focus(s.body)
	for _, r := range "fast burst" {
		s.body.TypedRune(r)
	}
	if s.body.Text != "fast burst" || s.body.CursorColumn != len("fast burst") {
		t.Fatalf("after typing: %q, cursor %d", s.body.Text, s.body.CursorColumn)
	}
	for _, r := range "ab" {
		s.body.TypedRune(r)
	}
	s.body.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if s.body.Text != "fast bursta" {
		t.Fatalf("Backspace after typing: %q", s.body.Text)
	}
	s.body.TypedRune('!')
	sv := saveShortcut
	s.body.TypedShortcut(&sv)
	settle(u)
	list, _ := u.session.journal.List(journal.Query{})
	if len(list) != 1 || list[0].Body != "fast bursta!" {
		t.Fatalf("saved %+v", list)
	}
}

func TestWindowFitsTheScreen(t *testing.T) {
	for _, tc := range []struct {
		name         string
		screenW      int
		screenH      int
		rememberW    float64
		rememberH    float64
		wantW, wantH float32
	}{
		{"default on a small screen", 800, 600, 0, 0, 800, 568},
		{"remembered size from a larger screen", 1366, 768, 1920, 1080, 1366, 736},
		{"remembered size that fits", 1920, 1080, 1000, 700, 1000, 700},
		{"default on a large screen", 1920, 1080, 0, 0, 960, 720},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			if tc.rememberW > 0 {
				a.Preferences().SetFloat(prefWidth, tc.rememberW)
				a.Preferences().SetFloat(prefHeight, tc.rememberH)
			}
			w := test.NewTempWindow(t, nil)
			New(a, w, Config{Dir: filepath.Join(t.TempDir(), "j"), options: cheap(),
				ScreenSize: func() (int, int, bool) { return tc.screenW, tc.screenH, true }})
			if got := w.Canvas().Size(); got != fyne.NewSize(tc.wantW, tc.wantH) {
				t.Fatalf("window %v, want %vx%v", got, tc.wantW, tc.wantH)
			}
		})
	}
	// The unlocked screens ask for no more than an 800×600 screen has, so
	// that the window never grows itself after unlock.
	u := unlocked(t, 1)
	if m := u.main.content.MinSize(); m.Width > 800 || m.Height > 560 {
		t.Fatalf("the main screen needs at least %v", m)
	}
	test.Tap(u.main.journal.edit)
	if m := u.main.content.MinSize(); m.Width > 800 || m.Height > 560 {
		t.Fatalf("the edit screen needs at least %v", m)
	}
}

func TestCountWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0}, {"   ", 0}, {"one", 1}, {"two words", 2}, {"**bold** - list\n# head", 3}, {"it's 3 o'clock", 3}, {"— – ...", 0},
	} {
		if got := countWords(tc.in); got != tc.want {
			t.Errorf("countWords(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// resumedEdit edits an entry, locks with the edit unsaved ("half-edited")
// and unlocks again: the edit comes back from the draft.
func resumedEdit(t *testing.T) *App {
	t.Helper()
	u := unlocked(t, 1)
	js := u.main.journal
	js.list.Select(1)
	settle(u)
	test.Tap(js.edit)
	u.main.edit.form.body.SetText("half-edited")
	u.lock()
	settle(u)
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.unlock)
	settle(u)
	return u
}
