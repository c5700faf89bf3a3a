package journal

import (
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// What an import (package journal/imports, which holds the merge) needs of
// the store: batches of reads and writes, each one transaction, and each
// imported entry's provenance, the source's version of it at its last
// import (the base of the next import's merge), kept sealed under kindProv.

func provKey(id ID) []byte { return append([]byte{kindProv}, id[:]...) }

// Now is the journal's clock (Options.Now, else the computer's), in UTC to
// the second: the time it stamps entries with.
func (j *Journal) Now() time.Time { return j.now() }

// ImportTxn is one transaction of Journal.ImportEach. In a dry run it only
// reads, and its writes do nothing.
type ImportTxn struct {
	j       *Journal
	txn     *badger.Txn
	dry     bool
	dates   map[ID]Date // the stored date of each entry looked up, zero for none
	written []Entry
}

// Get returns the entry with id, or ErrNotFound.
func (t *ImportTxn) Get(id ID) (Entry, error) {
	e, err := t.j.getEntry(t.txn, id)
	if err == nil || errors.Is(err, ErrNotFound) {
		t.dates[id] = e.Date
	}
	return e, err
}

// Provenance returns the provenance of the entry with id, or nil when it
// has none.
func (t *ImportTxn) Provenance(id ID) (*Entry, error) {
	plain, err := t.j.readSealed(t.txn, provKey(id), "the import record of entry "+id.String())
	if plain == nil {
		return nil, err
	}
	e, err := UnmarshalEntry(plain)
	return &e, err
}

// Put stores e as it is (validate it first), in place of the entry with
// its ID if there is one, with a change mark; the search index takes it
// when the transaction commits.
func (t *ImportTxn) Put(e Entry) error {
	if t.dry {
		return nil
	}
	was, ok := t.dates[e.ID]
	if !ok {
		if _, err := t.Get(e.ID); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		was = t.dates[e.ID]
	}
	if !was.IsZero() && was != e.Date {
		if err := t.txn.Delete(dateKey(was, e.ID)); err != nil {
			return err
		}
	}
	t.dates[e.ID] = e.Date
	t.written = append(t.written, e)
	return t.j.putEntry(t.txn, &e)
}

// SetProvenance stores src as the provenance of the entry src.ID.
func (t *ImportTxn) SetProvenance(src Entry) error {
	if t.dry {
		return nil
	}
	plain := encodeEntry(&src)
	defer clear(plain)
	return t.j.setSealed(t.txn, provKey(src.ID), plain)
}

// ImportEach calls fn for items 0 to n-1 in batches, each batch in one
// transaction: a batch holds items of about 512 KiB, item i weighing twice
// bodyLen(i) plus 2 KiB, so an import cut short leaves whole items. After
// each batch, done (if not nil) is called with the number of items done.
// When dryRun is set, the transactions only read. The search index is
// written into the journal once, at the end, when 256 entries or more were
// stored, not every few hundred entries.
func (j *Journal) ImportEach(n int, bodyLen func(i int) int, dryRun bool, done func(int), fn func(t *ImportTxn, i int) error) error {
	j.bulk.Add(1)
	defer j.bulk.Add(-1)
	changed := 0
	defer func() {
		if changed >= 256 {
			j.storeIndexAfterBulk()
		}
	}()
	const batchBytes = 512 << 10
	for start := 0; start < n; {
		end, size := start, 0
		for end < n && (end == start || size+2*bodyLen(end)+2048 < batchBytes) {
			size += 2*bodyLen(end) + 2048
			end++
		}
		var t ImportTxn
		apply := func(txn *badger.Txn) error {
			t = ImportTxn{j: j, txn: txn, dry: dryRun, dates: map[ID]Date{}}
			for i := start; i < end; i++ {
				if err := fn(&t, i); err != nil {
					return err
				}
			}
			return nil
		}
		var err error
		if dryRun {
			err = j.view(apply)
		} else {
			err = j.change(apply, func(x *entryIndex) {
				for i := range t.written {
					x.put(&t.written[i])
				}
			})
		}
		if err != nil {
			return err
		}
		changed += len(t.written)
		start = end
		if done != nil {
			done(start)
		}
	}
	return nil
}

// importMarkKey is where an import in progress leaves its mark (sealed).
var importMarkKey = []byte{kindMeta, 'i'}

// ImportMark returns the mark an import in progress left (SetImportMark),
// or nil when there is none.
func (j *Journal) ImportMark() (mark []byte, err error) {
	err = j.view(func(txn *badger.Txn) error {
		mark, err = j.readSealed(txn, importMarkKey, "the record of an import in progress")
		return err
	})
	return mark, err
}

// SetImportMark leaves mark (its bytes are the importer's) as the mark of
// an import in progress, replacing any; nil removes it. Written before an
// import's first batch and removed after its last, it tells the next open
// of one cut short (a crash, a full disk, Ctrl-C).
func (j *Journal) SetImportMark(mark []byte) error {
	return j.update(func(txn *badger.Txn) error {
		if mark == nil {
			return txn.Delete(importMarkKey)
		}
		return j.setSealed(txn, importMarkKey, mark)
	})
}

// readSealed reads and opens the value of k, or nil when there is none;
// what names it when it fails its integrity check.
func (j *Journal) readSealed(txn *badger.Txn, k []byte, what string) ([]byte, error) {
	it, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var plain []byte
	err = it.Value(func(v []byte) error {
		p, err := j.open(v, k)
		if err != nil {
			return fmt.Errorf("%w: %s failed its integrity check", ErrDamaged, what)
		}
		plain = p
		return nil
	})
	return plain, err
}
