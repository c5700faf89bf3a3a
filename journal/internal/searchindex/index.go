// Package searchindex is the journal's search index: the text index of
// every entry (package textindex) and, by the slot the text index gave it,
// a Doc with what lists, filters and statistics need of the entry (its
// date index record and its tags), so they decrypt nothing. It keeps no
// text of the entries: a search returns IDs, and package journal reads the
// few it shows.
//
// The package also holds everything of the stored index that is not a
// database call (store.go): its binary encoding, the chunks it is sealed
// in, the keys of the chunks, of its record and of the change marks, the
// record itself, and the parallel build from ranges of keys. It knows
// entries only as IDs, day numbers and codes (package entryrec); package
// journal maps its Entry to a Doc and its texts.
package searchindex

import (
	"strings"
	"sync"
	"time"

	"candor/journal/internal/entryrec"
	"candor/journal/internal/textindex"
)

// Doc is what the index keeps of an entry: its date index record, packed,
// its ID and date, and its tags.
type Doc struct {
	ID, Follows [16]byte // Follows is zeros for none
	// Day, CheckOn and ReviewOn are day numbers; 0 is none (Day is never
	// 0 in an index).
	Day, CheckOn, ReviewOn uint32
	Created                int64 // Unix seconds; 0 for none
	Prompt                 string
	Tags                   []string
	// Area, Role and Outcome index entryrec.Areas, Roles and Outcomes.
	Area, Role, Outcome uint8
	Rating              uint8
	Confidence          uint8 // entryrec.NoConfidence when none
	// Flags holds entryrec.FlagNextStep, FlagDecision and FlagWeekly.
	Flags uint8
}

// DocOf packs the entry with id, day number day, date index record m and
// tags. The Doc shares tags; Put and Part.Add copy them.
func DocOf(id [16]byte, day uint32, m *entryrec.Meta, tags []string) Doc {
	d := Doc{ID: id, Follows: m.Follows, Day: day, CheckOn: m.CheckOn, ReviewOn: m.ReviewOn,
		Prompt: m.PromptID, Tags: tags, Area: m.Area, Role: m.Role, Outcome: m.Outcome,
		Rating: m.Rating, Confidence: m.Confidence,
		Flags: m.Flags & (entryrec.FlagNextStep | entryrec.FlagDecision | entryrec.FlagWeekly)}
	if !m.Created.IsZero() {
		d.Created = m.Created.Unix()
	}
	return d
}

// Meta unpacks d's date index record.
func (d *Doc) Meta() entryrec.Meta {
	m := entryrec.Meta{Area: d.Area, Rating: d.Rating, Role: d.Role, PromptID: d.Prompt, Flags: d.Flags,
		CheckOn: d.CheckOn, ReviewOn: d.ReviewOn, Confidence: d.Confidence, Follows: d.Follows, Outcome: d.Outcome}
	if d.Created != 0 {
		m.Created = time.Unix(d.Created, 0).UTC()
	}
	return m
}

// HasTag reports whether d carries tag, in any letter case.
func (d *Doc) HasTag(tag string) bool {
	for _, t := range d.Tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}

// Index is the search index of a journal's entries. Its methods are safe
// for concurrent use.
type Index struct {
	mu     sync.RWMutex // guards docs and slotOf, and orders Add with them
	words  *textindex.Index
	docs   []Doc // by slot; a zero ID marks a removed entry
	slotOf map[[16]byte]int32
	intern map[string]string // tags and prompt IDs, one copy of each
}

// New returns an empty index.
func New() *Index {
	return &Index{words: textindex.New(), slotOf: map[[16]byte]int32{}, intern: map[string]string{}}
}

// interned returns the index's copy of s.
func interned(intern map[string]string, s string) string {
	if s == "" {
		return ""
	}
	if v, ok := intern[s]; ok {
		return v
	}
	s = strings.Clone(s)
	intern[s] = s
	return s
}

// own interns d's prompt and tags in intern, in a slice of d's own.
func own(intern map[string]string, d Doc) Doc {
	d.Prompt = interned(intern, d.Prompt)
	tags := d.Tags
	d.Tags = nil
	if len(tags) > 0 {
		d.Tags = make([]string, len(tags))
		for i, t := range tags {
			d.Tags[i] = interned(intern, t)
		}
	}
	return d
}

// Put adds the entry d describes, whose searched texts are texts, or
// replaces the entry with its ID.
func (x *Index) Put(texts textindex.Texts, d Doc) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.removeLocked(d.ID)
	slot := x.words.Add(texts)
	for int(slot) >= len(x.docs) {
		x.docs = append(x.docs, Doc{})
	}
	x.docs[slot] = own(x.intern, d)
	x.slotOf[d.ID] = slot
}

// Remove drops the entry with id, if any.
func (x *Index) Remove(id [16]byte) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.removeLocked(id)
}

func (x *Index) removeLocked(id [16]byte) {
	if slot, ok := x.slotOf[id]; ok {
		x.words.Remove(slot)
		x.docs[slot] = Doc{}
		delete(x.slotOf, id)
	}
}

// Each calls fn for every entry in the index, in no order, under its read
// lock: fn must not change the index or the Doc.
func (x *Index) Each(fn func(*Doc)) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, slot := range x.slotOf {
		fn(&x.docs[slot])
	}
}

// Len returns how many entries the index holds.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.slotOf)
}

// Search returns the IDs of the best limit entries for query that keep
// keeps (all when keep is nil), best first, with their scores and the
// Marker that shows them. Among hits of equal score the more recent day
// ranks first, then the greater ID. keep runs under the index's read lock.
func (x *Index) Search(query string, limit int, keep func(*Doc) bool) ([][16]byte, []float64, textindex.Marker) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	var keepSlot func(int32) bool
	if keep != nil {
		keepSlot = func(s int32) bool { return keep(&x.docs[s]) }
	}
	hits, m := x.words.Search(query, limit, func(a, b int32) bool {
		da, db := &x.docs[a], &x.docs[b]
		if da.Day != db.Day {
			return da.Day > db.Day
		}
		return string(da.ID[:]) > string(db.ID[:])
	}, keepSlot)
	ids := make([][16]byte, len(hits))
	scores := make([]float64, len(hits))
	for i, h := range hits {
		ids[i], scores[i] = x.docs[h.Slot].ID, h.Score
	}
	return ids, scores, m
}

// Part indexes a run of entries on one goroutine; Merge joins parts, in
// order, into one index.
type Part struct {
	words  *textindex.Index
	docs   []Doc
	intern map[string]string
}

// NewPart returns an empty part.
func NewPart() *Part {
	return &Part{words: textindex.New(), intern: map[string]string{}}
}

// Add adds the entry d describes, whose searched texts are texts. Every
// entry of the parts merged must have an ID of its own.
func (p *Part) Add(texts textindex.Texts, d Doc) {
	p.words.Add(texts)
	p.docs = append(p.docs, own(p.intern, d))
}

// Merge joins parts, in order, into one index; the parts must not be used
// after.
func Merge(parts []*Part) *Index {
	x := New()
	words := make([]*textindex.Index, len(parts))
	n := 0
	for i, p := range parts {
		words[i] = p.words
		n += len(p.docs)
	}
	x.words = textindex.Merge(words)
	x.docs = make([]Doc, 0, n)
	for _, p := range parts {
		for _, d := range p.docs {
			d.Prompt = interned(x.intern, d.Prompt)
			for i, t := range d.Tags {
				d.Tags[i] = interned(x.intern, t)
			}
			x.slotOf[d.ID] = int32(len(x.docs))
			x.docs = append(x.docs, d)
		}
	}
	return x
}

// compact renumbers the entries without the slots of removed ones.
func (x *Index) compact() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.words.Dead() == 0 {
		return
	}
	remap := x.words.Compact()
	docs := make([]Doc, x.words.Slots())
	for old, ns := range remap {
		if ns >= 0 {
			docs[ns] = x.docs[old]
			x.slotOf[docs[ns].ID] = ns
		}
	}
	x.docs = docs
}
