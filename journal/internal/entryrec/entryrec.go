// Package entryrec is the byte layout of a stored journal entry: a compact
// binary record, cheaper to decode than JSON when the whole journal is read.
// It knows only bytes, strings, day numbers and times; package journal maps
// its Entry to and from a Record and checks what the values mean. The
// package also holds an entry's date index record (Meta, in meta.go): the
// entry without its text, in codes and day numbers.
//
// Layout: Magic, ID (16), date (day number, 4), created and updated (Unix
// seconds 8 + nanoseconds 4 each), rating (1), then title, body, area, role,
// prompt ID and prompt (each a uvarint length and the bytes), then the tags
// (a uvarint count, each a length and the bytes). Entries that use the
// coaching loop add one trailing section, which records written before it
// existed simply end without:
//
//	SectionCoaching (1), kind, next step (length + bytes each), check-on
//	(day number, 4; 0 for none), decision (length + bytes), confidence (1;
//	0xFF for none), review-on (4; 0 for none), follows (16; zeros for none),
//	outcome (length + bytes).
//
// The section is written only when one of its fields is set, and lengths
// only in their shortest form, so each entry has exactly one encoding.
package entryrec

import (
	"encoding/binary"
	"errors"
	"time"
)

// Magic is the first byte of a binary record.
const Magic = 0xB1

// SectionCoaching marks the trailing section of the coaching fields.
const SectionCoaching = 0x01

// NoConfidence is the stored confidence of a decision without one.
const NoConfidence = 0xFF

// ErrMalformed means the bytes are not a record this package writes.
var ErrMalformed = errors.New("malformed entry record")

// Record is an entry as stored.
type Record struct {
	ID               [16]byte
	Day              uint32
	Created, Updated time.Time
	Rating           uint8
	Title, Body      string
	Area, Role       string
	PromptID, Prompt string
	Tags             []string

	// The coaching section.
	Kind, NextStep string
	CheckOn        uint32 // 0: none
	Decision       string
	Confidence     int // -1: none
	ReviewOn       uint32
	Follows        [16]byte
	Outcome        string
}

// hasCoaching reports whether r uses any field of the coaching section.
func (r *Record) hasCoaching() bool {
	return r.Kind != "" || r.NextStep != "" || r.CheckOn != 0 || r.Decision != "" ||
		r.Confidence >= 0 || r.ReviewOn != 0 || r.Follows != [16]byte{} || r.Outcome != ""
}

// Encode returns r's bytes.
func Encode(r *Record) []byte {
	n := 1 + 16 + 4 + 2*12 + 1 + 8*binary.MaxVarintLen64 + len(r.Title) + len(r.Body) + len(r.Area) + len(r.Role) + len(r.PromptID) + len(r.Prompt)
	for _, t := range r.Tags {
		n += binary.MaxVarintLen64 + len(t)
	}
	b := make([]byte, 0, n)
	b = append(b, Magic)
	b = append(b, r.ID[:]...)
	b = binary.BigEndian.AppendUint32(b, r.Day)
	for _, t := range []time.Time{r.Created, r.Updated} {
		b = binary.BigEndian.AppendUint64(b, uint64(t.Unix()))
		b = binary.BigEndian.AppendUint32(b, uint32(t.Nanosecond()))
	}
	b = append(b, r.Rating)
	for _, s := range []string{r.Title, r.Body, r.Area, r.Role, r.PromptID, r.Prompt} {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Tags)))
	for _, t := range r.Tags {
		b = appendString(b, t)
	}
	if r.hasCoaching() {
		b = append(b, SectionCoaching)
		b = appendString(appendString(b, r.Kind), r.NextStep)
		b = binary.BigEndian.AppendUint32(b, r.CheckOn)
		b = appendString(b, r.Decision)
		c := byte(NoConfidence)
		if r.Confidence >= 0 {
			c = byte(r.Confidence)
		}
		b = append(b, c)
		b = binary.BigEndian.AppendUint32(b, r.ReviewOn)
		b = append(b, r.Follows[:]...)
		b = appendString(b, r.Outcome)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// reader reads a record front to back; the first fault sticks.
type reader struct {
	b   []byte
	p   int
	bad bool
}

func (r *reader) fixed(n int) []byte {
	if r.bad || len(r.b)-r.p < n {
		r.bad = true
		return make([]byte, n)
	}
	v := r.b[r.p : r.p+n]
	r.p += n
	return v
}

func (r *reader) u32() uint32 { return binary.BigEndian.Uint32(r.fixed(4)) }

// uvarint reads a length written in its shortest form, at most max.
func (r *reader) uvarint(max int) int {
	if r.bad {
		return 0
	}
	n, k := binary.Uvarint(r.b[r.p:])
	if k <= 0 || n > uint64(max) || k != uvarintLen(n) {
		r.bad = true
		return 0
	}
	r.p += k
	return int(n)
}

func (r *reader) str() string {
	n := r.uvarint(len(r.b) - r.p)
	return string(r.fixed(n))
}

// Decode reads b, which Encode wrote, into rec.
func Decode(b []byte, rec *Record) error {
	if len(b) < 1+16+4+24+1 || b[0] != Magic {
		return ErrMalformed
	}
	r := &reader{b: b, p: 1}
	copy(rec.ID[:], r.fixed(16))
	rec.Day = r.u32()
	for _, t := range []*time.Time{&rec.Created, &rec.Updated} {
		sec := int64(binary.BigEndian.Uint64(r.fixed(8)))
		nsec := int64(r.u32())
		if nsec >= 1e9 {
			return ErrMalformed
		}
		*t = time.Unix(sec, nsec).UTC()
	}
	rec.Rating = r.fixed(1)[0]
	for _, dst := range []*string{&rec.Title, &rec.Body, &rec.Area, &rec.Role, &rec.PromptID, &rec.Prompt} {
		*dst = r.str()
	}
	count := r.uvarint(len(b) - r.p)
	if r.bad {
		return ErrMalformed
	}
	rec.Tags = make([]string, 0, count)
	for i := 0; i < count && !r.bad; i++ {
		rec.Tags = append(rec.Tags, r.str())
	}
	rec.Confidence = -1
	if !r.bad && r.p < len(b) {
		if r.fixed(1)[0] != SectionCoaching {
			return ErrMalformed
		}
		rec.Kind, rec.NextStep = r.str(), r.str()
		rec.CheckOn = r.u32()
		rec.Decision = r.str()
		switch c := r.fixed(1)[0]; {
		case c == NoConfidence:
		case c <= 100:
			rec.Confidence = int(c)
		default:
			return ErrMalformed
		}
		rec.ReviewOn = r.u32()
		copy(rec.Follows[:], r.fixed(16))
		rec.Outcome = r.str()
		if !rec.hasCoaching() { // never written: one encoding per entry
			return ErrMalformed
		}
	}
	if r.bad || r.p != len(b) {
		return ErrMalformed
	}
	return nil
}

// uvarintLen is the length of the shortest uvarint encoding of n, the only
// one the encoder writes.
func uvarintLen(n uint64) int {
	k := 1
	for n >= 0x80 {
		n >>= 7
		k++
	}
	return k
}
