package importers

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"candor/journal"
	"candor/journal/imports"
	"candor/journal/journaltest"
)

// importAll reads a source and imports it, failing the test on a problem.
func importAll(t testing.TB, j *journal.Journal, read func(string) (imports.Source, error), p string) imports.Summary {
	t.Helper()
	src, err := read(p)
	if err != nil || len(src.Problems) > 0 {
		t.Fatalf("reading %s: %v %v", p, src.Problems, err)
	}
	sum, err := imports.From(j, src.Items, imports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestDayOneReimportKeepsCandorFields imports a Day One export, changes
// the entry in Candor (rating, area, a tag), then imports a newer export
// whose text changed: the text is updated, and what Candor added stays.
func TestDayOneReimportKeepsCandorFields(t *testing.T) {
	j, _ := journaltest.New(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "Journal.json")
	entry := func(text, modified string, tags ...string) string {
		return exportJSON(map[string]any{"uuid": uuidA, "creationDate": "2024-02-10T22:30:00Z", "modifiedDate": modified, "timeZone": "Asia/Tokyo",
			"text": text, "tags": tags, "creationDeviceType": "iPhone"})
	}
	writeFiles(t, dir, map[string]string{"Journal.json": entry("# Offsite\nWe planned\\.", "2024-02-11T08:00:00Z", "team", "old")})
	if sum := importAll(t, j, ReadDayOneSource, p); sum.Imported != 1 {
		t.Fatalf("first import: %+v", sum)
	}
	id := idOf(t, uuidA)
	e, err := j.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if e.Title != "Offsite" || e.Body != "We planned.\n" || e.Date.String() != "2024-02-11" || e.Rating != 0 || e.Area != "" {
		t.Fatalf("imported: %+v", e)
	}
	e.Rating, e.Area = 4, journal.AreaVision
	e.Tags = append(e.Tags, "mine")
	edited, err := j.Update(e)
	if err != nil {
		t.Fatal(err)
	}
	// A newer export: the text changed, the tag "old" went and "new" came.
	// Its modifiedDate is still older than the edit in Candor.
	writeFiles(t, dir, map[string]string{"Journal.json": entry("# Offsite\nWe planned\\. Then we did it\\!", "2024-02-12T08:00:00Z", "team", "new")})
	sum := importAll(t, j, ReadDayOneSource, p)
	if sum.Updated != 1 || len(sum.Conflicts) != 0 {
		t.Fatalf("re-import: %+v", sum)
	}
	got, _ := j.Get(id)
	if got.Body != "We planned. Then we did it!\n" || got.Title != "Offsite" || got.Rating != 4 || got.Area != journal.AreaVision {
		t.Errorf("after re-import: %+v", got)
	}
	if tags := slices.Sorted(slices.Values(got.Tags)); !slices.Equal(tags, []string{"mine", "new", "team"}) {
		t.Errorf("tags %q", got.Tags)
	}
	if got.Updated.Before(edited.Updated) || !got.Created.Equal(edited.Created) {
		t.Errorf("times went back: updated %s (edited %s), created %s", got.Updated, edited.Updated, got.Created)
	}
	// The same export again changes nothing.
	if sum := importAll(t, j, ReadDayOneSource, p); sum.Unchanged != 1 || sum.Updated+sum.Imported != 0 {
		t.Errorf("third import: %+v", sum)
	}
}

// TestJrnlReimportKeepsCandorFields does the same with a jrnl journal
// whose entry's body is edited in jrnl.
func TestJrnlReimportKeepsCandorFields(t *testing.T) {
	j, _ := journaltest.New(t)
	p := filepath.Join(t.TempDir(), "work.journal")
	os.WriteFile(p, []byte("[2024-03-04 09:15] Kickoff.\nThe team agreed. @roadmap\n\n[2024-03-04 17:00] Evening\nQuiet.\n"), 0o600)
	if sum := importAll(t, j, ReadJrnlSource, p); sum.Imported != 2 {
		t.Fatalf("first import: %+v", sum)
	}
	src, _ := ReadJrnlSource(p)
	id := src.Items[0].Entry.ID
	e, _ := j.Get(id)
	e.Rating, e.Role = 3, journal.RoleLeader
	e.Tags = append(e.Tags, "mine")
	edited, err := j.Update(e)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(p, []byte("[2024-03-04 09:15] Kickoff. *\nThe team agreed, and then some. @roadmap\n\n[2024-03-04 17:00] Evening\nQuiet.\n"), 0o600)
	sum := importAll(t, j, ReadJrnlSource, p)
	if sum.Updated != 1 || sum.Unchanged != 1 || sum.Imported != 0 || len(sum.Conflicts) != 0 {
		t.Fatalf("re-import: %+v", sum)
	}
	got, _ := j.Get(id)
	if got.Body != "The team agreed, and then some. @roadmap\n" || got.Rating != 3 || got.Role != journal.RoleLeader || !got.HasTag("mine") || !got.HasTag("starred") || !got.HasTag("roadmap") {
		t.Errorf("after re-import: %+v", got)
	}
	if got.Updated.Before(edited.Updated) {
		t.Errorf("updated went back: %s < %s", got.Updated, edited.Updated)
	}
}

// TestClassicCopiesReimportStably imports a Classic journal holding a
// conflicted copy twice: the second import finds both entries unchanged.
func TestClassicCopiesReimportStably(t *testing.T) {
	j, _ := journaltest.New(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"entries/" + uuidA + ".doentry":                   classicEntry(uuidA, "2024-01-01T10:00:00Z", "UTC", "Original"),
		"entries/" + uuidA + " (conflicted copy).doentry": classicEntry(uuidA, "2024-01-01T10:00:00Z", "UTC", "Copy"),
	})
	if sum := importAll(t, j, ReadDayOneSource, dir); sum.Imported != 2 {
		t.Fatalf("first: %+v", sum)
	}
	if sum := importAll(t, j, ReadDayOneSource, dir); sum.Unchanged != 2 || sum.Imported+sum.Updated != 0 {
		t.Fatalf("second: %+v", sum)
	}
}

// benchWords are the words of the benchmarks' entries.
var benchWords = strings.Fields("team vision goal listen mentor courage feedback decision risk change meeting plan coach trust people problem root cause learn growth direction clarity story energy focus priority customer quality delivery retro hiring conflict @team @hiring")

// benchText is a paragraph of about n random words.
func benchText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(benchWords[rng.IntN(len(benchWords))])
		if i%12 == 11 {
			b.WriteString(".\n")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// benchJrnl is a jrnl journal of n entries of about 100 words, several a
// day.
func benchJrnl(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	at := time.Date(2000, 1, 1, 7, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&b, "[%s] Entry %d of the day\n%s\n", at.Format("2006-01-02 15:04"), i, benchText(rng, 100))
		at = at.Add(5 * time.Hour)
	}
	return []byte(b.String())
}

// benchDayOne is a Day One JSON export of n entries.
func benchDayOne(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	at := time.Date(2000, 1, 1, 7, 0, 0, 0, time.UTC)
	entries := make([]map[string]any, n)
	for i := range entries {
		entries[i] = map[string]any{"uuid": fmt.Sprintf("%032X", i+1), "creationDate": at.Format(time.RFC3339), "timeZone": "Europe/Berlin",
			"text": fmt.Sprintf("# Entry %d\n\n%s\\.\n\n![](dayone-moment://%X)", i, benchText(rng, 100), i), "tags": []string{"work"},
			"photos": []map[string]any{{"identifier": fmt.Sprintf("%X", i), "md5": "0cc175b9c0f1b6a831c399e269772661"}}}
		at = at.Add(5 * time.Hour)
	}
	return []byte(exportJSON(entries...))
}

// BenchmarkParseJrnl parses jrnl journals of 10,000 and 100,000 entries.
func BenchmarkParseJrnl(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		data := benchJrnl(n)
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				src, err := ParseJrnl("bench.journal", data)
				if err != nil || len(src.Items) != n {
					b.Fatalf("%d entries, %v", len(src.Items), err)
				}
			}
		})
	}
}

// BenchmarkReadDayOne reads Day One JSON exports of 10,000 and 100,000
// entries.
func BenchmarkReadDayOne(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		p := filepath.Join(b.TempDir(), "Journal.json")
		data := benchDayOne(n)
		os.WriteFile(p, data, 0o600)
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				src, err := ReadDayOneSource(p)
				if err != nil || len(src.Items) != n {
					b.Fatalf("%d entries, %v", len(src.Items), err)
				}
			}
		})
	}
}

// BenchmarkImport10k reads a source of 10,000 entries and imports it into
// a new journal (the target is under 2 s).
func BenchmarkImport10k(b *testing.B) {
	dir := b.TempDir()
	jp, dp := filepath.Join(dir, "bench.journal"), filepath.Join(dir, "Journal.json")
	os.WriteFile(jp, benchJrnl(10_000), 0o600)
	os.WriteFile(dp, benchDayOne(10_000), 0o600)
	for _, c := range []struct {
		name string
		read func(string) (imports.Source, error)
		path string
	}{{"jrnl", ReadJrnlSource, jp}, {"dayone", ReadDayOneSource, dp}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				j, _ := journaltest.New(b)
				b.StartTimer()
				if sum := importAll(b, j, c.read, c.path); sum.Imported != 10_000 {
					b.Fatalf("%+v", sum)
				}
				b.StopTimer()
				j.Close()
				b.StartTimer()
			}
		})
	}
}

// TestJrnlReimportFindsEntriesOfEarlierVersions imports a jrnl journal into
// a journal that holds its entries under the IDs an earlier Candor gave
// them (a hash of the time read as UTC and the text): no duplicate is made,
// and the rating set in Candor stays.
func TestJrnlReimportFindsEntriesOfEarlierVersions(t *testing.T) {
	j, _ := journaltest.New(t)
	old := journal.Entry{ID: imports.StableID("jrnl", "2015-08-28T10:27:00Z", "Kickoff went well.\nThe team agreed on the plan."),
		Date: journal.Date{Year: 2015, Month: 8, Day: 28}, Created: time.Date(2015, 8, 28, 10, 27, 0, 0, time.UTC), Title: "Kickoff went well.", Body: "The team agreed on the plan.\n", Rating: 4, Tags: []string{}}
	if _, err := imports.Entries(j, []journal.Entry{old}, nil); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "work.journal")
	os.WriteFile(p, []byte("[2015-08-28 10:27] Kickoff went well.\nThe team agreed on the plan.\n"), 0o600)
	sum := importAll(t, j, ReadJrnlSource, p)
	if sum.Imported != 0 {
		t.Fatalf("a duplicate of the entry imported earlier: %+v", sum)
	}
	if n, _ := j.Count(); n != 1 {
		t.Fatalf("%d entries", n)
	}
	got, _ := j.Get(old.ID)
	if got.Rating != 4 {
		t.Fatalf("rating %d", got.Rating)
	}
}
