package searchindex

import (
	"encoding/binary"
	"errors"

	"candor/journal/internal/entryrec"
	"candor/journal/internal/textindex"
)

// Encoded form of the index (sealed in chunks, see store.go): a version
// byte; the text index's encoding, length first; the distinct tags and
// prompt IDs, count first, each length first; then the entries by slot,
// each in a fixed layout (docRecord bytes: ID, days, creation time and
// codes), the followed ID when its flag is set, the prompt ID's number in
// the strings (0 for none, else one more), and the tags' numbers, count
// first. Every number of the layout is checked when it is read.
const (
	// Format is the version byte of the encoded index.
	Format    = 2
	docRecord = 16 + 4*3 + 8 + 6
)

// ErrFormat means bytes are not an index this package encodes.
var ErrFormat = errors.New("malformed search index")

// AppendBinary appends the index's encoding to b, compacting it first.
func (x *Index) AppendBinary(b []byte) []byte {
	x.compact()
	x.mu.RLock()
	defer x.mu.RUnlock()
	b = append(b, Format)
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
		num(x.docs[i].Prompt)
		for _, t := range x.docs[i].Tags {
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
		b = append(b, d.ID[:]...)
		b = binary.LittleEndian.AppendUint32(b, d.Day)
		b = binary.LittleEndian.AppendUint32(b, d.CheckOn)
		b = binary.LittleEndian.AppendUint32(b, d.ReviewOn)
		b = binary.LittleEndian.AppendUint64(b, uint64(d.Created))
		flags := d.Flags
		if d.Follows != [16]byte{} {
			flags |= entryrec.FlagFollows
		}
		b = append(b, d.Area, d.Role, d.Outcome, d.Rating, d.Confidence, flags)
		if flags&entryrec.FlagFollows != 0 {
			b = append(b, d.Follows[:]...)
		}
		b = binary.AppendUvarint(b, uint64(num(d.Prompt)))
		b = binary.AppendUvarint(b, uint64(len(d.Tags)))
		for _, t := range d.Tags {
			b = binary.AppendUvarint(b, uint64(num(t)))
		}
	}
	return b
}

// Decode reads what AppendBinary wrote; the index keeps pointers into b.
// Any inconsistency gives ErrFormat.
func Decode(b []byte) (*Index, error) {
	if len(b) < 1 || b[0] != Format {
		return nil, ErrFormat
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
		return nil, ErrFormat
	}
	words, err := textindex.Decode(b[p : p+n : p+n])
	if err != nil {
		return nil, ErrFormat
	}
	p += n
	nstr := uv(len(b))
	if bad {
		return nil, ErrFormat
	}
	strs := make([]string, nstr+1)
	for i := 1; i <= nstr; i++ {
		l := uv(remaining)
		if bad {
			return nil, ErrFormat
		}
		strs[i] = string(b[p : p+l])
		p += l
	}
	count := uv(len(b))
	if bad || count != int(words.Slots()) || words.Dead() != 0 {
		return nil, ErrFormat
	}
	x := &Index{words: words, docs: make([]Doc, count), slotOf: make(map[[16]byte]int32, count), intern: make(map[string]string, nstr)}
	for _, s := range strs[1:] {
		x.intern[s] = s
	}
	for i := range x.docs {
		if len(b)-p < docRecord {
			return nil, ErrFormat
		}
		d := &x.docs[i]
		copy(d.ID[:], b[p:])
		r := b[p+16:]
		d.Day = binary.LittleEndian.Uint32(r)
		d.CheckOn = binary.LittleEndian.Uint32(r[4:])
		d.ReviewOn = binary.LittleEndian.Uint32(r[8:])
		d.Created = int64(binary.LittleEndian.Uint64(r[12:]))
		d.Area, d.Role, d.Outcome, d.Rating, d.Confidence, d.Flags = r[20], r[21], r[22], r[23], r[24], r[25]
		p += docRecord
		if d.Flags&entryrec.FlagFollows != 0 {
			if len(b)-p < 16 {
				return nil, ErrFormat
			}
			copy(d.Follows[:], b[p:])
			p += 16
		}
		d.Flags &^= entryrec.FlagFollows
		if !validDoc(d) {
			return nil, ErrFormat
		}
		d.Prompt = strs[uv(nstr)]
		if nt := uv(remaining); nt > 0 && !bad {
			d.Tags = make([]string, nt)
			for t := range d.Tags {
				d.Tags[t] = strs[uv(nstr)]
			}
		}
		if bad {
			return nil, ErrFormat
		}
		x.slotOf[d.ID] = int32(i)
	}
	if p != len(b) || len(x.slotOf) != count { // no ID twice
		return nil, ErrFormat
	}
	return x, nil
}

// validDoc reports whether every code and day of d is one the index writes.
func validDoc(d *Doc) bool {
	if d.ID == [16]byte{} || int(d.Area) >= len(entryrec.Areas) || int(d.Role) >= len(entryrec.Roles) ||
		int(d.Outcome) >= len(entryrec.Outcomes) || d.Rating > 5 ||
		d.Confidence > 100 && d.Confidence != entryrec.NoConfidence ||
		d.Flags&^(entryrec.FlagNextStep|entryrec.FlagDecision|entryrec.FlagWeekly) != 0 {
		return false
	}
	return d.Day != 0 && entryrec.ValidDay(d.Day) && entryrec.ValidDay(d.CheckOn) && entryrec.ValidDay(d.ReviewOn)
}
