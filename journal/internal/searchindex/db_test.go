package searchindex

import (
	"bytes"
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// memDB is a DB in memory whose seal prefixes the key: enough to see that
// every value is opened with the key it was sealed with.
type memDB struct {
	db      *badger.DB
	stopped bool
}

func newMemDB(t *testing.T) *memDB {
	db, err := badger.Open(badger.DefaultOptions("").WithInMemory(true).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &memDB{db: db}
}

func (m *memDB) View(fn func(*badger.Txn) error) error   { return m.db.View(fn) }
func (m *memDB) Update(fn func(*badger.Txn) error) error { return m.db.Update(fn) }
func (m *memDB) Seal(plain, key []byte) ([]byte, error) {
	return append(append([]byte(nil), key...), plain...), nil
}
func (m *memDB) Open(dst, v, key []byte) ([]byte, error) {
	if !bytes.HasPrefix(v, key) {
		return nil, errors.New("sealed under another key")
	}
	return append(dst, v[len(key):]...), nil
}

var errStopped = errors.New("stopped")

func (m *memDB) Stop() error {
	if m.stopped {
		return errStopped
	}
	return nil
}

func (m *memDB) set(t *testing.T, k, v []byte) {
	t.Helper()
	if err := m.Update(func(txn *badger.Txn) error { return txn.Set(k, v) }); err != nil {
		t.Fatal(err)
	}
}

func (m *memDB) count(t *testing.T, prefix []byte) int {
	t.Helper()
	n := 0
	_ = m.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix = prefix
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	return n
}

func TestWriteLoadReplay(t *testing.T) {
	db := newMemDB(t)
	if _, _, err := Load(db, nil); err != ErrNoIndex {
		t.Fatalf("empty: %v", err)
	}
	x := New()
	x.Put(texts("alpha", ""), doc(1, 738000))
	x.Put(texts("bravo", ""), doc(2, 738001))
	if err := Write(db, x, 10); err != nil {
		t.Fatal(err)
	}
	if err := Write(db, x, 20); err != nil { // a second generation replaces the first
		t.Fatal(err)
	}
	if n := db.count(t, ChunksPrefix); n != 1 {
		t.Fatalf("%d chunks stored", n)
	}
	for _, seq := range []uint64{15, 20, 21, 22} {
		db.set(t, MarkKey(seq, id(byte(seq))), nil)
	}
	var replayed [][16]byte
	y, n, err := Load(db, func(txn *badger.Txn, y *Index, id [16]byte) error {
		replayed = append(replayed, id)
		y.Remove(id)
		return nil
	})
	if err != nil || n != 2 || len(replayed) != 2 || replayed[0] != id(21) || y.Len() != 2 {
		t.Fatalf("load: %d replayed %v, %v", n, replayed, err)
	}
	if err := db.View(func(txn *badger.Txn) error {
		m, err := ReadRecord(db, txn)
		if err == nil && (m.Gen != 2 || m.Covered != 20) {
			t.Errorf("record %+v", m)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := DropMarks(db, 21); err != nil || db.count(t, MarksPrefix) != 1 {
		t.Fatalf("drop marks: %v, %d left", err, db.count(t, MarksPrefix))
	}
	db.stopped = true
	if _, _, err := Load(db, func(*badger.Txn, *Index, [16]byte) error { return nil }); err != errStopped {
		t.Fatalf("stopped load: %v", err)
	}
	db.stopped = false
	db.set(t, ChunkKey(2, 0), []byte("garbage"))
	if _, _, err := Load(db, nil); err != ErrDamaged {
		t.Fatalf("damaged chunk: %v", err)
	}
	if err := Drop(db); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(db, nil); err != ErrNoIndex {
		t.Fatalf("dropped: %v", err)
	}
}

func TestBuildAndCount(t *testing.T) {
	db := newMemDB(t)
	for i := byte(1); i <= 5; i++ {
		k := id(i)
		db.set(t, append([]byte{'e'}, k[:]...), []byte{i})
	}
	db.set(t, []byte{'e', 1}, []byte{9}) // not an entry key: skipped
	db.set(t, []byte{'f', 1}, []byte{9})
	x, err := Build(db, db.db.Tables(), 'e', 17, 4, func(p *Part, k []byte, item *badger.Item) error {
		return item.Value(func(v []byte) error {
			p.Add(texts("word", ""), doc(v[0], 738000))
			return nil
		})
	})
	if err != nil || x.Len() != 5 {
		t.Fatalf("built %v: %v", x, err)
	}
	_ = db.View(func(txn *badger.Txn) error {
		if n, err := Count(db, txn, 'e', 17); n != 5 || err != nil {
			t.Errorf("count %d, %v", n, err)
		}
		db.stopped = true
		if _, err := Count(db, txn, 'e', 17); err != errStopped {
			t.Errorf("stopped count: %v", err)
		}
		return nil
	})
	if _, err := Build(db, nil, 'e', 17, 1, nil); err != errStopped {
		t.Fatalf("stopped build: %v", err)
	}
}

func TestReady(t *testing.T) {
	var r Ready[int]
	if r.Current() != nil || r.Apply(func(*int) { t.Fatal("applied without an index") }) != nil {
		t.Fatal("a zero Ready holds an index")
	}
	if !r.Start() {
		t.Fatal("no build started")
	}
	waited := make(chan bool)
	go func() { waited <- r.Start() }() // waits for the build
	r.Apply(func(x *int) { *x++ })      // kept for the build
	v := 41
	if err := r.Finish(&v, nil, func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	if <-waited || r.Current() != &v || v != 42 {
		t.Fatalf("after the build: %v, %d", r.Current(), v)
	}
	if r.Apply(func(x *int) { *x++ }) != &v || v != 43 {
		t.Fatal("not applied to the ready index")
	}
	other := 0
	r.Drop(&other) // not the index
	if r.Current() != &v {
		t.Fatal("dropped another index")
	}
	r.Drop(&v)
	if !r.Start() {
		t.Fatal("no build after the drop")
	}
	if err := r.Finish(&v, nil, func() error { return errStopped }); err != errStopped || r.Current() != nil {
		t.Fatalf("closing: %v", err)
	}
	r.Start()
	boom := errors.New("boom")
	if err := r.Finish(nil, boom, nil); err != boom || r.Current() != nil {
		t.Fatalf("failed build: %v", err)
	}
	r.Set(&v)
	if r.Start() || r.Current() != &v {
		t.Fatal("Set")
	}
}
