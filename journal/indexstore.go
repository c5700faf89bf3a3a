package journal

import (
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/crypto/chacha20poly1305"

	"candor/journal/internal/searchindex"
)

// The search index is kept inside the journal, sealed like every value
// (see package searchindex for its keys, its record and its chunks), with
// a change mark written in the same transaction as every change to an
// entry. This file reads and writes them.
var (
	errNoIndex      = searchindex.ErrNoIndex
	errIndexDamaged = searchindex.ErrDamaged
)

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
		m, err := j.readIndexMeta(txn)
		if err == nil {
			j.lastMark.Store(m.Covered)
		}
		return nil
	})
}

// readIndexMeta reads the index's record in txn.
func (j *Journal) readIndexMeta(txn *badger.Txn) (searchindex.Record, error) {
	item, err := txn.Get(searchindex.MetaKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return searchindex.Record{}, errNoIndex
	}
	if err != nil {
		return searchindex.Record{}, err
	}
	var m searchindex.Record
	err = item.Value(func(v []byte) error {
		plain, err := j.open(v, searchindex.MetaKey)
		if err != nil {
			return errIndexDamaged
		}
		m, err = searchindex.DecodeRecord(plain)
		return err
	})
	return m, err
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
// many were. errNoIndex says there is none; any other error but ErrLocked
// means it cannot be used and must be rebuilt.
func (j *Journal) loadIndex() (*entryIndex, int, error) {
	var x *entryIndex
	replayed := 0
	err := j.view(func(txn *badger.Txn) error {
		m, err := j.readIndexMeta(txn)
		if err != nil {
			return err
		}
		buf, err := j.readIndexChunks(txn, m)
		if err != nil {
			return err
		}
		words, err := searchindex.Decode(buf)
		if err != nil {
			return errIndexDamaged
		}
		x = &entryIndex{words}
		o := badger.DefaultIteratorOptions
		o.Prefix = searchindex.MarksPrefix
		o.PrefetchValues = false
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Seek(searchindex.MarkKey(m.Covered+1, ID{})); it.Valid(); it.Next() {
			if j.stopping() {
				return ErrLocked
			}
			_, id, ok := searchindex.ParseMarkKey(it.Item().Key())
			if !ok {
				continue
			}
			e, err := j.getEntry(txn, id)
			switch {
			case errors.Is(err, ErrNotFound):
				x.remove(id)
			case err != nil:
				return err
			default:
				x.put(&e)
			}
			replayed++
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return x, replayed, nil
}

// readIndexChunks reads the chunks m names and opens them, on every core,
// into one buffer.
func (j *Journal) readIndexChunks(txn *badger.Txn, m searchindex.Record) ([]byte, error) {
	const overhead = 1 + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead
	sealed := make([][]byte, 0, m.Chunks)
	raw := make([]byte, 0, m.Size+uint64(m.Chunks)*overhead)
	o := badger.DefaultIteratorOptions
	o.Prefix = searchindex.ChunkKey(m.Gen, 0)[:10]
	o.PrefetchValues = false
	it := txn.NewIterator(o)
	for it.Rewind(); it.Valid() && len(sealed) < cap(sealed); it.Next() {
		item := it.Item()
		if string(item.Key()) != string(searchindex.ChunkKey(m.Gen, uint32(len(sealed)))) {
			break // a chunk is missing
		}
		at := len(raw)
		if err := item.Value(func(v []byte) error {
			if len(v) > cap(raw)-len(raw) {
				return errIndexDamaged
			}
			raw = append(raw, v...)
			return nil
		}); err != nil {
			it.Close()
			return nil, errIndexDamaged
		}
		sealed = append(sealed, raw[at:len(raw):len(raw)])
	}
	it.Close()
	return searchindex.OpenChunks(m, sealed, j.openTo)
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
	j.idxMu.Lock()
	current := j.index == x
	j.idxMu.Unlock()
	if !current {
		return nil
	}
	j.changed.Store(0)
	blob := x.AppendBinary(nil)
	var old searchindex.Record
	if err := j.view(func(txn *badger.Txn) error {
		var err error
		old, err = j.readIndexMeta(txn)
		if errors.Is(err, errNoIndex) || errors.Is(err, errIndexDamaged) {
			err = nil
		}
		return err
	}); err != nil {
		return err
	}
	m := searchindex.NewRecord(old.Gen+1, len(blob), covered)
	if err := j.writeIndexChunks(m, blob); err != nil {
		return err
	}
	err := j.update(func(txn *badger.Txn) error {
		v, err := j.sealValue(m.Encode(), searchindex.MetaKey)
		if err != nil {
			return err
		}
		if err := txn.Set(searchindex.MetaKey, v); err != nil {
			return err
		}
		o := badger.DefaultIteratorOptions
		o.Prefix = searchindex.ChunksPrefix
		o.PrefetchValues = false
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			if gen, ok := searchindex.ChunkGen(k); !ok || gen != m.Gen {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Marks sync has not looked at yet stay.
	_ = j.view(func(txn *badger.Txn) error {
		if c, ok := j.syncCovered(txn); ok {
			covered = min(covered, c)
		}
		return nil
	})
	return j.dropMarks(covered)
}

// writeIndexChunks writes blob in the sealed chunks m names, a few per
// transaction.
func (j *Journal) writeIndexChunks(m searchindex.Record, blob []byte) error {
	const perTxn = 3 // Badger refuses transactions over 15% of the memtable
	for c := 0; c < int(m.Chunks); c += perTxn {
		err := j.update(func(txn *badger.Txn) error {
			for n := c; n < min(c+perTxn, int(m.Chunks)); n++ {
				if j.stopping() {
					return ErrLocked
				}
				k := searchindex.ChunkKey(m.Gen, uint32(n))
				v, err := j.sealValue(searchindex.Chunk(blob, n), k)
				if err != nil {
					return err
				}
				if err := txn.Set(k, v); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("storing the search index: %w", err)
		}
	}
	return nil
}

// dropMarks deletes the change marks the stored index covers, a few
// thousand per transaction.
func (j *Journal) dropMarks(covered uint64) error {
	limit := searchindex.MarkKey(covered+1, ID{})
	for {
		n := 0
		err := j.update(func(txn *badger.Txn) error {
			o := badger.DefaultIteratorOptions
			o.Prefix = searchindex.MarksPrefix
			o.PrefetchValues = false
			it := txn.NewIterator(o)
			defer it.Close()
			for it.Rewind(); it.Valid() && n < 2000; it.Next() {
				k := it.Item().KeyCopy(nil)
				if string(k) >= string(limit) {
					break
				}
				if err := txn.Delete(k); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil || n < 2000 {
			return err
		}
	}
}

// dropStoredIndex deletes the index's record, so the next load rebuilds.
func (j *Journal) dropStoredIndex() error {
	return j.update(func(txn *badger.Txn) error { return txn.Delete(searchindex.MetaKey) })
}

// storeIndexAfterBulk makes the search index ready and writes it into the
// journal, after an import wrote many entries: the next open (a command
// line search, say) then reads no entry again. Failing costs only time.
func (j *Journal) storeIndexAfterBulk() {
	if x, err := j.readyIndex(); err == nil && j.changed.Load() > 0 {
		_ = j.persistIndex(x)
	}
}
