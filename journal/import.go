package journal

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"

	"github.com/dgraph-io/badger/v4"
)

// StableID derives an entry ID from where an entry came from, so importing
// the same source twice finds the same entries.
func StableID(parts ...string) ID {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	var id ID
	copy(id[:], h.Sum(nil))
	return id
}

// ImportSummary says what an import did.
type ImportSummary struct {
	Imported, Updated, Unchanged int
}

// MaxImportFileBytes bounds one source file of an import; importers report
// a bigger one instead of reading it.
const MaxImportFileBytes = 4 << 20

// Import stores entries that come with their IDs and times (from an export
// or another tool): a new ID is added, a known one with other content is
// updated, and an identical one is left alone. Entries are validated
// before anything is written.
func (j *Journal) Import(entries []Entry, progress func(done int)) (ImportSummary, error) {
	var sum ImportSummary
	for i := range entries {
		entries[i].Normalize()
		if err := entries[i].Validate(); err != nil {
			return sum, fmt.Errorf("entry %d: %w", i+1, err)
		}
		if entries[i].ID.IsZero() {
			return sum, fmt.Errorf("entry %d has no ID", i+1)
		}
	}
	// Write in transactions of about 512 KiB (Badger refuses very large
	// ones); each is atomic and re-running an import is harmless.
	const batchBytes = 512 << 10
	for start := 0; start < len(entries); {
		end, size := start, 0
		for end < len(entries) && (end == start || size+len(entries[end].Body)+1024 < batchBytes) {
			size += len(entries[end].Body) + 1024
			end++
		}
		var added []Entry
		var s ImportSummary
		err := j.update(func(txn *badger.Txn) error {
			s, added = ImportSummary{}, nil
			for i := start; i < end; i++ {
				e := entries[i]
				old, err := j.getEntry(txn, e.ID)
				switch {
				case errors.Is(err, ErrNotFound):
					s.Imported++
				case err != nil:
					return err
				case reflect.DeepEqual(old, e):
					s.Unchanged++
					continue
				default:
					s.Updated++
					if old.Date != e.Date {
						if err := txn.Delete(dateKey(old.Date, old.ID)); err != nil {
							return err
						}
					}
				}
				if e.Created.IsZero() {
					e.Created = j.now()
				}
				if e.Updated.IsZero() {
					e.Updated = e.Created
				}
				if err := j.putEntry(txn, &e); err != nil {
					return err
				}
				added = append(added, e)
			}
			return nil
		})
		if err != nil {
			return sum, err
		}
		for _, e := range added {
			j.indexed(func(x *entryIndex) { x.Put(e) })
		}
		sum.Imported += s.Imported
		sum.Updated += s.Updated
		sum.Unchanged += s.Unchanged
		start = end
		if progress != nil {
			progress(start)
		}
	}
	return sum, nil
}
