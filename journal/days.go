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
