package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"candor/journal"
)

// TestTypedDateThenCtrlSSavesOnThatDay types a date in the field and saves
// with Ctrl+S in the field: the entry takes the typed day.
func TestTypedDateThenCtrlSSavesOnThatDay(t *testing.T) {
	dir := makeJournal(t, 0)
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.Local)
	u := unlockedAt(t, dir, &now, nil)
	s := u.main.today
	test.Type(s.body, "About the 2nd.")
	u.win.Canvas().Focus(s.dateCtl.field)
	s.dateCtl.field.SetText("2026-11-02")
	sv := saveShortcut
	s.dateCtl.field.TypedShortcut(&sv)
	settle(u)
	list, _ := u.session.journal.List(journal.Query{})
	if len(list) != 1 || list[0].Date != (journal.Date{Year: 2026, Month: 11, Day: 2}) {
		t.Fatalf("saved with date %v, field showed 2026-11-02", list[0].Date)
	}
}

// TestSaveWithTrailingSpaceInTitleCompletes saves a title that ends in a
// space: the save completes and the editor clears.
func TestSaveWithTrailingSpaceInTitleCompletes(t *testing.T) {
	u := unlocked(t, 0)
	s := u.main.today
	s.title.SetText("Monday ")
	s.body.SetText("text")
	s.onSave()
	settle(u)
	if s.body.Text != "" || s.editing != nil {
		t.Fatalf("after save: body %q, editing %v, status %q", s.body.Text, s.editing != nil, s.status.Text)
	}
}

// TestResumedEditAsksBeforeLeaving checks that Esc on an edit brought back
// after a lock asks before discarding it.
func TestResumedEditAsksBeforeLeaving(t *testing.T) {
	u := resumedEdit(t)
	u.escape()
	if u.dlg.open == nil {
		t.Fatalf("Esc discarded the resumed edit without asking; edit active %v", u.main.edit.active)
	}
}

// TestReviewKeepsItsDay starts the weekly review on an earlier day: the
// review keeps that day.
func TestReviewKeepsItsDay(t *testing.T) {
	dir := makeJournal(t, 0)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local) // Tuesday; Sunday 29 Nov is review day
	u := unlockedAt(t, dir, &now, nil)
	s := u.main.today
	s.dateCtl.step(-2) // Sunday
	settle(u)
	if !reviewOffered(s) {
		t.Fatal("no review")
	}
	startReviewNow(s)
	settle(u)
	if s.date != (journal.Date{Year: 2026, Month: 11, Day: 29}) {
		t.Fatalf("review started on Sunday is now dated %v", s.date)
	}
}

// TestReviewAsksBeforeReplacingATitle checks that a title alone is not
// thrown away by the weekly review without asking.
func TestReviewAsksBeforeReplacingATitle(t *testing.T) {
	dir := makeJournal(t, 0)
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.Local)
	u := unlockedAt(t, dir, &now, nil)
	s := u.main.today
	s.title.SetText("A title I care about")
	startReviewNow(s)
	settle(u)
	if u.dlg.open == nil && !strings.Contains(s.title.Text, "care") {
		t.Fatalf("title replaced without asking: %q", s.title.Text)
	}
}

// TestEnterBeforeTheSearchDelayOpensTheNewQuery types a query and presses
// Enter at once, before the search delay: the first result of that query
// opens, not one of the query before.
func TestEnterBeforeTheSearchDelayOpensTheNewQuery(t *testing.T) {
	u, js := onJournal(t, titledJournal(t, 12))
	p := js.search
	p.field.SetText("odd")
	settle(u) // "odd" has no results on show
	p.field.SetText("day 7")
	p.openFirst() // Enter, before the delayed search ran
	settle(u)
	shown(t, js, "Day 7")
}

// TestTodayFollowUpCard checks that a next step due today comes back on
// Today's card, quoted word for word; that answering it saves an entry that
// follows it with the outcome; that the daily prompt is one click away; and
// that, once answered, the card goes back to the daily prompt.
func TestTodayFollowUpCard(t *testing.T) {
	dir := makeJournal(t, 0)
	j, err := journal.Open(dir, []byte(testPass), nil)
	if err != nil {
		t.Fatal(err)
	}
	step, err := j.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 11, Day: 19}, Body: "x", NextStep: "Ask Sam what blocks the release."})
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local) // a Thursday, the check-on day
	u := unlockedAt(t, dir, &now, nil)
	settle(u)
	s := u.main.today
	if s.card == nil || !strings.Contains(s.prompt.Text, "On 19 November you wrote: “Ask Sam what blocks the release.” What happened?") || !s.outcome.Visible() {
		t.Fatalf("no follow-up card: %q", s.prompt.Text)
	}
	// The daily prompt is one click away, and the follow-up comes back.
	test.Tap(s.another)
	settle(u)
	if s.card != nil || s.choice.Prompt.ID == "" {
		t.Fatal("Another prompt did not show the daily prompt")
	}
	s.clear()
	settle(u)
	if s.card == nil {
		t.Fatal("the follow-up did not come back")
	}
	s.outcome.SetSelected("Done")
	s.body.SetText("Sam needed a review slot; booked it.")
	test.Tap(s.save)
	settle(u)
	list, _ := u.session.journal.List(journal.Query{From: journal.DateOf(now), To: journal.DateOf(now)})
	if len(list) != 1 || list[0].Follows != step.ID || list[0].Outcome != journal.OutcomeDone {
		t.Fatalf("saved: %+v", list)
	}
	if s.card != nil || s.choice.Prompt.ID == "" {
		t.Fatal("an answered follow-up came back")
	}
}
