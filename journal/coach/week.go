package coach

import (
	"fmt"
	"sort"
	"time"

	"candor/journal"
)

// Week is what a weekly review looks back on: the entries written from
// From to To (weekly reviews left out), their mix of areas and traits, and
// the next steps and decisions that came due in those days with what became
// of them.
type Week struct {
	From, To journal.Date
	// Entries are the week's entries, oldest first.
	Entries []journal.Summary
	// Days is how many days of the week have an entry.
	Days int
	// Areas counts the entries per area (AreaNone for those without one).
	Areas map[journal.Area]int
	// Traits counts the entries per trait ID of the prompt they answer;
	// entries that answer no built-in prompt are not counted.
	Traits map[string]int
	// Due are the follow-ups that came due in the week, oldest due first,
	// with their text and outcome (OutcomeNone while still open).
	Due []DueItem
}

// DueItem is a next step or decision that came due, and its answer if
// there is one.
type DueItem struct {
	FollowUp
	Outcome journal.Outcome
}

// ReviewOf gathers the week from..to of j for a weekly review. traitOf
// names the trait of a prompt ID ("" when it has none); it may be nil.
func ReviewOf(j *journal.Journal, from, to journal.Date, traitOf func(promptID string) string) (Week, error) {
	sums, err := j.AllSummaries()
	if err != nil {
		return Week{}, err
	}
	w := weekOf(sums, from, to, traitOf)
	for i := range w.Due {
		if err := withText(j, &w.Due[i].FollowUp); err != nil {
			return Week{}, err
		}
	}
	return w, nil
}

// weekOf is ReviewOf on the summaries, without the follow-ups' text.
func weekOf(sums []journal.Summary, from, to journal.Date, traitOf func(string) string) Week {
	w := Week{From: from, To: to, Entries: []journal.Summary{}, Areas: map[journal.Area]int{}, Traits: map[string]int{}}
	in := func(d journal.Date) bool { return !d.IsZero() && !d.Before(from) && !d.After(to) }
	type key struct {
		id   journal.ID
		kind Kind
	}
	answers := map[key]journal.Outcome{}
	days := map[journal.Date]bool{}
	for _, s := range sums {
		if !s.Follows.IsZero() && s.Outcome != journal.OutcomeNone {
			k := key{s.Follows, Decision}
			if s.Outcome.OfCommitment() {
				k.kind = Commitment
			}
			answers[k] = s.Outcome
		}
		if s.Kind == journal.KindWeeklyReview || !in(s.Date) {
			continue
		}
		w.Entries = append(w.Entries, s)
		days[s.Date] = true
		w.Areas[s.Area]++
		if traitOf != nil && s.PromptID != "" {
			if t := traitOf(s.PromptID); t != "" {
				w.Traits[t]++
			}
		}
	}
	w.Days = len(days)
	for _, s := range sums {
		if s.HasNextStep && in(s.CheckOn) {
			w.Due = append(w.Due, DueItem{FollowUp{ID: s.ID, Date: s.Date, Kind: Commitment, Due: s.CheckOn}, answers[key{s.ID, Commitment}]})
		}
		if s.HasDecision && in(s.ReviewOn) {
			w.Due = append(w.Due, DueItem{FollowUp{ID: s.ID, Date: s.Date, Kind: Decision, Due: s.ReviewOn}, answers[key{s.ID, Decision}]})
		}
	}
	sort.SliceStable(w.Entries, func(a, b int) bool { return w.Entries[a].Date.Before(w.Entries[b].Date) })
	sort.SliceStable(w.Due, func(a, b int) bool { return w.Due[a].Due.Before(w.Due[b].Due) })
	return w
}

// CardFor returns the card that follows up f: a follow-up for a next step,
// a decision review for a decision. It quotes the words word for word.
func CardFor(f FollowUp) Card {
	on := f.Date.Time(time.UTC).Format("2 January")
	due := f.Due.Time(time.UTC).Format("2 January")
	c := Card{Follows: f.ID, Quote: f.Text, Written: f.Date}
	if f.Kind == Commitment {
		c.Kind = CardFollowUp
		c.Question = fmt.Sprintf("On %s you wrote: “%s” What happened?", on, f.Text)
		c.Reason = fmt.Sprintf("A next step you set on %s was due on %s.", on, due)
	} else {
		c.Kind = CardDecisionReview
		c.Question = fmt.Sprintf("On %s you decided: “%s” What happened, was it the right call, and what would you do differently?", on, f.Text)
		c.Reason = fmt.Sprintf("A decision you made on %s was due for review on %s.", on, due)
	}
	return c
}
