package journal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/dgraph-io/badger/v4"
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

var (
	areaCodes = []Area{AreaNone, AreaVision, AreaMotivation, AreaProblemSolving}
	roleCodes = []Role{RoleNone, RoleLeader, RoleManager}
)

// The date index record (sealed): area, rating and role (one byte each),
// which is all that records written before the coaching loop hold; then
// metaVersion, a byte of flags, the prompt ID (length byte and bytes), and
// per flag: the check-on day (4), the decision's review day (4) and
// confidence (1; 0xFF for none), and the followed ID (16) with the outcome
// code (1).
const (
	metaVersion  = 1
	metaNextStep = 1 << iota
	metaDecision
	metaFollows
	metaWeekly
	metaCreated
)

// code returns the index of v in codes, or 0.
func code[T comparable](codes []T, v T) byte {
	for i, c := range codes {
		if c == v {
			return byte(i)
		}
	}
	return 0
}

func encodeMeta(e *Entry) []byte {
	s := SummaryOf(e)
	return encodeSummary(&s)
}

// encodeSummary is the date index record of an entry with summary e.
func encodeSummary(e *Summary) []byte {
	m := make([]byte, 0, 5+len(e.PromptID)+1+9+17+8)
	m = append(m, code(areaCodes, e.Area), byte(e.Rating), code(roleCodes, e.Role), metaVersion, 0)
	flags := byte(0)
	m = append(m, byte(len(e.PromptID)))
	m = append(m, e.PromptID...)
	if e.HasNextStep {
		flags |= metaNextStep
		m = binary.BigEndian.AppendUint32(m, dayOrZero(e.CheckOn))
	}
	if e.HasDecision {
		flags |= metaDecision
		m = binary.BigEndian.AppendUint32(m, dayOrZero(e.ReviewOn))
		c := byte(noConfidence)
		if e.HasConfidence {
			c = byte(e.Confidence)
		}
		m = append(m, c)
	}
	if !e.Follows.IsZero() {
		flags |= metaFollows
		m = append(m, e.Follows[:]...)
		m = append(m, code(outcomeCodes, e.Outcome))
	}
	if e.Kind == KindWeeklyReview {
		flags |= metaWeekly
	}
	if !e.Created.IsZero() {
		flags |= metaCreated
		m = binary.BigEndian.AppendUint64(m, uint64(e.Created.Unix()))
	}
	m[4] = flags
	return m
}

// errOldMeta says a date index record predates the coaching fields: the
// caller reads them from the entry.
var errOldMeta = errors.New("date index record without coaching fields")

func decodeMeta(b []byte, s *Summary) error {
	if len(b) < 3 || int(b[0]) >= len(areaCodes) || b[1] > 5 || int(b[2]) >= len(roleCodes) {
		return errCodec
	}
	s.Area, s.Rating, s.Role = areaCodes[b[0]], int(b[1]), roleCodes[b[2]]
	if len(b) == 3 {
		return errOldMeta
	}
	if len(b) < 6 || b[3] != metaVersion || int(b[5]) > len(b)-6 {
		return errCodec
	}
	flags, p := b[4], 6+int(b[5])
	s.PromptID = string(b[6:p])
	need := func(n int) bool { return len(b)-p >= n }
	if flags&metaNextStep != 0 {
		if !need(4) {
			return errCodec
		}
		s.HasNextStep = true
		s.CheckOn, _ = dayFrom(binary.BigEndian.Uint32(b[p:]))
		p += 4
	}
	if flags&metaDecision != 0 {
		if !need(5) {
			return errCodec
		}
		s.HasDecision = true
		s.ReviewOn, _ = dayFrom(binary.BigEndian.Uint32(b[p:]))
		if c := b[p+4]; c <= 100 {
			s.Confidence, s.HasConfidence = int(c), true
		}
		p += 5
	}
	if flags&metaFollows != 0 {
		if !need(17) || int(b[p+16]) >= len(outcomeCodes) {
			return errCodec
		}
		copy(s.Follows[:], b[p:p+16])
		s.Outcome = outcomeCodes[b[p+16]]
		p += 17
	}
	if flags&metaWeekly != 0 {
		s.Kind = KindWeeklyReview
	}
	if flags&metaCreated != 0 {
		if !need(8) {
			return errCodec
		}
		s.Created = time.Unix(int64(binary.BigEndian.Uint64(b[p:])), 0).UTC()
		p += 8
	}
	if p != len(b) {
		return errCodec
	}
	return nil
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
					if err := decodeMeta(plain, &s); !errors.Is(err, errOldMeta) {
						return err
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
	x.each(func(d *docInfo) {
		sums = append(sums, d.summary())
	})
	sort.Slice(sums, func(a, b int) bool {
		return summaryLess(&sums[a], &sums[b])
	})
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
