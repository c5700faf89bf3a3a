package journal

import (
	"errors"
	"time"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/crypto/chacha20poly1305"

	"candor/journal/internal/searchindex"
)

// The search index is kept inside the journal, sealed like every value
// (see package searchindex for its keys, its record and its chunks), with
// a change mark written in the same transaction as every change to an
// entry. This file reads and writes them.

// indexDB is the journal as the stored search index sees it.
type indexDB struct{ j *Journal }

func (d indexDB) View(fn func(txn *badger.Txn) error) error   { return d.j.view(fn) }
func (d indexDB) Update(fn func(txn *badger.Txn) error) error { return d.j.update(fn) }
func (d indexDB) Seal(plain, key []byte) ([]byte, error)      { return d.j.sealValue(plain, key) }
func (d indexDB) Open(dst, v, key []byte) ([]byte, error)     { return d.j.openTo(dst, v, key) }

// Stop is ErrLocked once the journal is closing.
func (d indexDB) Stop() error {
	if d.j.stopping() {
		return ErrLocked
	}
	return nil
}

// markChanged records, in the transaction that changes it, that entry id
// changed since the stored index was written.
func (j *Journal) markChanged(txn setter, id ID) error {
	return txn.Set(searchindex.MarkKey(j.nextMark(), id), nil)
}

// nextMark returns the next mark's sequence number.
func (j *Journal) nextMark() uint64 {
	for {
		last := j.lastMark.Load()
		seq := max(last+1, uint64(time.Now().UnixNano()))
		if j.lastMark.CompareAndSwap(last, seq) {
			return seq
		}
	}
}

// markTime is when the change a mark numbers was made: its number is the
// clock's, unless the clock went back.
func markTime(seq uint64) time.Time { return time.Unix(0, int64(seq&(1<<63-1))) }

// startMarks makes the marks of this run follow those the stored index
// covers, at open.
func (j *Journal) startMarks() error {
	return j.view(func(txn *badger.Txn) error {
		m, err := searchindex.ReadRecord(indexDB{j}, txn)
		if err == nil {
			j.lastMark.Store(m.Covered)
		}
		return nil
	})
}

// openTo appends the plain text of sealed value v (see sealValue) to dst.
func (j *Journal) openTo(dst, v, aad []byte) ([]byte, error) {
	if j.seal == nil {
		if len(v) < 1 || v[0] != 0 {
			return nil, errors.New("value is sealed")
		}
		return append(dst, v[1:]...), nil
	}
	if len(v) < 1+chacha20poly1305.NonceSizeX+chacha20poly1305.Overhead || v[0] != 1 {
		return nil, errors.New("value is too short or of an unknown version")
	}
	n := 1 + chacha20poly1305.NonceSizeX
	return j.seal.Open(dst, v[1:n], v[n:], aad)
}

// loadIndex reads the stored index and brings it up to date: the entries
// marked as changed since it was written are read again. It returns how
// many were. searchindex.ErrNoIndex says there is none; any other error but ErrLocked
// means it cannot be used and must be rebuilt.
func (j *Journal) loadIndex() (*entryIndex, int, error) {
	x, replayed, err := searchindex.Load(indexDB{j}, func(txn *badger.Txn, x *searchindex.Index, id [16]byte) error {
		e, err := j.getEntry(txn, id)
		switch {
		case errors.Is(err, ErrNotFound):
			x.Remove(id)
		case err != nil:
			return err
		default:
			x.Put(entryTexts(&e), docOf(&e))
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return &entryIndex{x}, replayed, nil
}

// persistIndex writes x, the journal's index, into the journal: a new
// generation of chunks, then the record that names it (which drops the
// chunks of every other generation), then the marks it covers. Only one
// runs at a time.
func (j *Journal) persistIndex(x *entryIndex) error {
	j.persistMu.Lock()
	defer j.persistMu.Unlock()
	// With changeMu held, every mark numbered so far is committed and its
	// change is in x: writers hold its read lock from before they number
	// their mark until x has their change.
	j.changeMu.Lock()
	j.mu.RLock()
	db := j.db
	j.mu.RUnlock()
	covered := j.nextMark()
	j.changeMu.Unlock()
	if db == nil || j.stopping() {
		return ErrLocked
	}
	if j.index.Current() != x {
		return nil
	}
	j.changed.Store(0)
	if err := searchindex.Write(indexDB{j}, x.Index, covered); err != nil {
		return err
	}
	// Marks sync has not looked at yet stay.
	_ = j.view(func(txn *badger.Txn) error {
		if c, ok := j.syncCovered(txn); ok {
			covered = min(covered, c)
		}
		return nil
	})
	return searchindex.DropMarks(indexDB{j}, covered)
}

// dropStoredIndex deletes the index's record, so the next load rebuilds.
func (j *Journal) dropStoredIndex() error { return searchindex.Drop(indexDB{j}) }

// storeIndexAfterBulk makes the search index ready and writes it into the
// journal, after an import wrote many entries: the next open (a command
// line search, say) then reads no entry again. Failing costs only time.
func (j *Journal) storeIndexAfterBulk() {
	if x, err := j.readyIndex(); err == nil && j.changed.Load() > 0 {
		_ = j.persistIndex(x)
	}
}
