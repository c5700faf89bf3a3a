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
const codecBinary = 0xB1

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
	return b
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
		if k <= 0 || n > uint64(len(b)-p-k) {
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
	if k <= 0 || count > uint64(len(b)-p) {
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
	if p != len(b) {
		return errCodec
	}
	return nil
}
