package journal

import (
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/searchindex"
)

// Batched writes, the way imports (package journal/imports) and sync
// (package journal/sync) write: Journal.Apply takes items in batches, each
// one transaction (Txn), in which the caller reads, writes and deletes
// entries and the sealed records kept beside them: per entry, the record
// of an owner (SideRecord), and a few named records (Record). Owners and
// names are a closed set fixed here, so the key layout stays this
// package's; the records' bytes are their owners' business.

// SideRecord names the owner of a sealed record kept beside each entry,
// under a key of its letter and the entry's ID. The values below are the
// only ones; the zero SideRecord panics.
type SideRecord struct{ *record }

// Record names a sealed record of which a journal holds one, under a key
// of kindMeta and its letter. The values below are the only ones; the
// zero Record panics.
type Record struct{ *record }

// record is the letter of a SideRecord's or a Record's keys, and what its
// integrity errors call it.
type record struct {
	letter byte
	what   string
}

var (
	// ImportProvenance is an imported entry's version in its source at
	// its last import (package journal/imports): the base of the next
	// import's merge.
	ImportProvenance = SideRecord{&record{'i', "the import record of entry "}}
	// SyncState is sync's state of an entry (package journal/sync): its
	// versions and how it was last synced. It outlives the entry.
	SyncState = SideRecord{&record{'y', "a sync record"}}

	// ImportMark is the mark an import in progress leaves (package
	// journal/imports): written before its first batch and removed after
	// its last, it tells the next open of one cut short.
	ImportMark = Record{&record{'i', "the record of an import in progress"}}
	// SyncMeta is sync's record: this computer's identity, clock and
	// progress. A restored journal has none (it syncs as a new computer).
	SyncMeta = Record{&record{'s', "a sync record"}}
	// SyncCovered is the last change mark sync has looked at, 8 bytes big
	// endian: the marks after it are kept for the next sync.
	SyncCovered = Record{&record{'c', "a sync record"}}
	// draftRecord is the entry being written (SaveDraft).
	draftRecord = Record{&record{'d', "the draft"}}
)

func (o SideRecord) key(id ID) []byte { return append([]byte{o.letter}, id[:]...) }

func (r Record) key() []byte { return []byte{kindMeta, r.letter} }

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
	for _, k := range [][]byte{dateKey(was, id), entryKey(id)} {
		if err := t.txn.Delete(k); err != nil {
			return err
		}
	}
	t.dates[id] = Date{}
	t.index = append(t.index, func(x *entryIndex) { x.remove(id) })
	return t.j.markChanged(t.txn, id)
}

// Side returns owner's record of the entry with id, or nil when there is
// none.
func (t *Txn) Side(owner SideRecord, id ID) ([]byte, error) {
	return t.j.readSealed(t.txn, owner.key(id), owner.record)
}

// EachSide calls fn with the ID of every entry owner has a record of (a
// record may outlive its entry), in ID order.
func (t *Txn) EachSide(owner SideRecord, fn func(id ID) error) error {
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Prefix = []byte{owner.letter}
	it := t.txn.NewIterator(o)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if t.j.stopping() {
			return ErrLocked
		}
		var id ID
		copy(id[:], it.Item().Key()[1:])
		if err := fn(id); err != nil {
			return err
		}
	}
	return nil
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
	// Done, when set, is told after each batch how many items are done.
	Done func(done int)
}

// Apply calls fn for items 0 to n-1 in batches, each batch in one
// transaction: a batch takes items while their weights (weigh) add up to
// less than 512 KiB, and one at least, so a run cut short leaves whole
// batches. An error from fn ends the run; its batch is not written.
func (j *Journal) Apply(n int, weigh func(i int) int, opts ApplyOptions, fn func(t *Txn, i int) error) error {
	changed := 0
	if opts.Bulk {
		j.bulk.Add(1)
		defer func() {
			if changed >= 256 {
				j.storeIndexAfterBulk()
			}
			j.bulk.Add(-1)
		}()
	}
	const batchBytes = 512 << 10
	for start := 0; start < n; {
		end, size := start, 0
		for end < n && (end == start || size+weigh(end) < batchBytes) {
			size += weigh(end)
			end++
		}
		written, err := j.batch(opts.DryRun, opts.Exclusive, func(t *Txn) error {
			for i := start; i < end; i++ {
				if err := fn(t, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		changed += written
		start = end
		if opts.Done != nil {
			opts.Done(start)
		}
	}
	return nil
}

// batch runs fn in one transaction, which only reads when dry, then gives
// the search index what it wrote (when one is ready or being made), under
// changeMu's read lock (see persistIndex) and, unless exclusive, editMu's,
// and writes the index into the journal again once enough changes piled
// up. It returns the number of entries written.
func (j *Journal) batch(dry, exclusive bool, fn func(t *Txn) error) (int, error) {
	var t Txn
	do := func(txn *badger.Txn) error {
		t = Txn{j: j, txn: txn, dry: dry, dates: map[ID]Date{}}
		return fn(&t)
	}
	if dry {
		return 0, j.view(do)
	}
	if !exclusive {
		j.editMu.RLock()
		defer j.editMu.RUnlock()
	}
	j.changeMu.RLock()
	defer j.changeMu.RUnlock()
	if err := j.update(do); err != nil {
		return 0, err
	}
	x := j.index.Apply(func(x *entryIndex) {
		for _, f := range t.index {
			f(x)
		}
	})
	if n := j.changed.Add(1); x != nil && j.bulk.Load() == 0 && n >= int64(searchindex.PersistAfter(x.Len())) {
		j.changed.Store(0)
		go j.persistIndex(x)
	}
	return len(t.index), nil
}

// View runs fn in a transaction that only reads, as in a dry run.
func (j *Journal) View(fn func(t *Txn) error) error {
	_, err := j.batch(true, false, fn)
	return err
}

// Record returns the record name, or nil when there is none.
func (j *Journal) Record(name Record) (plain []byte, err error) {
	err = j.view(func(txn *badger.Txn) error {
		plain, err = j.readSealed(txn, name.key(), name.record)
		return err
	})
	return plain, err
}

// SetRecord stores plain as the record name, replacing any; nil removes
// it.
func (j *Journal) SetRecord(name Record, plain []byte) error {
	return j.update(func(txn *badger.Txn) error { return j.writeSealed(txn, name.key(), plain) })
}

// readSealed reads and opens the value of k, a key of r, or nil when
// there is none.
func (j *Journal) readSealed(txn *badger.Txn, k []byte, r *record) ([]byte, error) {
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
		if err != nil && r == ImportProvenance.record {
			return fmt.Errorf("%w: %s%s failed its integrity check", ErrDamaged, r.what, ID(k[1:]))
		} else if err != nil {
			return fmt.Errorf("%w: %s failed its integrity check", ErrDamaged, r.what)
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
