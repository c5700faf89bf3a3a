package journal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/keyfile"
	"candor/journal/internal/searchindex"
)

// What package journal/sync needs of the store. Sync keeps, per entry, a
// sealed state of its own (its version and how it was last synced) under
// kindSync, and one sealed record of its own (this computer's identity,
// clock and progress) under syncMetaKey; their bytes are its business. It
// learns what changed from the change marks (see indexstore.go): a mark
// after the one it says it covers is an entry to look at, and marks are
// kept until both it and the stored search index cover them.
const kindSync = 'y' // 'y' + ID -> sealed sync state of the entry

var (
	syncMetaKey    = []byte{kindMeta, 's'}
	syncCoveredKey = []byte{kindMeta, 'c'}
)

func syncKey(id ID) []byte { return append([]byte{kindSync}, id[:]...) }

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

// SyncMeta returns sync's record, or nil when sync never ran.
func (j *Journal) SyncMeta() ([]byte, error) {
	var out []byte
	err := j.view(func(txn *badger.Txn) error {
		var err error
		out, err = j.getSealed(txn, syncMetaKey)
		return err
	})
	return out, err
}

// getSealed reads and opens the value of k, or nil when there is none.
func (j *Journal) getSealed(txn *badger.Txn, k []byte) ([]byte, error) {
	item, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []byte
	err = item.Value(func(v []byte) error {
		plain, err := j.open(v, k)
		if err != nil {
			return fmt.Errorf("%w: a sync record failed its integrity check", ErrDamaged)
		}
		out = plain
		return nil
	})
	return out, err
}

// SyncedEntry is an entry as sync sees it: whether it exists, its stored
// form, and sync's state of it (nil when sync never saw it).
type SyncedEntry struct {
	ID     ID
	Exists bool
	Entry  Entry
	State  []byte
}

// SyncEntry reads the entry with id and sync's state of it, together.
func (j *Journal) SyncEntry(id ID) (SyncedEntry, error) {
	s := SyncedEntry{ID: id}
	err := j.view(func(txn *badger.Txn) error {
		e, err := j.getEntry(txn, id)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return err
		default:
			s.Exists, s.Entry = true, e
		}
		s.State, err = j.getSealed(txn, syncKey(id))
		return err
	})
	return s, err
}

// EachSynced calls fn for every entry and every ID sync has a state for
// (a deleted entry's state stays), in ID order.
func (j *Journal) EachSynced(fn func(SyncedEntry) error) error {
	return j.view(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		ents := txn.NewIterator(func() badger.IteratorOptions { o.Prefix = []byte{kindEntry}; return o }())
		defer ents.Close()
		states := txn.NewIterator(func() badger.IteratorOptions { o.Prefix = []byte{kindSync}; return o }())
		defer states.Close()
		ents.Rewind()
		states.Rewind()
		for ents.Valid() || states.Valid() {
			if j.stopping() {
				return ErrLocked
			}
			var id ID
			var haveE, haveS bool
			switch {
			case !states.Valid():
				haveE = true
			case !ents.Valid():
				haveS = true
			default:
				c := string(ents.Item().Key()[1:]) < string(states.Item().Key()[1:])
				eq := string(ents.Item().Key()[1:]) == string(states.Item().Key()[1:])
				haveE, haveS = c || eq, !c || eq
			}
			if haveE {
				copy(id[:], ents.Item().Key()[1:])
			} else {
				copy(id[:], states.Item().Key()[1:])
			}
			s := SyncedEntry{ID: id}
			if haveE {
				e, err := j.getEntry(txn, id)
				if err != nil {
					return err
				}
				s.Exists, s.Entry = true, e
				ents.Next()
			}
			if haveS {
				st, err := j.getSealed(txn, syncKey(id))
				if err != nil {
					return err
				}
				s.State = st
				states.Next()
			}
			if err := fn(s); err != nil {
				return err
			}
		}
		return nil
	})
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

// SyncWrite is one change CommitSync makes to an entry: its new content
// (Entry), its removal (Delete), or neither (only the state changes).
type SyncWrite struct {
	ID     ID
	Entry  *Entry
	Delete bool
	// State is sync's new state of the entry; DropState removes it.
	State     []byte
	DropState bool
}

// CommitSync stores what a sync merged, verbatim (an entry keeps the
// times it carries): entries written or deleted with their sync states,
// then sync's record (when meta is not nil) and the last change mark sync
// has looked at. Writes go in transactions of a few hundred kilobytes, the
// record in the last: a crash between them leaves entries whose states
// say they are merged, and a record that says the files are not, so the
// next sync merges them again, to the same result.
func (j *Journal) CommitSync(writes []SyncWrite, meta []byte, covered uint64) error {
	for i := range writes {
		if w := &writes[i]; w.Entry != nil {
			e := w.Entry.Clone()
			e.Normalize()
			if err := e.Validate(); err != nil {
				return fmt.Errorf("synced entry %s: %w", w.ID, err)
			}
			if e.ID != w.ID {
				return fmt.Errorf("synced entry %s carries the ID %s", w.ID, e.ID)
			}
			w.Entry = &e
		}
	}
	const batchBytes = 512 << 10
	for start := 0; start <= len(writes); {
		end, size := start, 0
		for end < len(writes) && (end == start || size < batchBytes) {
			size += len(writes[end].State) + 256
			if writes[end].Entry != nil {
				size += 2 * len(writes[end].Entry.Body)
			}
			end++
		}
		last := end == len(writes)
		var put []Entry
		var gone []ID
		err := j.changeAs(true, func(txn *badger.Txn) error {
			put, gone = nil, nil
			for _, w := range writes[start:end] {
				old, err := j.getEntry(txn, w.ID)
				found := err == nil
				if err != nil && !errors.Is(err, ErrNotFound) {
					return err
				}
				switch {
				case w.Entry != nil:
					if found && old.Date != w.Entry.Date {
						if err := txn.Delete(dateKey(old.Date, old.ID)); err != nil {
							return err
						}
					}
					if err := j.putEntry(txn, w.Entry); err != nil {
						return err
					}
					put = append(put, *w.Entry)
				case w.Delete && found:
					if err := txn.Delete(dateKey(old.Date, w.ID)); err != nil {
						return err
					}
					if err := txn.Delete(entryKey(w.ID)); err != nil {
						return err
					}
					if err := j.markChanged(txn, w.ID); err != nil {
						return err
					}
					gone = append(gone, w.ID)
				}
				switch {
				case w.DropState:
					if err := txn.Delete(syncKey(w.ID)); err != nil {
						return err
					}
				case w.State != nil:
					if err := j.setSealed(txn, syncKey(w.ID), w.State); err != nil {
						return err
					}
				}
			}
			if !last {
				return nil
			}
			if meta != nil {
				if err := j.setSealed(txn, syncMetaKey, meta); err != nil {
					return err
				}
			}
			return j.setSealed(txn, syncCoveredKey, binary.BigEndian.AppendUint64(nil, covered))
		}, func(x *entryIndex) {
			for i := range put {
				x.put(&put[i])
			}
			for _, id := range gone {
				x.remove(id)
			}
		})
		if err != nil {
			return err
		}
		if last {
			return nil
		}
		start = end
	}
	return nil
}

func (j *Journal) setSealed(txn *badger.Txn, k, plain []byte) error {
	v, err := j.sealValue(plain, k)
	if err != nil {
		return err
	}
	return txn.Set(k, v)
}

// syncCovered returns the last change mark sync has looked at, and false
// when sync never ran (then it holds no marks back).
func (j *Journal) syncCovered(txn *badger.Txn) (uint64, bool) {
	b, err := j.getSealed(txn, syncCoveredKey)
	if err != nil || len(b) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(b), true
}

// SyncExclusive runs fn while no entry can be added, changed or deleted
// but through CommitSync: a sync reads what it merges and commits it with
// no edit in between.
func (j *Journal) SyncExclusive(fn func() error) error {
	j.editMu.Lock()
	defer j.editMu.Unlock()
	return fn()
}

// InitFromKeyFile creates a new, empty journal in dir whose key file is
// keyData (a synced folder's copy of another computer's), unlocked with
// passphrase: the same root secret, so the two computers' journals are one.
// It refuses a dir that holds anything, like Init; a wrong passphrase
// gives ErrWrongPassphrase and leaves dir as it was.
func InitFromKeyFile(dir string, keyData, passphrase []byte, opts *Options) (*Journal, error) {
	if len(passphrase) == 0 {
		return nil, ErrEmptyPassphrase
	}
	kf, err := keyfile.Parse(keyData)
	if err != nil {
		return nil, err
	}
	u, err := kf.Open(passphrase)
	if err != nil {
		return nil, err
	}
	defer clear(u.Root[:])
	if err := CanInit(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the journal folder: %w", err)
	}
	makePrivate(dir)
	c, err := claim(dir)
	if err != nil {
		return nil, err
	}
	if err := keyfile.Write(dir, kf, nil); err != nil {
		c.Release()
		return nil, err
	}
	j, err := open(c, u, opts)
	if err != nil {
		c.Release()
		return nil, err
	}
	c.setOwned()
	return j, nil
}
