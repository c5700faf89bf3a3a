package badgerdb

import (
	"bytes"
	"errors"

	"github.com/dgraph-io/badger/v4"
)

// Reader reads values by key within one transaction, for a listing that
// asks for them mostly in key order (entries written day by day have IDs
// in the order of their dates, so a listing by date asks for entry records
// in key order): it keeps an iterator over Prefix and steps it forward a
// few keys to the one asked for, at a fraction of the cost of a lookup. A
// key elsewhere (a backdated or imported entry) is looked up on its own,
// and after a few of those in a row the iterator jumps to the next one
// asked for. Close it when done.
type Reader struct {
	Txn     *badger.Txn
	Prefix  []byte
	Reverse bool // the listing runs in descending key order

	it     *badger.Iterator
	misses int // lookups in a row the iterator did not serve
}

const (
	// readerSteps is how many keys the iterator steps over to reach the
	// one asked for.
	readerSteps = 4
	// readerJump is how many keys in a row found elsewhere make the
	// iterator jump.
	readerJump = 2
)

// Get returns the item of key k, or badger.ErrKeyNotFound.
func (r *Reader) Get(k []byte) (*badger.Item, error) {
	if r.it == nil {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		o.Prefix = r.Prefix
		o.Reverse = r.Reverse
		r.it = r.Txn.NewIterator(o)
		r.it.Seek(k)
	}
	for step := 0; r.it.Valid() && step <= readerSteps; step++ {
		c := bytes.Compare(r.it.Item().Key(), k)
		if r.Reverse {
			c = -c
		}
		if c == 0 {
			r.misses = 0
			return r.it.Item(), nil
		}
		if c > 0 {
			break // past it: the key is behind, or missing
		}
		r.it.Next()
	}
	if r.misses++; r.misses >= readerJump {
		r.misses = 0
		r.it.Seek(k)
		if r.it.Valid() && bytes.Equal(r.it.Item().Key(), k) {
			return r.it.Item(), nil
		}
	}
	item, err := r.Txn.Get(k)
	if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
		return nil, err
	}
	return item, err
}

// Close releases the iterator, if one was made.
func (r *Reader) Close() {
	if r.it != nil {
		r.it.Close()
	}
}
