package journal

import (
	"fmt"
	"sort"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/badgerdb"
)

// Check reads every entry and the date index and reports what disagrees.
// An empty list means the journal is healthy. It also makes the next open
// check every block of every table, not only those it has not seen.
func (j *Journal) Check() (int, []string, error) {
	j.mu.Lock()
	j.checked = nil // nor remembered at Close
	j.mu.Unlock()
	if err := badgerdb.Forget(j.dir); err != nil {
		return 0, nil, err
	}
	var problems []string
	dates := map[ID]Date{}
	n := 0
	err := j.view(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{kindEntry}
		it := txn.NewIterator(o)
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			var id ID
			copy(id[:], k[1:])
			var e Entry
			err := it.Item().Value(func(v []byte) error {
				plain, err := j.open(v, k)
				if err != nil {
					return err
				}
				return decodeEntry(plain, &e)
			})
			if err != nil {
				problems = append(problems, fmt.Sprintf("entry %s does not decrypt or decode", id))
				continue
			}
			dates[id] = e.Date
			n++
		}
		it.Close()
		return nil
	})
	if err != nil {
		return n, problems, err
	}
	seen := map[ID]bool{}
	{
		err := j.Summaries(Date{}, Date{}, func(s Summary) error {
			seen[s.ID] = true
			if d, ok := dates[s.ID]; !ok {
				problems = append(problems, fmt.Sprintf("the date index names a missing entry %s", s.ID))
			} else if d != s.Date {
				problems = append(problems, fmt.Sprintf("entry %s is indexed under the wrong date", s.ID))
			}
			return nil
		})
		if err != nil {
			problems = append(problems, "the date index cannot be read: "+err.Error())
		}
		for id := range dates {
			if !seen[id] {
				problems = append(problems, fmt.Sprintf("entry %s is missing from the date index", id))
			}
		}
	}
	sort.Strings(problems)
	return n, problems, nil
}
