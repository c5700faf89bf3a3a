package journal

import (
	"sort"

	"github.com/dgraph-io/badger/v4"
)

// FollowUpKind tells a next step to check on from a decision to review.
type FollowUpKind string

// The kinds of follow-up.
const (
	FollowUpCommitment FollowUpKind = "commitment"
	FollowUpDecision   FollowUpKind = "decision"
)

// FollowUp is a next step or decision that has come due and is still
// open: no entry follows it with an outcome of its kind. Its JSON form is
// the one `candor followups --json` prints.
type FollowUp struct {
	// ID and Date are the entry that recorded the next step or decision.
	ID   ID           `json:"id"`
	Date Date         `json:"date"`
	Kind FollowUpKind `json:"kind"`
	// Text is the next step or decision, word for word.
	Text string `json:"text"`
	// Due is the check-on or review day.
	Due Date `json:"due"`
}

// Answers reports whether an entry with outcome o closes a follow-up of
// kind k.
func (k FollowUpKind) Answers(o Outcome) bool {
	if k == FollowUpCommitment {
		return o.OfCommitment()
	}
	return o.OfDecision()
}

// DueFollowUps returns the follow-ups among sums that are due on or before
// d (a zero d means every open one, due or not) and that no entry in sums
// answers, oldest due first (then by entry date and ID, commitments before
// decisions). Their Text is left empty: summaries hold no text.
func DueFollowUps(sums []Summary, d Date) []FollowUp {
	type key struct {
		id   ID
		kind FollowUpKind
	}
	answered := map[key]bool{}
	for _, s := range sums {
		if s.Follows.IsZero() || s.Outcome == OutcomeNone {
			continue
		}
		if s.Outcome.OfCommitment() {
			answered[key{s.Follows, FollowUpCommitment}] = true
		} else {
			answered[key{s.Follows, FollowUpDecision}] = true
		}
	}
	var out []FollowUp
	add := func(s Summary, kind FollowUpKind, due Date) {
		if due.IsZero() || answered[key{s.ID, kind}] || (!d.IsZero() && due.After(d)) {
			return
		}
		out = append(out, FollowUp{ID: s.ID, Date: s.Date, Kind: kind, Due: due})
	}
	for _, s := range sums {
		if s.HasNextStep {
			add(s, FollowUpCommitment, s.CheckOn)
		}
		if s.HasDecision {
			add(s, FollowUpDecision, s.ReviewOn)
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
		return x.Kind == FollowUpCommitment && y.Kind == FollowUpDecision
	})
	return out
}

// FollowUps returns the next steps and decisions due on or before d (zero:
// every open one) that no entry has answered yet, oldest due first, with
// their text. A follow-up is answered by an entry that Follows it with an
// outcome of its kind; answered ones never come back.
func (j *Journal) FollowUps(d Date) ([]FollowUp, error) {
	sums, err := j.AllSummaries()
	if err != nil {
		return nil, err
	}
	due := DueFollowUps(sums, d)
	if len(due) == 0 {
		return []FollowUp{}, nil
	}
	err = j.view(func(txn *badger.Txn) error {
		for i := range due {
			e, err := j.getEntry(txn, due[i].ID)
			if err != nil {
				return err
			}
			if due[i].Kind == FollowUpCommitment {
				due[i].Text = e.NextStep
			} else {
				due[i].Text = e.Decision
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return due, nil
}
