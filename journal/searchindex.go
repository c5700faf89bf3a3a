package journal

import (
	"encoding/binary"
	"strings"
	"sync"
	"time"

	"candor/journal/internal/mdtext"
	"candor/journal/internal/textindex"
)

// entryIndex is the journal's search index: the text index of every entry
// and, by the slot the text index gave it, what lists, filters and
// statistics need of the entry (its summary and tags), so they decrypt
// nothing. It keeps no text of the entries: a search reads the few it shows.
type entryIndex struct {
	mu     sync.RWMutex // guards docs and slotOf, and orders Add with them
	words  *textindex.Index
	docs   []docInfo // by slot; a zero id marks a removed entry
	slotOf map[ID]int32
	intern map[string]string // tags and prompt IDs, one copy of each
}

// docInfo is what the index keeps of an entry: its Summary, packed, and
// its tags.
type docInfo struct {
	id                     ID
	follows                ID
	day, checkOn, reviewOn uint32
	created                int64
	prompt                 string
	tags                   []string
	area, role, outcome    uint8
	rating, confidence     uint8 // confidence noConfidence when none
	flags                  uint8 // metaNextStep, metaDecision, metaWeekly
}

func newEntryIndex() *entryIndex {
	return &entryIndex{words: textindex.New(), slotOf: map[ID]int32{}, intern: map[string]string{}}
}

// entryTexts are the fields of an entry that search looks in. The body is
// searched as the reader sees it rendered, so every match can be shown in
// a snippet: a link's address or a ** is not a word of the entry.
func entryTexts(e *Entry) textindex.Texts {
	return textindex.Texts{e.Title, strings.Join(e.Tags, " "), e.Prompt, mdtext.PlainText(e.Body)}
}

func (x *entryIndex) str(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := x.intern[s]; ok {
		return v
	}
	s = strings.Clone(s)
	x.intern[s] = s
	return s
}

// info packs what the index keeps of e.
func (x *entryIndex) info(e *Entry) docInfo {
	return x.infoOf(SummaryOf(e), e.Tags)
}

func (x *entryIndex) infoOf(s Summary, tags []string) docInfo {
	d := docInfo{id: s.ID, follows: s.Follows, day: s.Date.DayNumber(), checkOn: dayOrZero(s.CheckOn),
		reviewOn: dayOrZero(s.ReviewOn), prompt: x.str(s.PromptID),
		area: code(areaCodes, s.Area), role: code(roleCodes, s.Role), outcome: code(outcomeCodes, s.Outcome),
		rating: uint8(s.Rating), confidence: noConfidence}
	if !s.Created.IsZero() {
		d.created = s.Created.Unix()
	}
	if s.HasConfidence {
		d.confidence = uint8(s.Confidence)
	}
	if s.HasNextStep {
		d.flags |= metaNextStep
	}
	if s.HasDecision {
		d.flags |= metaDecision
	}
	if s.Kind == KindWeeklyReview {
		d.flags |= metaWeekly
	}
	if len(tags) > 0 {
		d.tags = make([]string, len(tags))
		for i, t := range tags {
			d.tags[i] = x.str(t)
		}
	}
	return d
}

// summary unpacks d.
func (d *docInfo) summary() Summary {
	s := Summary{ID: d.id, Date: DateFromDayNumber(d.day), Area: areaCodes[d.area], Rating: int(d.rating),
		Role: roleCodes[d.role], PromptID: d.prompt, Follows: d.follows, Outcome: outcomeCodes[d.outcome],
		HasNextStep: d.flags&metaNextStep != 0, HasDecision: d.flags&metaDecision != 0}
	s.CheckOn, _ = dayFrom(d.checkOn)
	s.ReviewOn, _ = dayFrom(d.reviewOn)
	if d.created != 0 {
		s.Created = time.Unix(d.created, 0).UTC()
	}
	if d.confidence != noConfidence {
		s.Confidence, s.HasConfidence = int(d.confidence), true
	}
	if d.flags&metaWeekly != 0 {
		s.Kind = KindWeeklyReview
	}
	return s
}

// keeps reports whether f keeps the entry d describes.
func (d *docInfo) keeps(f Filter) bool {
	if !f.keepsSummary(d.summary()) {
		return false
	}
	if f.Tag == "" {
		return true
	}
	for _, t := range d.tags {
		if strings.EqualFold(t, f.Tag) {
			return true
		}
	}
	return false
}

// put adds e, or replaces the entry with its ID.
func (x *entryIndex) put(e *Entry) {
	texts := entryTexts(e)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.removeLocked(e.ID)
	slot := x.words.Add(texts)
	for int(slot) >= len(x.docs) {
		x.docs = append(x.docs, docInfo{})
	}
	x.docs[slot] = x.info(e)
	x.slotOf[e.ID] = slot
}

// remove drops the entry with id, if any.
func (x *entryIndex) remove(id ID) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.removeLocked(id)
}

func (x *entryIndex) removeLocked(id ID) {
	if slot, ok := x.slotOf[id]; ok {
		x.words.Remove(slot)
		x.docs[slot] = docInfo{}
		delete(x.slotOf, id)
	}
}

// each calls fn for every entry in the index, in no order, under its read
// lock: fn must not change the index.
func (x *entryIndex) each(fn func(*docInfo)) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, slot := range x.slotOf {
		fn(&x.docs[slot])
	}
}

// Len returns how many entries the index holds.
func (x *entryIndex) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.slotOf)
}

// search returns the IDs of the best limit entries for query that f keeps
// (all when f is zero), best first, with their scores and the Marker that
// shows them. Among hits of equal score the more recent date ranks first,
// then the greater ID.
func (x *entryIndex) search(query string, limit int, f Filter) ([]ID, []float64, textindex.Marker) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	var keep func(int32) bool
	if !f.IsZero() {
		keep = func(s int32) bool { return x.docs[s].keeps(f) }
	}
	hits, m := x.words.Search(query, limit, func(a, b int32) bool {
		da, db := &x.docs[a], &x.docs[b]
		if da.day != db.day {
			return da.day > db.day
		}
		return string(da.id[:]) > string(db.id[:])
	}, keep)
	ids := make([]ID, len(hits))
	scores := make([]float64, len(hits))
	for i, h := range hits {
		ids[i], scores[i] = x.docs[h.Slot].id, h.Score
	}
	return ids, scores, m
}

// indexPart indexes a run of entries on one goroutine; mergeParts joins
// parts, in order, into one index.
type indexPart struct {
	words *textindex.Index
	docs  []docInfo
	x     *entryIndex // for interning
}

func newIndexPart() *indexPart {
	return &indexPart{words: textindex.New(), x: newEntryIndex()}
}

func (p *indexPart) add(e *Entry) {
	p.words.Add(entryTexts(e))
	p.docs = append(p.docs, p.x.info(e))
}

func mergeParts(parts []*indexPart) *entryIndex {
	x := newEntryIndex()
	words := make([]*textindex.Index, len(parts))
	n := 0
	for i, p := range parts {
		words[i] = p.words
		n += len(p.docs)
	}
	x.words = textindex.Merge(words)
	x.docs = make([]docInfo, 0, n)
	for _, p := range parts {
		for _, d := range p.docs {
			d.prompt = x.str(d.prompt)
			for i, t := range d.tags {
				d.tags[i] = x.str(t)
			}
			x.slotOf[d.id] = int32(len(x.docs))
			x.docs = append(x.docs, d)
		}
	}
	return x
}

// compact renumbers the entries without the slots of removed ones.
func (x *entryIndex) compact() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.words.Dead() == 0 {
		return
	}
	remap := x.words.Compact()
	docs := make([]docInfo, x.words.Slots())
	for old, ns := range remap {
		if ns >= 0 {
			docs[ns] = x.docs[old]
			x.slotOf[docs[ns].id] = ns
		}
	}
	x.docs = docs
}

// Persisted form of the index (sealed in chunks, see indexstore.go): a
// version byte; the text index's encoding, length first; the distinct tags
// and prompt IDs, count first, each length first; then the entries by slot,
// each in a fixed layout (docRecord bytes: ID, days, creation time and
// codes), the followed ID when its flag is set, the prompt ID's number in
// the strings (0 for none, else one more), and the tags' numbers, count
// first. Every number of the layout is checked when it is read.
const (
	indexFormat = 2
	docRecord   = 16 + 4*3 + 8 + 6
)

// appendBinary encodes the index, compacted first.
func (x *entryIndex) appendBinary(b []byte) []byte {
	x.compact()
	x.mu.RLock()
	defer x.mu.RUnlock()
	b = append(b, indexFormat)
	words := x.words.AppendBinary(make([]byte, 0, x.words.EncodedSize()))
	b = binary.AppendUvarint(b, uint64(len(words)))
	b = append(b, words...)
	strs := map[string]int{}
	var list []string
	num := func(s string) int {
		if s == "" {
			return 0
		}
		n, ok := strs[s]
		if !ok {
			list = append(list, s)
			n = len(list)
			strs[s] = n
		}
		return n
	}
	for i := range x.docs {
		num(x.docs[i].prompt)
		for _, t := range x.docs[i].tags {
			num(t)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(list)))
	for _, s := range list {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(x.docs)))
	for i := range x.docs {
		d := &x.docs[i]
		b = append(b, d.id[:]...)
		b = binary.LittleEndian.AppendUint32(b, d.day)
		b = binary.LittleEndian.AppendUint32(b, d.checkOn)
		b = binary.LittleEndian.AppendUint32(b, d.reviewOn)
		b = binary.LittleEndian.AppendUint64(b, uint64(d.created))
		flags := d.flags
		if !d.follows.IsZero() {
			flags |= metaFollows
		}
		b = append(b, d.area, d.role, d.outcome, d.rating, d.confidence, flags)
		if flags&metaFollows != 0 {
			b = append(b, d.follows[:]...)
		}
		b = binary.AppendUvarint(b, uint64(num(d.prompt)))
		b = binary.AppendUvarint(b, uint64(len(d.tags)))
		for _, t := range d.tags {
			b = binary.AppendUvarint(b, uint64(num(t)))
		}
	}
	return b
}

// decodeEntryIndex reads what appendBinary wrote; the index keeps pointers
// into b. Any inconsistency gives errCodec.
func decodeEntryIndex(b []byte) (*entryIndex, error) {
	if len(b) < 1 || b[0] != indexFormat {
		return nil, errCodec
	}
	p := 1
	bad := false
	// uv reads a number of at most limit; a limit of remaining means a
	// length of bytes that follow it.
	const remaining = -1
	uv := func(limit int) int {
		v, n := binary.Uvarint(b[p:])
		if n > 0 && limit == remaining {
			limit = len(b) - p - n
		}
		if n <= 0 || v > uint64(limit) {
			bad = true
			return 0
		}
		p += n
		return int(v)
	}
	n := uv(remaining)
	if bad || n > len(b)-p {
		return nil, errCodec
	}
	words, err := textindex.Decode(b[p : p+n : p+n])
	if err != nil {
		return nil, errCodec
	}
	p += n
	nstr := uv(len(b))
	if bad {
		return nil, errCodec
	}
	strs := make([]string, nstr+1)
	for i := 1; i <= nstr; i++ {
		l := uv(remaining)
		if bad {
			return nil, errCodec
		}
		strs[i] = string(b[p : p+l])
		p += l
	}
	count := uv(len(b))
	if bad || count != int(words.Slots()) || words.Dead() != 0 {
		return nil, errCodec
	}
	x := &entryIndex{words: words, docs: make([]docInfo, count), slotOf: make(map[ID]int32, count), intern: make(map[string]string, nstr)}
	for _, s := range strs[1:] {
		x.intern[s] = s
	}
	for i := range x.docs {
		if len(b)-p < docRecord {
			return nil, errCodec
		}
		d := &x.docs[i]
		copy(d.id[:], b[p:])
		r := b[p+16:]
		d.day = binary.LittleEndian.Uint32(r)
		d.checkOn = binary.LittleEndian.Uint32(r[4:])
		d.reviewOn = binary.LittleEndian.Uint32(r[8:])
		d.created = int64(binary.LittleEndian.Uint64(r[12:]))
		d.area, d.role, d.outcome, d.rating, d.confidence, d.flags = r[20], r[21], r[22], r[23], r[24], r[25]
		p += docRecord
		if d.flags&metaFollows != 0 {
			if len(b)-p < 16 {
				return nil, errCodec
			}
			copy(d.follows[:], b[p:])
			p += 16
		}
		d.flags &^= metaFollows
		if !validDoc(d) {
			return nil, errCodec
		}
		d.prompt = strs[uv(nstr)]
		if nt := uv(remaining); nt > 0 && !bad {
			d.tags = make([]string, nt)
			for t := range d.tags {
				d.tags[t] = strs[uv(nstr)]
			}
		}
		if bad {
			return nil, errCodec
		}
		x.slotOf[d.id] = int32(i)
	}
	if p != len(b) || len(x.slotOf) != count { // no ID twice
		return nil, errCodec
	}
	if p != len(b) {
		return nil, errCodec
	}
	return x, nil
}

// validDoc reports whether every code and day of d is one the index writes.
func validDoc(d *docInfo) bool {
	if d.id.IsZero() || int(d.area) >= len(areaCodes) || int(d.role) >= len(roleCodes) ||
		int(d.outcome) >= len(outcomeCodes) || d.rating > 5 ||
		d.confidence > 100 && d.confidence != noConfidence || d.flags&^(metaNextStep|metaDecision|metaWeekly) != 0 {
		return false
	}
	if _, ok := dayFrom(d.day); !ok || d.day == 0 {
		return false
	}
	_, ok1 := dayFrom(d.checkOn)
	_, ok2 := dayFrom(d.reviewOn)
	return ok1 && ok2
}
