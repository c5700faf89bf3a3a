package journal

import (
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"
	"github.com/sahilm/fuzzy"
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
	matchFuzzy
	numKinds
)

// weights[field][kind] scores a term's best match in an entry: title hits
// above body hits, exact above prefix above fuzzy.
var weights = [numFields][numKinds]float64{
	fieldTitle:  {100, 70, 40},
	fieldTags:   {80, 60, 35},
	fieldPrompt: {30, 20, 10},
	fieldBody:   {50, 35, 20},
}

// Limits that keep a query fast whatever is typed.
const (
	maxQueryTerms   = 8
	maxPrefixWords  = 4000 // words one prefix may expand to
	minPrefixLen    = 2    // shorter terms match whole words only
	minFuzzyLen     = 4    // shorter terms are not matched fuzzily
	maxFuzzyLenDiff = 3    // a fuzzy match is at most this much longer
	snippetRunes    = 160
)

// Span is a range of runes [Start, End) in a title or snippet.
type Span struct{ Start, End int }

// Hit is one search result.
type Hit struct {
	Entry Entry
	// Score ranks hits: higher is better.
	Score float64
	// TitleMarks are the matched runes of Entry.Title.
	TitleMarks []Span
	// Snippet is a piece of the body around the best match, and
	// SnippetMarks its matched runes.
	Snippet      string
	SnippetMarks []Span
}

// wordPostings lists, per field, the index slots of the entries holding a
// word.
type wordPostings [numFields][]int32

// index is the in-memory search index of one journal. It lives only in
// memory, is built after unlock and dropped on lock.
type index struct {
	mu      sync.RWMutex
	docs    []Entry  // by slot; deleted slots keep a zero Entry
	alive   []uint64 // bitset of live slots
	slotOf  map[ID]int32
	words   map[string]*wordPostings
	vocab   []string          // sorted, rebuilt when stale
	byFirst map[rune][]string // vocabulary by first rune, for fuzzy
	stale   bool
}

func newIndex() *index {
	return &index{slotOf: map[ID]int32{}, words: map[string]*wordPostings{}}
}

// foldWord lower-cases w and strips accents, so "Équipe" finds "equipe".
func foldWord(w string) string {
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

// eachWord calls fn for every word of s (a run of letters, digits and
// marks, so scripts with spacing vowel signs stay whole) with its rune range. ASCII text takes a byte-wise path.
func eachWord(s string, fn func(word string, start, end int)) {
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

func (x *index) put(e Entry) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.removeLocked(e.ID)
	slot := int32(len(x.docs))
	x.docs = append(x.docs, e)
	x.markAlive(slot)
	x.slotOf[e.ID] = slot
	if addWords(x.words, &e, slot) {
		x.stale = true
	}
}

func (x *index) markAlive(slot int32) {
	for int(slot)/64 >= len(x.alive) {
		x.alive = append(x.alive, 0)
	}
	x.alive[slot/64] |= 1 << (slot % 64)
}

// addWords posts the words of e under slot into words; it reports whether
// a new word appeared.
func addWords(words map[string]*wordPostings, e *Entry, slot int32) bool {
	added := false
	texts := [numFields]string{e.Title, strings.Join(e.Tags, " "), e.Prompt, e.Body}
	for f, text := range texts {
		eachWord(text, func(w string, _, _ int) {
			w = foldWord(w)
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

// buildIndex indexes docs on every core: each worker takes a contiguous run
// of slots into its own map, and the maps are merged in slot order, so every
// postings list stays sorted.
func buildIndex(docs []Entry) *index {
	x := newIndex()
	x.docs = docs
	for i := range docs {
		x.markAlive(int32(i))
		x.slotOf[docs[i].ID] = int32(i)
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), len(docs)/1000))
	parts := make([]map[string]*wordPostings, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := len(docs)*w/workers, len(docs)*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := map[string]*wordPostings{}
			for i := lo; i < hi; i++ {
				addWords(m, &docs[i], int32(i))
			}
			parts[w] = m
		}()
	}
	wg.Wait()
	x.words = mergePostings(parts)
	x.stale = true
	return x
}

func (x *index) remove(id ID) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.removeLocked(id)
}

func (x *index) removeLocked(id ID) {
	slot, ok := x.slotOf[id]
	if !ok {
		return
	}
	delete(x.slotOf, id)
	x.alive[slot/64] &^= 1 << (slot % 64)
	x.docs[slot] = Entry{} // free the text; postings of the slot are ignored
}

// refreshVocab sorts the vocabulary after new words arrived. Callers hold
// the write lock.
func (x *index) refreshVocab() {
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

// matchTerm finds the vocabulary words term matches.
func (x *index) matchTerm(term string) []termMatch {
	var out []termMatch
	if _, ok := x.words[term]; ok {
		out = append(out, termMatch{term, matchExact})
	}
	n := utf8.RuneCountInString(term)
	if n >= minPrefixLen {
		i := sort.SearchStrings(x.vocab, term)
		for k := 0; i < len(x.vocab) && k < maxPrefixWords && strings.HasPrefix(x.vocab[i], term); i, k = i+1, k+1 {
			if x.vocab[i] != term {
				out = append(out, termMatch{x.vocab[i], matchPrefix})
			}
		}
	}
	if n >= minFuzzyLen {
		first, _ := utf8.DecodeRuneInString(term)
		var cands []string
		for _, w := range x.byFirst[first] {
			d := utf8.RuneCountInString(w) - n
			if d >= -1 && d <= maxFuzzyLenDiff && !strings.HasPrefix(w, term) {
				cands = append(cands, w)
			}
		}
		// sahilm/fuzzy finds skipped letters (the term's letters in order);
		// its score and byte offsets are not used, only which words match.
		seen := map[string]bool{}
		for _, m := range fuzzy.Find(term, cands) {
			seen[cands[m.Index]] = true
			out = append(out, termMatch{cands[m.Index], matchFuzzy})
		}
		// One wrong, missing, extra or swapped letter.
		for _, w := range cands {
			if !seen[w] && withinOneEdit(term, w) {
				out = append(out, termMatch{w, matchFuzzy})
			}
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

// queryTerms splits and folds a query, dropping repeats.
func queryTerms(q string) []string {
	var terms []string
	seen := map[string]bool{}
	eachWord(q, func(w string, _, _ int) {
		w = foldWord(w)
		if w != "" && !seen[w] && len(terms) < maxQueryTerms {
			seen[w] = true
			terms = append(terms, w)
		}
	})
	return terms
}

// search returns the best hits for query, at most limit.
func (x *index) search(query string, limit int) []Hit {
	terms := queryTerms(query)
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
		for _, m := range x.matchTerm(term) {
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
		da, db := x.docs[a.slot].Date, x.docs[b.slot].Date
		if da != db {
			return da.After(db)
		}
		return x.docs[a.slot].ID.String() > x.docs[b.slot].ID.String()
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
	out := make([]Hit, len(hits))
	for i, h := range hits {
		e := x.docs[h.slot].Clone()
		out[i] = Hit{Entry: e, Score: h.score, TitleMarks: marks(e.Title, matched, prefixLen)}
		out[i].Snippet, out[i].SnippetMarks = snippet(e.Body, matched, prefixLen)
	}
	return out
}

// marks returns the rune spans of s's words that the query matched: the
// typed part of a prefix match, the whole word otherwise.
func marks(s string, matched map[string]int, prefixLen map[string]int) []Span {
	var out []Span
	eachWord(s, func(w string, start, end int) {
		f := foldWord(w)
		k, ok := matched[f]
		if !ok {
			return
		}
		if k == matchPrefix {
			// Mark as many of the word's own runes as fold to the typed
			// prefix (a decomposed "É" is two runes but one folded letter).
			r := []rune(w)
			for n := 1; n <= len(r); n++ {
				if utf8.RuneCountInString(foldWord(string(r[:n]))) >= prefixLen[f] {
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
	eachWord(body, func(w string, start, _ int) {
		if first < 0 {
			if _, ok := matched[foldWord(w)]; ok {
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

// ErrEmptyQuery means the query holds no word to search for.
var ErrEmptyQuery = errors.New("the search has no words in it")

// BuildIndex reads the whole journal into the in-memory search index. Search
// builds it on first use; the app calls this right after unlock, off the UI
// thread, so the first search is instant. The key space is cut into one
// range per core (at table boundaries Badger reports), and each range is
// read, decrypted, decoded and indexed in parallel.
func (j *Journal) BuildIndex() error {
	j.idxMu.Lock()
	if j.index != nil {
		j.idxMu.Unlock()
		return nil
	}
	if ch := j.building; ch != nil { // another build runs: wait for it
		j.idxMu.Unlock()
		<-ch
		return nil
	}
	done := make(chan struct{})
	j.building, j.pending = done, nil
	j.idxMu.Unlock()
	x, err := j.buildIndex()
	j.idxMu.Lock()
	if err == nil {
		// Changes committed while the store was read are applied again;
		// put and remove are idempotent, so overlap does no harm.
		for _, f := range j.pending {
			f(x)
		}
		// Not j.mu: Close holds it while it waits for idxMu, which this
		// holds. Close clears the index after it anyway.
		if !j.closing.Load() {
			j.index = x
		} else {
			err = ErrLocked
		}
	}
	j.building, j.pending = nil, nil
	close(done)
	j.idxMu.Unlock()
	return err
}

func (j *Journal) buildIndex() (*index, error) {
	workers := max(1, runtime.GOMAXPROCS(0))
	j.mu.RLock()
	var splits [][]byte
	if j.db != nil {
		splits = entrySplits(j.db.Tables(), workers)
	}
	j.mu.RUnlock()
	bounds := append(append([][]byte{{kindEntry}}, splits...), []byte{kindEntry + 1})
	n := len(bounds) - 1
	docs := make([][]Entry, n)
	parts := make([]map[string]*wordPostings, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := map[string]*wordPostings{}
			errs[w] = j.view(func(txn *badger.Txn) error {
				o := badger.DefaultIteratorOptions
				o.Prefix = []byte{kindEntry}
				it := txn.NewIterator(o)
				defer it.Close()
				for it.Seek(bounds[w]); it.Valid(); it.Next() {
					if j.stopping() {
						return ErrLocked
					}
					item := it.Item()
					k := item.Key()
					if string(k) >= string(bounds[w+1]) {
						break
					}
					if len(k) != 17 {
						continue
					}
					var e Entry
					err := item.Value(func(v []byte) error {
						plain, err := j.open(v, k)
						if err == nil {
							err = decodeEntry(plain, &e)
						}
						return err
					})
					if err != nil {
						return fmt.Errorf("%w: an entry failed its integrity check", ErrDamaged)
					}
					if e.Tags == nil {
						e.Tags = []string{}
					}
					addWords(m, &e, int32(len(docs[w])))
					docs[w] = append(docs[w], e)
				}
				return nil
			})
			parts[w] = m
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	// Renumber each range's slots after the ranges before it; lists stay
	// sorted because the ranges are in key order.
	var all []Entry
	for w := 0; w < n; w++ {
		if base := int32(len(all)); base > 0 {
			for _, p := range parts[w] {
				for f := range p {
					for i := range p[f] {
						p[f][i] += base
					}
				}
			}
		}
		all = append(all, docs[w]...)
	}
	x := newIndex()
	x.docs = all
	for i := range all {
		x.markAlive(int32(i))
		x.slotOf[all[i].ID] = int32(i)
	}
	x.words = mergePostings(parts)
	x.stale = true
	x.refreshVocab() // so the first query does not pay for it
	return x, nil
}

// entrySplits picks up to parts-1 keys that cut the entry keys into ranges
// of about equal size, from the tables' first keys and key counts.
func entrySplits(tables []badger.TableInfo, parts int) [][]byte {
	type cut struct {
		key   []byte
		count uint32
	}
	var cuts []cut
	var total uint64
	for _, t := range tables {
		if len(t.Left) < 8 {
			continue
		}
		left := t.Left[:len(t.Left)-8] // drop Badger's version suffix
		if len(left) == 0 || left[0] != kindEntry {
			continue
		}
		cuts = append(cuts, cut{left, t.KeyCount})
		total += uint64(t.KeyCount)
	}
	if parts < 2 || len(cuts) < 2 {
		return nil
	}
	sort.Slice(cuts, func(a, b int) bool { return string(cuts[a].key) < string(cuts[b].key) })
	var out [][]byte
	var seen uint64
	next := 1
	for _, c := range cuts {
		if next >= parts {
			break
		}
		if seen >= total*uint64(next)/uint64(parts) && seen > 0 {
			out = append(out, c.key)
			next++
		}
		seen += uint64(c.count)
	}
	return out
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

// Search finds entries matching every word of query (in titles, tags, prompt
// texts and bodies, ignoring case and accents, allowing a prefix or a typo)
// and returns the best limit of them, best first.
func (j *Journal) Search(query string, limit int) ([]Hit, error) {
	if len(queryTerms(query)) == 0 {
		return nil, ErrEmptyQuery
	}
	j.mu.RLock()
	open := j.db != nil
	j.mu.RUnlock()
	if !open {
		return nil, ErrLocked
	}
	j.idxMu.Lock()
	x := j.index
	j.idxMu.Unlock()
	if x == nil {
		if err := j.BuildIndex(); err != nil {
			return nil, err
		}
		j.idxMu.Lock()
		x = j.index
		j.idxMu.Unlock()
		if x == nil {
			return nil, ErrLocked
		}
	}
	return x.search(query, limit), nil
}

// indexed applies a change to the search index, when one is built.
func (j *Journal) indexed(fn func(x *index)) {
	j.idxMu.Lock()
	defer j.idxMu.Unlock()
	if j.index != nil {
		fn(j.index)
	} else if j.building != nil {
		j.pending = append(j.pending, fn) // replayed when the build ends
	}
}
