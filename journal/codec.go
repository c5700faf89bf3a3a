package journal

import (
	"encoding/json"
	"errors"

	"candor/journal/internal/entryrec"
)

// Entries are stored in the compact binary record of package entryrec
// (decoding JSON dominated the cost of reading the whole journal). The
// first byte tells the forms apart: entryrec.Magic for a record, '{' for
// JSON, which is still read. This file maps an Entry to and from a record
// and checks what the stored values mean.
const (
	codecBinary     = entryrec.Magic
	sectionCoaching = entryrec.SectionCoaching
	noConfidence    = entryrec.NoConfidence
)

var errCodec = errors.New("malformed entry record")

func encodeEntry(e *Entry) []byte {
	r := entryrec.Record{ID: e.ID, Day: e.Date.DayNumber(), Created: e.Created, Updated: e.Updated, Rating: uint8(e.Rating),
		Title: e.Title, Body: e.Body, Area: string(e.Area), Role: string(e.Role), PromptID: e.PromptID, Prompt: e.Prompt, Tags: e.Tags,
		Kind: string(e.Kind), NextStep: e.NextStep, CheckOn: dayOrZero(e.CheckOn), Decision: e.Decision, Confidence: -1,
		ReviewOn: dayOrZero(e.ReviewOn), Follows: e.Follows, Outcome: string(e.Outcome)}
	if e.Confidence != nil {
		r.Confidence = *e.Confidence
	}
	return entryrec.Encode(&r)
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
	var r entryrec.Record
	if entryrec.Decode(b, &r) != nil {
		return errCodec
	}
	*e = Entry{ID: r.ID, Date: DateFromDayNumber(r.Day), Created: r.Created, Updated: r.Updated, Rating: int(r.Rating),
		Title: r.Title, Body: r.Body, Area: Area(r.Area), Role: Role(r.Role), PromptID: r.PromptID, Prompt: r.Prompt, Tags: r.Tags,
		Kind: Kind(r.Kind), NextStep: r.NextStep, Decision: r.Decision, Follows: r.Follows, Outcome: Outcome(r.Outcome)}
	if r.Confidence >= 0 {
		e.Confidence = ConfidenceOf(r.Confidence)
	}
	var ok1, ok2 bool
	e.CheckOn, ok1 = dayFrom(r.CheckOn)
	e.ReviewOn, ok2 = dayFrom(r.ReviewOn)
	if !ok1 || !ok2 {
		return errCodec
	}
	return nil
}
