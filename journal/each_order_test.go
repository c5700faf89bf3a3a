package journal

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// TestEachFindsRecordsInAnyIDOrder lists a journal whose IDs follow its
// dates (written day by day), with backdated entries, imported ones (IDs
// from a hash), deleted ones and days of several entries: every listing,
// oldest or newest first, filtered or paged, gives the entries Get gives,
// in the order of the date index, whichever way entryReader finds them.
func TestEachFindsRecordsInAnyIDOrder(t *testing.T) {
	j, _ := newJournal(t)
	rng := rand.New(rand.NewPCG(3, 4))
	start := Date{2020, 1, 1}
	at := func(d Date, min int) time.Time {
		return time.Date(d.Year, d.Month, d.Day, 20, min, 0, 0, time.UTC)
	}
	var es []Entry
	for i := range 300 {
		d := start.AddDays(i / 2) // two a day
		created := at(d, i%2)
		id := NewID(created)
		switch {
		case i%11 == 0: // written much later about that day
			created = at(start.AddDays(400+i), 0)
			id = NewID(created)
		case i%13 == 0: // imported
			h := sha256.Sum256([]byte(fmt.Sprint("import ", i)))
			id = ID(h[:16])
		}
		es = append(es, Entry{ID: id, Date: d, Created: created, Updated: created, Title: fmt.Sprint("entry ", i),
			Body: fmt.Sprint("body ", i), Area: Areas[rng.IntN(len(Areas))]})
	}
	// Stored as an import of Candor's own export stores new entries.
	weigh := func(i int) int { return 2*len(es[i].Body) + 2048 }
	if err := j.Apply(len(es), weigh, ApplyOptions{Bulk: true}, func(t *Txn, i int) error {
		e := es[i]
		e.Normalize()
		return t.Put(e)
	}); err != nil {
		t.Fatal(err)
	}
	for i := 5; i < len(es); i += 17 {
		if err := j.Delete(es[i].ID); err != nil {
			t.Fatal(err)
		}
		es[i].ID = ID{}
	}
	stored := map[ID]Entry{}
	for _, e := range es {
		if e.ID.IsZero() {
			continue
		}
		got, err := j.Get(e.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored[e.ID] = got
	}
	// want lists the stored entries q selects: by date, then by creation
	// (unique here), or by ID within a day when paging.
	want := func(q Query, byID bool) []ID {
		var ids []ID
		for id, e := range stored {
			if q.Area == "" || e.Area == q.Area {
				if (q.From.IsZero() || !e.Date.Before(q.From)) && (q.To.IsZero() || !e.Date.After(q.To)) {
					ids = append(ids, id)
				}
			}
		}
		sort.Slice(ids, func(a, b int) bool {
			ea, eb := stored[ids[a]], stored[ids[b]]
			less := ea.Date.Before(eb.Date) || ea.Date == eb.Date && (byID && bytes.Compare(ids[a][:], ids[b][:]) < 0 || !byID && ea.Created.Before(eb.Created))
			if ea.Date == eb.Date && (byID && ids[a] == ids[b] || !byID && ea.Created.Equal(eb.Created)) {
				return false
			}
			return less != q.NewestFirst
		})
		return ids
	}
	check := func(name string, q Query, got []Entry, byID bool) {
		t.Helper()
		want := want(q, byID)[:min(len(got), len(want(q, byID)))]
		var ids []ID
		for _, e := range got {
			if !reflect.DeepEqual(e, stored[e.ID]) {
				t.Fatalf("%s: entry %s differs from Get's", name, e.ID)
			}
			ids = append(ids, e.ID)
		}
		if !reflect.DeepEqual(ids, want) || q.Limit == 0 && len(got) != len(stored) && q.Area == "" && q.From.IsZero() {
			t.Fatalf("%s: %d entries, want %d in order", name, len(ids), len(want))
		}
	}
	// A record the date index names but that is gone is damage, never
	// another entry, wherever the reader stands.
	var ids []ID
	for id := range stored {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b ID) int { return bytes.Compare(a[:], b[:]) })
	for k := 0; k < len(ids); k += 9 {
		key := entryKey(ids[k])
		var raw []byte
		err := j.db.Update(func(txn *badger.Txn) error {
			it, err := txn.Get(key)
			if err != nil {
				return err
			}
			if raw, err = it.ValueCopy(nil); err != nil {
				return err
			}
			return txn.Delete(key)
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []Query{{}, {NewestFirst: true}} {
			if got, err := j.List(q); !errors.Is(err, ErrDamaged) {
				t.Fatalf("entry %d of %d gone, %+v: %d entries, %v", k, len(ids), q, len(got), err)
			}
		}
		if err := j.db.Update(func(txn *badger.Txn) error { return txn.Set(key, raw) }); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []Query{{}, {NewestFirst: true}, {Area: Areas[0]}, {NewestFirst: true, Area: Areas[1]},
		{From: start.AddDays(30), To: start.AddDays(90)}, {NewestFirst: true, From: start.AddDays(10), To: start.AddDays(20)}} {
		got, err := j.List(q)
		if err != nil {
			t.Fatal(err)
		}
		check(fmt.Sprintf("%+v", q), q, got, false)
		// Pages of 7 after a cursor go by date, then by ID.
		p := q
		p.Limit = 7
		first, err := j.List(p)
		if err != nil || len(first) == 0 {
			t.Fatalf("%+v: first page: %d entries, %v", q, len(first), err)
		}
		check(fmt.Sprintf("first page of %+v", q), p, first, false)
		var rest []ID
		for p.After = CursorOf(first[len(first)-1]); ; {
			page, err := j.List(p)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, e := range page {
				if !reflect.DeepEqual(e, stored[e.ID]) {
					t.Fatalf("%+v: paged entry %s differs from Get's", q, e.ID)
				}
				rest = append(rest, e.ID)
			}
			p.After = CursorOf(page[len(page)-1])
		}
		byID := want(q, true)
		at := slices.Index(byID, first[len(first)-1].ID)
		if !reflect.DeepEqual(rest, byID[at+1:]) {
			t.Fatalf("%+v: pages after the first: %d entries, want %d in order", q, len(rest), len(byID)-at-1)
		}
	}
}
