package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"
)

var draftKey = []byte{kindMeta, 'd'}

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
	return j.update(func(txn *badger.Txn) error {
		v, err := j.sealValue(plain, draftKey)
		if err != nil {
			return err
		}
		return txn.Set(draftKey, v)
	})
}

// draftJSON lets a draft have no date yet: its Date hides the entry's, and
// is left out when unset.
type draftJSON struct {
	Entry
	Date *Date `json:"date,omitempty"`
}

// Draft returns the saved draft, and false when there is none.
func (j *Journal) Draft() (Entry, bool, error) {
	var e Entry
	found := false
	err := j.view(func(txn *badger.Txn) error {
		it, err := txn.Get(draftKey)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return it.Value(func(v []byte) error {
			plain, err := j.open(v, draftKey)
			if err != nil {
				return fmt.Errorf("%w: the draft failed its integrity check", ErrDamaged)
			}
			var d draftJSON
			if err := json.Unmarshal(plain, &d); err != nil {
				return fmt.Errorf("%w: the draft cannot be decoded", ErrDamaged)
			}
			e, found = d.Entry, true
			if d.Date != nil {
				e.Date = *d.Date
			}
			return nil
		})
	})
	if e.Tags == nil {
		e.Tags = []string{}
	}
	return e, found, err
}

// DiscardDraft removes the saved draft, if any.
func (j *Journal) DiscardDraft() error {
	return j.update(func(txn *badger.Txn) error { return txn.Delete(draftKey) })
}
