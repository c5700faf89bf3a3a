package journal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"

	"candor/journal/internal/badgerdb"

	"github.com/dgraph-io/badger/v4"
)

// Add validates e and stores it as a new entry. A zero ID gets a fresh one;
// zero Created becomes now, and Updated becomes Created. It returns the entry
// as stored.
func (j *Journal) Add(e Entry) (Entry, error) {
	e = e.Clone()
	e.Normalize()
	if err := e.Validate(); err != nil {
		return Entry{}, err
	}
	now := j.now()
	if e.ID.IsZero() {
		e.ID = NewID(now)
	}
	if e.Created.IsZero() {
		e.Created = now
	}
	if e.Updated.IsZero() {
		e.Updated = e.Created
	}
	_, err := j.batch(false, false, func(t *Txn) error {
		if _, err := t.txn.Get(entryKey(e.ID)); err == nil {
			return ErrDuplicateID
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if err := j.checkFollows(t.txn, &e); err != nil {
			return err
		}
		return t.Put(e)
	})
	if err != nil {
		return Entry{}, err
	}
	return e, nil
}

// Update replaces the stored entry that has e's ID with e, keeping its
// creation time and setting Updated to now. It returns the entry as stored,
// or ErrNotFound.
func (j *Journal) Update(e Entry) (Entry, error) {
	e = e.Clone()
	e.Normalize()
	if err := e.Validate(); err != nil {
		return Entry{}, err
	}
	_, err := j.batch(false, false, func(t *Txn) error {
		old, err := t.Get(e.ID)
		if err != nil {
			return err
		}
		if err := j.checkFollows(t.txn, &e); err != nil {
			return err
		}
		e.Created, e.Updated = old.Created, j.now()
		return t.Put(e)
	})
	if err != nil {
		return Entry{}, err
	}
	return e, nil
}

// checkFollows checks that the entry e follows exists and that e's outcome
// fits what it records (Txn.Put skips this: imported and synced entries may
// come in any order).
func (j *Journal) checkFollows(txn *badger.Txn, e *Entry) error {
	if e.Follows.IsZero() {
		return nil
	}
	f, err := j.getEntry(txn, e.Follows)
	if errors.Is(err, ErrNotFound) {
		return &ValidationError{Field: "follows", Problem: fmt.Sprintf("names %s, which is not an entry of this journal", e.Follows)}
	}
	if err != nil {
		return err
	}
	return e.CheckAnswers(&f)
}

// Delete removes the entry with id, or returns ErrNotFound.
func (j *Journal) Delete(id ID) error {
	_, err := j.batch(false, false, func(t *Txn) error { return t.Delete(id) })
	return err
}

// Get returns the entry with id, or ErrNotFound.
func (j *Journal) Get(id ID) (Entry, error) {
	var e Entry
	err := j.view(func(txn *badger.Txn) error {
		var err error
		e, err = j.getEntry(txn, id)
		return err
	})
	return e, err
}

// Count returns the number of entries.
func (j *Journal) Count() (int, error) {
	n := 0
	err := j.view(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		o.Prefix = []byte{kindEntry}
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	return n, err
}

// Query selects entries for List and Each. The zero Query selects every
// entry, oldest first.
type Query struct {
	// From and To bound the entry date, both inclusive; zero means open.
	From, To Date
	// Area, when set, keeps entries of that area only.
	Area Area
	// Tag, when set, keeps entries carrying that tag (any letter case).
	Tag string
	// NewestFirst reverses the order: latest date first.
	NewestFirst bool
	// Limit caps the number of entries; zero means no limit.
	Limit int
	// After continues a previous listing after the entry it names (see
	// CursorOf), in the same order.
	After *Cursor
}

// Cursor marks a position in a listing; see CursorOf.
type Cursor struct {
	date Date
	id   ID
}

// CursorOf returns the position of e, for paging with Query.After.
func CursorOf(e Entry) *Cursor { return &Cursor{date: e.Date, id: e.ID} }

// List returns the entries q selects, ordered by date (then creation).
func (j *Journal) List(q Query) ([]Entry, error) {
	var out []Entry
	err := j.Each(q, func(e Entry) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// errStop ends an iteration early without an error.
var errStop = errors.New("stop")

// Each calls fn for every entry q selects, in order, without holding them all
// in memory. An error from fn stops the walk and is returned.
func (j *Journal) Each(q Query, fn func(Entry) error) error {
	if !q.From.IsZero() && !q.From.Valid() || !q.To.IsZero() && !q.To.Valid() {
		return errors.New("the date range is not valid")
	}
	lo := []byte{kindDate, 0, 0, 0, 0}
	hi := []byte{kindDate, 0xff, 0xff, 0xff, 0xff}
	if !q.From.IsZero() {
		binary.BigEndian.PutUint32(lo[1:], q.From.DayNumber())
	}
	if !q.To.IsZero() {
		binary.BigEndian.PutUint32(hi[1:], q.To.DayNumber())
	}
	n := 0
	emit := func(e Entry) error {
		if err := fn(e); err != nil {
			return err
		}
		n++
		if q.Limit > 0 && n >= q.Limit {
			return errStop
		}
		return nil
	}
	var sameDay []Entry
	var dayOf string
	flush := func() error {
		sort.SliceStable(sameDay, func(a, b int) bool {
			if q.NewestFirst {
				return sameDay[a].Created.After(sameDay[b].Created)
			}
			return sameDay[a].Created.Before(sameDay[b].Created)
		})
		for _, e := range sameDay {
			if err := emit(e); err != nil {
				return err
			}
		}
		sameDay = sameDay[:0]
		return nil
	}
	err := j.view(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		o.Prefix = []byte{kindDate}
		o.Reverse = q.NewestFirst
		it := txn.NewIterator(o)
		defer it.Close()
		records := entryReader{j: j, r: badgerdb.Reader{Txn: txn, Prefix: []byte{kindEntry}, Reverse: q.NewestFirst}}
		defer records.r.Close()
		var skip []byte
		switch {
		case q.After != nil:
			skip = dateKey(q.After.date, q.After.id)
			it.Seek(skip)
		case q.NewestFirst:
			it.Seek(append(append([]byte{}, hi...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
		default:
			it.Seek(lo)
		}
		for ; it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != 21 {
				continue
			}
			if skip != nil && string(k) == string(skip) {
				continue
			}
			day := k[1:5]
			if string(day) < string(lo[1:]) {
				if q.NewestFirst {
					break
				}
				continue
			}
			if string(day) > string(hi[1:]) {
				if q.NewestFirst {
					continue
				}
				break
			}
			if j.stopping() {
				return ErrLocked
			}
			var id ID
			copy(id[:], k[5:])
			e, err := records.get(id)
			if err != nil {
				if errors.Is(err, ErrNotFound) {
					return fmt.Errorf("%w: the date index names a missing entry", ErrDamaged)
				}
				return err
			}
			if q.Area != "" && e.Area != q.Area || q.Tag != "" && !e.HasTag(q.Tag) {
				continue
			}
			if q.After == nil {
				// A day's entries come in the order they were written.
				if string(day) != dayOf {
					if err := flush(); err != nil {
						return err
					}
					dayOf = string(day)
				}
				sameDay = append(sameDay, e)
				continue
			}
			if err := emit(e); err != nil {
				return err
			}
		}
		return flush()
	})
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// setter is what putEntryTo writes through: a transaction or a write batch.
type setter interface{ Set(k, v []byte) error }

func (j *Journal) putEntry(txn *badger.Txn, e *Entry) error { return j.putEntryTo(txn, e) }

func (j *Journal) putEntryTo(txn setter, e *Entry) error {
	plain := encodeEntry(e)
	k := entryKey(e.ID)
	v, err := j.sealValue(plain, k)
	clear(plain)
	if err != nil {
		return err
	}
	if err := txn.Set(k, v); err != nil {
		return err
	}
	// The date index carries the entry's area, rating and role, sealed, so
	// statistics never decrypt a body.
	dk := dateKey(e.Date, e.ID)
	mv, err := j.sealValue(encodeMeta(e), dk)
	if err != nil {
		return err
	}
	if err := txn.Set(dk, mv); err != nil {
		return err
	}
	return j.markChanged(txn, e.ID)
}

func (j *Journal) getEntry(txn *badger.Txn, id ID) (Entry, error) {
	it, err := txn.Get(entryKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return Entry{}, ErrNotFound
	}
	if err != nil {
		return Entry{}, err
	}
	return j.entryOf(it, id)
}

// entryOf opens and decodes the entry record it, of entry id.
func (j *Journal) entryOf(it *badger.Item, id ID) (Entry, error) {
	k := it.Key()
	var e Entry
	err := it.Value(func(v []byte) error {
		plain, err := j.open(v, k)
		if err != nil {
			return fmt.Errorf("%w: entry %s failed its integrity check", ErrDamaged, id)
		}
		if err := decodeEntry(plain, &e); err != nil {
			return fmt.Errorf("%w: entry %s cannot be decoded", ErrDamaged, id)
		}
		return nil
	})
	if e.Tags == nil {
		e.Tags = []string{}
	}
	return e, err
}

// entryReader reads entry records by ID within one transaction, for a
// listing by date (see badgerdb.Reader).
type entryReader struct {
	j *Journal
	r badgerdb.Reader
}

// get returns entry id, or ErrNotFound.
func (r *entryReader) get(id ID) (Entry, error) {
	it, err := r.r.Get(entryKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return Entry{}, ErrNotFound
	}
	if err != nil {
		return Entry{}, err
	}
	return r.j.entryOf(it, id)
}

// Scan calls fn for every entry in storage order (not by date), reading the
// entries sequentially; it is the fast way to visit the whole journal, for
// building the search index. An error from fn stops the walk.
func (j *Journal) Scan(fn func(Entry) error) error {
	return j.view(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{kindEntry}
		o.PrefetchSize = 256
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if j.stopping() {
				return ErrLocked
			}
			item := it.Item()
			k := item.Key()
			if len(k) != 17 {
				continue
			}
			var id ID
			copy(id[:], k[1:])
			e, err := j.entryOf(item, id)
			if err != nil {
				return err
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	})
}
