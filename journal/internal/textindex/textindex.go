// Package textindex is Candor's full-text index: words folded to lower case
// without accents, postings per document slot with the fields each word is
// in (title, tags, prompt text, body), prefix and one-typo matching, ranking
// by kind of match then field, and snippets with the matched words marked.
//
// It knows nothing of Badger, encryption or journal entries, and it keeps
// no text of the documents: a document is a slot number the index hands
// out, and its words are kept once each in a shared vocabulary, with
// compact postings (a varint per slot that holds the word). Search returns
// slots and a Marker; the caller reads the documents it shows and asks the
// Marker for their marks and snippets. An Index encodes itself to bytes and
// decodes back (AppendBinary, Decode), so its owner can keep it between
// runs, sealed.
package textindex

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fields of a document the index knows, in the order their weights are listed.
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
	// mergeAt is how many words may wait, unsorted, beside the sorted
	// vocabulary before a search sorts them in.
	mergeAt = 2048
)

// Span is a range of runes [Start, End) in a title or snippet.
type Span struct{ Start, End int }

// Texts are a document's indexed fields, in this order: title, tags (one
// string), prompt text, body.
type Texts [numFields]string

// Hit is one search result: a document's slot and its score (higher is
// better).
type Hit struct {
	Slot  int32
	Score float64
}

// Index is a full-text index of documents numbered by slot. Its methods are
// safe for concurrent use.
//
// The vocabulary is words[:sorted], in order, then the words added since it
// was last sorted, found through extra. post[id] lists the slots holding
// word id, in increasing order: each is a varint of the gap from the slot
// before (from -1 for the first) shifted left by numFields bits, above a
// mask of the fields the word is in. last[id] is the last slot listed.
type Index struct {
	mu     sync.RWMutex
	slots  int32  // slots handed out
	alive  bitset // live slots
	live   int
	words  []string
	sorted int
	post   [][]byte
	last   []int32
	extra  map[string]int32
	firsts map[rune]struct{} // first runes of the vocabulary's words
	// scratch gathers one document's words while it is added.
	scratch map[string]uint8
}

// New returns an empty index.
func New() *Index {
	return &Index{extra: map[string]int32{}, firsts: map[rune]struct{}{}, scratch: map[string]uint8{}}
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
		for i := 0; i < len(w); i++ {
			if c := w[i]; c >= 'A' && c <= 'Z' {
				return strings.ToLower(w)
			}
		}
		return w
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
// marks, so scripts with spacing vowel signs stay whole) with its rune
// range. ASCII text takes a byte-wise path.
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

// Add indexes a document with the fields texts and returns its slot: one
// more than the slot before.
func (x *Index) Add(texts Texts) int32 {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.addLocked(texts)
}

func (x *Index) addLocked(texts Texts) int32 {
	slot := x.slots
	x.slots++
	x.alive = x.alive.grow(x.slots)
	x.alive.set(slot)
	x.live++
	clear(x.scratch)
	for f, text := range texts {
		EachWord(text, func(w string, _, _ int) {
			w = FoldWord(w)
			if w != "" { // a lone accent folds to nothing
				x.scratch[w] |= 1 << f
			}
		})
	}
	for w, mask := range x.scratch {
		id, ok := x.lookup(w)
		if !ok {
			id = x.newWord(strings.Clone(w)) // do not pin the whole text
		}
		x.post[id] = appendPosting(x.post[id], slot-x.last[id], mask)
		x.last[id] = slot
	}
	return slot
}

// appendPosting appends one posting: the gap from the slot before and the
// field mask.
func appendPosting(b []byte, gap int32, mask uint8) []byte {
	v := uint64(gap)<<numFields | uint64(mask)
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// nextPosting reads the posting at b[i:]: the gap and the mask, and the
// position after it; ok is false at the end or on malformed bytes.
func nextPosting(b []byte, i int) (gap int32, mask uint8, next int, ok bool) {
	var v uint64
	for shift := uint(0); i < len(b) && shift < 64; shift += 7 {
		c := b[i]
		i++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			g := v >> numFields
			if g == 0 || g > 1<<31-1 {
				return 0, 0, i, false
			}
			return int32(g), uint8(v & (1<<numFields - 1)), i, true
		}
	}
	return 0, 0, i, false
}

// lookup returns the id of word w.
func (x *Index) lookup(w string) (int32, bool) {
	i := sort.SearchStrings(x.words[:x.sorted], w)
	if i < x.sorted && x.words[i] == w {
		return int32(i), true
	}
	id, ok := x.extra[w]
	return id, ok
}

func (x *Index) newWord(w string) int32 {
	id := int32(len(x.words))
	x.words = append(x.words, w)
	x.post = append(x.post, nil)
	x.last = append(x.last, -1)
	x.extra[w] = id
	r, _ := utf8.DecodeRuneInString(w)
	x.firsts[r] = struct{}{}
	return id
}

// Remove drops the document in slot. Its postings stay and are ignored,
// until Compact.
func (x *Index) Remove(slot int32) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if slot >= 0 && slot < x.slots && x.alive.has(slot) {
		x.alive.clear(slot)
		x.live--
	}
}

// Live reports whether slot holds a document.
func (x *Index) Live(slot int32) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return slot >= 0 && slot < x.slots && x.alive.has(slot)
}

// Len returns how many documents the index holds, and Slots how many
// slots it has handed out (removed documents' included).
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.live
}

// Slots returns how many slots the index has handed out, those of removed
// documents included: the next Add gets this slot.
func (x *Index) Slots() int32 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.slots
}

// Words returns the size of the vocabulary.
func (x *Index) Words() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.words)
}

// sortWords sorts the words waiting in extra into the vocabulary. Callers
// hold the write lock.
func (x *Index) sortWords() {
	if len(x.extra) == 0 {
		return
	}
	ids := make([]int32, len(x.words))
	for i := range ids {
		ids[i] = int32(i)
	}
	sort.Slice(ids, func(a, b int) bool { return x.words[ids[a]] < x.words[ids[b]] })
	words := make([]string, len(ids))
	post := make([][]byte, len(ids))
	last := make([]int32, len(ids))
	for i, id := range ids {
		words[i], post[i], last[i] = x.words[id], x.post[id], x.last[id]
	}
	x.words, x.post, x.last = words, post, last
	x.sorted = len(words)
	clear(x.extra)
}

type bitset []uint64

func (b bitset) grow(n int32) bitset {
	for int(n+63)/64 > len(b) {
		b = append(b, 0)
	}
	return b
}
func (b bitset) set(i int32)   { b[i/64] |= 1 << (i % 64) }
func (b bitset) clear(i int32) { b[i/64] &^= 1 << (i % 64) }
func (b bitset) has(i int32) bool {
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
