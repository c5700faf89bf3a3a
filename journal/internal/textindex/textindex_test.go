package textindex

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// doc is the test's document: an ID, a day number, a title and a body.
type doc struct {
	id, day     int
	title, body string
	tags        []string
}

var docSchema = Schema[int, doc]{
	Key:   func(d *doc) int { return d.id },
	Texts: func(d *doc) Texts { return Texts{d.title, strings.Join(d.tags, " "), "", d.body} },
	Before: func(a, b *doc) bool {
		if a.day != b.day {
			return a.day > b.day
		}
		return a.id > b.id
	},
	Clone: func(d doc) doc { d.tags = slices.Clone(d.tags); return d },
}

// plainWords is the tests' own tokenizer: runs of letters and digits, lower
// case, with the few accented letters of the corpus spelled out by hand.
func plainWords(s string) []string {
	s = strings.NewReplacer("é", "e", "É", "E", "è", "e", "ï", "i", "ü", "u", "Ü", "U").Replace(s)
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func TestFoldAndWords(t *testing.T) {
	for in, want := range map[string]string{"Équipe": "equipe", "ÜBER": "uber", "naïve": "naive", "Team": "team", "日本": "日本"} {
		if got := FoldWord(in); got != want {
			t.Errorf("FoldWord(%q) = %q, want %q", in, got, want)
		}
	}
	var got []string
	EachWord("Hé, l'équipe — 42 🚀 go!", func(w string, s, e int) { got = append(got, fmt.Sprintf("%s@%d-%d", w, s, e)) })
	want := []string{"Hé@0-2", "l@4-5", "équipe@6-12", "42@15-17", "go@20-22"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("EachWord: %v", got)
	}
	for _, tc := range []struct {
		a, b string
		ok   bool
	}{{"budget", "budjet", true}, {"budget", "budgets", true}, {"budget", "bdget", true}, {"budget", "bugdet", true},
		{"budget", "budget", true}, {"budget", "bujjet", false}, {"budget", "target", false}, {"ab", "ba", true}} {
		if got := withinOneEdit(tc.a, tc.b); got != tc.ok {
			t.Errorf("withinOneEdit(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}

// corpus generates entries of filler words with planted topic words.
func corpus(n int, seed uint64) []doc {
	rng := rand.New(rand.NewPCG(seed, 99))
	filler := strings.Fields("the a we I it team day week plan call talk work time people idea today new good hard long short meeting project client review notes wrote said asked felt thought made kept left went came next last first small big quick slow open clear")
	topics := strings.Fields("budget retrospective mentoring delegation onboarding roadmap conflict hiring strategy équipe réunion café")
	out := make([]doc, n)
	for i := range out {
		var b strings.Builder
		for k := 0; k < 150; k++ {
			b.WriteString(filler[rng.IntN(len(filler))])
			b.WriteByte(' ')
			if rng.IntN(60) == 0 {
				b.WriteString(topics[rng.IntN(len(topics))] + " ")
			}
		}
		title := fmt.Sprintf("%s %s", filler[rng.IntN(len(filler))], filler[rng.IntN(len(filler))])
		if rng.IntN(8) == 0 {
			title += " " + topics[rng.IntN(len(topics))]
		}
		out[i] = doc{id: i, day: i % 9000, title: title, body: b.String()}
	}
	return out
}

func TestSearchRelevance(t *testing.T) {
	raw, err := os.ReadFile("../../../testdata/search/queries.json")
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Queries []struct {
			Kind, Query string
			Relevant    []string `json:"relevant_all"`
		}
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		t.Fatal(err)
	}
	docs := corpus(3000, 1)
	x := New(docSchema)
	for _, e := range docs {
		x.Put(e)
	}
	// holds judges with its own tokenizer, not the index's folding, so a
	// folding bug cannot hide here.
	holds := func(d doc, w string) bool {
		for _, v := range plainWords(d.title + " " + d.body) {
			if v == plainWords(w)[0] {
				return true
			}
		}
		return false
	}
	total := 0.0
	for _, q := range set.Queries {
		hits := x.Search(q.Query, 10)
		relevant := 0
		for _, h := range hits {
			ok := true
			for _, w := range q.Relevant {
				ok = ok && holds(h.Doc, w)
			}
			if ok {
				relevant++
			}
		}
		p := 0.0
		if len(hits) > 0 {
			p = float64(relevant) / float64(len(hits))
		}
		if len(hits) < 10 {
			t.Errorf("%s %q: only %d hits", q.Kind, q.Query, len(hits))
		}
		t.Logf("%-6s %-16q P@10 = %.2f", q.Kind, q.Query, p)
		total += p
	}
	if mean := total / float64(len(set.Queries)); mean < 0.9 {
		t.Fatalf("mean precision at 10 is %.2f, want at least 0.9", mean)
	} else {
		t.Logf("mean precision at 10: %.2f over %d queries", mean, len(set.Queries))
	}
}

func TestParallelBuildMatchesIncremental(t *testing.T) {
	docs := corpus(5000, 3)
	inc := New(docSchema)
	for _, e := range docs {
		inc.Put(e)
	}
	par := Build(docSchema, append([]doc(nil), docs...))
	for _, q := range []string{"budget", "retro", "budjet", "team plan", "équipe", "xyz"} {
		a, b := inc.Search(q, 50), par.Search(q, 50)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%q: parallel build gives %d hits, incremental %d", q, len(b), len(a))
		}
	}
	for w, p := range par.words {
		for f := range p {
			for i := 1; i < len(p[f]); i++ {
				if p[f][i] <= p[f][i-1] {
					t.Fatalf("postings of %q not sorted", w)
				}
			}
		}
	}
}

// TestTypoRules checks when a typo is forgiven: only in a term of
// MinTypoLen runes or more, only when no live document holds the term or a
// word it begins, and in any letter, the first included.
func TestTypoRules(t *testing.T) {
	x := New(docSchema)
	for i, body := range []string{"budget talk", "nudge first", "came home", "leadership notes"} {
		x.Put(doc{id: i, day: i, body: body})
	}
	found := func(q string) []int {
		var ids []int
		for _, h := range x.Search(q, 10) {
			ids = append(ids, h.Doc.id)
		}
		slices.Sort(ids)
		return ids
	}
	for _, tc := range []struct {
		q    string
		want []int
	}{
		{"budget", []int{0}},
		{"budgte", []int{0}},  // swapped
		{"vudget", []int{0}},  // wrong first letter
		{"udget", []int{0}},   // missing first letter
		{"abudget", []int{0}}, // extra first letter
		{"ubdget", []int{0}},  // first two swapped
		{"bugdet", []int{0}},
		{"bidget", []int{0}},
		{"cane", nil}, // four letters: no typo
		{"nudgr", []int{1}},
		{"ludge", []int{1}}, // five letters, the first one wrong
		{"lidge", nil},      // two typos
		{"leadreship", []int{3}},
	} {
		if got := found(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("Search(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
	// A term some document begins forgives no typo: "budge" finds
	// "budget" by its beginning, and not "nudge" one letter away.
	if got := found("budge"); !slices.Equal(got, []int{0}) {
		t.Errorf("Search(budge) = %v, want [0]", got)
	}
	// Once the only holder is gone, the typo is forgiven again.
	x.Put(doc{id: 9, day: 9, body: "nudger"})
	if got := found("nudge"); !slices.Equal(got, []int{1, 9}) {
		t.Errorf("Search(nudge) = %v, want [1 9]", got)
	}
	if got := found("nudgr"); !slices.Equal(got, []int{1, 9}) {
		t.Errorf("Search(nudgr) = %v, want [1 9]: one typo from nudge and from nudger", got)
	}
	// Words of removed documents stay in the vocabulary but hold nothing.
	x.Remove(0)
	x.Put(doc{id: 10, day: 10, body: "budgets"})
	x.Remove(10)
	if got := found("budgte"); got != nil {
		t.Errorf("Search(budgte) with no live budget = %v", got)
	}
	x.Put(doc{id: 11, day: 11, body: "budget"})
	x.Put(doc{id: 12, day: 12, body: "budgie"})
	if got := found("budgiet"); !slices.Equal(got, []int{11, 12}) {
		t.Errorf("Search(budgiet) = %v, want [11 12]", got)
	}
}

// TestRankingByKindThenField checks the score's order: for a term, an
// exact word anywhere beats a beginning anywhere, which beats a typo; the
// field orders matches of one kind; fewer typos beat more exact words.
func TestRankingByKindThenField(t *testing.T) {
	order := [][2]int{ // kind, field; best first
		{matchExact, fieldTitle}, {matchExact, fieldTags}, {matchExact, fieldBody}, {matchExact, fieldPrompt},
		{matchPrefix, fieldTitle}, {matchPrefix, fieldTags}, {matchPrefix, fieldBody}, {matchPrefix, fieldPrompt},
		{matchTypo, fieldTitle}, {matchTypo, fieldTags}, {matchTypo, fieldBody}, {matchTypo, fieldPrompt},
	}
	for i := 1; i < len(order); i++ {
		a, b := order[i-1], order[i]
		if weights[a[1]][a[0]] <= weights[b[1]][b[0]] {
			t.Errorf("kind %d field %d scores %v, not above kind %d field %d at %v", a[0], a[1], weights[a[1]][a[0]], b[0], b[1], weights[b[1]][b[0]])
		}
	}
	// With the most terms, the worst typo-free hit beats the best hit with
	// one typo, and the worst hit with one more exact term beats the best
	// with one fewer.
	n := float64(maxQueryTerms)
	worstNoTypo := n * weights[fieldPrompt][matchPrefix]
	bestOneTypo := (n-1)*weights[fieldTitle][matchExact] + weights[fieldTitle][matchTypo]
	if worstNoTypo <= bestOneTypo {
		t.Errorf("%d prefix terms in the prompt (%v) do not beat %d exact titles and a typo (%v)", maxQueryTerms, worstNoTypo, maxQueryTerms-1, bestOneTypo)
	}
	worstMoreExact := weights[fieldPrompt][matchExact] + (n-1)*weights[fieldPrompt][matchPrefix]
	bestFewerExact := n * weights[fieldTitle][matchPrefix]
	if worstMoreExact <= bestFewerExact {
		t.Errorf("one more exact term (%v) does not beat better fields (%v)", worstMoreExact, bestFewerExact)
	}
}
