package journal

import (
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Batched writes, the way imports (package journal/imports) and sync
// (package journal/sync) write: Journal.Apply takes items in batches, each
// one transaction (Txn), in which the caller reads, writes and deletes
// entries and the sealed records kept beside them: per entry, the record
// of an owner (SideRecord), and a few named records (Record). Owners and
// names are a closed set fixed here, so the key layout stays this
// package's; the records' bytes are their owners' business.

// SideRecord names the owner of a sealed record kept beside each entry,
// under a key of its letter and the entry's ID.
type SideRecord byte

const (
	// ImportProvenance is an imported entry's version in its source at
	// its last import (package journal/imports): the base of the next
	// import's merge.
	ImportProvenance SideRecord = 'i'
	// SyncState is sync's state of an entry (package journal/sync): its
	// versions and how it was last synced. It outlives the entry.
	SyncState SideRecord = 'y'
)

func (o SideRecord) key(id ID) []byte { return append([]byte{byte(o)}, id[:]...) }

// what names o's record of entry id in an integrity error.
func (o SideRecord) what(id ID) string {
	if o == ImportProvenance {
		return "the import record of entry " + id.String()
	}
	return "a sync record"
}

// Record names a sealed record of which a journal holds one, under a key
// of kindMeta and its letter.
type Record byte

const (
	// ImportMark is the mark an import in progress leaves (package
	// journal/imports): written before its first batch and removed after
	// its last, it tells the next open of one cut short.
	ImportMark Record = 'i'
	// SyncMeta is sync's record: this computer's identity, clock and
	// progress. A restored journal has none (it syncs as a new computer).
	SyncMeta Record = 's'
	// SyncCovered is the last change mark sync has looked at, 8 bytes big
	// endian: the marks after it are kept for the next sync.
	SyncCovered Record = 'c'
)

func (r Record) key() []byte { return []byte{kindMeta, byte(r)} }

// what names r in an integrity error.
func (r Record) what() string {
	if r == ImportMark {
		return "the record of an import in progress"
	}
	return "a sync record"
}

// Now is the journal's clock (Options.Now, else the computer's), in UTC to
// the second: the time it stamps entries with.
func (j *Journal) Now() time.Time { return j.now() }

// Txn is one transaction of Journal.Apply. In a dry run it only reads, and
// its writes do nothing.
type Txn struct {
	j     *Journal
	txn   *badger.Txn
	dry   bool
	dates map[ID]Date // the stored date of each entry looked up, zero for none
	// index holds the changes the search index takes at the commit.
	index []func(x *entryIndex)
}

// Get returns the entry with id, or ErrNotFound.
func (t *Txn) Get(id ID) (Entry, error) {
	e, err := t.j.getEntry(t.txn, id)
	if err == nil || errors.Is(err, ErrNotFound) {
		t.dates[id] = e.Date
	}
	return e, err
}

// date returns the stored date of the entry with id, zero for none.
func (t *Txn) date(id ID) (Date, error) {
	if d, ok := t.dates[id]; ok {
		return d, nil
	}
	if _, err := t.Get(id); err != nil && !errors.Is(err, ErrNotFound) {
		return Date{}, err
	}
	return t.dates[id], nil
}

// Put stores e as it is (validate it first), in place of the entry with
// its ID if there is one, with a change mark; the search index takes it
// when the transaction commits. Unlike Journal.Update it keeps e's times
// and does not look for the entry e follows: imported and synced entries
// come in any order.
func (t *Txn) Put(e Entry) error {
	if t.dry {
		return nil
	}
	was, err := t.date(e.ID)
	if err != nil {
		return err
	}
	if !was.IsZero() && was != e.Date {
		if err := t.txn.Delete(dateKey(was, e.ID)); err != nil {
			return err
		}
	}
	t.dates[e.ID] = e.Date
	t.index = append(t.index, func(x *entryIndex) { x.put(&e) })
	return t.j.putEntry(t.txn, &e)
}

// Delete removes the entry with id, with a change mark, or returns
// ErrNotFound; the search index drops it when the transaction commits.
// Side records stay.
func (t *Txn) Delete(id ID) error {
	if t.dry {
		return nil
	}
	was, err := t.date(id)
	if err != nil {
		return err
	}
	if was.IsZero() {
		return ErrNotFound
	}
	if err := t.txn.Delete(dateKey(was, id)); err != nil {
		return err
	}
	if err := t.txn.Delete(entryKey(id)); err != nil {
		return err
	}
	t.dates[id] = Date{}
	t.index = append(t.index, func(x *entryIndex) { x.remove(id) })
	return t.j.markChanged(t.txn, id)
}

// Side returns owner's record of the entry with id, or nil when there is
// none.
func (t *Txn) Side(owner SideRecord, id ID) ([]byte, error) {
	return t.j.readSealed(t.txn, owner.key(id), owner.what(id))
}

// SetSide stores plain as owner's record of the entry with id; nil
// removes it.
func (t *Txn) SetSide(owner SideRecord, id ID, plain []byte) error {
	if t.dry {
		return nil
	}
	return t.j.writeSealed(t.txn, owner.key(id), plain)
}

// SetRecord stores plain as the record name, replacing any; nil removes
// it.
func (t *Txn) SetRecord(name Record, plain []byte) error {
	if t.dry {
		return nil
	}
	return t.j.writeSealed(t.txn, name.key(), plain)
}

// ApplyOptions say how Journal.Apply runs.
type ApplyOptions struct {
	// DryRun makes the transactions only read: their writes do nothing.
	DryRun bool
	// Bulk is for a run that may write many entries (an import): the
	// search index is written into the journal once, at the end, when 256
	// entries or more were written, not every few hundred entries.
	Bulk bool
	// Exclusive is for a run inside SyncExclusive: its transactions do not
	// wait for edits, which SyncExclusive holds back.
	Exclusive bool
	// Done, when set, is called after each batch with the number of items
	// done.
	Done func(done int)
}

// Apply calls fn for items 0 to n-1 in batches, each batch in one
// transaction: a batch takes items while their weights (weigh) add up to
// less than 512 KiB, and one at least, so a run cut short leaves whole
// batches. An error from fn ends the run; its batch is not written.
func (j *Journal) Apply(n int, weigh func(i int) int, opts ApplyOptions, fn func(t *Txn, i int) error) error {
	if opts.Bulk {
		j.bulk.Add(1)
		defer j.bulk.Add(-1)
	}
	changed := 0
	defer func() {
		if opts.Bulk && changed >= 256 {
			j.storeIndexAfterBulk()
		}
	}()
	const batchBytes = 512 << 10
	for start := 0; start < n; {
		end, size := start, 0
		for end < n && (end == start || size+weigh(end) < batchBytes) {
			size += weigh(end)
			end++
		}
		var t Txn
		apply := func(txn *badger.Txn) error {
			t = Txn{j: j, txn: txn, dry: opts.DryRun, dates: map[ID]Date{}}
			for i := start; i < end; i++ {
				if err := fn(&t, i); err != nil {
					return err
				}
			}
			return nil
		}
		var err error
		if opts.DryRun {
			err = j.view(apply)
		} else {
			err = j.changeAs(opts.Exclusive, apply, func(x *entryIndex) {
				for _, f := range t.index {
					f(x)
				}
			})
		}
		if err != nil {
			return err
		}
		changed += len(t.index)
		start = end
		if opts.Done != nil {
			opts.Done(start)
		}
	}
	return nil
}

// Record returns the record name, or nil when there is none.
func (j *Journal) Record(name Record) (plain []byte, err error) {
	err = j.view(func(txn *badger.Txn) error {
		plain, err = j.readSealed(txn, name.key(), name.what())
		return err
	})
	return plain, err
}

// SetRecord stores plain as the record name, replacing any; nil removes
// it.
func (j *Journal) SetRecord(name Record, plain []byte) error {
	return j.update(func(txn *badger.Txn) error { return j.writeSealed(txn, name.key(), plain) })
}

// SidedEntry is an entry as the owner of a side record sees it: whether
// it exists, its stored form, and the owner's record of it (nil when there
// is none).
type SidedEntry struct {
	ID     ID
	Exists bool
	Entry  Entry
	Side   []byte
}

// GetSided reads the entry with id and owner's record of it, together.
func (j *Journal) GetSided(owner SideRecord, id ID) (SidedEntry, error) {
	s := SidedEntry{ID: id}
	err := j.view(func(txn *badger.Txn) error {
		e, err := j.getEntry(txn, id)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return err
		default:
			s.Exists, s.Entry = true, e
		}
		s.Side, err = j.readSealed(txn, owner.key(id), owner.what(id))
		return err
	})
	return s, err
}

// EachSided calls fn for every entry and every ID owner has a record of
// (the record of a deleted entry may stay), in ID order.
func (j *Journal) EachSided(owner SideRecord, fn func(SidedEntry) error) error {
	return j.view(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		ents := txn.NewIterator(func() badger.IteratorOptions { o.Prefix = []byte{kindEntry}; return o }())
		defer ents.Close()
		sides := txn.NewIterator(func() badger.IteratorOptions { o.Prefix = []byte{byte(owner)}; return o }())
		defer sides.Close()
		ents.Rewind()
		sides.Rewind()
		for ents.Valid() || sides.Valid() {
			if j.stopping() {
				return ErrLocked
			}
			var id ID
			var haveE, haveS bool
			switch {
			case !sides.Valid():
				haveE = true
			case !ents.Valid():
				haveS = true
			default:
				c := string(ents.Item().Key()[1:]) < string(sides.Item().Key()[1:])
				eq := string(ents.Item().Key()[1:]) == string(sides.Item().Key()[1:])
				haveE, haveS = c || eq, !c || eq
			}
			if haveE {
				copy(id[:], ents.Item().Key()[1:])
			} else {
				copy(id[:], sides.Item().Key()[1:])
			}
			s := SidedEntry{ID: id}
			if haveE {
				e, err := j.getEntry(txn, id)
				if err != nil {
					return err
				}
				s.Exists, s.Entry = true, e
				ents.Next()
			}
			if haveS {
				side, err := j.readSealed(txn, owner.key(id), owner.what(id))
				if err != nil {
					return err
				}
				s.Side = side
				sides.Next()
			}
			if err := fn(s); err != nil {
				return err
			}
		}
		return nil
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

// writeSealed seals plain as the value of k; nil deletes k.
func (j *Journal) writeSealed(txn *badger.Txn, k, plain []byte) error {
	if plain == nil {
		return txn.Delete(k)
	}
	v, err := j.sealValue(plain, k)
	if err != nil {
		return err
	}
	return txn.Set(k, v)
}
