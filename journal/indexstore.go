package journal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/crypto/chacha20poly1305"
)

// The search index is kept inside the journal, sealed like every value, so
// a search is ready as soon as the journal opens:
//
//   - 'x' 'm' holds the index's record (sealed): which generation of chunks
//     holds it, how many, their total size, and the database timestamp the
//     index covers: every change committed at or before it is in the index.
//   - 'x' 'c' + generation (8) + chunk number (4) holds one chunk of the
//     encoded index (sealed, with its key as associated data, so chunks
//     cannot be swapped or mixed between generations).
//
// Sequence numbers come from the clock, in nanoseconds, but never go back:
// each is above the one before and above the record's covered number.
//   - 'x' 'n' + sequence number (8) + ID is written, empty, in the same
//     transaction as every change to that entry: a mark. The record names
//     the last sequence number the index covers; a mark after it names an
//     entry the stored index does not know as it is, which loading reads
//     again. Loading seeks past the covered marks, so the ones deleted
//     since (which Badger keeps as tombstones until it compacts) cost
//     nothing.
//
// A missing, damaged or foreign index is rebuilt from the entries; a crash
// at any point leaves either the old index or the new one, plus marks.
const (
	kindIndex     = 'x'
	indexMetaName = 'm'
	indexChunks   = 'c'
	indexMarks    = 'n'
	// indexChunkSize keeps a chunk well inside Badger's tables, where
	// compaction frees the space of the generations replaced.
	indexChunkSize = 256 << 10
	// indexMetaVersion is the version of the index's record.
	indexMetaVersion = 1
)

var (
	indexMetaKey    = []byte{kindIndex, indexMetaName}
	indexChunksKey  = []byte{kindIndex, indexChunks}
	indexMarksKey   = []byte{kindIndex, indexMarks}
	errNoIndex      = errors.New("no stored search index")
	errIndexDamaged = errors.New("the stored search index is damaged")
)

func indexChunkKey(gen uint64, n uint32) []byte {
	k := append([]byte{kindIndex, indexChunks}, make([]byte, 12)...)
	binary.BigEndian.PutUint64(k[2:], gen)
	binary.BigEndian.PutUint32(k[10:], n)
	return k
}

func indexMarkKey(seq uint64, id ID) []byte {
	k := binary.BigEndian.AppendUint64([]byte{kindIndex, indexMarks}, seq)
	return append(k, id[:]...)
}

// markChanged records, in the transaction that changes it, that entry id
// changed since the stored index was written.
func (j *Journal) markChanged(txn setter, id ID) error {
	return txn.Set(indexMarkKey(j.nextMark(), id), nil)
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
			j.lastMark.Store(m.covered)
		}
		return nil
	})
}

// indexMeta is the index's record.
type indexMeta struct {
	gen     uint64
	chunks  uint32
	size    uint64
	covered uint64
}

func (m indexMeta) encode() []byte {
	b := []byte{indexMetaVersion}
	b = binary.BigEndian.AppendUint64(b, m.gen)
	b = binary.BigEndian.AppendUint32(b, m.chunks)
	b = binary.BigEndian.AppendUint64(b, m.size)
	return binary.BigEndian.AppendUint64(b, m.covered)
}

func decodeIndexMeta(b []byte) (indexMeta, error) {
	if len(b) != 29 || b[0] != indexMetaVersion {
		return indexMeta{}, errIndexDamaged
	}
	m := indexMeta{gen: binary.BigEndian.Uint64(b[1:]), chunks: binary.BigEndian.Uint32(b[9:]),
		size: binary.BigEndian.Uint64(b[13:]), covered: binary.BigEndian.Uint64(b[21:])}
	if m.size > uint64(m.chunks)*indexChunkSize || m.chunks > 1<<20 {
		return indexMeta{}, errIndexDamaged
	}
	return m, nil
}

// readIndexMeta reads the index's record in txn.
func (j *Journal) readIndexMeta(txn *badger.Txn) (indexMeta, error) {
	item, err := txn.Get(indexMetaKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return indexMeta{}, errNoIndex
	}
	if err != nil {
		return indexMeta{}, err
	}
	var m indexMeta
	err = item.Value(func(v []byte) error {
		plain, err := j.open(v, indexMetaKey)
		if err != nil {
			return errIndexDamaged
		}
		m, err = decodeIndexMeta(plain)
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
		if x, err = decodeEntryIndex(buf); err != nil {
			return errIndexDamaged
		}
		o := badger.DefaultIteratorOptions
		o.Prefix = indexMarksKey
		o.PrefetchValues = false
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Seek(indexMarkKey(m.covered+1, ID{})); it.Valid(); it.Next() {
			if j.stopping() {
				return ErrLocked
			}
			k := it.Item().Key()
			if len(k) != 26 {
				continue
			}
			var id ID
			copy(id[:], k[10:])
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
func (j *Journal) readIndexChunks(txn *badger.Txn, m indexMeta) ([]byte, error) {
	const overhead = 1 + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead
	sealed := make([][]byte, m.chunks)
	raw := make([]byte, 0, m.size+uint64(m.chunks)*overhead)
	o := badger.DefaultIteratorOptions
	o.Prefix = indexChunkKey(m.gen, 0)[:10]
	o.PrefetchValues = false
	it := txn.NewIterator(o)
	c := 0
	for it.Rewind(); it.Valid() && c < len(sealed); it.Next() {
		item := it.Item()
		if string(item.Key()) != string(indexChunkKey(m.gen, uint32(c))) {
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
		sealed[c] = raw[at:len(raw):len(raw)]
		c++
	}
	it.Close()
	if c != len(sealed) {
		return nil, errIndexDamaged
	}
	buf := make([]byte, m.size)
	errs := make([]error, m.chunks)
	var wg sync.WaitGroup
	workers := max(1, runtime.GOMAXPROCS(0))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := w; c < len(sealed); c += workers {
				lo := uint64(c) * indexChunkSize
				hi := min(m.size, lo+indexChunkSize)
				if lo >= hi {
					errs[c] = errIndexDamaged
					continue
				}
				out, err := j.openTo(buf[lo:lo:hi], sealed[c], indexChunkKey(m.gen, uint32(c)))
				if err == nil && uint64(len(out)) != hi-lo {
					err = errIndexDamaged
				}
				errs[c] = err
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, errIndexDamaged
		}
	}
	return buf, nil
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
	blob := x.appendBinary(nil)
	var old indexMeta
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
	m := indexMeta{gen: old.gen + 1, size: uint64(len(blob)), covered: covered}
	m.chunks = uint32((len(blob) + indexChunkSize - 1) / indexChunkSize)
	if err := j.writeIndexChunks(m.gen, blob); err != nil {
		return err
	}
	err := j.update(func(txn *badger.Txn) error {
		v, err := j.sealValue(m.encode(), indexMetaKey)
		if err != nil {
			return err
		}
		if err := txn.Set(indexMetaKey, v); err != nil {
			return err
		}
		o := badger.DefaultIteratorOptions
		o.Prefix = indexChunksKey
		o.PrefetchValues = false
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			if len(k) != 14 || binary.BigEndian.Uint64(k[2:]) != m.gen {
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

// writeIndexChunks writes blob in sealed chunks of generation gen, a few
// per transaction.
func (j *Journal) writeIndexChunks(gen uint64, blob []byte) error {
	const perTxn = 3 // Badger refuses transactions over 15% of the memtable
	for c := 0; c*indexChunkSize < len(blob); c += perTxn {
		err := j.update(func(txn *badger.Txn) error {
			for n := c; n < c+perTxn && n*indexChunkSize < len(blob); n++ {
				if j.stopping() {
					return ErrLocked
				}
				k := indexChunkKey(gen, uint32(n))
				v, err := j.sealValue(blob[n*indexChunkSize:min(len(blob), (n+1)*indexChunkSize)], k)
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
	limit := indexMarkKey(covered+1, ID{})
	for {
		n := 0
		err := j.update(func(txn *badger.Txn) error {
			o := badger.DefaultIteratorOptions
			o.Prefix = indexMarksKey
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
	return j.update(func(txn *badger.Txn) error { return txn.Delete(indexMetaKey) })
}

// storeIndexAfterBulk makes the search index ready and writes it into the
// journal, after an import wrote many entries: the next open (a command
// line search, say) then reads no entry again. Failing costs only time.
func (j *Journal) storeIndexAfterBulk() {
	if x, err := j.readyIndex(); err == nil && j.changed.Load() > 0 {
		_ = j.persistIndex(x)
	}
}
