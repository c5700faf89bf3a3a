// Package textindex is Candor's in-memory full-text index: words folded to
// lower case without accents, postings per field (title, tags, prompt text,
// body), prefix and one-typo matching, ranking by kind of match then field,
// and snippets with the matched words marked.
//
// It knows nothing of Badger, encryption or journal entries: it indexes any
// document type through a Schema, and lives only in memory (built after
// unlock, dropped on lock).
package textindex

import (
	"math/bits"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fields of an entry the index knows, in the order their weights are listed.
const (
	fieldTitle = iota
	fieldTags
	fieldPrompt
	fieldBody
	numFields
)

// Kinds of match of a query term against a word, best first.
const (
	matchExact = iota
	matchPrefix
	matchTypo
	numKinds
)

// Ranking. A term scores its best match in an entry, and a hit's score is
// the sum over the query's terms. The kind of match dominates: every term
// matched without a typo is worth kindTypoFree, every exact term kindExact
// more, and the field adds at most fieldWeights' largest value. With at
// most maxQueryTerms terms, the field sum (at most 8 × 10 = 80) never
// reaches one kindExact (100), and all the kindExact points (at most 800)
// never reach one kindTypoFree (1000). So hits order by how many terms
// needed a typo (fewer first), then by how many were exact (more first),
// then by the fields they were found in: for each term exact > prefix >
// typo whatever the field, and the field orders matches of the same kind.
const (
	kindTypoFree = 1000
	kindExact    = 100
)

// fieldWeights order matches of the same kind: the title, then tags, then
// the body, then the prompt text (the app's question, not the user's words).
var fieldWeights = [numFields]float64{fieldTitle: 10, fieldTags: 8, fieldBody: 5, fieldPrompt: 3}

// weights[field][kind] scores a term's match of one kind in one field.
var weights = func() (w [numFields][numKinds]float64) {
	for f := range w {
		w[f][matchExact] = kindTypoFree + kindExact + fieldWeights[f]
		w[f][matchPrefix] = kindTypoFree + fieldWeights[f]
		w[f][matchTypo] = fieldWeights[f]
	}
	return w
}()

// Limits that keep a query fast whatever is typed.
const (
	maxQueryTerms  = 8
	maxPrefixWords = 4000 // words one prefix may expand to
	minPrefixLen   = 2    // shorter terms match whole words only
	// MinTypoLen is the fewest letters a query word needs before a typo
	// in it is forgiven: shorter words are one letter away from too many
	// others ("cafe" from came, cage, care, safe…).
	MinTypoLen   = 5
	snippetRunes = 160
)

// Span is a range of runes [Start, End) in a title or snippet.
type Span struct{ Start, End int }

// Texts are a document's indexed fields, in this order: title, tags (one
// string), prompt text, body.
type Texts [numFields]string

// Schema tells the index how to read a document of type D keyed by K.
type Schema[K comparable, D any] struct {
	// Key returns the document's unique key.
	Key func(*D) K
	// Texts returns the document's indexed fields.
	Texts func(*D) Texts
	// Before orders documents of equal score: it reports whether a ranks
	// before b.
	Before func(a, b *D) bool
	// Clone returns a copy of a document that shares no memory with the
	// index, for a hit.
	Clone func(D) D
}

// Hit is one search result.
type Hit[D any] struct {
	// Doc is a copy of the document.
	Doc D
	// Score ranks hits: higher is better.
	Score float64
	// TitleMarks are the matched runes of the title field.
	TitleMarks []Span
	// Snippet is a piece of the body around the first match, and
	// SnippetMarks its matched runes. When the body holds no match but the
	// prompt text does, the snippet is cut from the prompt text and
	// SnippetFromPrompt is set, so the match is always somewhere to see.
	Snippet           string
	SnippetMarks      []Span
	SnippetFromPrompt bool
	// Marker marks the query's matched words in any other text of the
	// document, such as its tags one by one.
	Marker Marker
}

// Marker knows which words a search matched, and how.
type Marker struct {
	matched   map[string]int // folded word -> best kind of match
	prefixLen map[string]int // folded word -> runes typed, for a prefix
}

// Mark returns the rune spans of s's words that the search matched: the
// typed part of a word matched by its beginning, the whole word otherwise.
func (m Marker) Mark(s string) []Span {
	if len(m.matched) == 0 {
		return nil
	}
	return marks(s, m.matched, m.prefixLen)
}

// wordPostings lists, per field, the index slots of the entries holding a
// word.
type wordPostings [numFields][]int32

// Index is an in-memory search index of documents of type D keyed by K.
// Its methods are safe for concurrent use.
type Index[K comparable, D any] struct {
	schema  Schema[K, D]
	mu      sync.RWMutex
	docs    []D      // by slot; deleted slots keep a zero D
	alive   []uint64 // bitset of live slots
	slotOf  map[K]int32
	words   map[string]*wordPostings
	vocab   []string          // sorted, rebuilt when stale
	byFirst map[rune][]string // vocabulary by first rune, for fuzzy
	stale   bool
}

// New returns an empty index for documents read through schema.
func New[K comparable, D any](schema Schema[K, D]) *Index[K, D] {
	return &Index[K, D]{schema: schema, slotOf: map[K]int32{}, words: map[string]*wordPostings{}}
}

// FoldWord lower-cases w and strips accents, so "Équipe" finds "equipe".
func FoldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(w)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// EachWord calls fn for every word of s (a run of letters, digits and
// marks, so scripts with spacing vowel signs stay whole) with its rune range. ASCII text takes a byte-wise path.
func EachWord(s string, fn func(word string, start, end int)) {
	start, pos := -1, 0
	byteStart := 0
	for i := 0; i < len(s); {
		c := s[i]
		var isWord bool
		size := 1
		if c < utf8.RuneSelf {
			isWord = asciiWord[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			isWord = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		}
		if isWord && start < 0 {
			start, byteStart = pos, i
		} else if !isWord && start >= 0 {
			fn(s[byteStart:i], start, pos)
			start = -1
		}
		i += size
		pos++
	}
	if start >= 0 {
		fn(s[byteStart:], start, pos)
	}
}

var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return t
}()

// Put adds d, or replaces the document with its key.
func (x *Index[K, D]) Put(d D) {
	x.mu.Lock()
	defer x.mu.Unlock()
	k := x.schema.Key(&d)
	x.removeLocked(k)
	slot := int32(len(x.docs))
	x.docs = append(x.docs, d)
	x.markAlive(slot)
	x.slotOf[k] = slot
	if addWords(x.words, x.schema.Texts(&d), slot) {
		x.stale = true
	}
}

func (x *Index[K, D]) markAlive(slot int32) {
	for int(slot)/64 >= len(x.alive) {
		x.alive = append(x.alive, 0)
	}
	x.alive[slot/64] |= 1 << (slot % 64)
}

// addWords posts the words of texts under slot into words; it reports
// whether a new word appeared.
func addWords(words map[string]*wordPostings, texts Texts, slot int32) bool {
	added := false
	for f, text := range texts {
		EachWord(text, func(w string, _, _ int) {
			w = FoldWord(w)
			if w == "" {
				return // a lone accent folds to nothing
			}
			p := words[w]
			if p == nil {
				p = &wordPostings{}
				words[strings.Clone(w)] = p // do not pin the whole text
				added = true
			}
			// A word seen before in this field of this entry ends the list.
			if n := len(p[f]); n > 0 && p[f][n-1] == slot {
				return
			}
			p[f] = append(p[f], slot)
		})
	}
	return added
}

// Build indexes docs on every core: each worker takes a contiguous run of
// slots into its own map, and the maps are merged in slot order, so every
// postings list stays sorted. The index keeps docs.
func Build[K comparable, D any](schema Schema[K, D], docs []D) *Index[K, D] {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(docs)/1000))
	parts := make([]*Part[D], workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := len(docs)*w/workers, len(docs)*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := NewPart(schema.Texts)
			for i := lo; i < hi; i++ {
				p.Add(docs[i])
			}
			parts[w] = p
		}()
	}
	wg.Wait()
	return Merge(schema, parts)
}

// Part indexes a run of documents on one goroutine; Merge joins parts in
// order into an index. A journal reads its store in ranges, one Part each.
type Part[D any] struct {
	texts func(*D) Texts
	docs  []D
	words map[string]*wordPostings
}

// NewPart returns an empty Part that reads documents' fields with texts.
func NewPart[D any](texts func(*D) Texts) *Part[D] {
	return &Part[D]{texts: texts, words: map[string]*wordPostings{}}
}

// Add indexes d after the documents added before it.
func (p *Part[D]) Add(d D) {
	addWords(p.words, p.texts(&d), int32(len(p.docs)))
	p.docs = append(p.docs, d)
}

// Merge joins parts, in order, into one index. Each part's slots are
// renumbered after the parts before it; postings lists stay sorted because
// the parts are in order. The vocabulary is sorted at once, so the first
// query does not pay for it.
func Merge[K comparable, D any](schema Schema[K, D], parts []*Part[D]) *Index[K, D] {
	var all []D
	words := make([]map[string]*wordPostings, 0, len(parts))
	for _, pt := range parts {
		if base := int32(len(all)); base > 0 {
			for _, p := range pt.words {
				for f := range p {
					for i := range p[f] {
						p[f][i] += base
					}
				}
			}
		}
		all = append(all, pt.docs...)
		words = append(words, pt.words)
	}
	x := New(schema)
	x.docs = all
	for i := range all {
		x.markAlive(int32(i))
		x.slotOf[schema.Key(&all[i])] = int32(i)
	}
	if len(words) > 0 {
		x.words = mergePostings(words)
	}
	x.stale = true
	x.refreshVocab()
	return x
}

// Remove drops the document with key k, if any.
func (x *Index[K, D]) Remove(k K) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.removeLocked(k)
}

func (x *Index[K, D]) removeLocked(k K) {
	slot, ok := x.slotOf[k]
	if !ok {
		return
	}
	delete(x.slotOf, k)
	x.alive[slot/64] &^= 1 << (slot % 64)
	var zero D
	x.docs[slot] = zero // free the text; postings of the slot are ignored
}

// refreshVocab sorts the vocabulary after new words arrived. Callers hold
// the write lock.
func (x *Index[K, D]) refreshVocab() {
	if !x.stale && x.vocab != nil {
		return
	}
	x.vocab = x.vocab[:0]
	x.byFirst = map[rune][]string{}
	for w := range x.words {
		x.vocab = append(x.vocab, w)
	}
	sort.Strings(x.vocab)
	for _, w := range x.vocab {
		r, _ := utf8.DecodeRuneInString(w)
		x.byFirst[r] = append(x.byFirst[r], w)
	}
	x.stale = false
}

// termMatch is one vocabulary word a query term matched, and how.
type termMatch struct {
	word string
	kind int
}

// matchTerm finds the vocabulary words that term is or begins.
func (x *Index[K, D]) matchTerm(term string) []termMatch {
	var out []termMatch
	if _, ok := x.words[term]; ok {
		out = append(out, termMatch{term, matchExact})
	}
	if utf8.RuneCountInString(term) >= minPrefixLen {
		i := sort.SearchStrings(x.vocab, term)
		for k := 0; i < len(x.vocab) && k < maxPrefixWords && strings.HasPrefix(x.vocab[i], term); i, k = i+1, k+1 {
			if x.vocab[i] != term {
				out = append(out, termMatch{x.vocab[i], matchPrefix})
			}
		}
	}
	return out
}

// typoMatches finds the vocabulary words one typo away from term: one
// wrong, missing, extra or swapped letter, the first letter included. It
// is only asked for terms of MinTypoLen runes or more. Words with the
// term's first rune are scanned; a typo in the first letter is found by
// looking up each way of mending it.
func (x *Index[K, D]) typoMatches(term string) []termMatch {
	var out []termMatch
	seen := map[string]bool{term: true}
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			out = append(out, termMatch{w, matchTypo})
		}
	}
	rt := []rune(term)
	n := len(rt)
	for _, w := range x.byFirst[rt[0]] {
		if d := utf8.RuneCountInString(w) - n; d >= -1 && d <= 1 && withinOneEdit(term, w) {
			add(w)
		}
	}
	lookup := func(w string) {
		if _, ok := x.words[w]; ok {
			add(w)
		}
	}
	rest := string(rt[1:])
	lookup(rest) // an extra first letter
	if rt[0] != rt[1] {
		lookup(string(rt[1]) + string(rt[0]) + string(rt[2:])) // the first two swapped
	}
	for r := range x.byFirst {
		if r != rt[0] {
			lookup(string(r) + rest) // a wrong first letter
			lookup(string(r) + term) // a missing first letter
		}
	}
	return out
}

// withinOneEdit reports whether a and b differ by at most one substitution,
// insertion, deletion or swap of neighbouring runes.
func withinOneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if i == len(ra) {
		return true
	}
	if len(ra) == len(rb) {
		if string(ra[i+1:]) == string(rb[i+1:]) {
			return true // substitution
		}
		return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
	}
	return string(ra[i:]) == string(rb[i+1:]) // insertion
}

type bitset []uint64

func (b bitset) set(i int32) { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i int) bool {
	return b[i/64]&(1<<(i%64)) != 0
}

// meets reports whether b and c have a member in common.
func (b bitset) meets(c []uint64) bool {
	for i := range b {
		if i < len(c) && b[i]&c[i] != 0 {
			return true
		}
	}
	return false
}

// Terms splits and folds a query into the terms a search looks for,
// dropping repeats; a query with no terms finds nothing.
func Terms(q string) []string {
	var terms []string
	seen := map[string]bool{}
	EachWord(q, func(w string, _, _ int) {
		w = FoldWord(w)
		if w != "" && !seen[w] && len(terms) < maxQueryTerms {
			seen[w] = true
			terms = append(terms, w)
		}
	})
	return terms
}

// Search returns the best hits for query, at most limit, best first.
func (x *Index[K, D]) Search(query string, limit int) []Hit[D] {
	terms := Terms(query)
	if len(terms) == 0 || limit <= 0 {
		return nil
	}
	x.mu.Lock()
	x.refreshVocab()
	x.mu.Unlock()
	x.mu.RLock()
	defer x.mu.RUnlock()

	words := len(x.alive)
	candidates := make(bitset, words)
	copy(candidates, x.alive)
	type termSets struct {
		sets    [numFields][numKinds]bitset
		matches map[string]int // matched word -> kind
		term    string
	}
	all := make([]termSets, len(terms))
	for ti, term := range terms {
		ts := &all[ti]
		ts.term = term
		ts.matches = map[string]int{}
		union := make(bitset, words)
		post := func(ms []termMatch) {
			for _, m := range ms {
				ts.matches[m.word] = m.kind
				p := x.words[m.word]
				for f := 0; f < numFields; f++ {
					if len(p[f]) == 0 {
						continue
					}
					s := ts.sets[f][m.kind]
					if s == nil {
						s = make(bitset, words)
						ts.sets[f][m.kind] = s
					}
					for _, slot := range p[f] {
						s.set(slot)
						union.set(slot)
					}
				}
			}
		}
		post(x.matchTerm(term))
		// A typo is forgiven only in a long enough term that no live
		// document holds as a word or the beginning of one.
		if utf8.RuneCountInString(term) >= MinTypoLen && !union.meets(x.alive) {
			post(x.typoMatches(term))
		}
		for i := range candidates {
			candidates[i] &= union[i]
		}
	}

	type scored struct {
		slot  int
		score float64
	}
	// better orders hits: score, then the more recent date, then ID.
	better := func(a, b scored) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		return x.schema.Before(&x.docs[a.slot], &x.docs[b.slot])
	}
	// Keep only the best limit hits, in order, as candidates stream by:
	// sorting every match of a common word would dominate the query.
	hits := make([]scored, 0, min(limit, 1024)+1)
	for wi, w := range candidates {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			w &^= 1 << b
			slot := wi*64 + b
			score := 0.0
			for ti := range all {
				best := 0.0
				for f := 0; f < numFields; f++ {
					for k := 0; k < numKinds; k++ {
						if s := all[ti].sets[f][k]; s != nil && s.has(slot) && weights[f][k] > best {
							best = weights[f][k]
						}
					}
				}
				score += best
			}
			h := scored{slot, score}
			if len(hits) == limit && !better(h, hits[limit-1]) {
				continue
			}
			i := sort.Search(len(hits), func(i int) bool { return better(h, hits[i]) })
			hits = append(hits, scored{})
			copy(hits[i+1:], hits[i:])
			hits[i] = h
			if len(hits) > limit {
				hits = hits[:limit]
			}
		}
	}
	matched := map[string]int{}
	prefixLen := map[string]int{}
	for _, ts := range all {
		for w, k := range ts.matches {
			if old, ok := matched[w]; !ok || k < old {
				matched[w] = k
				prefixLen[w] = utf8.RuneCountInString(ts.term)
			}
		}
	}
	marker := Marker{matched, prefixLen}
	out := make([]Hit[D], len(hits))
	for i, h := range hits {
		d := x.schema.Clone(x.docs[h.slot])
		texts := x.schema.Texts(&d)
		out[i] = Hit[D]{Doc: d, Score: h.score, TitleMarks: marks(texts[fieldTitle], matched, prefixLen), Marker: marker}
		out[i].Snippet, out[i].SnippetMarks = snippet(texts[fieldBody], matched, prefixLen)
		if len(out[i].SnippetMarks) == 0 && texts[fieldPrompt] != "" {
			if s, m := snippet(texts[fieldPrompt], matched, prefixLen); len(m) > 0 {
				out[i].Snippet, out[i].SnippetMarks, out[i].SnippetFromPrompt = s, m, true
			}
		}
	}
	return out
}

// marks returns the rune spans of s's words that the query matched: the
// typed part of a prefix match, the whole word otherwise.
func marks(s string, matched map[string]int, prefixLen map[string]int) []Span {
	var out []Span
	EachWord(s, func(w string, start, end int) {
		f := FoldWord(w)
		k, ok := matched[f]
		if !ok {
			return
		}
		if k == matchPrefix {
			// Mark as many of the word's own runes as fold to the typed
			// prefix (a decomposed "É" is two runes but one folded letter).
			r := []rune(w)
			for n := 1; n <= len(r); n++ {
				if utf8.RuneCountInString(FoldWord(string(r[:n]))) >= prefixLen[f] {
					for n < len(r) && unicode.IsMark(r[n]) {
						n++ // keep accents with their letter
					}
					end = start + n
					break
				}
			}
		}
		out = append(out, Span{start, end})
	})
	return out
}

// snippet cuts about snippetRunes runes of body around its first matched
// word, at word boundaries, and marks the matches in it.
func snippet(body string, matched map[string]int, prefixLen map[string]int) (string, []Span) {
	first := -1
	EachWord(body, func(w string, start, _ int) {
		if first < 0 {
			if _, ok := matched[FoldWord(w)]; ok {
				first = start
			}
		}
	})
	runes := []rune(body)
	from := 0
	if first > snippetRunes/3 {
		from = first - snippetRunes/3
		for from < first && !unicode.IsSpace(runes[from]) {
			from++
		}
	}
	to := min(len(runes), from+snippetRunes)
	for to < len(runes) && to > from+snippetRunes-20 && !unicode.IsSpace(runes[to-1]) {
		to--
	}
	text := strings.Join(strings.Fields(string(runes[from:to])), " ")
	prefix, suffix := "", ""
	if from > 0 {
		prefix = "…"
	}
	if to < len(runes) {
		suffix = "…"
	}
	text = prefix + text + suffix
	return text, marks(text, matched, prefixLen)
}

// Each calls fn for every document in the index, in no order, under the
// index's read lock: fn must not change the index.
func (x *Index[K, D]) Each(fn func(*D)) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, slot := range x.slotOf {
		fn(&x.docs[slot])
	}
}

// Len returns how many documents the index holds.
func (x *Index[K, D]) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.slotOf)
}

// mergePostings joins per-worker word maps; postings lists stay sorted.
func mergePostings(parts []map[string]*wordPostings) map[string]*wordPostings {
	out := parts[0]
	for _, m := range parts[1:] {
		for w, p := range m {
			q := out[w]
			if q == nil {
				out[w] = p
				continue
			}
			for f := range q {
				q[f] = mergeSorted(q[f], p[f])
			}
		}
	}
	return out
}

func mergeSorted(a, b []int32) []int32 {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 || a[len(a)-1] < b[0] {
		return append(a, b...)
	}
	out := make([]int32, 0, len(a)+len(b))
	i, k := 0, 0
	for i < len(a) && k < len(b) {
		if a[i] < b[k] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[k])
			k++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[k:]...)
}
