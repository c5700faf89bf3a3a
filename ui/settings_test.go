package ui

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"candor/journal"
)

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
