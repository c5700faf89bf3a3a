package journal

import (
	"fmt"
	"math"
	"sort"

	"github.com/dgraph-io/badger/v4"
)

// Summary is what statistics need of an entry: no text at all.
type Summary struct {
	ID     ID
	Date   Date
	Area   Area
	Rating int
	Role   Role
}

var (
	areaCodes = []Area{AreaNone, AreaVision, AreaMotivation, AreaProblemSolving}
	roleCodes = []Role{RoleNone, RoleLeader, RoleManager}
)

func encodeMeta(e *Entry) []byte {
	m := []byte{0, byte(e.Rating), 0}
	for i, a := range areaCodes {
		if a == e.Area {
			m[0] = byte(i)
		}
	}
	for i, r := range roleCodes {
		if r == e.Role {
			m[2] = byte(i)
		}
	}
	return m
}

func decodeMeta(b []byte, s *Summary) error {
	if len(b) != 3 || int(b[0]) >= len(areaCodes) || b[1] > 5 || int(b[2]) >= len(roleCodes) {
		return errCodec
	}
	s.Area, s.Rating, s.Role = areaCodes[b[0]], int(b[1]), roleCodes[b[2]]
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
				if len(v) == 0 { // written before summaries were kept
					e, err := j.getEntry(txn, s.ID)
					if err != nil {
						return err
					}
					s.Area, s.Rating, s.Role = e.Area, e.Rating, e.Role
					return nil
				}
				plain, err := j.open(v, k)
				if err != nil {
					return fmt.Errorf("%w: the date index failed its integrity check", ErrDamaged)
				}
				return decodeMeta(plain, &s)
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
	j.idxMu.Lock()
	x := j.index
	j.idxMu.Unlock()
	if x == nil {
		return nil, false
	}
	sums := make([]Summary, 0, x.Len())
	x.Each(func(e *Entry) {
		sums = append(sums, Summary{ID: e.ID, Date: e.Date, Area: e.Area, Rating: e.Rating, Role: e.Role})
	})
	sort.Slice(sums, func(a, b int) bool {
		if sums[a].Date != sums[b].Date {
			return sums[a].Date.Before(sums[b].Date)
		}
		return string(sums[a].ID[:]) < string(sums[b].ID[:])
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
	return sums, err
}
