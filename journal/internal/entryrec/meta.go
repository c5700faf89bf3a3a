package entryrec

import (
	"encoding/binary"
	"errors"
	"time"
)

// The date index record of an entry (a Meta, sealed by package journal):
// area, rating and role (one byte each), which is all that records written
// before the coaching loop hold; then MetaVersion, a byte of flags, the
// prompt ID (length byte and bytes), and per flag: the check-on day (4),
// the decision's review day (4) and confidence (1; NoConfidence for none),
// the followed ID (16) with the outcome code (1), and the creation time
// (Unix seconds, 8). The search index (package searchindex) stores the
// same flags.
const (
	// MetaVersion is the version byte of a record with coaching fields.
	MetaVersion = 1
	// FlagNextStep says the entry records a next step (and its check-on day).
	FlagNextStep = 1 << 1
	// FlagDecision says the entry records a decision (and its review day
	// and confidence).
	FlagDecision = 1 << 2
	// FlagFollows says the entry follows another (the ID and outcome are
	// stored).
	FlagFollows = 1 << 3
	// FlagWeekly says the entry is a weekly review.
	FlagWeekly = 1 << 4
	// FlagCreated says the creation time is stored.
	FlagCreated = 1 << 5
)

// The codes of areas, roles and outcomes in the binary forms: a value is
// stored as its index in its list. The order is stored and must never
// change; new values go at the end.
var (
	Areas    = []string{"", "vision", "motivation", "problem-solving"}
	Roles    = []string{"", "leader", "manager"}
	Outcomes = []string{"", "done", "partly", "not", "right", "wrong", "mixed"}
)

// Code returns the index of v in codes (Areas, Roles or Outcomes), or 0
// when v is not there.
func Code(codes []string, v string) uint8 {
	for i, c := range codes {
		if c == v {
			return uint8(i)
		}
	}
	return 0
}

// Meta is what statistics and lists need of an entry, with no text: its
// date index record, in codes and day numbers. The entry's ID and date are
// in the record's key, not in the record.
type Meta struct {
	Area, Rating, Role uint8 // Area and Role index Areas and Roles
	PromptID           string
	// Flags holds FlagNextStep, FlagDecision and FlagWeekly; EncodeMeta
	// works out FlagFollows and FlagCreated from Follows and Created.
	Flags    uint8
	CheckOn  uint32 // day number; 0 for none
	ReviewOn uint32 // day number; 0 for none
	// Confidence is the decision's, 0 to 100, or NoConfidence.
	Confidence uint8
	Follows    [16]byte // zeros for none
	Outcome    uint8    // indexes Outcomes
	Created    time.Time
}

// ErrOldMeta says a date index record predates the coaching fields: only
// Area, Rating and Role were read, and the caller reads the rest from the
// entry.
var ErrOldMeta = errors.New("date index record without coaching fields")

// EncodeMeta returns m's date index record. The check-on day is written
// only with FlagNextStep, the review day and confidence only with
// FlagDecision, the outcome only with a followed ID.
func EncodeMeta(m *Meta) []byte {
	b := make([]byte, 0, 5+len(m.PromptID)+1+9+17+8)
	b = append(b, m.Area, m.Rating, m.Role, MetaVersion, 0)
	flags := byte(0)
	b = append(b, byte(len(m.PromptID)))
	b = append(b, m.PromptID...)
	if m.Flags&FlagNextStep != 0 {
		flags |= FlagNextStep
		b = binary.BigEndian.AppendUint32(b, m.CheckOn)
	}
	if m.Flags&FlagDecision != 0 {
		flags |= FlagDecision
		b = binary.BigEndian.AppendUint32(b, m.ReviewOn)
		b = append(b, m.Confidence)
	}
	if m.Follows != [16]byte{} {
		flags |= FlagFollows
		b = append(b, m.Follows[:]...)
		b = append(b, m.Outcome)
	}
	if m.Flags&FlagWeekly != 0 {
		flags |= FlagWeekly
	}
	if !m.Created.IsZero() {
		flags |= FlagCreated
		b = binary.BigEndian.AppendUint64(b, uint64(m.Created.Unix()))
	}
	b[4] = flags
	return b
}

// DecodeMeta reads what EncodeMeta wrote into m, which it fills in whole.
// A confidence above 100 reads as NoConfidence. A record of only area,
// rating and role gives ErrOldMeta; any inconsistency gives ErrMalformed.
func DecodeMeta(b []byte, m *Meta) error {
	*m = Meta{Confidence: NoConfidence}
	if len(b) < 3 || int(b[0]) >= len(Areas) || b[1] > 5 || int(b[2]) >= len(Roles) {
		return ErrMalformed
	}
	m.Area, m.Rating, m.Role = b[0], b[1], b[2]
	if len(b) == 3 {
		return ErrOldMeta
	}
	if len(b) < 6 || b[3] != MetaVersion || int(b[5]) > len(b)-6 {
		return ErrMalformed
	}
	flags, p := b[4], 6+int(b[5])
	m.PromptID = string(b[6:p])
	need := func(n int) bool { return len(b)-p >= n }
	if flags&FlagNextStep != 0 {
		if !need(4) {
			return ErrMalformed
		}
		m.CheckOn = binary.BigEndian.Uint32(b[p:])
		p += 4
	}
	if flags&FlagDecision != 0 {
		if !need(5) {
			return ErrMalformed
		}
		m.ReviewOn = binary.BigEndian.Uint32(b[p:])
		if c := b[p+4]; c <= 100 {
			m.Confidence = c
		}
		p += 5
	}
	if flags&FlagFollows != 0 {
		if !need(17) || int(b[p+16]) >= len(Outcomes) {
			return ErrMalformed
		}
		copy(m.Follows[:], b[p:p+16])
		m.Outcome = b[p+16]
		p += 17
	}
	if flags&FlagCreated != 0 {
		if !need(8) {
			return ErrMalformed
		}
		m.Created = time.Unix(int64(binary.BigEndian.Uint64(b[p:])), 0).UTC()
		p += 8
	}
	m.Flags = flags & (FlagNextStep | FlagDecision | FlagWeekly)
	if p != len(b) {
		return ErrMalformed
	}
	return nil
}

// epochDay is the day number of 1970-01-01.
const epochDay = 719162

// ValidDay reports whether n is 0 (no day) or the day number of a
// calendar day: days counted from 0001-01-01, as package journal's
// Date.DayNumber counts them.
func ValidDay(n uint32) bool {
	if n == 0 {
		return true
	}
	y, m, d := time.Unix((int64(n)-epochDay)*86400, 0).UTC().Date()
	return uint32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400+epochDay) == n
}
