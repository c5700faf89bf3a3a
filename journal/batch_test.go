package journal

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// importEach runs Apply as an import does over n items of no body,
// failing the test on an error, and returns the counts done said.
func importEach(t *testing.T, j *Journal, n int, dry bool, fn func(tx *Txn, i int) error) []int {
	t.Helper()
	var done []int
	opts := ApplyOptions{DryRun: dry, Bulk: true, Done: func(d int) { done = append(done, d) }}
	if err := j.Apply(n, func(int) int { return 2048 }, opts, fn); err != nil {
		t.Fatal(err)
	}
	return done
}

// provenance reads the provenance of entry id in tx, as journal/imports
// does.
func provenance(tx *Txn, id ID) (*Entry, error) {
	plain, err := tx.Side(ImportProvenance, id)
	if plain == nil {
		return nil, err
	}
	e, err := UnmarshalEntry(plain)
	return &e, err
}

// TestApplyStores puts entries and their provenance through Txn: a new
// entry, the same entry on another day (looked up first, or not), and a
// dry run that reads but writes nothing.
func TestApplyStores(t *testing.T) {
	j, _ := newJournal(t)
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	e := Entry{ID: NewID(at), Date: Date{2026, 3, 1}, Created: at, Updated: at, Body: "b", Tags: []string{}}
	importEach(t, j, 1, false, func(tx *Txn, _ int) error {
		if _, err := tx.Get(e.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Get of a new entry: %v", err)
		}
		if p, err := provenance(tx, e.ID); p != nil || err != nil {
			t.Fatalf("Provenance of a new entry: %v %v", p, err)
		}
		if err := tx.Put(e); err != nil {
			return err
		}
		src := e
		src.Tags = nil
		return tx.SetSide(ImportProvenance, src.ID, MarshalEntry(&src))
	})
	if got, err := j.Get(e.ID); err != nil || !reflect.DeepEqual(got, e) {
		t.Fatalf("Get = %+v %v", got, err)
	}
	// Moved to another day, with and without a Get first: the date index
	// follows, and holds no trace of the old day.
	for _, lookUp := range []bool{true, false} {
		e.Date = e.Date.AddDays(1)
		importEach(t, j, 1, false, func(tx *Txn, _ int) error {
			if lookUp {
				if _, err := tx.Get(e.ID); err != nil {
					return err
				}
			}
			return tx.Put(e)
		})
		if days, _ := j.DaysWritten(); !reflect.DeepEqual(days, []Date{e.Date}) {
			t.Fatalf("lookUp=%v: days written %v, want %v", lookUp, days, e.Date)
		}
	}
	// A dry run reads the provenance and writes nothing.
	moved := e
	moved.Date, moved.Body = Date{2020, 1, 1}, "dry"
	importEach(t, j, 1, true, func(tx *Txn, _ int) error {
		p, err := provenance(tx, e.ID)
		if err != nil || p == nil || p.Body != "b" || p.Tags == nil {
			t.Fatalf("Provenance = %+v %v", p, err)
		}
		if err := tx.Put(moved); err != nil {
			return err
		}
		return tx.SetSide(ImportProvenance, moved.ID, MarshalEntry(&moved))
	})
	if got, _ := j.Get(e.ID); !reflect.DeepEqual(got, e) {
		t.Fatalf("a dry run wrote %+v", got)
	}
	importEach(t, j, 1, true, func(tx *Txn, _ int) error {
		if p, _ := provenance(tx, e.ID); p.Body != "b" {
			t.Fatalf("a dry run set the provenance to %+v", p)
		}
		return nil
	})
}

// TestApplyBatches checks that items come in order, in batches of about
// 512 KiB, done says each batch's end, and an error stops the run with the
// batches before it written and its own not.
func TestApplyBatches(t *testing.T) {
	j, _ := newJournal(t)
	body := strings.Repeat("x", 48<<10) // five to a batch
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var order []int
	var done []int
	weigh := func(int) int { return 2*len(body) + 2048 }
	err := j.Apply(12, weigh, ApplyOptions{Done: func(d int) { done = append(done, d) }}, func(tx *Txn, i int) error {
		if i == 11 {
			return errors.New("stop")
		}
		order = append(order, i)
		c := at.Add(time.Duration(i) * time.Minute)
		return tx.Put(Entry{ID: NewID(c), Date: Date{2026, 3, 1}, Created: c, Updated: c, Body: body, Tags: []string{}})
	})
	if err == nil || err.Error() != "stop" {
		t.Fatalf("err = %v", err)
	}
	if !reflect.DeepEqual(order, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) || !reflect.DeepEqual(done, []int{5, 10}) {
		t.Fatalf("order %v, done %v", order, done)
	}
	if n, _ := j.Count(); n != 10 {
		t.Fatalf("%d entries stored, want the first two batches' 10", n)
	}
	if done := importEach(t, j, 0, false, nil); done != nil {
		t.Fatalf("no items: done %v", done)
	}
}

// TestRecord checks that a record's bytes (the import mark's) come back
// as they were left, survive a reopen and go with nil.
func TestRecord(t *testing.T) {
	j, dir := newJournal(t)
	if m, err := j.Record(ImportMark); m != nil || err != nil {
		t.Fatalf("a new journal has a mark: %q %v", m, err)
	}
	if err := j.SetRecord(ImportMark, []byte("importing")); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j, err := Open(dir, testPass, cheap())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { j.Close() }()
	if m, err := j.Record(ImportMark); string(m) != "importing" || err != nil {
		t.Fatalf("Record = %q %v", m, err)
	}
	if err := j.SetRecord(ImportMark, nil); err != nil {
		t.Fatal(err)
	}
	if m, err := j.Record(ImportMark); m != nil || err != nil {
		t.Fatalf("after removal: %q %v", m, err)
	}
}

// TestApplyDeletesAndSides deletes entries through Txn and keeps side
// records beside them: a record outlives its entry, EachSide lists the
// IDs with a record in ID order, a view reads them, another owner's are
// apart, a deleted entry leaves the search index, and an entry that is not
// there gives ErrNotFound.
func TestApplyDeletesAndSides(t *testing.T) {
	j, _ := newJournal(t)
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var es []Entry
	for i, body := range []string{"alpha", "bravo", "charlie"} {
		c := at.Add(time.Duration(i) * time.Minute)
		es = append(es, Entry{ID: NewID(c), Date: Date{2026, 3, 1 + i}, Created: c, Updated: c, Body: body, Tags: []string{}})
	}
	lone := NewID(at.Add(time.Hour)) // a record without an entry
	if _, err := j.Search("bravo", 10); err != nil {
		t.Fatal(err)
	}
	importEach(t, j, 1, false, func(tx *Txn, _ int) error {
		for _, e := range es {
			if err := tx.Put(e); err != nil {
				return err
			}
		}
		for _, id := range []ID{lone, es[1].ID, es[0].ID} {
			if err := tx.SetSide(SyncState, id, []byte("state "+id.String())); err != nil {
				return err
			}
		}
		return tx.Delete(es[1].ID)
	})
	err := j.Apply(1, func(int) int { return 0 }, ApplyOptions{}, func(tx *Txn, _ int) error { return tx.Delete(es[1].ID) })
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleting a deleted entry: %v", err)
	}
	var got []string
	if err := j.View(func(tx *Txn) error {
		return tx.EachSide(SyncState, func(id ID) error {
			_, gerr := tx.Get(id)
			side, err := tx.Side(SyncState, id)
			got = append(got, fmt.Sprintf("%s %v %q", id, gerr == nil, side))
			return err
		})
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprintf("%s true %q", es[0].ID, "state "+es[0].ID.String()),
		fmt.Sprintf("%s false %q", es[1].ID, "state "+es[1].ID.String()),
		fmt.Sprintf("%s false %q", lone, "state "+lone.String()),
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("EachSide:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err := j.View(func(tx *Txn) error {
		if p, err := tx.Side(ImportProvenance, es[0].ID); err != nil || p != nil {
			t.Fatalf("another owner's record: %q %v", p, err)
		}
		return tx.EachSide(ImportProvenance, func(id ID) error { return fmt.Errorf("%s has a provenance", id) })
	}); err != nil {
		t.Fatal(err)
	}
	if hits, err := j.Search("bravo", 10); err != nil || len(hits) != 0 {
		t.Fatalf("the deleted entry is still found: %v %v", hits, err)
	}
	if days, _ := j.DaysWritten(); !reflect.DeepEqual(days, []Date{es[0].Date, es[2].Date}) {
		t.Fatalf("days written %v", days)
	}
	importEach(t, j, 1, false, func(tx *Txn, _ int) error { return tx.SetSide(SyncState, lone, nil) })
	if err := j.View(func(tx *Txn) error {
		if side, err := tx.Side(SyncState, lone); err != nil || side != nil {
			t.Fatalf("a dropped record: %q %v", side, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedRecords checks that a side record or a record that fails its
// integrity check says which it is, as ErrDamaged.
func TestDamagedRecords(t *testing.T) {
	j, _ := newJournal(t)
	id := NewID(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	for _, c := range []struct {
		key  []byte
		read func() error
		want string
	}{
		{ImportProvenance.key(id), func() error {
			return j.View(func(tx *Txn) error { _, err := tx.Side(ImportProvenance, id); return err })
		}, "the import record of entry " + id.String() + " failed its integrity check"},
		{SyncState.key(id), func() error {
			return j.View(func(tx *Txn) error { _, err := tx.Side(SyncState, id); return err })
		}, "a sync record failed its integrity check"},
		{ImportMark.key(), func() error { _, err := j.Record(ImportMark); return err }, "the record of an import in progress failed its integrity check"},
		{SyncMeta.key(), func() error { _, err := j.Record(SyncMeta); return err }, "a sync record failed its integrity check"},
		{draftRecord.key(), func() error { _, _, err := j.Draft(); return err }, "the draft failed its integrity check"},
	} {
		if err := j.update(func(txn *badger.Txn) error { return txn.Set(c.key, []byte("not sealed")) }); err != nil {
			t.Fatal(err)
		}
		if err := c.read(); !errors.Is(err, ErrDamaged) || !strings.HasSuffix(err.Error(), ": "+c.want) {
			t.Errorf("%q: %v, want %q", c.key, err, c.want)
		}
	}
}
