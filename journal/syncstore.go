package journal

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/keyfile"
	"candor/journal/internal/searchindex"
)

// What package journal/sync needs of the store beyond Journal.Apply and
// the side records (batch.go): its secret, the key file, exclusive access,
// and the change marks (see indexstore.go), from which it learns what
// changed: a mark after the one it says it covers (SyncCovered) is an
// entry to look at, and marks are kept until both it and the stored
// search index cover them.

// MarshalEntry encodes e in the binary record the journal stores (before
// sealing). Sync carries entries in it; two entries with the same bytes are
// the same entry.
func MarshalEntry(e *Entry) []byte { return encodeEntry(e) }

// UnmarshalEntry decodes what MarshalEntry wrote.
func UnmarshalEntry(b []byte) (Entry, error) {
	var e Entry
	if err := decodeEntry(b, &e); err != nil {
		return Entry{}, err
	}
	if e.Tags == nil {
		e.Tags = []string{}
	}
	return e, nil
}

// SyncSecret derives a 32-byte secret for sync from the root secret, with
// HKDF and a label of its own: sync's sealing key, and the name of its
// folder, which reveals nothing of the journal.
func (j *Journal) SyncSecret(label string) ([]byte, error) {
	var k []byte
	err := j.withRoot(func(root []byte) error {
		k = deriveKey(root, j.journalID[:], "sync "+label)
		return nil
	})
	return k, err
}

// KeyFile returns the bytes of the journal's key file (the root secret,
// sealed by the passphrase), for a synced folder's copy.
func (j *Journal) KeyFile() ([]byte, error) {
	if j.stopping() {
		return nil, ErrLocked
	}
	b, err := os.ReadFile(filepath.Join(j.dir, keyfile.FileName))
	if err != nil {
		return nil, fmt.Errorf("reading the key file: %w", err)
	}
	return b, nil
}

// Changed calls fn with the ID of every entry changed after the change
// mark numbered after, in order, with when it changed (the same ID may
// come more than once), and returns the number of the last mark, or after
// when there is none.
func (j *Journal) Changed(after uint64, fn func(id ID, at time.Time) error) (uint64, error) {
	last := after
	err := j.view(func(txn *badger.Txn) error {
		return searchindex.EachMark(txn, after, func(seq uint64, id [16]byte) error {
			if err := fn(id, markTime(seq)); err != nil {
				return err
			}
			last = seq
			return nil
		})
	})
	return last, err
}

// LastChange returns the number of the last change mark handed out.
func (j *Journal) LastChange() uint64 { return j.lastMark.Load() }

// syncCovered returns the last change mark sync has looked at, and false
// when sync never ran (then it holds no marks back).
func (j *Journal) syncCovered(txn *badger.Txn) (uint64, bool) {
	b, err := j.readSealed(txn, SyncCovered.key(), SyncCovered.record)
	if err != nil || len(b) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(b), true
}

// SyncExclusive runs fn while no entry can be added, changed or deleted
// but by fn's runs of Apply with ApplyOptions.Exclusive: a sync reads what
// it merges and commits it with no edit in between.
func (j *Journal) SyncExclusive(fn func() error) error {
	j.editMu.Lock()
	defer j.editMu.Unlock()
	return fn()
}
