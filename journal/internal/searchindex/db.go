package searchindex

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/crypto/chacha20poly1305"
)

// DB is what the stored index needs of the journal's database: its
// transactions, its seal, and whether it is closing. Package journal
// provides it.
type DB interface {
	// View and Update run fn in a read-only or read-write transaction.
	View(fn func(txn *badger.Txn) error) error
	Update(fn func(txn *badger.Txn) error) error
	// Seal seals plain as the value of key; Open appends the plain text
	// of sealed value v of key to dst.
	Seal(plain, key []byte) ([]byte, error)
	Open(dst, v, key []byte) ([]byte, error)
	// Stop returns the error long reads and writes stop with once the
	// journal is closing, nil before.
	Stop() error
}

// sealOverhead is the most a sealed value adds to its plain text.
const sealOverhead = 1 + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead

// ReadRecord reads the index's record in txn: ErrNoIndex when there is
// none, ErrDamaged when it does not open or decode.
func ReadRecord(db DB, txn *badger.Txn) (Record, error) {
	item, err := txn.Get(MetaKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return Record{}, ErrNoIndex
	}
	if err != nil {
		return Record{}, err
	}
	var m Record
	err = item.Value(func(v []byte) error {
		plain, err := db.Open(nil, v, MetaKey)
		if err != nil {
			return ErrDamaged
		}
		m, err = DecodeRecord(plain)
		return err
	})
	return m, err
}

// Load reads the stored index and brings it up to date: for every entry
// marked as changed since it was written, it calls replay, which reads the
// entry again in txn and puts it into x or removes it. It returns how many
// marks it replayed. ErrNoIndex says there is none; any other error but
// DB.Stop's means it cannot be used and must be rebuilt.
func Load(db DB, replay func(txn *badger.Txn, x *Index, id [16]byte) error) (*Index, int, error) {
	var x *Index
	replayed := 0
	err := db.View(func(txn *badger.Txn) error {
		m, err := ReadRecord(db, txn)
		if err != nil {
			return err
		}
		buf, err := readChunks(db, txn, m)
		if err != nil {
			return err
		}
		if x, err = Decode(buf); err != nil {
			return ErrDamaged
		}
		return EachMark(txn, m.Covered, func(_ uint64, id [16]byte) error {
			if err := db.Stop(); err != nil {
				return err
			}
			replayed++
			return replay(txn, x, id)
		})
	})
	if err != nil {
		return nil, 0, err
	}
	return x, replayed, nil
}

// EachMark calls fn, in order, with the number and entry ID of every
// change mark numbered after after. An error from fn stops the walk.
func EachMark(txn *badger.Txn, after uint64, fn func(seq uint64, id [16]byte) error) error {
	o := badger.DefaultIteratorOptions
	o.Prefix = MarksPrefix
	o.PrefetchValues = false
	it := txn.NewIterator(o)
	defer it.Close()
	for it.Seek(MarkKey(after+1, [16]byte{})); it.Valid(); it.Next() {
		seq, id, ok := ParseMarkKey(it.Item().Key())
		if !ok {
			continue
		}
		if err := fn(seq, id); err != nil {
			return err
		}
	}
	return nil
}

// readChunks reads the chunks m names and opens them, on every core, into
// one buffer.
func readChunks(db DB, txn *badger.Txn, m Record) ([]byte, error) {
	sealed := make([][]byte, 0, m.Chunks)
	raw := make([]byte, 0, m.Size+uint64(m.Chunks)*sealOverhead)
	o := badger.DefaultIteratorOptions
	o.Prefix = ChunkKey(m.Gen, 0)[:10]
	o.PrefetchValues = false
	it := txn.NewIterator(o)
	for it.Rewind(); it.Valid() && len(sealed) < cap(sealed); it.Next() {
		item := it.Item()
		if string(item.Key()) != string(ChunkKey(m.Gen, uint32(len(sealed)))) {
			break // a chunk is missing
		}
		at := len(raw)
		if err := item.Value(func(v []byte) error {
			if len(v) > cap(raw)-len(raw) {
				return ErrDamaged
			}
			raw = append(raw, v...)
			return nil
		}); err != nil {
			it.Close()
			return nil, ErrDamaged
		}
		sealed = append(sealed, raw[at:len(raw):len(raw)])
	}
	it.Close()
	return OpenChunks(m, sealed, db.Open)
}

// Write stores x as the journal's index, covering the change marks up to
// covered: a new generation of chunks, then the record that names it,
// which drops the chunks of every other generation. The caller lets one
// Write run at a time, then drops the marks covered (DropMarks).
func Write(db DB, x *Index, covered uint64) error {
	blob := x.AppendBinary(nil)
	var old Record
	if err := db.View(func(txn *badger.Txn) error {
		var err error
		old, err = ReadRecord(db, txn)
		if errors.Is(err, ErrNoIndex) || errors.Is(err, ErrDamaged) {
			err = nil
		}
		return err
	}); err != nil {
		return err
	}
	m := NewRecord(old.Gen+1, len(blob), covered)
	if err := writeChunks(db, m, blob); err != nil {
		return err
	}
	return db.Update(func(txn *badger.Txn) error {
		v, err := db.Seal(m.Encode(), MetaKey)
		if err != nil {
			return err
		}
		if err := txn.Set(MetaKey, v); err != nil {
			return err
		}
		o := badger.DefaultIteratorOptions
		o.Prefix = ChunksPrefix
		o.PrefetchValues = false
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			if gen, ok := ChunkGen(k); !ok || gen != m.Gen {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// writeChunks writes blob in the sealed chunks m names, a few per
// transaction.
func writeChunks(db DB, m Record, blob []byte) error {
	const perTxn = 3 // Badger refuses transactions over 15% of the memtable
	for c := 0; c < int(m.Chunks); c += perTxn {
		err := db.Update(func(txn *badger.Txn) error {
			for n := c; n < min(c+perTxn, int(m.Chunks)); n++ {
				if err := db.Stop(); err != nil {
					return err
				}
				k := ChunkKey(m.Gen, uint32(n))
				v, err := db.Seal(Chunk(blob, n), k)
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

// DropMarks deletes the change marks numbered up to covered, a few
// thousand per transaction.
func DropMarks(db DB, covered uint64) error {
	limit := MarkKey(covered+1, [16]byte{})
	for {
		n := 0
		err := db.Update(func(txn *badger.Txn) error {
			o := badger.DefaultIteratorOptions
			o.Prefix = MarksPrefix
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

// Drop deletes the index's record, so the next load rebuilds.
func Drop(db DB) error {
	return db.Update(func(txn *badger.Txn) error { return txn.Delete(MetaKey) })
}

// Build builds an index from the keys of keyLen bytes that begin with the
// byte prefix, on up to parts goroutines: it cuts the keys into ranges of
// about equal size at the first keys of the tables Badger reports (see
// Splits), reads each range in a transaction on a goroutine of its own,
// calls add with each key and its item and a Part to add the entry to, and
// merges the parts in order. The first error, in the order of the ranges,
// is Build's.
func Build(db DB, tables []badger.TableInfo, prefix byte, keyLen, parts int, add func(p *Part, k []byte, item *badger.Item) error) (*Index, error) {
	return build(tables, prefix, parts, func(lo, hi []byte, p *Part) error {
		return db.View(func(txn *badger.Txn) error {
			o := badger.DefaultIteratorOptions
			o.Prefix = []byte{prefix}
			it := txn.NewIterator(o)
			defer it.Close()
			for it.Seek(lo); it.Valid(); it.Next() {
				if err := db.Stop(); err != nil {
					return err
				}
				item := it.Item()
				k := item.Key()
				if string(k) >= string(hi) {
					break
				}
				if len(k) != keyLen {
					continue
				}
				if err := add(p, k, item); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// Count returns how many keys of keyLen bytes that begin with the byte
// prefix txn holds: VerifyIndex compares it with the index's Len.
func Count(db DB, txn *badger.Txn, prefix byte, keyLen int) (int, error) {
	n := 0
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{prefix}
	o.PrefetchValues = false
	it := txn.NewIterator(o)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if err := db.Stop(); err != nil {
			return 0, err
		}
		if len(it.Item().Key()) == keyLen {
			n++
		}
	}
	return n, nil
}
