package stats_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"candor/journal"
	"candor/journal/journaltest"
	"candor/journal/stats"
)

func TestStatsCoaching(t *testing.T) {
	j, _ := journaltest.New(t)
	add := func(e journal.Entry) journal.ID {
		t.Helper()
		e.Body = "x"
		got, err := j.Add(e)
		if err != nil {
			t.Fatal(err)
		}
		return got.ID
	}
	d := func(s string) journal.Date { return journaltest.Date(t, s) }
	conf := journal.ConfidenceOf
	// Next steps: checked on 03-08, 03-09, 03-10, 03-11 (open), 03-20 (after
	// today), and 02-20 (before the period, answered in it: not counted).
	s1 := add(journal.Entry{Date: d("2026-03-01"), NextStep: "a", PromptID: "vision-001"})
	s2 := add(journal.Entry{Date: d("2026-03-02"), NextStep: "b", PromptID: "vision-001"})
	s3 := add(journal.Entry{Date: d("2026-03-03"), NextStep: "c", PromptID: "motivation-001"})
	add(journal.Entry{Date: d("2026-03-04"), NextStep: "d"})
	add(journal.Entry{Date: d("2026-03-05"), NextStep: "e", CheckOn: d("2026-03-20")})
	old := add(journal.Entry{Date: d("2026-02-13"), NextStep: "f"})
	// Decisions: 65 % right, 68 % wrong, 95 % right, 100 % mixed, 40 % not
	// reviewed, one without a confidence reviewed right.
	c1 := add(journal.Entry{Date: d("2026-03-01"), Decision: "g", Confidence: conf(65)})
	c2 := add(journal.Entry{Date: d("2026-03-01"), Decision: "h", Confidence: conf(68)})
	c3 := add(journal.Entry{Date: d("2026-03-02"), Decision: "i", Confidence: conf(95)})
	c4 := add(journal.Entry{Date: d("2026-03-02"), Decision: "j", Confidence: conf(100)})
	add(journal.Entry{Date: d("2026-03-02"), Decision: "k", Confidence: conf(40)})
	c6 := add(journal.Entry{Date: d("2026-03-02"), Decision: "l"})
	for _, a := range []struct {
		id journal.ID
		o  journal.Outcome
	}{{s1, journal.OutcomeNot}, {s2, journal.OutcomePartly}, {s3, journal.OutcomeNot}, {old, journal.OutcomeDone},
		{c1, journal.OutcomeRight}, {c2, journal.OutcomeWrong}, {c3, journal.OutcomeRight}, {c4, journal.OutcomeMixed}, {c6, journal.OutcomeRight}} {
		add(journal.Entry{Date: d("2026-03-12"), Follows: a.id, Outcome: a.o, Kind: journal.KindWeeklyReview})
	}
	// A later answer overrides an earlier one.
	add(journal.Entry{Date: d("2026-03-13"), Follows: s1, Outcome: journal.OutcomeDone})
	traitOf := func(id string) string {
		return map[string]string{"vision-001": "purpose", "motivation-001": "recognition"}[id]
	}
	st, err := stats.Read(j, d("2026-03-01"), d("2026-03-31"), d("2026-03-15"), stats.WithTraits(traitOf, []string{"purpose", "recognition", "pace"}))
	if err != nil {
		t.Fatal(err)
	}
	if want := (stats.FollowThrough{Due: 4, Done: 1, Partly: 1, Not: 1, Open: 1}); st.FollowThrough != want {
		t.Errorf("follow-through %+v, want %+v", st.FollowThrough, want)
	}
	wantDec := stats.Decisions{Made: 6, Reviewed: 5, Right: 3, Wrong: 1, Mixed: 1, Calibration: []stats.Band{
		{Band: "60-69", Reviewed: 2, Right: 1}, {Band: "90-100", Reviewed: 2, Right: 1}}}
	if !reflect.DeepEqual(st.Decisions, wantDec) {
		t.Errorf("decisions %+v, want %+v", st.Decisions, wantDec)
	}
	if want := map[string]int{"purpose": 2, "recognition": 1, "pace": 0}; !reflect.DeepEqual(st.Traits, want) {
		t.Errorf("traits %v, want %v", st.Traits, want)
	}
	b, _ := json.Marshal(st)
	for _, k := range []string{`"follow_through":{"due":4,"done":1,"partly":1,"not":1,"open":1}`, `"calibration":[{"band":"60-69","reviewed":2,"right":1}`, `"traits":{`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("JSON lacks %s:\n%s", k, b)
		}
	}
	// The same from the search index, and without traits: an empty map.
	if err := j.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	st2, err := stats.Read(j, d("2026-03-01"), d("2026-03-31"), d("2026-03-15"))
	if err != nil {
		t.Fatal(err)
	}
	if st2.FollowThrough != st.FollowThrough || !reflect.DeepEqual(st2.Decisions, st.Decisions) || st2.Traits == nil || len(st2.Traits) != 0 {
		t.Errorf("from the index: %+v %+v %v", st2.FollowThrough, st2.Decisions, st2.Traits)
	}
	// A period with nothing: zeros and empty arrays, never null.
	empty, _ := stats.Read(j, d("2025-01-01"), d("2025-01-31"), d("2026-03-15"))
	if b, _ := json.Marshal(empty); !strings.Contains(string(b), `"calibration":[]`) || !strings.Contains(string(b), `"traits":{}`) {
		t.Errorf("empty period: %s", b)
	}
}
