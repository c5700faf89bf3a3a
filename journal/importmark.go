package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// importMarkKey is where an import in progress leaves its mark (sealed):
// written before the first batch, removed after the last, so one cut short
// (a crash, a full disk, Ctrl-C) is still known at the next open.
var importMarkKey = []byte{kindMeta, 'i'}

// importMark is the sealed record under importMarkKey.
type importMark struct {
	Source  string    `json:"source"`
	Total   int       `json:"total"`
	Started time.Time `json:"started"`
}

// BeginImport records that an import of total entries from source (a path,
// as the user gave it) starts. ImportFrom writes in batches, each one
// transaction: should it be cut short, the mark stays, and
// UnfinishedImport tells the next open. Call EndImport when it is done. A
// mark left by an earlier import is replaced.
func (j *Journal) BeginImport(source string, total int) error {
	plain, err := json.Marshal(importMark{Source: source, Total: total, Started: j.now().UTC()})
	if err != nil {
		return err
	}
	defer clear(plain)
	return j.update(func(txn *badger.Txn) error {
		v, err := j.sealValue(plain, importMarkKey)
		if err != nil {
			return err
		}
		return txn.Set(importMarkKey, v)
	})
}

// EndImport removes the mark BeginImport left: the import is complete. It
// does nothing when there is none.
func (j *Journal) EndImport() error {
	return j.update(func(txn *badger.Txn) error { return txn.Delete(importMarkKey) })
}

// UnfinishedImport reports an import that began and never ended: its
// source and how many entries it was to bring, with ok set; ok is false
// when every import finished.
func (j *Journal) UnfinishedImport() (source string, total int, ok bool, err error) {
	err = j.view(func(txn *badger.Txn) error {
		it, err := txn.Get(importMarkKey)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return it.Value(func(v []byte) error {
			plain, err := j.open(v, importMarkKey)
			if err != nil {
				return fmt.Errorf("%w: the record of an import in progress failed its integrity check", ErrDamaged)
			}
			var m importMark
			if err := json.Unmarshal(plain, &m); err != nil {
				return fmt.Errorf("%w: the record of an import in progress cannot be decoded", ErrDamaged)
			}
			source, total, ok = m.Source, m.Total, true
			return nil
		})
	})
	return source, total, ok, err
}
