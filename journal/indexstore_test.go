package journal

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/searchindex"
)

// indexQueries are searches whose results tests compare between indexes.
var indexQueries = []string{"alpha", "bravo", "word7", "word1", "wor", "charlie delta", "tagged", "brvo", "renamed", "zzz"}

// hitIDs returns the IDs and scores of a search, in order.
func hitIDs(t *testing.T, j *Journal, q string) []string {
	t.Helper()
	hits, err := j.Search(q, 50)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s %.0f %v %q", h.Entry.ID, h.Score, h.TitleMarks, h.Snippet))
	}
	return out
}

// sameAsRebuilt checks that j's index answers every query, lists and
// counts exactly as an index built afresh from the entries.
func sameAsRebuilt(t *testing.T, j *Journal) {
	t.Helper()
	var got [][]string
	for _, q := range indexQueries {
		got = append(got, hitIDs(t, j, q))
	}
	sums, err := j.AllSummaries()
	if err != nil {
		t.Fatal(err)
	}
	tags, err := j.TagCounts()
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := j.buildIndex()
	if err != nil {
		t.Fatal(err)
	}
	j.index.Set(fresh)
	for i, q := range indexQueries {
		if want := hitIDs(t, j, q); !reflect.DeepEqual(got[i], want) {
			t.Errorf("%q: the index finds\n%v\na rebuilt one\n%v", q, got[i], want)
		}
	}
	if want, _ := j.AllSummaries(); !reflect.DeepEqual(sums, want) {
		t.Errorf("summaries differ from a rebuilt index's: %d against %d", len(sums), len(want))
	}
	if want, _ := j.TagCounts(); !reflect.DeepEqual(tags, want) {
		t.Errorf("tag counts differ from a rebuilt index's: %v against %v", tags, want)
	}
}

func addIndexEntries(t *testing.T, j *Journal, n int) []Entry {
	t.Helper()
	var out []Entry
	words := []string{"alpha", "bravo", "charlie", "delta"}
	for i := 0; i < n; i++ {
		c := 50
		e, err := j.Add(Entry{Date: Date{2026, 1, 1}.AddDays(i % 300), Title: fmt.Sprintf("%s word%d", words[i%4], i),
			Body: fmt.Sprintf("body of %s and %s, word%d", words[(i+1)%4], words[(i+2)%4], i%13), Tags: []string{fmt.Sprint("tagged", i%3)},
			Area: AreaVision, Rating: 1 + i%5, NextStep: map[bool]string{true: "call them"}[i%7 == 0], Decision: map[bool]string{true: "hire"}[i%11 == 0],
			Confidence: map[bool]*int{true: &c}[i%11 == 0]})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func countKeys(t *testing.T, j *Journal, prefix []byte) int {
	t.Helper()
	n := 0
	err := j.view(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix, o.PrefetchValues = prefix, false
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStoredIndex follows the stored index through a journal's life: built
// and stored on first use, loaded without a rebuild, brought up to date with
// the changes made while it was not loaded, and written again.
func TestStoredIndex(t *testing.T) {
	j, dir := newJournal(t)
	entries := addIndexEntries(t, j, 400)
	if _, _, err := j.loadIndex(); err != searchindex.ErrNoIndex {
		t.Fatalf("a new journal has a stored index: %v", err)
	}
	if err := j.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	if n := countKeys(t, j, searchindex.MarksPrefix); n != 0 {
		t.Errorf("%d change marks left after the index was stored", n)
	}
	j.Close()

	j, err := Open(dir, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	x, replayed, err := j.loadIndex()
	if err != nil || replayed != 0 || x.Len() != 400 {
		t.Fatalf("load: %v, %d read again, %d entries", err, replayed, x.Len())
	}
	sameAsRebuilt(t, j)
	j.Close()

	// Changes made while the index is not loaded (the command line's add,
	// edit and delete) are read again at the next load.
	j, err = Open(dir, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	addIndexEntries(t, j, 5)
	e := entries[3]
	e.Title = "renamed entry"
	e.Tags = []string{"newtag"}
	if _, err := j.Update(e); err != nil {
		t.Fatal(err)
	}
	if err := j.Delete(entries[4].ID); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j, err = Open(dir, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	if x, replayed, err = j.loadIndex(); err != nil || replayed != 7 || x.Len() != 404 {
		t.Fatalf("load after changes: %v, %d read again (want 7), %d entries (want 404)", err, replayed, x.Len())
	}
	sameAsRebuilt(t, j)
	// Enough changes write it again, and the marks it covers go.
	j.Close()
	j, err = Open(dir, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if err := j.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	if err := j.persistIndex(j.currentIndex()); err != nil {
		t.Fatal(err)
	}
	if n := countKeys(t, j, searchindex.MarksPrefix); n != 0 {
		t.Errorf("%d change marks left after the index was stored again", n)
	}
	if n := countKeys(t, j, searchindex.ChunksPrefix); n != 1 {
		t.Errorf("%d chunks stored for a small index, want 1 (old generations dropped)", n)
	}
	if _, replayed, err := j.loadIndex(); err != nil || replayed != 0 {
		t.Fatalf("load after storing again: %v, %d read again", err, replayed)
	}
}

// TestStoredIndexDamage checks that a stored index that cannot be used is
// rebuilt from the entries, never trusted and never an error to the user.
func TestStoredIndexDamage(t *testing.T) {
	cases := map[string]func(t *testing.T, j *Journal){
		"chunk sealed for another key": func(t *testing.T, j *Journal) {
			set(t, j, searchindex.ChunkKey(1, 0), mustSeal(t, j, []byte("not the index"), []byte("other")))
		},
		"chunk missing": func(t *testing.T, j *Journal) {
			del(t, j, searchindex.ChunkKey(1, 0))
		},
		"chunk of wrong bytes": func(t *testing.T, j *Journal) {
			set(t, j, searchindex.ChunkKey(1, 0), mustSeal(t, j, []byte("cti\x01 garbage"), searchindex.ChunkKey(1, 0)))
		},
		"record garbled": func(t *testing.T, j *Journal) {
			set(t, j, searchindex.MetaKey, []byte{1, 2, 3})
		},
		"record of an unknown version": func(t *testing.T, j *Journal) {
			set(t, j, searchindex.MetaKey, mustSeal(t, j, append([]byte{9}, make([]byte, 28)...), searchindex.MetaKey))
		},
		"record naming a bigger index": func(t *testing.T, j *Journal) {
			m := searchindex.Record{Gen: 1, Chunks: 2, Size: searchindex.ChunkSize + 10}
			set(t, j, searchindex.MetaKey, mustSeal(t, j, m.Encode(), searchindex.MetaKey))
		},
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			j, dir := newJournal(t)
			addIndexEntries(t, j, 60)
			if err := j.BuildIndex(); err != nil {
				t.Fatal(err)
			}
			damage(t, j)
			j.Close()
			j, err := Open(dir, testPass, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close()
			if _, _, err := j.loadIndex(); err == nil {
				t.Fatal("the damaged index loads")
			}
			sameAsRebuilt(t, j) // searches rebuild it
			if _, _, err := j.loadIndex(); err != nil {
				t.Fatalf("the rebuilt index was not stored: %v", err)
			}
		})
	}
}

func mustSeal(t *testing.T, j *Journal, plain, aad []byte) []byte {
	v, err := j.sealValue(plain, aad)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func set(t *testing.T, j *Journal, k, v []byte) {
	if err := j.update(func(txn *badger.Txn) error { return txn.Set(k, v) }); err != nil {
		t.Fatal(err)
	}
}

func del(t *testing.T, j *Journal, k []byte) {
	if err := j.update(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
		t.Fatal(err)
	}
}

// TestStoredIndexUnderConcurrentChanges stores the index again and again
// while entries are added, edited and deleted, then checks that what is
// stored, brought up to date by its marks, is exactly the journal.
func TestStoredIndexUnderConcurrentChanges(t *testing.T) {
	j, dir := newJournal(t)
	entries := addIndexEntries(t, j, 100)
	if err := j.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 150; i++ {
			switch i % 3 {
			case 0:
				addIndexEntries(t, j, 1)
			case 1:
				e := entries[i%len(entries)]
				e.Title = fmt.Sprint("renamed ", i)
				if _, err := j.Update(e); err != nil {
					t.Error(err)
				}
			default:
				if err := j.Delete(entries[i%len(entries)].ID); err != nil && err != ErrNotFound {
					t.Error(err)
				}
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 15; i++ {
			if err := j.persistIndex(j.currentIndex()); err != nil {
				t.Error(err)
			}
		}
	}()
	wg.Wait()
	j.Close()
	j, err := Open(dir, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	x, replayed, err := j.loadIndex()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d entries read again", replayed)
	j.index.Set(x)
	sameAsRebuilt(t, j)
	n, problems, err := j.Check()
	if err != nil || len(problems) > 0 || n != x.Len() {
		t.Fatalf("check: %d entries (index %d), %v, %v", n, x.Len(), problems, err)
	}
}

// TestVerifyIndexRebuildsAStaleOne checks that an index that does not hold
// every entry (here: an entry written behind the index's back) is rebuilt.
func TestVerifyIndexRebuildsAStaleOne(t *testing.T) {
	j, dir := newJournal(t)
	addIndexEntries(t, j, 30)
	if err := j.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	hidden := Entry{ID: NewID(j.now()), Date: Date{2026, 2, 2}, Title: "hidden bravo", Tags: []string{}, Created: j.now(), Updated: j.now()}
	if err := j.update(func(txn *badger.Txn) error {
		if err := j.putEntry(txn, &hidden); err != nil {
			return err
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := searchindex.DropMarks(indexDB{j}, j.nextMark()); err != nil { // as if the mark were lost
		t.Fatal(err)
	}
	j.Close()
	j, err := Open(dir, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if err := j.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	if j.currentIndex().Len() != 30 {
		t.Fatalf("the stale index holds %d entries", j.currentIndex().Len())
	}
	if err := j.VerifyIndex(); err != nil {
		t.Fatal(err)
	}
	if got := j.currentIndex().Len(); got != 31 {
		t.Fatalf("after VerifyIndex the index holds %d entries, want 31", got)
	}
	if hits := hitIDs(t, j, "hidden"); len(hits) != 1 {
		t.Fatalf("the hidden entry is not found: %v", hits)
	}
}

// TestRestoredIndexLoads checks that a journal restored from a backup
// loads the index the backup holds, up to date.
func TestRestoredIndexLoads(t *testing.T) {
	j, _ := newJournal(t)
	addIndexEntries(t, j, 50)
	if err := j.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	addIndexEntries(t, j, 3) // marked, not yet stored
	b := filepath.Join(t.TempDir(), "b.backup")
	if err := j.Backup(b); err != nil {
		t.Fatal(err)
	}
	j.Close()
	target := filepath.Join(t.TempDir(), "r")
	if err := Restore(b, target, testPass); err != nil {
		t.Fatal(err)
	}
	r, err := Open(target, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	x, replayed, err := r.loadIndex()
	if err != nil || x.Len() != 53 {
		t.Fatalf("restored index: %v, %d entries, %d read again", err, x.Len(), replayed)
	}
	sameAsRebuilt(t, r)
}
