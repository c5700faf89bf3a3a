// Package coach is the follow-up side of Candor's coaching loop: the next
// steps and decisions an entry records come back when they fall due, until
// an entry answers them with an outcome. It works on the journal's
// summaries (no text) and reads the text only of what is due.
package coach

import (
	"sort"

	"candor/journal"
)

// Kind tells a next step to check on from a decision to review.
type Kind string

// The kinds of follow-up.
const (
	Commitment Kind = "commitment"
	Decision   Kind = "decision"
)

// FollowUp is a next step or decision that has come due and is still
// open: no entry follows it with an outcome of its kind. Its JSON form is
// the one `candor followups --json` prints.
type FollowUp struct {
	// ID and Date are the entry that recorded the next step or decision.
	ID   journal.ID   `json:"id"`
	Date journal.Date `json:"date"`
	Kind Kind         `json:"kind"`
	// Text is the next step or decision, word for word.
	Text string `json:"text"`
	// Due is the check-on or review day.
	Due journal.Date `json:"due"`
}

// Answers reports whether an entry with outcome o closes a follow-up of
// kind k.
func (k Kind) Answers(o journal.Outcome) bool {
	if k == Commitment {
		return o.OfCommitment()
	}
	return o.OfDecision()
}

// Due returns the follow-ups among sums that are due on or before
// d (a zero d means every open one, due or not) and that no entry in sums
// answers, oldest due first (then by entry date and ID, commitments before
// decisions). Their Text is left empty: summaries hold no text.
func Due(sums []journal.Summary, d journal.Date) []FollowUp {
	type key struct {
		id   journal.ID
		kind Kind
	}
	answered := map[key]bool{}
	for _, s := range sums {
		if s.Follows.IsZero() || s.Outcome == journal.OutcomeNone {
			continue
		}
		if s.Outcome.OfCommitment() {
			answered[key{s.Follows, Commitment}] = true
		} else {
			answered[key{s.Follows, Decision}] = true
		}
	}
	var out []FollowUp
	add := func(s journal.Summary, kind Kind, due journal.Date) {
		if due.IsZero() || answered[key{s.ID, kind}] || (!d.IsZero() && due.After(d)) {
			return
		}
		out = append(out, FollowUp{ID: s.ID, Date: s.Date, Kind: kind, Due: due})
	}
	for _, s := range sums {
		if s.HasNextStep {
			add(s, Commitment, s.CheckOn)
		}
		if s.HasDecision {
			add(s, Decision, s.ReviewOn)
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		x, y := out[a], out[b]
		switch {
		case x.Due != y.Due:
			return x.Due.Before(y.Due)
		case x.Date != y.Date:
			return x.Date.Before(y.Date)
		case x.ID != y.ID:
			return string(x.ID[:]) < string(y.ID[:])
		}
		return x.Kind == Commitment && y.Kind == Decision
	})
	return out
}

// FollowUps returns the next steps and decisions of j due on or before d
// (zero: every open one) that no entry has answered yet, oldest due first,
// with their text. A follow-up is answered by an entry that Follows it with
// an outcome of its kind; answered ones never come back.
func FollowUps(j *journal.Journal, d journal.Date) ([]FollowUp, error) {
	sums, err := j.AllSummaries()
	if err != nil {
		return nil, err
	}
	due := Due(sums, d)
	for i := range due {
		if err := withText(j, &due[i]); err != nil {
			return nil, err
		}
	}
	if due == nil {
		due = []FollowUp{}
	}
	return due, nil
}

// withText reads the words of f, its next step or decision, from its entry.
func withText(j *journal.Journal, f *FollowUp) error {
	e, err := j.Get(f.ID)
	if err != nil {
		return err
	}
	if f.Kind == Commitment {
		f.Text = e.NextStep
	} else {
		f.Text = e.Decision
	}
	return nil
}
