package sync

import (
	"encoding/binary"
	"errors"
	"fmt"

	"candor/journal"
)

// What sync keeps in the journal, through journal.Journal.Apply and
// View: per entry, a sealed state of its own (the side record
// journal.SyncState), and its own sealed records journal.SyncMeta and
// journal.SyncCovered; their bytes are its business.

// synced is an entry as sync sees it: whether it exists, its stored form,
// and sync's state of it (nil when sync never saw it).
type synced struct {
	ID     journal.ID
	Exists bool
	Entry  journal.Entry
	State  []byte
}

// readSynced reads the entry with id and sync's state of it in t.
func readSynced(t *journal.Txn, id journal.ID) (synced, error) {
	s := synced{ID: id}
	e, err := t.Get(id)
	switch {
	case errors.Is(err, journal.ErrNotFound):
	case err != nil:
		return s, err
	default:
		s.Exists, s.Entry = true, e
	}
	s.State, err = t.Side(journal.SyncState, id)
	return s, err
}

// syncEntry reads the entry of j with id and sync's state of it, together.
func syncEntry(j *journal.Journal, id journal.ID) (s synced, err error) {
	err = j.View(func(t *journal.Txn) error {
		s, err = readSynced(t, id)
		return err
	})
	return s, err
}

// entryWrite is one change a sync makes to an entry: its new content
// (Entry), its removal (Delete), or neither (only the state changes).
type entryWrite struct {
	ID     journal.ID
	Entry  *journal.Entry
	Delete bool
	// State is sync's new state of the entry; DropState removes it.
	State     []byte
	DropState bool
}

// commitWrites stores what a sync merged, verbatim (an entry keeps the
// times it carries): entries written or deleted with their sync states,
// then sync's record (when meta is not nil) and the last change mark sync
// has looked at. Writes go in transactions of a few hundred kilobytes
// (journal.Journal.Apply), the record in the last: a crash between them
// leaves entries whose states say they are merged, and a record that says
// the files are not, so the next sync merges them again, to the same
// result. It runs inside journal.Journal.SyncExclusive.
func commitWrites(j *journal.Journal, writes []entryWrite, meta []byte, covered uint64) error {
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
	// A write weighs its state, twice its body and 256 bytes more; the
	// record comes last, as one more item that weighs nothing.
	weigh := func(i int) int {
		if i == len(writes) {
			return 0
		}
		size := len(writes[i].State) + 256
		if writes[i].Entry != nil {
			size += 2 * len(writes[i].Entry.Body)
		}
		return size
	}
	return j.Apply(len(writes)+1, weigh, journal.ApplyOptions{Exclusive: true}, func(t *journal.Txn, i int) error {
		if i == len(writes) {
			if meta != nil {
				if err := t.SetRecord(journal.SyncMeta, meta); err != nil {
					return err
				}
			}
			return t.SetRecord(journal.SyncCovered, binary.BigEndian.AppendUint64(nil, covered))
		}
		w := &writes[i]
		switch {
		case w.Entry != nil:
			if err := t.Put(*w.Entry); err != nil {
				return err
			}
		case w.Delete:
			if err := t.Delete(w.ID); err != nil && !errors.Is(err, journal.ErrNotFound) {
				return err
			}
		}
		switch {
		case w.DropState:
			return t.SetSide(journal.SyncState, w.ID, nil)
		case w.State != nil:
			return t.SetSide(journal.SyncState, w.ID, w.State)
		}
		return nil
	})
}
