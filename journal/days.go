package journal

import (
	"encoding/binary"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// DateFromDayNumber inverts Date.DayNumber.
func DateFromDayNumber(n uint32) Date {
	const unixEpochDay = 719162
	return DateOf(time.Unix((int64(n)-unixEpochDay)*86400, 0).UTC())
}

// DaysWritten returns every distinct day that has at least one entry, oldest
// first. It reads only the date index, so it is fast on large journals.
func (j *Journal) DaysWritten() ([]Date, error) {
	var out []Date
	err := j.view(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		o.Prefix = []byte{kindDate}
		it := txn.NewIterator(o)
		defer it.Close()
		var last uint32
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != 21 {
				continue
			}
			n := binary.BigEndian.Uint32(k[1:5])
			if len(out) > 0 && n == last {
				continue
			}
			last = n
			out = append(out, DateFromDayNumber(n))
		}
		return nil
	})
	return out, err
}

// Streak describes the run of consecutive days with entries.
type Streak struct {
	// Current counts the consecutive days with entries that end today, or
	// yesterday when today is not yet written (the streak is still alive).
	Current int
	// Longest is the longest run ever.
	Longest int
	// Today says whether today already has an entry.
	Today bool
}

// StreakOf computes the streak for today from the sorted days written.
func StreakOf(days []Date, today Date) Streak {
	var s Streak
	run := 0
	var prev Date
	for i, d := range days {
		if i > 0 && prev.AddDays(1) == d {
			run++
		} else {
			run = 1
		}
		if run > s.Longest {
			s.Longest = run
		}
		prev = d
		if d == today {
			s.Today = true
		}
	}
	// Walk back from today (or yesterday) while days are written.
	set := make(map[Date]bool, len(days))
	for _, d := range days {
		set[d] = true
	}
	d := today
	if !set[d] {
		d = d.AddDays(-1)
	}
	for set[d] {
		s.Current++
		d = d.AddDays(-1)
	}
	return s
}

// Streak returns the streak as of today.
func (j *Journal) Streak(today Date) (Streak, error) {
	days, err := j.DaysWritten()
	if err != nil {
		return Streak{}, err
	}
	return StreakOf(days, today), nil
}
