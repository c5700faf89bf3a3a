package coach_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"candor/journal"
	"candor/journal/coach"
	"candor/journal/journaltest"
)

func TestFollowUps(t *testing.T) {
	j, _ := journaltest.New(t)
	add := func(e journal.Entry) journal.Entry {
		t.Helper()
		if e.Tags == nil {
			e.Tags = []string{}
		}
		got, err := j.Add(e)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	step := add(journal.Entry{Date: journal.Date{Year: 2026, Month: 3, Day: 1}, NextStep: "Ask Sam what blocks the release."})
	call := add(journal.Entry{Date: journal.Date{Year: 2026, Month: 2, Day: 1}, Decision: "Hire Ana.", Confidence: journal.ConfidenceOf(70)})
	late := add(journal.Entry{Date: journal.Date{Year: 2026, Month: 3, Day: 2}, NextStep: "Later.", CheckOn: journal.Date{Year: 2026, Month: 4, Day: 1}})
	ids := func(fs []coach.FollowUp) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.ID.String()+":"+string(f.Kind)+":"+f.Text+":"+f.Due.String())
		}
		return out
	}
	check := func(d journal.Date, want ...string) {
		t.Helper()
		got, err := coach.FollowUps(j, d)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ids(got), want) {
			t.Fatalf("on %s:\n got %v\nwant %v", d, ids(got), want)
		}
	}
	stepDue := step.ID.String() + ":commitment:Ask Sam what blocks the release.:2026-03-08"
	callDue := call.ID.String() + ":decision:Hire Ana.:2026-03-03"
	lateDue := late.ID.String() + ":commitment:Later.:2026-04-01"
	check(journal.Date{Year: 2026, Month: 3, Day: 2})
	check(journal.Date{Year: 2026, Month: 3, Day: 3}, callDue)
	check(journal.Date{Year: 2026, Month: 3, Day: 8}, callDue, stepDue)
	check(journal.Date{}, callDue, stepDue, lateDue)

	// An outcome of the wrong kind, or following no entry, is refused.
	for _, bad := range []journal.Entry{
		{Date: journal.Date{Year: 2026, Month: 3, Day: 9}, Follows: step.ID, Outcome: journal.OutcomeRight},
		{Date: journal.Date{Year: 2026, Month: 3, Day: 9}, Follows: call.ID, Outcome: journal.OutcomeDone},
		{Date: journal.Date{Year: 2026, Month: 3, Day: 9}, Follows: journal.NewID(time.Now()), Outcome: journal.OutcomeDone},
	} {
		bad.Tags = []string{}
		if _, err := j.Add(bad); !errors.Is(err, journal.ErrInvalid) {
			t.Errorf("follows %s with %s: %v", bad.Follows, bad.Outcome, err)
		}
	}
	// A note that follows without an outcome leaves it open; an answer
	// closes it for good.
	add(journal.Entry{Date: journal.Date{Year: 2026, Month: 3, Day: 9}, Follows: step.ID})
	check(journal.Date{Year: 2026, Month: 3, Day: 9}, callDue, stepDue)
	add(journal.Entry{Date: journal.Date{Year: 2026, Month: 3, Day: 9}, Follows: step.ID, Outcome: journal.OutcomePartly})
	check(journal.Date{Year: 2026, Month: 3, Day: 9}, callDue)
	add(journal.Entry{Date: journal.Date{Year: 2026, Month: 3, Day: 10}, Follows: call.ID, Outcome: journal.OutcomeWrong})
	check(journal.Date{Year: 2026, Month: 12, Day: 31}, lateDue)
	// The same from the search index.
	if err := j.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	check(journal.Date{Year: 2026, Month: 12, Day: 31}, lateDue)
}

// TestTodayCards walks a few weeks of a journal through the cards: a
// follow-up on its day and not before, one a day, gone once answered; a
// decision review; the weekly review first on its day, quoting the previous
// review's next step and listing the week's entries, and not offered once
// written.
func TestTodayCards(t *testing.T) {
	j, _ := journaltest.New(t)
	day := func(s string) journal.Date { return journaltest.Date(t, s) }
	add := func(e journal.Entry) journal.Entry {
		t.Helper()
		got, err := j.Add(e)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	card := func(d string) coach.Card {
		t.Helper()
		c, err := coach.Today(j, day(d), coach.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// Outside the weekly review's days (Sunday to Wednesday): a decision of
	// Tuesday 10 February, due Thursday 12 March; a next step of Friday 6
	// March, due Friday 13 March.
	call := add(journal.Entry{Date: day("2026-02-10"), Body: "x", Decision: "Hire Ana.", Confidence: journal.ConfidenceOf(70)})
	step := add(journal.Entry{Date: day("2026-03-06"), Body: "x", NextStep: "Ask Sam what blocks the release."})
	if c := card("2026-03-11"); c.Kind == coach.CardDecisionReview {
		t.Fatal("a decision review before its day")
	}
	if c := card("2026-03-12"); c.Kind != coach.CardDecisionReview || c.Follows != call.ID || c.Quote != "Hire Ana." {
		t.Fatalf("12 March: %+v, want the decision review", c)
	}
	add(journal.Entry{Date: day("2026-03-12"), Body: "It worked.", Follows: call.ID, Outcome: journal.OutcomeRight})
	if c := card("2026-03-12"); c.Kind != coach.CardDaily {
		t.Fatalf("after an answer the same day: %s, want the daily prompt", c.Kind)
	}
	if c := card("2026-03-13"); c.Kind != coach.CardFollowUp || c.Follows != step.ID || c.Quote != step.NextStep ||
		!strings.Contains(c.Question, "On 6 March you wrote: “Ask Sam what blocks the release.” What happened?") {
		t.Fatalf("13 March: %+v", c)
	}
	if c := card("2026-03-14"); c.Kind != coach.CardFollowUp {
		t.Fatalf("unanswered follow-ups wait: %s", c.Kind)
	}
	add(journal.Entry{Date: day("2026-03-14"), Body: "Done.", Follows: step.ID, Outcome: journal.OutcomeDone})
	if c := card("2026-03-14"); c.Kind != coach.CardDaily || c.Daily.Prompt.ID == "" {
		t.Fatalf("answered follow-ups never come back: %+v", c)
	}

	// Sunday 15 March: the weekly review of 9-15 March comes first.
	review := add(journal.Entry{Date: day("2026-03-08"), Kind: journal.KindWeeklyReview, Body: "Week.", NextStep: "Block two hours for hiring."})
	add(journal.Entry{Date: day("2026-03-15"), Body: "x", NextStep: "Due on the 15th.", CheckOn: day("2026-03-15")})
	c := card("2026-03-15")
	if c.Kind != coach.CardWeeklyReview || c.WeekFrom != day("2026-03-09") || c.WeekTo != day("2026-03-15") ||
		c.Follows != review.ID || c.Quote != "Block two hours for hiring." || len(c.WeekEntries) != 3 {
		t.Fatalf("Sunday: %+v", c)
	}
	// Offered the three days after, until written.
	if c := card("2026-03-18"); c.Kind != coach.CardWeeklyReview {
		t.Fatalf("Wednesday after: %s", c.Kind)
	}
	if c := card("2026-03-19"); c.Kind == coach.CardWeeklyReview {
		t.Fatal("offered on the fourth day after the review day")
	}
	// The review answers the previous review's next step it quoted.
	add(journal.Entry{Date: day("2026-03-16"), Kind: journal.KindWeeklyReview, Body: "Done.", Follows: review.ID, Outcome: journal.OutcomePartly})
	if c := card("2026-03-17"); c.Kind != coach.CardFollowUp || c.Quote != "Due on the 15th." {
		t.Fatalf("after the review is written: %+v", c)
	}
}
