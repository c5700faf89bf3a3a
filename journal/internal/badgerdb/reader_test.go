package badgerdb

import (
	"errors"
	"fmt"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// TestReader asks for keys in order, backwards, out of order, missing and
// outside the prefix, both ways: each gives its own value or
// ErrKeyNotFound.
func TestReader(t *testing.T) {
	db, err := badger.Open(badger.DefaultOptions("").WithInMemory(true).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key := func(i int) []byte { return []byte(fmt.Sprintf("e%04d", i)) }
	err = db.Update(func(txn *badger.Txn) error {
		for i := 0; i < 200; i += 2 { // even keys only
			if err := txn.Set(key(i), []byte(fmt.Sprint(i))); err != nil {
				return err
			}
		}
		return txn.Set([]byte("f0001"), []byte("other"))
	})
	if err != nil {
		t.Fatal(err)
	}
	asks := []int{0, 2, 4, 10, 12, 3, 150, 8, 6, 198, 199, 40, 42, 44}
	for _, reverse := range []bool{false, true} {
		err := db.View(func(txn *badger.Txn) error {
			r := Reader{Txn: txn, Prefix: []byte("e"), Reverse: reverse}
			defer r.Close()
			for _, i := range asks {
				item, err := r.Get(key(i))
				if i%2 == 1 {
					if !errors.Is(err, badger.ErrKeyNotFound) {
						t.Errorf("reverse=%v: missing key %d: %v", reverse, i, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("reverse=%v: key %d: %v", reverse, i, err)
				}
				v, _ := item.ValueCopy(nil)
				if string(v) != fmt.Sprint(i) {
					t.Errorf("reverse=%v: key %d gave %q", reverse, i, v)
				}
			}
			if item, err := r.Get([]byte("f0001")); err != nil || string(item.Key()) != "f0001" {
				t.Errorf("reverse=%v: a key outside the prefix: %v", reverse, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
