package journal

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"time"
)

// Entries are stored in a compact binary form (decoding JSON dominated the
// cost of reading the whole journal). The first byte tells the forms apart:
// codecBinary for this one, '{' for JSON, which is still read.
//
// Layout: codecBinary, ID (16), date (day number, 4), created and updated
// (Unix seconds 8 + nanoseconds 4 each), rating (1), then title, body, area,
// role, prompt ID and prompt (each a uvarint length and the bytes), then the
// tags (a uvarint count, each a length and the bytes). Entries that use the
// coaching loop add one trailing section, which records written before it
// existed simply end without:
//
//	sectionCoaching (1), kind, next step (length + bytes each), check-on
//	(day number, 4; 0 for none), decision (length + bytes), confidence (1;
//	0xFF for none), review-on (4; 0 for none), follows (16; zeros for none),
//	outcome (length + bytes).
//
// The section is written only when one of its fields is set, so each entry
// has exactly one encoding.
const codecBinary = 0xB1

// sectionCoaching marks the trailing section of the coaching fields.
const (
	sectionCoaching = 0x01
	noConfidence    = 0xFF
)

var errCodec = errors.New("malformed entry record")

func encodeEntry(e *Entry) []byte {
	n := 1 + 16 + 4 + 2*12 + 1 + 8*binary.MaxVarintLen64 + len(e.Title) + len(e.Body) + len(e.Area) + len(e.Role) + len(e.PromptID) + len(e.Prompt)
	for _, t := range e.Tags {
		n += binary.MaxVarintLen64 + len(t)
	}
	b := make([]byte, 0, n)
	b = append(b, codecBinary)
	b = append(b, e.ID[:]...)
	b = binary.BigEndian.AppendUint32(b, e.Date.DayNumber())
	for _, t := range []time.Time{e.Created, e.Updated} {
		b = binary.BigEndian.AppendUint64(b, uint64(t.Unix()))
		b = binary.BigEndian.AppendUint32(b, uint32(t.Nanosecond()))
	}
	b = append(b, byte(e.Rating))
	for _, s := range []string{e.Title, e.Body, string(e.Area), string(e.Role), e.PromptID, e.Prompt} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(e.Tags)))
	for _, t := range e.Tags {
		b = binary.AppendUvarint(b, uint64(len(t)))
		b = append(b, t...)
	}
	if hasCoaching(e) {
		b = append(b, sectionCoaching)
		for _, s := range []string{string(e.Kind), e.NextStep} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
		b = binary.BigEndian.AppendUint32(b, dayOrZero(e.CheckOn))
		b = binary.AppendUvarint(b, uint64(len(e.Decision)))
		b = append(b, e.Decision...)
		c := byte(noConfidence)
		if e.Confidence != nil {
			c = byte(*e.Confidence)
		}
		b = append(b, c)
		b = binary.BigEndian.AppendUint32(b, dayOrZero(e.ReviewOn))
		b = append(b, e.Follows[:]...)
		b = binary.AppendUvarint(b, uint64(len(e.Outcome)))
		b = append(b, e.Outcome...)
	}
	return b
}

// hasCoaching reports whether e uses any field of the coaching loop.
func hasCoaching(e *Entry) bool {
	return e.Kind != "" || e.NextStep != "" || !e.CheckOn.IsZero() || e.Decision != "" ||
		e.Confidence != nil || !e.ReviewOn.IsZero() || !e.Follows.IsZero() || e.Outcome != ""
}

// dayOrZero is d's day number, or 0 for the zero Date.
func dayOrZero(d Date) uint32 {
	if d.IsZero() {
		return 0
	}
	return d.DayNumber()
}

// dayFrom reads a day number written by dayOrZero; ok is false when n is
// not one that dayOrZero writes.
func dayFrom(n uint32) (Date, bool) {
	if n == 0 {
		return Date{}, true
	}
	d := DateFromDayNumber(n)
	return d, !d.IsZero() && d.DayNumber() == n
}

func decodeEntry(b []byte, e *Entry) error {
	if len(b) > 0 && b[0] == '{' {
		return json.Unmarshal(b, e)
	}
	if len(b) < 1+16+4+24+1 || b[0] != codecBinary {
		return errCodec
	}
	p := 1
	copy(e.ID[:], b[p:p+16])
	p += 16
	e.Date = DateFromDayNumber(binary.BigEndian.Uint32(b[p:]))
	p += 4
	for _, t := range []*time.Time{&e.Created, &e.Updated} {
		sec := int64(binary.BigEndian.Uint64(b[p:]))
		nsec := int64(binary.BigEndian.Uint32(b[p+8:]))
		if nsec >= 1e9 {
			return errCodec
		}
		*t = time.Unix(sec, nsec).UTC()
		p += 12
	}
	e.Rating = int(b[p])
	p++
	str := func() (string, bool) {
		n, k := binary.Uvarint(b[p:])
		if k <= 0 || n > uint64(len(b)-p-k) || k != uvarintLen(n) {
			return "", false
		}
		p += k
		s := string(b[p : p+int(n)])
		p += int(n)
		return s, true
	}
	var area, role string
	for _, dst := range []*string{&e.Title, &e.Body, &area, &role, &e.PromptID, &e.Prompt} {
		s, ok := str()
		if !ok {
			return errCodec
		}
		*dst = s
	}
	e.Area, e.Role = Area(area), Role(role)
	count, k := binary.Uvarint(b[p:])
	if k <= 0 || count > uint64(len(b)-p) || k != uvarintLen(count) {
		return errCodec
	}
	p += k
	e.Tags = make([]string, 0, count)
	for i := uint64(0); i < count; i++ {
		s, ok := str()
		if !ok {
			return errCodec
		}
		e.Tags = append(e.Tags, s)
	}
	if p < len(b) {
		if b[p] != sectionCoaching {
			return errCodec
		}
		p++
		var kind, outcome string
		for _, dst := range []*string{&kind, &e.NextStep} {
			s, ok := str()
			if !ok {
				return errCodec
			}
			*dst = s
		}
		e.Kind = Kind(kind)
		if len(b)-p < 4 {
			return errCodec
		}
		var ok bool
		if e.CheckOn, ok = dayFrom(binary.BigEndian.Uint32(b[p:])); !ok {
			return errCodec
		}
		p += 4
		if e.Decision, ok = str(); !ok || len(b)-p < 1+4+16 {
			return errCodec
		}
		switch c := b[p]; {
		case c == noConfidence:
		case c <= 100:
			e.Confidence = ConfidenceOf(int(c))
		default:
			return errCodec
		}
		p++
		if e.ReviewOn, ok = dayFrom(binary.BigEndian.Uint32(b[p:])); !ok {
			return errCodec
		}
		p += 4
		copy(e.Follows[:], b[p:p+16])
		p += 16
		if outcome, ok = str(); !ok {
			return errCodec
		}
		e.Outcome = Outcome(outcome)
		if !hasCoaching(e) { // never written: one encoding per entry
			return errCodec
		}
	}
	if p != len(b) {
		return errCodec
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
