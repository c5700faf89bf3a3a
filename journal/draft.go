package journal

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// SaveDraft keeps the entry being written, sealed like every entry, so that
// nothing typed is lost to a crash, a lock or a quit. It is not validated
// beyond what storage needs: a draft may be half-finished. A draft for an
// existing entry carries that entry's ID.
func (j *Journal) SaveDraft(e Entry) error {
	if !utf8.ValidString(e.Title) || !utf8.ValidString(e.Body) {
		return &ValidationError{Field: "body", Problem: "is not valid UTF-8 text"}
	}
	if len(e.Body) > MaxBodyBytes {
		return &ValidationError{Field: "body", Problem: "is larger than 1 MiB"}
	}
	d := draftJSON{Entry: e}
	if !e.Date.IsZero() {
		date := e.Date
		d.Date = &date
	}
	plain, err := json.Marshal(d)
	if err != nil {
		return err
	}
	defer clear(plain)
	return j.SetRecord(draftRecord, plain)
}

// draftJSON lets a draft have no date yet: its Date hides the entry's, and
// is left out when unset.
type draftJSON struct {
	Entry
	Date *Date `json:"date,omitempty"`
}

// Draft returns the saved draft, and false when there is none.
func (j *Journal) Draft() (Entry, bool, error) {
	var d draftJSON
	plain, err := j.Record(draftRecord)
	if err == nil && plain != nil && json.Unmarshal(plain, &d) != nil {
		d, err = draftJSON{}, fmt.Errorf("%w: the draft cannot be decoded", ErrDamaged)
	}
	if d.Date != nil {
		d.Entry.Date = *d.Date
	}
	if d.Tags == nil {
		d.Tags = []string{}
	}
	return d.Entry, err == nil && plain != nil, err
}

// DiscardDraft removes the saved draft, if any.
func (j *Journal) DiscardDraft() error {
	return j.SetRecord(draftRecord, nil)
}
