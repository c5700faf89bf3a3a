package textindex

import (
	"encoding/json"
	"fmt"
	"maps"
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

func docTexts(d doc) Texts { return Texts{d.title, strings.Join(d.tags, " "), "", d.body} }

// testIndex keeps the tests' documents beside an Index, the way a journal
// keeps its entries: by key, each in the slot the index gave it.
type testIndex struct {
	x      *Index
	docs   map[int32]doc
	slotOf map[int]int32
}

func newTestIndex() *testIndex {
	return &testIndex{x: New(), docs: map[int32]doc{}, slotOf: map[int]int32{}}
}

func (t *testIndex) Put(d doc) {
	t.Remove(d.id)
	s := t.x.Add(docTexts(d))
	t.docs[s], t.slotOf[d.id] = d, s
}

func (t *testIndex) Remove(id int) {
	if s, ok := t.slotOf[id]; ok {
		t.x.Remove(s)
		delete(t.docs, s)
		delete(t.slotOf, id)
	}
}

// testHit is a hit with its document and how it is shown.
type testHit struct {
	Doc   doc
	Score float64
	Shown
}

func (t *testIndex) Search(q string, limit int) []testHit {
	hits, m := t.x.Search(q, limit, func(a, b int32) bool {
		da, db := t.docs[a], t.docs[b]
		if da.day != db.day {
			return da.day > db.day
		}
		return da.id > db.id
	}, nil)
	out := make([]testHit, len(hits))
	for i, h := range hits {
		out[i] = testHit{Doc: t.docs[h.Slot], Score: h.Score, Shown: m.Show(docTexts(t.docs[h.Slot]))}
	}
	return out
}

// build indexes docs in parts side by side and merges them, as a journal
// does when it reads its store in ranges.
func build(docs []doc, parts int) *testIndex {
	ps := make([]*Index, parts)
	for p := range ps {
		ps[p] = New()
		for _, d := range docs[len(docs)*p/parts : len(docs)*(p+1)/parts] {
			ps[p].Add(docTexts(d))
		}
	}
	t := &testIndex{x: Merge(ps), docs: map[int32]doc{}, slotOf: map[int]int32{}}
	for i, d := range docs {
		t.docs[int32(i)], t.slotOf[d.id] = d, int32(i)
	}
	return t
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
	x := newTestIndex()
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
	inc := newTestIndex()
	for _, e := range docs {
		inc.Put(e)
	}
	par := build(docs, 3)
	for _, q := range []string{"budget", "retro", "budjet", "team plan", "équipe", "xyz"} {
		a, b := inc.Search(q, 50), par.Search(q, 50)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%q: parallel build gives %d hits, incremental %d", q, len(b), len(a))
		}
	}
	for id, p := range par.x.post {
		slot := int32(-1)
		for i := 0; i < len(p); {
			gap, _, next, ok := nextPosting(p, i)
			if !ok {
				t.Fatalf("postings of %q do not decode", par.x.words[id])
			}
			i, slot = next, slot+gap
		}
		if slot != par.x.last[id] {
			t.Fatalf("postings of %q end at %d, last says %d", par.x.words[id], slot, par.x.last[id])
		}
	}
}

// TestEncodeDecodeCompact checks that an index encoded and decoded, then
// changed, finds what the original finds, and that compacting it keeps
// every hit.
func TestEncodeDecodeCompact(t *testing.T) {
	docs := corpus(2000, 5)
	orig := newTestIndex()
	for _, d := range docs {
		orig.Put(d)
	}
	for i := 0; i < 300; i++ { // edits leave dead slots behind
		d := docs[i*5]
		d.body += " réunion extraordinaire"
		orig.Put(d)
		orig.Remove(docs[i*5+1].id)
	}
	orig.Put(doc{id: 99999, day: 1, body: "zyzzyva brandnewword"}) // a word waiting unsorted
	enc := orig.x.AppendBinary(nil)
	dec, err := Decode(enc)
	if err != nil {
		t.Fatal(err)
	}
	copied := &testIndex{x: dec, docs: maps.Clone(orig.docs), slotOf: maps.Clone(orig.slotOf)}
	queries := []string{"budget", "retro", "budjet", "team plan", "équipe", "extraord", "zyzzyva", "brandnew", "xyz"}
	for _, q := range queries {
		if a, b := orig.Search(q, 40), copied.Search(q, 40); !reflect.DeepEqual(a, b) {
			t.Fatalf("%q: decoded index gives %d hits, the original %d", q, len(b), len(a))
		}
	}
	// The decoded index takes changes like the original.
	for _, x := range []*testIndex{orig, copied} {
		x.Put(doc{id: 100000, day: 2, body: "afterwords budget"})
		x.Remove(docs[10].id)
	}
	for _, q := range queries {
		if a, b := orig.Search(q, 40), copied.Search(q, 40); !reflect.DeepEqual(a, b) {
			t.Fatalf("%q after changes: decoded index gives %d hits, the original %d", q, len(b), len(a))
		}
	}
	before := map[string][]testHit{}
	for _, q := range queries {
		before[q] = orig.Search(q, 40)
	}
	dead := orig.x.Dead()
	remap := orig.x.Compact()
	if orig.x.Dead() != 0 || dead == 0 || int(orig.x.Slots()) != orig.x.Len() {
		t.Fatalf("compact: %d dead before, %d after, %d slots for %d documents", dead, orig.x.Dead(), orig.x.Slots(), orig.x.Len())
	}
	docsBySlot := map[int32]doc{}
	for s, d := range orig.docs {
		docsBySlot[remap[s]] = d
		orig.slotOf[d.id] = remap[s]
	}
	orig.docs = docsBySlot
	for _, q := range queries {
		if got := orig.Search(q, 40); !reflect.DeepEqual(got, before[q]) {
			t.Fatalf("%q: compacted index gives %d hits, before %d", q, len(got), len(before[q]))
		}
	}
	if again, err := Decode(orig.x.AppendBinary(nil)); err != nil || again.Len() != orig.x.Len() {
		t.Fatalf("compacted index does not round-trip: %v", err)
	}
	// Damaged encodings are refused, never a panic.
	for _, cut := range []int{0, 3, 4, 10, len(enc) / 2, len(enc) - 1} {
		if _, err := Decode(enc[:cut]); err == nil {
			t.Errorf("Decode of the first %d bytes succeeded", cut)
		}
	}
}

// FuzzDecode checks that no bytes make Decode, or a search of what it
// accepts, panic.
func FuzzDecode(f *testing.F) {
	x := New()
	x.Add(Texts{"team budget", "work", "", "we planned the budget together"})
	x.Add(Texts{"", "", "what did you learn", "mentoring notes"})
	f.Add(x.AppendBinary(nil))
	f.Add([]byte("cti\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Decode(b)
		if err != nil {
			return
		}
		for _, q := range []string{"budget", "bu", "budgte", "mentoring"} {
			hits, m := d.Search(q, 5, func(a, b int32) bool { return a > b }, nil)
			for _, h := range hits {
				if h.Slot < 0 || h.Slot >= d.Slots() {
					t.Fatalf("hit in slot %d of %d", h.Slot, d.Slots())
				}
			}
			m.Show(Texts{"budget", "", "", "a budget"})
		}
		d.Add(Texts{"", "", "", "budget again"})
		d.Compact()
	})
}

// TestTypoRules checks when a typo is forgiven: only in a term of
// MinTypoLen runes or more, only when no live document holds the term or a
// word it begins, and in any letter, the first included.
func TestTypoRules(t *testing.T) {
	x := newTestIndex()
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
