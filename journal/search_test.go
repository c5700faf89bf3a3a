package journal

import (
	"fmt"
	"reflect"
	"testing"
)

func searchJournal(t *testing.T) *Journal {
	t.Helper()
	j, _ := newJournal(t)
	add := func(date, title, body string, tags ...string) {
		if _, err := j.Add(Entry{Date: mustDate(t, date), Title: title, Body: body, Tags: tags}); err != nil {
			t.Fatal(err)
		}
	}
	add("2026-01-01", "Budget review", "We cut the travel line.")
	add("2026-02-01", "Team lunch", "Talked about the budget over soup.")
	add("2026-03-01", "Quiet day", "Nothing about money at all.", "budgeting")
	add("2026-04-01", "L'équipe", "Réunion avec l'équipe: café et stratégie. Ünïcødé — naïve café.")
	add("2026-05-01", "Delegation", "I handed the roadmap to Priya and stayed out of the way.")
	return j
}

func titles(hits []Hit) []string {
	var s []string
	for _, h := range hits {
		s = append(s, h.Entry.Title)
	}
	return s
}

func TestSearchBehaviour(t *testing.T) {
	j := searchJournal(t)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"budget", []string{"Budget review", "Team lunch", "Quiet day"}}, // exact title, exact body, tag prefix
		{"BUDG", []string{"Budget review", "Quiet day", "Team lunch"}},   // all prefixes: title, tag, body
		{"budjet", []string{"Budget review", "Team lunch"}},              // one typo
		{"bdget", []string{"Budget review", "Team lunch"}},               // a skipped letter
		{"bdgt", nil}, // shorter than five letters: no typo
		{"gudget", []string{"Budget review", "Team lunch"}}, // the first letter wrong
		{"equipe", []string{"L'équipe"}},
		{"cafe strategie", []string{"L'équipe"}},
		{"budget soup", []string{"Team lunch"}}, // every term must match
		{"budget nowhere", nil},
		{"roadmap priya", []string{"Delegation"}},
	} {
		hits, err := j.Search(tc.q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(hits); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Search(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
	if _, err := j.Search("  ,;  ", 10); err != ErrEmptyQuery {
		t.Errorf("empty query: %v", err)
	}
	// Rune-correct marks on non-ASCII text.
	hits, _ := j.Search("cafe", 1)
	h := hits[0]
	r := []rune(h.Snippet)
	if len(h.SnippetMarks) != 2 {
		t.Fatalf("marks %v in %q", h.SnippetMarks, h.Snippet)
	}
	for _, m := range h.SnippetMarks {
		if got := string(r[m.Start:m.End]); got != "café" {
			t.Errorf("mark covers %q, want café", got)
		}
	}
	hits, _ = j.Search("équi", 1)
	if m := hits[0].TitleMarks; len(m) != 1 || string([]rune(hits[0].Entry.Title)[m[0].Start:m[0].End]) != "équi" {
		t.Errorf("prefix title mark: %v", m)
	}
}

// TestSearchShowsWhy checks that a hit carries the marks that show why it
// matched: its tags, a snippet of the prompt text when only that matched,
// and a plain-text snippet of a Markdown body with marks on its runes.
func TestSearchShowsWhy(t *testing.T) {
	j, _ := newJournal(t)
	add := func(e Entry) {
		t.Helper()
		if _, err := j.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	add(Entry{Date: Date{2026, 1, 1}, Title: "Quiet", Body: "Nothing here.", Tags: []string{"people", "Mentoring plan", "Équipe"}})
	add(Entry{Date: Date{2026, 1, 2}, Title: "Asked", Body: "Short answer.", Prompt: "Who did you mentor this week?"})
	add(Entry{Date: Date{2026, 1, 3}, Title: "Links", Body: "## Plan\n\n> We **met** at [the *mentoring* café](https://x.example/mentor) — réunion."})

	hits, err := j.Search("mentor", 10)
	if err != nil || len(hits) != 3 {
		t.Fatalf("Search(mentor) = %d hits, %v", len(hits), err)
	}
	by := map[string]Hit{}
	for _, h := range hits {
		by[h.Entry.Title] = h
	}
	if tm := by["Quiet"].TagMarks; len(tm) != 3 || tm[0] != nil || !reflect.DeepEqual(tm[1], []Span{{Start: 0, End: 6}}) || tm[2] != nil {
		t.Errorf("tag marks %v, want only the first six runes of the second tag", tm)
	}
	if by["Asked"].TagMarks != nil {
		t.Errorf("an entry without a tag hit has tag marks %v", by["Asked"].TagMarks)
	}
	p := by["Asked"]
	if !p.SnippetFromPrompt || p.Snippet != "Who did you mentor this week?" || !reflect.DeepEqual(p.SnippetMarks, []Span{{Start: 12, End: 18}}) {
		t.Errorf("prompt-only hit: %q from prompt %v marks %v", p.Snippet, p.SnippetFromPrompt, p.SnippetMarks)
	}
	l := by["Links"]
	if want := "Plan We met at the mentoring café — réunion."; l.Snippet != want || l.SnippetFromPrompt {
		t.Errorf("snippet %q, want %q", l.Snippet, want)
	}
	r := []rune(l.Snippet)
	if len(l.SnippetMarks) != 1 || string(r[l.SnippetMarks[0].Start:l.SnippetMarks[0].End]) != "mentor" {
		t.Errorf("marks %v in %q", l.SnippetMarks, l.Snippet)
	}
	// The link's address is not a word of the entry.
	if hits, _ := j.Search("example", 10); len(hits) != 0 {
		t.Errorf("a link address is found: %v", titles(hits))
	}
	hits, _ = j.Search("reunion equipe", 10)
	if len(hits) != 0 {
		t.Errorf("words in different entries matched together: %v", titles(hits))
	}
	hits, _ = j.Search("équipe", 10)
	if len(hits) != 1 || !reflect.DeepEqual(hits[0].TagMarks, [][]Span{nil, nil, {{Start: 0, End: 6}}}) {
		t.Errorf("accented tag marks: %+v", hits)
	}
}

func TestSearchFollowsChanges(t *testing.T) {
	j := searchJournal(t)
	if err := j.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	e, err := j.Add(Entry{Date: mustDate(t, "2026-06-01"), Title: "Fresh", Body: "zebra crossing"})
	if err != nil {
		t.Fatal(err)
	}
	if hits, _ := j.Search("zebra", 5); len(hits) != 1 {
		t.Fatalf("added entry not found: %v", titles(hits))
	}
	e.Body = "giraffe"
	if _, err := j.Update(e); err != nil {
		t.Fatal(err)
	}
	if hits, _ := j.Search("zebra", 5); len(hits) != 0 {
		t.Fatalf("old text still found: %v", titles(hits))
	}
	if hits, _ := j.Search("giraffe", 5); len(hits) != 1 {
		t.Fatal("updated text not found")
	}
	if err := j.Delete(e.ID); err != nil {
		t.Fatal(err)
	}
	if hits, _ := j.Search("giraffe", 5); len(hits) != 0 {
		t.Fatal("deleted entry still found")
	}
	j.Close()
	if _, err := j.Search("x", 1); err != ErrLocked {
		t.Fatalf("search after lock: %v", err)
	}
}

func TestWritesDuringIndexBuildAreFound(t *testing.T) {
	j, _ := newJournal(t)
	for i := 0; i < 2000; i++ {
		if _, err := j.Add(Entry{Date: Date{2026, 1, 1 + i%28}, Body: "filler words here"}); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error)
	go func() { done <- j.BuildIndex() }()
	var ids []ID
	for i := 0; i < 20; i++ {
		e, err := j.Add(Entry{Date: Date{2026, 2, 1}, Body: fmt.Sprintf("unicorn%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	if err := j.Delete(ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for i := 1; i < 20; i++ {
		w := fmt.Sprintf("unicorn%d", i)
		if hits, _ := j.Search(w, 50); len(hits) == 0 || hits[0].Entry.Body != w {
			t.Fatalf("entry %d added during the build is not found first", i)
		}
	}
	for _, h := range func() []Hit { h, _ := j.Search("unicorn0", 50); return h }() {
		if h.Entry.ID == ids[0] {
			t.Fatal("an entry deleted during the build is still found")
		}
	}
}

func TestSearchOddInput(t *testing.T) {
	j := searchJournal(t)
	if _, err := j.Add(Entry{Date: Date{2026, 7, 1}, Title: "E\u0301quipe हिंदी", Body: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := j.Search("\u0301", 5); err != ErrEmptyQuery {
		t.Errorf("a lone accent: %v", err)
	}
	hits, err := j.Search("équ", 1<<40)
	if err != nil || len(hits) != 2 {
		t.Fatalf("huge limit: %d %v", len(hits), err)
	}
	for _, h := range hits {
		if h.Entry.Title != "E\u0301quipe हिंदी" {
			continue
		}
		m := h.TitleMarks
		if r := []rune(h.Entry.Title); len(m) != 1 || string(r[m[0].Start:m[0].End]) != "E\u0301qu" {
			t.Errorf("decomposed prefix mark: %v", m)
		}
	}
	if hits, _ := j.Search("हिंदी", 5); len(hits) != 1 {
		t.Error("a Devanagari word with spacing vowel signs is not found whole")
	}
}

// TestSearchTieBreak pins the journal's order among hits of equal score:
// the more recent date first, then the greater ID.
func TestSearchTieBreak(t *testing.T) {
	j, _ := newJournal(t)
	var ids []ID
	for _, d := range []string{"2026-01-02", "2026-03-04", "2026-03-04", "2025-12-31"} {
		e, err := j.Add(Entry{Date: mustDate(t, d), Body: "same words here"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	hits, err := j.Search("same words", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 4 {
		t.Fatalf("%d hits, want 4", len(hits))
	}
	a, b := ids[1], ids[2]
	if a.String() < b.String() {
		a, b = b, a
	}
	want := []ID{a, b, ids[0], ids[3]}
	for i, h := range hits {
		if h.Entry.ID != want[i] {
			t.Fatalf("hit %d is %s (%s), want %s", i, h.Entry.ID, h.Entry.Date, want[i])
		}
		if h.Score != hits[0].Score {
			t.Fatalf("scores differ: %v and %v", h.Score, hits[0].Score)
		}
	}
}

func TestHeadlineIsPlain(t *testing.T) {
	for _, tc := range []struct{ title, body, want string }{
		{"Kept *as typed*", "# Ignored", "Kept *as typed*"},
		{"", "\n\n# Weekly **sync**\nMore.", "Weekly sync"},
		{"", "---\n> [Ana's](https://x.y) `plan`", "Ana's plan"},
		{"", "- first item\n- second", "first item"},
	} {
		e := Entry{Title: tc.title, Body: tc.body}
		if got := e.Headline(80); got != tc.want {
			t.Errorf("Headline of %q/%q = %q, want %q", tc.title, tc.body, got, tc.want)
		}
	}
}
