package imports

import (
	"slices"
	"testing"
	"time"

	"candor/journal"
	"candor/journal/journaltest"
)

// foreign is an entry as a foreign source (Day One, say) has it: title,
// body, date, times and tags, no area, rating or role.
const foreign = FieldTitle | FieldBody | FieldDate | FieldTimes | FieldTags

func fromSource(key, title, body string, tags ...string) Incoming {
	t := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return Incoming{Entry: journal.Entry{ID: StableID("test", key), Date: journal.Date{Year: 2026, Month: 3, Day: 1}, Created: t, Updated: t,
		Title: title, Body: body, Tags: tags}, Source: "test:" + key, Fields: foreign}
}

func importOne(t *testing.T, j *journal.Journal, in Incoming) Summary {
	t.Helper()
	sum, err := From(j, []Incoming{in}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestReimportKeepsCandorsFields imports an entry, rates and tags it in
// Candor, then imports a newer version of the source: the text follows the
// source, the rating, area, role and Candor's tags stay, updated never goes
// back, and a third import of the same source changes nothing.
func TestReimportKeepsCandorsFields(t *testing.T) {
	j, _ := journaltest.New(t)
	if s := importOne(t, j, fromSource("a", "Packed", "First text.", "trip")); s.Imported != 1 {
		t.Fatalf("first import: %+v", s)
	}
	e, _ := j.Get(StableID("test", "a"))
	e.Rating, e.Area, e.Role, e.Tags = 4, journal.AreaVision, journal.RoleLeader, []string{"trip", "mine"}
	edited, err := j.Update(e)
	if err != nil {
		t.Fatal(err)
	}
	newer := fromSource("a", "Packed at last", "First text, and more.", "trip", "summer")
	newer.Entry.Updated = newer.Entry.Created.Add(time.Hour)
	if s := importOne(t, j, newer); s.Updated != 1 || len(s.Conflicts) != 0 {
		t.Fatalf("re-import: %+v", s)
	}
	got, _ := j.Get(e.ID)
	if got.Title != "Packed at last" || got.Body != "First text, and more." || got.Rating != 4 || got.Area != journal.AreaVision || got.Role != journal.RoleLeader {
		t.Fatalf("after re-import: %+v", got)
	}
	if !slices.Equal(got.Tags, []string{"trip", "mine", "summer"}) {
		t.Fatalf("tags %v", got.Tags)
	}
	if got.Updated.Before(edited.Updated) {
		t.Fatalf("updated went back: %v < %v", got.Updated, edited.Updated)
	}
	if s := importOne(t, j, newer); s.Unchanged != 1 || s.Updated != 0 {
		t.Fatalf("third import: %+v", s)
	}
}

// TestReimportConflict changes the body both in Candor and in the source:
// the user's body stays, the source's version is kept as a tagged copy,
// and importing the same source again adds no second copy.
func TestReimportConflict(t *testing.T) {
	j, _ := journaltest.New(t)
	importOne(t, j, fromSource("b", "T", "Original."))
	e, _ := j.Get(StableID("test", "b"))
	e.Body = "My rewrite."
	if _, err := j.Update(e); err != nil {
		t.Fatal(err)
	}
	theirs := fromSource("b", "T", "Their rewrite.")
	s := importOne(t, j, theirs)
	if len(s.Conflicts) != 1 || s.Conflicts[0].Fields[0] != "body" {
		t.Fatalf("conflicts: %+v", s)
	}
	got, _ := j.Get(e.ID)
	cp, err := j.Get(s.Conflicts[0].CopyID)
	if err != nil || got.Body != "My rewrite." || cp.Body != "Their rewrite." || !cp.HasTag(ConflictTag) {
		t.Fatalf("kept %q, copy %q %v (%v)", got.Body, cp.Body, cp.Tags, err)
	}
	if s := importOne(t, j, theirs); len(s.Conflicts) != 0 || s.Unchanged != 1 {
		t.Fatalf("again: %+v", s)
	}
	if n, _ := j.Count(); n != 2 {
		t.Fatalf("%d entries, want the entry and one copy", n)
	}
}

// TestReimportRespectsDeletes deletes an imported entry: the same source
// does not bring it back; a changed source does.
func TestReimportRespectsDeletes(t *testing.T) {
	j, _ := journaltest.New(t)
	in := fromSource("c", "T", "Body.")
	importOne(t, j, in)
	if err := j.Delete(in.Entry.ID); err != nil {
		t.Fatal(err)
	}
	if s := importOne(t, j, in); s.Kept != 1 || s.Imported != 0 {
		t.Fatalf("same source after delete: %+v", s)
	}
	changed := fromSource("c", "T", "Body, edited at the source.")
	if s := importOne(t, j, changed); s.Imported != 1 {
		t.Fatalf("changed source after delete: %+v", s)
	}
}

// TestImportOwnExport checks Candor's own entries (no source): a later
// version replaces the stored one, an older one never does, and one that
// differs from a newer stored entry is kept as a copy.
func TestImportOwnExport(t *testing.T) {
	j, _ := journaltest.New(t)
	e, err := j.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 3, Day: 1}, Body: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	old := e
	e.Body, e.Updated = "v2", e.Updated.Add(time.Minute)
	if s, _ := Entries(j, []journal.Entry{e}, nil); s.Updated != 1 {
		t.Fatalf("newer: %+v", s)
	}
	if s, _ := Entries(j, []journal.Entry{old}, nil); len(s.Conflicts) != 1 || s.Updated != 0 {
		t.Fatalf("older: %+v", s)
	}
	if got, _ := j.Get(e.ID); got.Body != "v2" {
		t.Fatalf("kept %q", got.Body)
	}
}

// TestImportDryRunWritesNothing checks that a dry run counts and writes
// nothing.
func TestImportDryRunWritesNothing(t *testing.T) {
	j, _ := journaltest.New(t)
	s, err := From(j, []Incoming{fromSource("d", "T", "B")}, Options{DryRun: true})
	if err != nil || s.Imported != 1 {
		t.Fatalf("%+v %v", s, err)
	}
	if n, _ := j.Count(); n != 0 {
		t.Fatalf("a dry run wrote %d entries", n)
	}
}

// TestSameDayOldestFirst checks that a day's entries are listed in the
// order they were written, whatever their IDs (imported IDs are hashes).
func TestSameDayOldestFirst(t *testing.T) {
	j, _ := journaltest.New(t)
	var items []Incoming
	for i, key := range []string{"late", "early", "middle"} {
		in := fromSource(key, key, "b")
		in.Entry.Created = time.Date(2026, 3, 1, []int{18, 7, 12}[i], 0, 0, 0, time.UTC)
		items = append(items, in)
	}
	if _, err := From(j, items, Options{}); err != nil {
		t.Fatal(err)
	}
	list, err := j.List(journal.Query{})
	if err != nil || len(list) != 3 || list[0].Title != "early" || list[1].Title != "middle" || list[2].Title != "late" {
		t.Fatalf("order: %v %v", entryTitles(list), err)
	}
	list, _ = j.List(journal.Query{NewestFirst: true, Limit: 2})
	if len(list) != 2 || list[0].Title != "late" || list[1].Title != "middle" {
		t.Fatalf("newest first: %v", entryTitles(list))
	}
	// The summaries the app's Journal list is built from, with and without
	// the search index.
	want := []journal.ID{items[1].Entry.ID, items[2].Entry.ID, items[0].Entry.ID}
	for _, indexed := range []bool{false, true} {
		if indexed {
			if err := j.BuildIndex(); err != nil {
				t.Fatal(err)
			}
		}
		all, _ := j.AllSummaries()
		matching, _ := j.Matching(journal.Filter{})
		for _, sums := range [][]journal.Summary{all, matching} {
			if len(sums) != 3 || sums[0].ID != want[0] || sums[1].ID != want[1] || sums[2].ID != want[2] {
				t.Fatalf("indexed=%v: summaries out of order: %+v", indexed, sums)
			}
		}
	}
}

func entryTitles(es []journal.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Title)
	}
	return out
}
