package journal

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/entryrec"
	"candor/journal/internal/searchindex"
)

// Summary is what statistics and the coaching loop need of an entry: no
// text at all, only whether a next step or decision was written.
type Summary struct {
	ID     ID
	Date   Date
	Area   Area
	Rating int
	Role   Role
	// PromptID names the prompt the entry answers (its trait comes from
	// the prompt library), or is empty.
	PromptID string
	// Kind, CheckOn, ReviewOn, Follows and Outcome are the entry's.
	Kind     Kind
	CheckOn  Date
	ReviewOn Date
	Follows  ID
	Outcome  Outcome
	// HasNextStep and HasDecision say whether the entry records a next step
	// or a decision.
	HasNextStep, HasDecision bool
	// Confidence is the decision's confidence, 0 to 100, when HasConfidence.
	Confidence    int
	HasConfidence bool
	// Created is when the entry was written, to the second, so that a
	// day's entries come in that order; zero in date index records written
	// before it was kept (those order by ID).
	Created time.Time
}

// SummaryOf returns the summary of e.
func SummaryOf(e *Entry) Summary {
	s := Summary{ID: e.ID, Date: e.Date, Area: e.Area, Rating: e.Rating, Role: e.Role,
		PromptID: e.PromptID, Kind: e.Kind, CheckOn: e.CheckOn, ReviewOn: e.ReviewOn,
		Follows: e.Follows, Outcome: e.Outcome, HasNextStep: e.NextStep != "", HasDecision: e.Decision != "",
		Created: e.Created.Truncate(time.Second)}
	if e.Confidence != nil {
		s.Confidence, s.HasConfidence = *e.Confidence, true
	}
	return s
}

// metaOf codes s for the date index and the search index.
func metaOf(s *Summary) entryrec.Meta {
	m := entryrec.Meta{Area: entryrec.Code(entryrec.Areas, string(s.Area)), Rating: uint8(s.Rating),
		Role: entryrec.Code(entryrec.Roles, string(s.Role)), PromptID: s.PromptID,
		CheckOn: dayOrZero(s.CheckOn), ReviewOn: dayOrZero(s.ReviewOn), Confidence: noConfidence,
		Follows: s.Follows, Outcome: entryrec.Code(entryrec.Outcomes, string(s.Outcome)), Created: s.Created}
	if s.HasConfidence {
		m.Confidence = uint8(s.Confidence)
	}
	if s.HasNextStep {
		m.Flags |= entryrec.FlagNextStep
	}
	if s.HasDecision {
		m.Flags |= entryrec.FlagDecision
	}
	if s.Kind == KindWeeklyReview {
		m.Flags |= entryrec.FlagWeekly
	}
	return m
}

// setMeta sets every field of s but ID and Date from m.
func (s *Summary) setMeta(m *entryrec.Meta) {
	*s = Summary{ID: s.ID, Date: s.Date, Area: Area(entryrec.Areas[m.Area]), Rating: int(m.Rating),
		Role: Role(entryrec.Roles[m.Role]), PromptID: m.PromptID, Follows: m.Follows,
		Outcome: Outcome(entryrec.Outcomes[m.Outcome]), HasNextStep: m.Flags&entryrec.FlagNextStep != 0,
		HasDecision: m.Flags&entryrec.FlagDecision != 0, Created: m.Created}
	s.CheckOn, _ = dayFrom(m.CheckOn)
	s.ReviewOn, _ = dayFrom(m.ReviewOn)
	if m.Confidence != noConfidence {
		s.Confidence, s.HasConfidence = int(m.Confidence), true
	}
	if m.Flags&entryrec.FlagWeekly != 0 {
		s.Kind = KindWeeklyReview
	}
}

// encodeMeta is the date index record of e (see entryrec.Meta).
func encodeMeta(e *Entry) []byte {
	s := SummaryOf(e)
	m := metaOf(&s)
	return entryrec.EncodeMeta(&m)
}

// Summaries calls fn for the summary of every entry dated from..to (zero
// means open), oldest first, reading only the date index.
func (j *Journal) Summaries(from, to Date, fn func(Summary) error) error {
	lo, hi := uint32(0), uint32(math.MaxUint32)
	if !from.IsZero() {
		lo = from.DayNumber()
	}
	if !to.IsZero() {
		hi = to.DayNumber()
	}
	return j.view(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{kindDate}
		it := txn.NewIterator(o)
		defer it.Close()
		start := []byte{kindDate, byte(lo >> 24), byte(lo >> 16), byte(lo >> 8), byte(lo)}
		for it.Seek(start); it.Valid(); it.Next() {
			if j.stopping() {
				return ErrLocked
			}
			item := it.Item()
			k := item.Key()
			if len(k) != 21 {
				continue
			}
			day := uint32(k[1])<<24 | uint32(k[2])<<16 | uint32(k[3])<<8 | uint32(k[4])
			if day > hi {
				break
			}
			s := Summary{Date: DateFromDayNumber(day)}
			copy(s.ID[:], k[5:])
			err := item.Value(func(v []byte) error {
				if len(v) > 0 {
					plain, err := j.open(v, k)
					if err != nil {
						return fmt.Errorf("%w: the date index failed its integrity check", ErrDamaged)
					}
					var m entryrec.Meta
					switch err := entryrec.DecodeMeta(plain, &m); {
					case err == nil:
						s.setMeta(&m)
						return nil
					case !errors.Is(err, entryrec.ErrOldMeta):
						return errCodec
					}
				}
				// Written before summaries were kept, or before they held
				// the prompt and the coaching fields: read the entry.
				e, err := j.getEntry(txn, s.ID)
				if err != nil {
					return err
				}
				s = SummaryOf(&e)
				return nil
			})
			if err != nil {
				return err
			}
			if err := fn(s); err != nil {
				return err
			}
		}
		return nil
	})
}

// indexSummaries takes the summaries from the search index when it is
// built (the app builds it at unlock): no decryption at all.
func (j *Journal) indexSummaries() ([]Summary, bool) {
	x := j.currentIndex()
	if x == nil {
		return nil, false
	}
	sums := make([]Summary, 0, x.Len())
	x.Each(func(d *searchindex.Doc) { sums = append(sums, summaryOfDoc(d)) })
	sortSummaries(sums)
	return sums, true
}

// AllSummaries returns the summary of every entry, oldest first: from the
// search index when it is built, else from the date index.
func (j *Journal) AllSummaries() ([]Summary, error) {
	if sums, ok := j.indexSummaries(); ok {
		return sums, nil
	}
	var sums []Summary
	err := j.Summaries(Date{}, Date{}, func(s Summary) error { sums = append(sums, s); return nil })
	sortSummaries(sums) // a day's entries in the order they were written
	return sums, err
}
