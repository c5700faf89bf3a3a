package journal_test

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"candor/journal"
)

// These tests judge search results with a tokenizer of their own, so that a
// fault in the index's folding or word splitting cannot hide itself by
// judging its own output. They use only the exported API.

// accentTable maps the precomposed lower-case letters the corpus uses to
// their plain letters. It is deliberately small and explicit: the README
// promises that accents are ignored, and this says what that means here.
var accentTable = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ä': 'a',
	'ç': 'c',
	'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e',
	'í': 'i', 'î': 'i', 'ï': 'i',
	'ñ': 'n',
	'ó': 'o', 'ô': 'o', 'ö': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u',
}

// judgeWords splits s into lower-case, accent-free words: runs of letters
// and digits. Combining accents (U+0300 to U+036F) are dropped before the
// split, so a decomposed "é" stays inside its word.
func judgeWords(s string) []string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0x300 && r <= 0x36f {
			continue
		}
		r = unicode.ToLower(r)
		if plain, ok := accentTable[r]; ok {
			r = plain
		}
		b.WriteRune(r)
	}
	return strings.FieldsFunc(b.String(), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// editDistance returns the optimal-string-alignment distance of a and b:
// the fewest substitutions, insertions, deletions and swaps of neighbouring
// runes that turn one into the other.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for k := range d[0] {
		d[0][k] = k
	}
	for i := 1; i <= len(ra); i++ {
		for k := 1; k <= len(rb); k++ {
			cost := 1
			if ra[i-1] == rb[k-1] {
				cost = 0
			}
			d[i][k] = min(d[i-1][k]+1, d[i][k-1]+1, d[i-1][k-1]+cost)
			if i > 1 && k > 1 && ra[i-1] == rb[k-2] && ra[i-2] == rb[k-1] {
				d[i][k] = min(d[i][k], d[i-2][k-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// inOrder reports whether every rune of term appears in w in the same order
// (w is term with letters added, as when a letter is skipped in typing).
func inOrder(term, w string) bool {
	rt := []rune(term)
	i := 0
	for _, r := range w {
		if i < len(rt) && r == rt[i] {
			i++
		}
	}
	return i == len(rt)
}

// judgedEntry is an entry of the corpus with its words split by field, as
// the judge sees them.
type judgedEntry struct {
	label  string
	entry  journal.Entry
	fields map[string][]string // "title", "tags", "prompt", "body"
}

// newJudgedEntry splits e's fields with judgeWords.
func newJudgedEntry(label string, e journal.Entry) judgedEntry {
	return judgedEntry{label: label, entry: e, fields: map[string][]string{
		"title":  judgeWords(e.Title),
		"tags":   judgeWords(strings.Join(e.Tags, " ")),
		"prompt": judgeWords(e.Prompt),
		"body":   judgeWords(e.Body),
	}}
}

// hasIn reports whether the judge finds term as a whole word in one of the
// named fields.
func (e judgedEntry) hasIn(term string, fields ...string) bool {
	for _, f := range fields {
		for _, w := range e.fields[f] {
			if w == term {
				return true
			}
		}
	}
	return false
}

// has reports whether term is a whole word of any field.
func (e judgedEntry) has(term string) bool { return e.hasIn(term, "title", "tags", "prompt", "body") }

// anyWord reports whether some word of any field satisfies ok.
func (e judgedEntry) anyWord(ok func(w string) bool) bool {
	for _, ws := range e.fields {
		for _, w := range ws {
			if ok(w) {
				return true
			}
		}
	}
	return false
}

// related reports whether the entry holds term or something the README lets
// stand for it: a word it begins, a word one typo away, or a word holding
// its letters in order. The judge is generous on purpose: an entry it calls
// unrelated must never be a hit.
func (e judgedEntry) related(term string) bool {
	return e.anyWord(func(w string) bool {
		return strings.HasPrefix(w, term) || editDistance(w, term) <= 1 || inOrder(term, w)
	})
}

// nearOnly reports whether the entry reaches term only through a word one
// typo away: it holds neither term nor a word beginning with it.
func (e judgedEntry) nearOnly(term string) bool {
	if e.anyWord(func(w string) bool { return strings.HasPrefix(w, term) }) {
		return false
	}
	return e.anyWord(func(w string) bool { return editDistance(w, term) == 1 })
}

// Kinds of match the README's rules allow, best first, as the judge sees
// them.
const (
	judgeExact = iota
	judgePrefix
	judgeTypo
	judgeNone
)

// judgeFields are the fields in the README's order of weight.
var judgeFields = []string{"title", "tags", "body", "prompt"}

// ruleMatch applies the README's rules: term matches a word it is or
// begins (a beginning of two letters or more); when typos is set, a term
// of five or more letters also matches a word one typo away. It returns the
// best kind of match and the index in judgeFields of the best field with a
// match of that kind.
func (e judgedEntry) ruleMatch(term string, typos bool) (kind, field int) {
	n := len([]rune(term))
	kind, field = judgeNone, len(judgeFields)
	for f, name := range judgeFields {
		for _, w := range e.fields[name] {
			k := judgeNone
			switch {
			case w == term:
				k = judgeExact
			case n >= 2 && strings.HasPrefix(w, term):
				k = judgePrefix
			case typos && n >= 5 && editDistance(w, term) == 1:
				k = judgeTypo
			}
			if k < kind || k == kind && f < field {
				kind, field = k, f
			}
		}
	}
	return kind, field
}

// typosAllowed reports whether the rules forgive a typo in term: no entry
// of the corpus holds it as a word or the beginning of one.
func typosAllowed(corpus []judgedEntry, term string) bool {
	for _, e := range corpus {
		if k, _ := e.ruleMatch(term, false); k != judgeNone {
			return false
		}
	}
	return true
}

// judgement is how an entry answers a query under the rules: whether it
// matches every term, how many terms needed a typo, how many were exact,
// and (for one term) the best field.
type judgement struct {
	match        bool
	typos, exact int
	field        int
}

// better reports whether the rules rank a strictly above b: fewer typos,
// then more exact terms, then (one-term queries) a weightier field.
func (a judgement) better(b judgement, oneTerm bool) bool {
	if a.typos != b.typos {
		return a.typos < b.typos
	}
	if a.exact != b.exact {
		return a.exact > b.exact
	}
	return oneTerm && a.field < b.field
}

// judge applies the rules to e for terms.
func judge(corpus []judgedEntry, e judgedEntry, terms []string) judgement {
	j := judgement{match: true}
	for _, term := range terms {
		k, f := e.ruleMatch(term, typosAllowed(corpus, term))
		switch k {
		case judgeNone:
			j.match = false
		case judgeTypo:
			j.typos++
		case judgeExact:
			j.exact++
		}
		j.field = f
	}
	return j
}

// relevanceCorpus creates a journal holding entries with exact, accented,
// prefix, tag, title and prompt hits and near misses of a few query words,
// and returns it with the judged entries. Near misses get the later dates,
// so a tie in score would rank them first and could not flatter the search.
func relevanceCorpus(t *testing.T) (*journal.Journal, []judgedEntry) {
	t.Helper()
	j, err := journal.Init(t.TempDir(), []byte("relevance test passphrase"), &journal.Options{KDF: journal.TestKDF})
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	t.Cleanup(func() { j.Close() })
	specs := []struct {
		label               string
		title, body, prompt string
		tags                []string
	}{
		// Exact hits, in every field and spelling.
		{label: "cafe in title", title: "Cafe with Ana", body: "We talked about her next role."},
		{label: "café in body", body: "Met the new hire at the café near the station."},
		{label: "CAFÉ upper case", body: "CAFÉ, then home early."},
		{label: "decomposed café", body: "A small cafe\u0301 downtown, quiet enough to think."},
		{label: "cafe as a tag", body: "Long morning of one-on-ones.", tags: []string{"Cafe"}},
		{label: "cafe in the prompt", body: "Nothing much to add.", prompt: "Which cafe conversation changed your mind?"},
		{label: "cafe between punctuation", body: "(cafe) -- cafe-bar, cafe."},
		{label: "budget in title", title: "Budget review", body: "We cut the travel line."},
		{label: "budget in body", body: "The budget is tight this quarter."},
		{label: "BUDGET as a tag", body: "Spreadsheets all afternoon.", tags: []string{"BUDGET"}},
		{label: "team budget in body", body: "The team budget grew by a tenth."},
		{label: "équipe in title", title: "L'équipe", body: "Réunion du lundi."},
		{label: "Equipe plain", body: "Equipe meeting moved to Friday."},
		{label: "cat in body", body: "The cat slept on my notes."},
		// Prefix hits.
		{label: "cafeteria in title", title: "Cafeteria plans", body: "Lunch logistics for the offsite."},
		{label: "cafeteria in body", body: "The cafeteria was loud again."},
		{label: "budgeting in body", body: "Budgeting season started."},
		{label: "cats in body", body: "Two cats at the window."},
		// Near misses: one typo away, or a word the query is inside.
		{label: "came", body: "She came late to standup."},
		{label: "cage in title", title: "Cage of habits", body: "Routines that hold us back."},
		{label: "came in title", title: "Came back early", body: "Short day."},
		{label: "cage as a tag", body: "Old routines.", tags: []string{"cage"}},
		{label: "safe", body: "It felt safe to disagree."},
		{label: "budged", body: "Nobody budged on the deadline."},
		{label: "budge", body: "I would not budge on scope."},
		{label: "budged in title", title: "Nobody budged", body: "Long standoff."},
		{label: "team offsite, budged", title: "Team offsite", body: "Nobody budged."},
		{label: "car", body: "A car honked outside."},
		{label: "equip", body: "We need to equip the new room."},
		// Markdown around a match.
		{label: "markdown café", body: "## Notes\n\n> Met at the **café**, then `standup`.\n\n- [a link](https://example.com/x)"},
		// Nothing near any query word.
		{label: "unrelated hiring", title: "Hiring", body: "Quarterly numbers and hiring plans."},
		{label: "unrelated mentoring", body: "Mentoring Priya on delegation.", tags: []string{"people"}},
		{label: "only team", title: "Team retro", body: "We talked about what went well."},
	}
	var out []judgedEntry
	for i, s := range specs {
		e, err := j.Add(journal.Entry{
			Date:  journal.Date{Year: 2026, Month: time.Month(1 + i/28), Day: 1 + i%28},
			Title: s.title, Body: s.body, Prompt: s.prompt, Tags: s.tags,
		})
		if err != nil {
			t.Fatalf("%s: %v", s.label, err)
		}
		out = append(out, newJudgedEntry(s.label, e))
	}
	return j, out
}

// TestRelevanceJudge checks the judge itself on the spellings the corpus
// relies on, so a judge fault is not mistaken for a search fault.
func TestRelevanceJudge(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"CAFÉ, then", "cafe then"},
		{"cafe\u0301 downtown", "cafe downtown"},
		{"L'équipe", "l equipe"},
		{"(cafe) -- cafe-bar", "cafe cafe bar"},
		{"Réunion 2026", "reunion 2026"},
	} {
		if got := strings.Join(judgeWords(tc.in), " "); got != tc.want {
			t.Errorf("judgeWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		a, b string
		want int
	}{{"cafe", "came", 1}, {"cafe", "cafe", 0}, {"budget", "budged", 1}, {"budget", "bugdet", 1}, {"budget", "budge", 1}, {"cafe", "safe", 1}, {"cat", "cafe", 2}} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestRelevance asserts, for each query: every entry holding all query
// words is found, entries missing a query word and every stand-in for it
// are not, and for one-word queries an exact hit in a title, tag or body
// ranks above every hit that only reaches the word through a typo. Then it
// applies the README's rules exactly (a word, or its beginning; a typo only
// in a word of five or more letters that no entry holds, whole or as a
// beginning): the hits are exactly the entries the rules match, and a hit
// the rules rank higher (fewer typos, then more exact words, then for one
// word the weightier field: title, tags, body, prompt text) is never below.
func TestRelevance(t *testing.T) {
	j, corpus := relevanceCorpus(t)
	byID := map[journal.ID]judgedEntry{}
	for _, e := range corpus {
		byID[e.entry.ID] = e
	}
	var found, excluded, ranked int // assertions made, so none is vacuous
	var ruled, ruleRanked int
	queries := []string{"cafe", "Café", "budget", "BUDGET,", "team budget", "équipe", "cat",
		// Typos in words of five letters or more, the first letter too.
		"bugdet", "vudget", "udget", "xbudget", "team budgte", "equpe",
		// Exact above prefix; short words forgive no typo.
		"budge", "cafr", "cage", "came", "routine"}
	for _, q := range queries {
		terms := judgeWords(q)
		hits, err := j.Search(q, 100)
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		rank := map[journal.ID]int{}
		for i, h := range hits {
			if _, ok := byID[h.Entry.ID]; !ok {
				t.Fatalf("Search(%q) returned an entry the corpus does not hold: %+v", q, h.Entry)
			}
			rank[h.Entry.ID] = i
		}
		var hitLabels []string
		for _, h := range hits {
			hitLabels = append(hitLabels, byID[h.Entry.ID].label)
		}

		for _, e := range corpus {
			_, hit := rank[e.entry.ID]
			all, missing := true, ""
			for _, term := range terms {
				all = all && e.has(term)
				if missing == "" && !e.related(term) {
					missing = term
				}
			}
			if all {
				found++
				if !hit {
					t.Errorf("Search(%q) misses %q, which holds every query word; hits: %q", q, e.label, hitLabels)
				}
			}
			if missing != "" {
				excluded++
				if hit {
					t.Errorf("Search(%q) returns %q, which holds nothing like %q; hits: %q", q, e.label, missing, hitLabels)
				}
			}
		}

		// Every hit shows why it matched, and snippets hold no Markdown.
		for i, h := range hits {
			visible := len(h.TitleMarks) > 0 || len(h.SnippetMarks) > 0
			for _, m := range h.TagMarks {
				visible = visible || len(m) > 0
			}
			if !visible {
				t.Errorf("Search(%q): hit %q shows no match: %+v", q, hitLabels[i], h)
			}
			for _, raw := range []string{"**", "##", "> ", "`", "](", "https"} {
				if strings.Contains(h.Snippet, raw) {
					t.Errorf("Search(%q): the snippet of %q holds %q: %q", q, hitLabels[i], raw, h.Snippet)
				}
			}
		}

		// The rules, exactly.
		verdict := map[journal.ID]judgement{}
		for _, e := range corpus {
			v := judge(corpus, e, terms)
			verdict[e.entry.ID] = v
			_, hit := rank[e.entry.ID]
			ruled++
			if v.match && !hit {
				t.Errorf("Search(%q) misses %q, which the rules match; hits: %q", q, e.label, hitLabels)
			}
			if !v.match && hit {
				t.Errorf("Search(%q) returns %q, which the rules do not match; hits: %q", q, e.label, hitLabels)
			}
		}
		for a := range hits {
			for b := a + 1; b < len(hits); b++ {
				va, vb := verdict[hits[a].Entry.ID], verdict[hits[b].Entry.ID]
				ruleRanked++
				if vb.better(va, len(terms) == 1) {
					t.Errorf("Search(%q): %q (%+v) ranks %d, above %q (%+v) at %d, which the rules rank higher",
						q, hitLabels[a], va, a+1, hitLabels[b], vb, b+1)
				}
			}
		}

		if len(terms) != 1 {
			continue
		}
		term := terms[0]
		for _, e := range corpus {
			re, ok := rank[e.entry.ID]
			if !ok || !e.hasIn(term, "title", "tags", "body") {
				continue
			}
			for _, n := range corpus {
				rn, ok := rank[n.entry.ID]
				if !ok || !n.nearOnly(term) {
					continue
				}
				ranked++
				if re > rn {
					t.Errorf("Search(%q): exact hit %q ranks %d, below %q (one typo away) at %d", q, e.label, re+1, n.label, rn+1)
				}
			}
		}
	}
	// Under the rules a term that some entry holds forgives no typo, so an
	// exact hit and a typo-only hit of the same word never meet: the first
	// ranking check can find no pair, and the rules' ranking carries it.
	if found == 0 || excluded == 0 || ranked+ruleRanked == 0 || ruled == 0 {
		t.Fatalf("vacuous: %d must-find, %d must-exclude, %d+%d ranking and %d rule checks made", found, excluded, ranked, ruleRanked, ruled)
	}
	t.Logf("%d must-find, %d must-exclude, %d+%d ranking and %d rule checks", found, excluded, ranked, ruleRanked, ruled)
}

// TestRelevanceReviewedFaults pins, by name, what a review found wrong in
// search and the rules now forbid.
func TestRelevanceReviewedFaults(t *testing.T) {
	j, corpus := relevanceCorpus(t)
	label := map[journal.ID]string{}
	for _, e := range corpus {
		label[e.entry.ID] = e.label
	}
	ranks := func(q string) map[string]int {
		hits, err := j.Search(q, 100)
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		r := map[string]int{}
		for i, h := range hits {
			r[label[h.Entry.ID]] = i + 1
		}
		return r
	}
	// above asserts that a is a hit ranked above b, or b is not a hit.
	above := func(q, a, b string) {
		t.Helper()
		r := ranks(q)
		if r[a] == 0 {
			t.Errorf("Search(%q) misses %q: %v", q, a, r)
		} else if r[b] != 0 && r[b] < r[a] {
			t.Errorf("Search(%q): %q ranks %d, above %q at %d", q, b, r[b], a, r[a])
		}
	}
	absent := func(q string, labels ...string) {
		t.Helper()
		r := ranks(q)
		for _, l := range labels {
			if r[l] != 0 {
				t.Errorf("Search(%q) returns %q at %d", q, l, r[l])
			}
		}
	}
	// A typo in a title does not beat an exact word in the prompt text.
	above("cafe", "cafe in the prompt", "came in title")
	// All words exact beat a typo: "budged" is no stand-in for "budget",
	// which entries hold.
	if r := ranks("team budget"); r["team budget in body"] != 1 || r["team offsite, budged"] != 0 {
		t.Errorf(`Search("team budget") = %v, want "team budget in body" first and no "team offsite, budged"`, r)
	}
	// Short words forgive no typo.
	absent("cafe", "came", "cage in title", "cage as a tag", "came in title", "safe")
	absent("cat", "car")
	// A word that begins with the query beats a typo.
	above("budget", "budgeting in body", "budged in title")
	absent("budget", "budged in title", "budged", "team offsite, budged")
	// A typo in the first letter is found in a word of five letters or
	// more: wrong, missing, extra or swapped.
	for _, q := range []string{"vudget", "udget", "xbudget", "ubdget"} {
		above(q, "budget in title", "budget in body")
		absent(q, "budged", "budge", "budgeting in body")
	}
}
