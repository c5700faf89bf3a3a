package journal

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// importEach runs ImportEach over n items of no body, failing the test on
// an error, and returns the counts done said.
func importEach(t *testing.T, j *Journal, n int, dry bool, fn func(tx *ImportTxn, i int) error) []int {
	t.Helper()
	var done []int
	if err := j.ImportEach(n, func(int) int { return 0 }, dry, func(d int) { done = append(done, d) }, fn); err != nil {
		t.Fatal(err)
	}
	return done
}

// TestImportEachStores puts entries and their provenance through
// ImportTxn: a new entry, the same entry on another day (looked up first,
// or not), and a dry run that reads but writes nothing.
func TestImportEachStores(t *testing.T) {
	j, _ := newJournal(t)
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	e := Entry{ID: NewID(at), Date: Date{2026, 3, 1}, Created: at, Updated: at, Body: "b", Tags: []string{}}
	importEach(t, j, 1, false, func(tx *ImportTxn, _ int) error {
		if _, err := tx.Get(e.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Get of a new entry: %v", err)
		}
		if p, err := tx.Provenance(e.ID); p != nil || err != nil {
			t.Fatalf("Provenance of a new entry: %v %v", p, err)
		}
		if err := tx.Put(e); err != nil {
			return err
		}
		src := e
		src.Tags = nil
		return tx.SetProvenance(src)
	})
	if got, err := j.Get(e.ID); err != nil || !reflect.DeepEqual(got, e) {
		t.Fatalf("Get = %+v %v", got, err)
	}
	// Moved to another day, with and without a Get first: the date index
	// follows, and holds no trace of the old day.
	for _, lookUp := range []bool{true, false} {
		e.Date = e.Date.AddDays(1)
		importEach(t, j, 1, false, func(tx *ImportTxn, _ int) error {
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
	importEach(t, j, 1, true, func(tx *ImportTxn, _ int) error {
		p, err := tx.Provenance(e.ID)
		if err != nil || p == nil || p.Body != "b" || p.Tags == nil {
			t.Fatalf("Provenance = %+v %v", p, err)
		}
		if err := tx.Put(moved); err != nil {
			return err
		}
		return tx.SetProvenance(moved)
	})
	if got, _ := j.Get(e.ID); !reflect.DeepEqual(got, e) {
		t.Fatalf("a dry run wrote %+v", got)
	}
	importEach(t, j, 1, true, func(tx *ImportTxn, _ int) error {
		if p, _ := tx.Provenance(e.ID); p.Body != "b" {
			t.Fatalf("a dry run set the provenance to %+v", p)
		}
		return nil
	})
}

// TestImportEachBatches checks that items come in order, in batches of
// about 512 KiB, done says each batch's end, and an error stops the
// import with the batches before it written and its own not.
func TestImportEachBatches(t *testing.T) {
	j, _ := newJournal(t)
	body := strings.Repeat("x", 48<<10) // five to a batch
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var order []int
	var done []int
	err := j.ImportEach(12, func(int) int { return len(body) }, false, func(d int) { done = append(done, d) }, func(tx *ImportTxn, i int) error {
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

// TestImportMarkRecord checks that the mark's bytes come back as they were
// left, survive a reopen and go with nil.
func TestImportMarkRecord(t *testing.T) {
	j, dir := newJournal(t)
	if m, err := j.ImportMark(); m != nil || err != nil {
		t.Fatalf("a new journal has a mark: %q %v", m, err)
	}
	if err := j.SetImportMark([]byte("importing")); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j, err := Open(dir, testPass, cheap())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { j.Close() }()
	if m, err := j.ImportMark(); string(m) != "importing" || err != nil {
		t.Fatalf("ImportMark = %q %v", m, err)
	}
	if err := j.SetImportMark(nil); err != nil {
		t.Fatal(err)
	}
	if m, err := j.ImportMark(); m != nil || err != nil {
		t.Fatalf("after removal: %q %v", m, err)
	}
}
