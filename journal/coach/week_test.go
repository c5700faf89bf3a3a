package coach_test

import (
	"strings"
	"testing"

	"candor/journal"
	"candor/journal/coach"
	"candor/journal/journaltest"
)

// TestReviewOf checks what a weekly review looks back on: the week's
// entries (not reviews), days, areas and traits, and the follow-ups that
// came due in the week with their text and outcome.
func TestReviewOf(t *testing.T) {
	j, _ := journaltest.New(t)
	day := func(s string) journal.Date { return journaltest.Date(t, s) }
	add := func(e journal.Entry) journal.Entry {
		t.Helper()
		if e.Body == "" {
			e.Body = "x"
		}
		saved, err := j.Add(e)
		if err != nil {
			t.Fatal(err)
		}
		return saved
	}
	conf := 80
	step := add(journal.Entry{Date: day("2026-11-18"), NextStep: "Ask Sam.", CheckOn: day("2026-11-24")})
	dec := add(journal.Entry{Date: day("2026-10-27"), Decision: "Hire Ana.", Confidence: &conf})
	add(journal.Entry{Date: day("2026-11-23"), Area: journal.AreaVision, PromptID: "vision-001"})
	add(journal.Entry{Date: day("2026-11-23"), Area: journal.AreaVision})
	add(journal.Entry{Date: day("2026-11-25"), Area: journal.AreaMotivation, Follows: step.ID, Outcome: journal.OutcomePartly})
	add(journal.Entry{Date: day("2026-11-29"), Kind: journal.KindWeeklyReview})
	add(journal.Entry{Date: day("2026-11-30"), Area: journal.AreaVision}) // the next week
	traitOf := func(id string) string {
		if strings.HasPrefix(id, "vision-") {
			return "vision-trait"
		}
		return ""
	}
	w, err := coach.ReviewOf(j, day("2026-11-23"), day("2026-11-29"), traitOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Entries) != 3 || w.Days != 2 || w.Areas[journal.AreaVision] != 2 || w.Areas[journal.AreaMotivation] != 1 || w.Traits["vision-trait"] != 1 {
		t.Fatalf("week: %d entries on %d days, areas %v, traits %v", len(w.Entries), w.Days, w.Areas, w.Traits)
	}
	if len(w.Due) != 2 {
		t.Fatalf("due: %+v", w.Due)
	}
	if d := w.Due[0]; d.ID != step.ID || d.Kind != coach.Commitment || d.Text != "Ask Sam." || d.Outcome != journal.OutcomePartly {
		t.Fatalf("first due: %+v", d)
	}
	if d := w.Due[1]; d.ID != dec.ID || d.Kind != coach.Decision || d.Text != "Hire Ana." || d.Outcome != journal.OutcomeNone || d.Due != day("2026-11-26") {
		t.Fatalf("second due: %+v", d)
	}
}

// TestCardFor checks the words of a follow-up and of a decision review.
func TestCardFor(t *testing.T) {
	f := coach.FollowUp{Date: journal.Date{Year: 2026, Month: 3, Day: 1}, Due: journal.Date{Year: 2026, Month: 3, Day: 8}, Kind: coach.Commitment, Text: "Ask Sam."}
	c := coach.CardFor(f)
	if c.Kind != coach.CardFollowUp || c.Question != "On 1 March you wrote: “Ask Sam.” What happened?" || c.Quote != "Ask Sam." {
		t.Fatalf("follow-up card: %+v", c)
	}
	f.Kind = coach.Decision
	c = coach.CardFor(f)
	if c.Kind != coach.CardDecisionReview || !strings.Contains(c.Question, "was it the right call, and what would you do differently?") {
		t.Fatalf("decision card: %+v", c)
	}
}
