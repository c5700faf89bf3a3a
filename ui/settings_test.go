package ui

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	"candor/prompts"
)

// settingsNow is a Friday: 2026-11-27.
var settingsNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.Local)

// unlockedSettings returns an app unlocked at *now on a journal with no
// entries, its Settings tab on show, and a count of the times Settings told
// Today that the prompt's options changed.
func unlockedSettings(t *testing.T, now *time.Time, prefs func(fyne.Preferences)) (*App, *int) {
	t.Helper()
	u := unlockedAt(t, makeJournal(t, 0), now, prefs)
	u.main.selectTab(tabSettings)
	calls := new(int)
	u.main.settings.d.coachChanged = func() { *calls++ }
	return u, calls
}

// checked returns the work days whose boxes are checked, in weekOrder.
func checked(s *settingsScreen) []time.Weekday { return s.checkedWorkDays() }

// box returns the work day box of wd.
func box(s *settingsScreen, wd time.Weekday) *widget.Check {
	return s.workDays[slices.Index(weekOrder, wd)]
}

func TestWorkDaysDefault(t *testing.T) {
	now := settingsNow
	u, _ := unlockedSettings(t, &now, nil)
	s := u.main.settings
	want := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	if got := checked(s); !slices.Equal(got, want) {
		t.Fatalf("work days checked by default: %v", got)
	}
	if got := workDays(u.prefs); !slices.Equal(got, want) {
		t.Fatalf("work days by default: %v", got)
	}
	if o := coachOptions(u.prefs); o.Prompts.WorkDays != nil || o.Prompts.Focus != "" || o.ReviewDay != time.Sunday {
		t.Fatalf("default options: %+v", o)
	}
	if s.focus.Selected != noFocus || s.focusMsg.Text != "No focus." {
		t.Fatalf("focus by default: %q, %q", s.focus.Selected, s.focusMsg.Text)
	}
	names := []string{noFocus}
	for _, tr := range prompts.Builtin().Traits {
		if tr.ID != prompts.TraitCheckIn && tr.ID != prompts.TraitOwn {
			names = append(names, tr.Name)
		}
	}
	if !slices.Equal(s.focus.Options, names) || len(names) < 10 || !slices.Contains(names, "Courage to say and sit with hard things") {
		t.Fatalf("focus choices: %q", s.focus.Options)
	}
}

func TestToggleWorkDays(t *testing.T) {
	now := settingsNow
	u, calls := unlockedSettings(t, &now, nil)
	s := u.main.settings
	test.Tap(box(s, time.Saturday))
	test.Tap(box(s, time.Monday))
	want := []time.Weekday{time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	if got := workDays(u.prefs); !slices.Equal(got, want) {
		t.Fatalf("work days stored: %v", got)
	}
	if got := coachOptions(u.prefs).Prompts.WorkDays; !slices.Equal(got, want) {
		t.Fatalf("work days in the options: %v", got)
	}
	if *calls != 2 {
		t.Fatalf("Today was told %d times, want 2", *calls)
	}
	// Back to Monday to Friday: the options hold the default again.
	test.Tap(box(s, time.Saturday))
	test.Tap(box(s, time.Monday))
	if got := coachOptions(u.prefs).Prompts.WorkDays; got != nil {
		t.Fatalf("Monday to Friday again, but the options hold %v", got)
	}
	// The days stay with the journal: another unlock shows them.
	test.Tap(box(s, time.Sunday))
	u.lock()
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.unlock)
	settle(u)
	if got := checked(u.main.settings); !slices.Equal(got, []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Sunday}) {
		t.Fatalf("after unlocking again: %v", got)
	}
}

func TestLastWorkDayStays(t *testing.T) {
	now := settingsNow
	u, calls := unlockedSettings(t, &now, nil)
	s := u.main.settings
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday} {
		test.Tap(box(s, wd))
	}
	if s.workMsg.Visible() {
		t.Fatal("a message before the last day was cleared")
	}
	test.Tap(box(s, time.Friday))
	if !box(s, time.Friday).Checked || !s.workMsg.Visible() || s.workMsg.Text != "Friday stays checked: keep at least one work day." {
		t.Fatalf("the last work day was cleared: checked %v, message %q", box(s, time.Friday).Checked, s.workMsg.Text)
	}
	if got := workDays(u.prefs); !slices.Equal(got, []time.Weekday{time.Friday}) {
		t.Fatalf("work days stored: %v", got)
	}
	if *calls != 4 {
		t.Fatalf("Today was told %d times, want 4", *calls)
	}
	test.Tap(box(s, time.Sunday))
	if s.workMsg.Visible() {
		t.Fatal("the message stays once another day is checked")
	}
	// Nothing stored that is a weekday reads as the default.
	u.prefs.SetString(prefWorkDays, "9,x,")
	if got := workDays(u.prefs); !slices.Equal(got, defaultWorkDays) {
		t.Fatalf("unreadable work days read as %v", got)
	}
}

func TestFocus(t *testing.T) {
	now := settingsNow
	u, calls := unlockedSettings(t, &now, nil)
	s := u.main.settings
	courage, _ := prompts.Builtin().Trait("courage")
	s.focus.SetSelected(courage.Name)
	if *calls != 1 {
		t.Fatalf("Today was told %d times, want 1", *calls)
	}
	// Fourteen days from today, today included: Friday 27 November to
	// Thursday 10 December.
	if want := "Focus on " + courage.Name + " until Thursday 10 December."; s.focusMsg.Text != want {
		t.Fatalf("focus label %q, want %q", s.focusMsg.Text, want)
	}
	o := coachOptions(u.prefs).Prompts
	from := promptDay(journal.Date{Year: 2026, Month: 11, Day: 27})
	if o.Focus != "courage" || o.FocusFrom != from || o.FocusUntil != from+prompts.FocusDays-1 {
		t.Fatalf("focus options: %+v", o)
	}
	if o.FocusFrom != prompts.DayOf(settingsNow) || o.FocusFrom.String() != "2026-11-27" || o.FocusUntil.String() != "2026-12-10" {
		t.Fatalf("focus days %v..%v", o.FocusFrom, o.FocusUntil)
	}

	// On its last day the focus still shows; the day after, it is over.
	now = time.Date(2026, 12, 10, 23, 0, 0, 0, time.Local)
	u.main.selectTab(tabToday)
	u.main.selectTab(tabSettings)
	if s.focus.Selected != courage.Name {
		t.Fatalf("on its last day the focus shows as %q", s.focus.Selected)
	}
	now = time.Date(2026, 12, 11, 8, 0, 0, 0, time.Local)
	u.main.selectTab(tabToday)
	u.main.selectTab(tabSettings)
	if s.focus.Selected != noFocus || s.focusMsg.Text != "No focus." {
		t.Fatalf("an ended focus shows as %q, %q", s.focus.Selected, s.focusMsg.Text)
	}
	if *calls != 1 {
		t.Fatal("showing Settings stored the focus again")
	}

	// Picking it again starts a new one from today; No focus forgets it.
	s.focus.SetSelected(courage.Name)
	if o := coachOptions(u.prefs).Prompts; o.FocusFrom.String() != "2026-12-11" || o.FocusUntil.String() != "2026-12-24" {
		t.Fatalf("a new focus runs %v..%v", o.FocusFrom, o.FocusUntil)
	}
	s.focus.SetSelected(noFocus)
	if o := coachOptions(u.prefs).Prompts; o.Focus != "" || o.FocusFrom != 0 || o.FocusUntil != 0 {
		t.Fatalf("No focus left %+v", o)
	}
	if s.focusMsg.Text != "No focus." || *calls != 3 {
		t.Fatalf("after No focus: %q, Today told %d times", s.focusMsg.Text, *calls)
	}
}

func TestCoachOptions(t *testing.T) {
	p := test.NewTempApp(t).Preferences()
	p.SetString(prefReview, "Friday")
	setWorkDays(p, []time.Weekday{time.Sunday, time.Thursday, time.Thursday, time.Monday})
	setFocus(p, "inspire", journal.Date{Year: 2026, Month: 2, Day: 20})
	o := coachOptions(p)
	if o.ReviewDay != time.Friday {
		t.Fatalf("review day %v", o.ReviewDay)
	}
	if !slices.Equal(o.Prompts.WorkDays, []time.Weekday{time.Sunday, time.Monday, time.Thursday}) {
		t.Fatalf("work days %v", o.Prompts.WorkDays)
	}
	if o.Prompts.Focus != "inspire" || o.Prompts.FocusFrom.String() != "2026-02-20" || o.Prompts.FocusUntil.String() != "2026-03-05" {
		t.Fatalf("focus %+v", o.Prompts)
	}
	// The options reach the choice: Sunday is a work day, Saturday is not.
	if !o.Prompts.IsWorkDay(promptDay(journal.Date{Year: 2026, Month: 3, Day: 1})) ||
		o.Prompts.IsWorkDay(promptDay(journal.Date{Year: 2026, Month: 2, Day: 28})) {
		t.Fatal("the work days do not reach the choice")
	}
	// A focus that cannot be read is none.
	p.SetString(prefFocusUntil, "someday")
	if o := coachOptions(p); o.Prompts.Focus != "" {
		t.Fatalf("an unreadable focus: %+v", o.Prompts)
	}
	clearFocus(p)
	if _, ok := storedFocus(p); ok {
		t.Fatal("the focus stays after clearFocus")
	}
	// Settings are stored per journal.
	a, b := newJournalPrefs(p, "/home/x/a"), newJournalPrefs(p, "/home/x/b")
	setWorkDays(a, []time.Weekday{time.Saturday})
	setFocus(a, "courage", journal.Date{Year: 2026, Month: 1, Day: 5})
	if ob := coachOptions(b); ob.Prompts.Focus != "" || !slices.Equal(ob.Prompts.WorkDays, []time.Weekday{time.Sunday, time.Monday, time.Thursday}) {
		t.Fatalf("one journal's work days or focus reached another: %+v", ob.Prompts)
	}
	if oa := coachOptions(a); oa.Prompts.Focus != "courage" || !slices.Equal(oa.Prompts.WorkDays, []time.Weekday{time.Saturday}) {
		t.Fatalf("a journal lost its work days or focus: %+v", oa.Prompts)
	}
}

// TestSettingsReloadTodaysPrompt checks that a change of work days or
// focus asks Today for its prompt again, but not over text already written
// to the prompt on show.
func TestSettingsReloadTodaysPrompt(t *testing.T) {
	now := settingsNow
	u := unlockedAt(t, makeJournal(t, 0), &now, nil)
	today, s := u.main.today, u.main.settings
	u.main.selectTab(tabSettings)
	gen := today.promptGen
	test.Tap(box(s, time.Saturday))
	settle(u)
	if today.promptGen != gen+1 {
		t.Fatalf("Today asked for %d prompts after the work days changed, want 1", today.promptGen-gen)
	}
	u.main.selectTab(tabToday)
	test.Type(today.body, "An answer to the prompt on show.")
	u.main.selectTab(tabSettings)
	gen = today.promptGen
	s.focus.SetSelected(s.focus.Options[1])
	settle(u)
	if today.promptGen != gen {
		t.Fatal("the prompt changed under text written to it")
	}
}

// TestUnlockKeepsTheTheme: unlocking builds the Settings page, whose theme
// choice shows the theme in force; it must not set that theme again (Fyne
// then drops its font cache and loads every face anew, about 16 MB at each
// unlock). Choosing another theme still sets it.
func TestUnlockKeepsTheTheme(t *testing.T) {
	u, _ := newTestApp(t, makeJournal(t, 1))
	before := u.app.Settings().Theme()
	test.Type(u.unlock.pass, testPass)
	test.Tap(u.unlock.unlock)
	settle(u)
	if u.main == nil {
		t.Fatal("did not unlock")
	}
	if u.app.Settings().Theme() != before {
		t.Error("unlocking set the theme again")
	}
	u.main.settings.theme.SetSelected(themeDark)
	if u.app.Settings().Theme() == before {
		t.Error("choosing the dark theme did not set it")
	}
	if got := u.prefs.String(prefTheme); got != themeDark {
		t.Errorf("theme preference %q, want %q", got, themeDark)
	}
}
