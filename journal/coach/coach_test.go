package coach_test

import (
	"errors"
	"reflect"
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
