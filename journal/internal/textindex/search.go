package textindex

import (
	"math/bits"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

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

// Shown is how a hit is shown: the marks of its title, and a snippet with
// its marks.
type Shown struct {
	// TitleMarks are the matched runes of the title field.
	TitleMarks []Span
	// Snippet is a piece of the body around the first match, and
	// SnippetMarks its matched runes. When the body holds no match but the
	// prompt text does, the snippet is cut from the prompt text and
	// SnippetFromPrompt is set, so the match is always somewhere to see.
	Snippet           string
	SnippetMarks      []Span
	SnippetFromPrompt bool
}

// Show marks the matched words of a hit's texts and cuts its snippet.
func (m Marker) Show(t Texts) Shown {
	var s Shown
	s.TitleMarks = m.Mark(t[fieldTitle])
	s.Snippet, s.SnippetMarks = snippet(t[fieldBody], m.matched, m.prefixLen)
	if len(s.SnippetMarks) == 0 && t[fieldPrompt] != "" {
		if sn, mk := snippet(t[fieldPrompt], m.matched, m.prefixLen); len(mk) > 0 {
			s.Snippet, s.SnippetMarks, s.SnippetFromPrompt = sn, mk, true
		}
	}
	return s
}

// termMatch is one vocabulary word a query term matched, and how.
type termMatch struct {
	id   int32
	kind int
}

// withPrefix calls fn with the id of every word that begins with p, sorted
// ones first, at most limit of them; fn returns false to stop.
func (x *Index) withPrefix(p string, limit int, fn func(id int32) bool) {
	n := 0
	for i := sort.SearchStrings(x.words[:x.sorted], p); i < x.sorted && strings.HasPrefix(x.words[i], p); i++ {
		if n++; n > limit || !fn(int32(i)) {
			return
		}
	}
	for w, id := range x.extra {
		if strings.HasPrefix(w, p) {
			if n++; n > limit || !fn(id) {
				return
			}
		}
	}
}

// matchTerm finds the vocabulary words that term is or begins.
func (x *Index) matchTerm(term string) []termMatch {
	var out []termMatch
	if id, ok := x.lookup(term); ok {
		out = append(out, termMatch{id, matchExact})
	}
	if utf8.RuneCountInString(term) >= minPrefixLen {
		x.withPrefix(term, maxPrefixWords, func(id int32) bool {
			if x.words[id] != term {
				out = append(out, termMatch{id, matchPrefix})
			}
			return true
		})
	}
	return out
}

// typoMatches finds the vocabulary words one typo away from term: one
// wrong, missing, extra or swapped letter, the first letter included. It
// is only asked for terms of MinTypoLen runes or more. Words with the
// term's first rune are scanned; a typo in the first letter is found by
// looking up each way of mending it.
func (x *Index) typoMatches(term string) []termMatch {
	var out []termMatch
	seen := map[int32]bool{}
	if id, ok := x.lookup(term); ok {
		seen[id] = true
	}
	add := func(id int32) {
		if !seen[id] {
			seen[id] = true
			out = append(out, termMatch{id, matchTypo})
		}
	}
	rt := []rune(term)
	n := len(rt)
	x.withPrefix(string(rt[0]), len(x.words), func(id int32) bool {
		w := x.words[id]
		if d := utf8.RuneCountInString(w) - n; d >= -1 && d <= 1 && withinOneEdit(term, w) {
			add(id)
		}
		return true
	})
	lookup := func(w string) {
		if id, ok := x.lookup(w); ok {
			add(id)
		}
	}
	rest := string(rt[1:])
	lookup(rest) // an extra first letter
	if rt[0] != rt[1] {
		lookup(string(rt[1]) + string(rt[0]) + string(rt[2:])) // the first two swapped
	}
	for r := range x.firsts {
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

// Search returns the best hits for query, at most limit, best first, and
// the Marker that shows them. A term matches a word it is or begins; a
// term of MinTypoLen runes or more that no live document holds, whole or as
// a beginning, also matches words one typo away. Hits of equal score are
// ordered by before, which reports whether slot a ranks before slot b.
// When keep is not nil, only the slots it keeps are hits. Both are called
// under the index's read lock.
func (x *Index) Search(query string, limit int, before func(a, b int32) bool, keep func(slot int32) bool) ([]Hit, Marker) {
	terms := Terms(query)
	if len(terms) == 0 || limit <= 0 {
		return nil, Marker{}
	}
	x.mu.RLock()
	if len(x.extra) > mergeAt {
		x.mu.RUnlock()
		x.mu.Lock()
		if len(x.extra) > mergeAt {
			x.sortWords()
		}
		x.mu.Unlock()
		x.mu.RLock()
	}
	defer x.mu.RUnlock()

	n := len(x.alive)
	candidates := make(bitset, n)
	copy(candidates, x.alive)
	type termSets struct {
		sets    [numFields][numKinds]bitset
		matches map[int32]int // matched word -> kind
		term    string
	}
	all := make([]termSets, len(terms))
	for ti, term := range terms {
		ts := &all[ti]
		ts.term = term
		ts.matches = map[int32]int{}
		union := make(bitset, n)
		post := func(ms []termMatch) {
			for _, m := range ms {
				ts.matches[m.id] = m.kind
				p := x.post[m.id]
				slot := int32(-1)
				for i := 0; i < len(p); {
					gap, mask, next, ok := nextPosting(p, i)
					if !ok || gap > x.slots-1-slot {
						break // never past the slots handed out
					}
					i, slot = next, slot+gap
					for f := 0; f < numFields; f++ {
						if mask&(1<<f) == 0 {
							continue
						}
						s := ts.sets[f][m.kind]
						if s == nil {
							s = make(bitset, n)
							ts.sets[f][m.kind] = s
						}
						s.set(slot)
					}
					union.set(slot)
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

	better := func(a, b Hit) bool {
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return before(a.Slot, b.Slot)
	}
	// Keep only the best limit hits, in order, as candidates stream by:
	// sorting every match of a common word would dominate the query.
	hits := make([]Hit, 0, min(limit, 1024)+1)
	for wi, w := range candidates {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			w &^= 1 << b
			slot := int32(wi*64 + b)
			if keep != nil && !keep(slot) {
				continue
			}
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
			h := Hit{slot, score}
			if len(hits) == limit && !better(h, hits[limit-1]) {
				continue
			}
			i := sort.Search(len(hits), func(i int) bool { return better(h, hits[i]) })
			hits = append(hits, Hit{})
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
		for id, k := range ts.matches {
			w := x.words[id]
			if old, ok := matched[w]; !ok || k < old {
				matched[w] = k
				prefixLen[w] = utf8.RuneCountInString(ts.term)
			}
		}
	}
	return hits, Marker{matched, prefixLen}
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
