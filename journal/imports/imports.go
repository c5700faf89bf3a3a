// Package imports stores entries read from an export or another tool into a
// journal, and merges a source imported again with what the user changed
// since: field by field, against the source's version at the last import
// (its provenance), keeping a copy of the source's version where both sides
// changed the same field. The readers of each format (packages
// journal/importers and journal/markdown) produce its Incoming entries;
// the journal's Apply gives it the transactions.
package imports

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"candor/journal"
)

// StableID derives an entry ID from where an entry came from, so importing
// the same source twice finds the same entries.
func StableID(parts ...string) journal.ID {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	var id journal.ID
	copy(id[:], h.Sum(nil))
	return id
}

// Fields is a set of an entry's fields: those an import source holds.
type Fields uint16

// The fields an import source may hold. Times is the entry's created time;
// Prompt its prompt ID and text; Coaching the next step, decision, kind,
// follows and outcome.
const (
	FieldTitle Fields = 1 << iota
	FieldBody
	FieldDate
	FieldTimes
	FieldArea
	FieldRating
	FieldRole
	FieldTags
	FieldPrompt
	FieldCoaching
	// AllFields is every field: an entry from Candor's own export.
	AllFields = FieldCoaching<<1 - 1
)

// Incoming is an entry read from an export or another tool, with where it
// came from.
type Incoming struct {
	// Entry is the entry as the source has it; its ID names it stably
	// (StableID of its source key, or its Candor ID).
	Entry journal.Entry
	// Source names the entry in its source ("dayone:<UUID>"), stably from
	// one export to the next. Empty for an entry of Candor's own export,
	// which carries its own ID and times.
	Source string
	// Fields are what the source holds (zero means AllFields); an import
	// never changes the others, which are Candor's own (a rating set in
	// Candor on a Day One entry, say).
	Fields Fields
	// Legacy is the ID an earlier version of Candor gave this entry, if it
	// differs: when the journal holds no entry of ID but one of Legacy, the
	// import goes on with that one instead of adding a duplicate.
	Legacy journal.ID
}

// ConflictTag marks the copy of a source's version that an import kept
// beside an entry changed on both sides.
const ConflictTag = "import-conflict"

// Conflict is an entry that both the source and the user changed since
// the last import: the user's version stays, the source's is kept as a
// copy (CopyID) tagged ConflictTag.
type Conflict struct {
	ID, CopyID journal.ID
	Date       journal.Date
	Title      string
	// Fields names the fields changed on both sides.
	Fields []string
}

// Summary says what an import did, or would do (a dry run).
type Summary struct {
	Imported, Updated, Unchanged int
	// Kept counts entries deleted in Candor that the source still has,
	// unchanged: they stay deleted.
	Kept      int
	Conflicts []Conflict
}

// add counts what s says in sum.
func (sum *Summary) add(s Summary) {
	sum.Imported += s.Imported
	sum.Updated += s.Updated
	sum.Unchanged += s.Unchanged
	sum.Kept += s.Kept
	sum.Conflicts = append(sum.Conflicts, s.Conflicts...)
}

// Options set an import.
type Options struct {
	// DryRun works out the summary and writes nothing.
	DryRun bool
	// Progress, if set, is called with the number of entries done.
	Progress func(done int)
}

// MaxFileBytes bounds one source file of an import; importers report a
// bigger one instead of reading it.
const MaxFileBytes = 4 << 20

// MaxBytes bounds everything one import reads, over all its files.
const MaxBytes = 1 << 30

// Problem places a problem in a source file.
type Problem struct {
	Path string
	Line int
	Msg  string
}

// Error implements error.
func (p *Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s, line %d: %s", p.Path, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.Path, p.Msg)
}

// Unwrap lets errors.Is(err, journal.ErrImport) succeed.
func (p *Problem) Unwrap() error { return journal.ErrImport }

// Source is what an importer read from a source: the entries, the files it
// skipped on purpose (a note with no date anywhere), and the files it could
// not read (a broken front matter, an impossible date). Problems stop an
// import unless the user asks to import the rest.
type Source struct {
	Items    []Incoming
	Skipped  []*Problem
	Problems []*Problem
}

// Entries stores entries of Candor's own export (with their IDs and times)
// in j: From with every field from the source.
func Entries(j *journal.Journal, entries []journal.Entry, progress func(done int)) (Summary, error) {
	items := make([]Incoming, len(entries))
	for i, e := range entries {
		items[i] = Incoming{Entry: e}
	}
	return From(j, items, Options{Progress: progress})
}

// From stores entries read from an export or another tool in j. A new
// entry is added. For one imported before, the source's version now, the
// source's version at the last import and the entry in Candor are merged
// field by field: a field the source changed is taken, unless the user
// changed it too (a conflict: the user's value stays and the source's
// version is kept as a copy tagged ConflictTag); tags merge as sets; fields
// the source does not hold stay Candor's. An entry of Candor's own export
// (no Source) replaces the stored one only when its Updated time is later;
// when the stored one is later and differs, it is a conflict. Entries are
// validated before anything is written; each batch of about 512 KiB is one
// transaction (journal.Journal.Apply), so a cut-short import leaves
// whole entries, and running it again completes it.
func From(j *journal.Journal, items []Incoming, opt Options) (Summary, error) {
	var sum Summary
	for i := range items {
		e := &items[i].Entry
		e.Normalize()
		if err := e.Validate(); err != nil {
			return sum, fmt.Errorf("entry %d: %w", i+1, err)
		}
		if e.ID.IsZero() {
			return sum, fmt.Errorf("entry %d has no ID", i+1)
		}
		if items[i].Fields == 0 {
			items[i].Fields = AllFields
		}
	}
	var batch Summary // what the batch being written does
	// An item weighs its body twice (the entry and its provenance) and
	// 2 KiB more; a dry run only reads.
	weigh := func(i int) int { return 2*len(items[i].Entry.Body) + 2048 }
	err := j.Apply(len(items), weigh, journal.ApplyOptions{DryRun: opt.DryRun, Bulk: true, Done: func(done int) {
		sum.add(batch)
		batch = Summary{}
		if opt.Progress != nil {
			opt.Progress(done)
		}
	}}, func(t *journal.Txn, i int) error {
		return mergeOne(j, t, items[i], &batch)
	})
	return sum, err
}

// provenance returns the provenance of the entry with id (its source's
// version at its last import), or nil when it has none.
func provenance(t *journal.Txn, id journal.ID) (*journal.Entry, error) {
	plain, err := t.Side(journal.ImportProvenance, id)
	if plain == nil {
		return nil, err
	}
	e, err := journal.UnmarshalEntry(plain)
	return &e, err
}

// setProvenance stores src as the provenance of the entry src.ID.
func setProvenance(t *journal.Txn, src journal.Entry) error {
	plain := journal.MarshalEntry(&src)
	defer clear(plain)
	return t.SetSide(journal.ImportProvenance, src.ID, plain)
}

// mergeOne merges one incoming entry in t and counts it in s.
func mergeOne(j *journal.Journal, t *journal.Txn, in Incoming, s *Summary) error {
	src := in.Entry // as the source has it: the next import's base
	theirs := src
	cur, err := t.Get(theirs.ID)
	if errors.Is(err, journal.ErrNotFound) && !in.Legacy.IsZero() {
		if old, lerr := t.Get(in.Legacy); lerr == nil {
			cur, err = old, nil
			theirs.ID, src.ID = old.ID, old.ID
		} else if !errors.Is(lerr, journal.ErrNotFound) {
			return lerr
		}
	}
	found := err == nil
	if err != nil && !errors.Is(err, journal.ErrNotFound) {
		return err
	}
	var base *journal.Entry
	if in.Source != "" {
		if base, err = provenance(t, theirs.ID); err != nil {
			return err
		}
	}
	saveBase := func() error {
		if in.Source == "" || (base != nil && reflect.DeepEqual(*base, src)) {
			return nil
		}
		return setProvenance(t, src)
	}
	if theirs.Created.IsZero() {
		theirs.Created = j.Now()
	}
	if theirs.Updated.IsZero() || theirs.Updated.Before(theirs.Created) {
		theirs.Updated = theirs.Created
	}
	switch {
	case !found && base != nil && sameSource(*base, theirs, in.Fields):
		s.Kept++ // deleted in Candor; the source has not changed since
		return nil
	case !found:
		if in.Source != "" {
			theirs = withoutForeign(theirs, in.Fields)
		}
		s.Imported++
		if err := t.Put(theirs); err != nil {
			return err
		}
		return saveBase()
	}
	var merged journal.Entry
	var clash []string
	if in.Source == "" {
		merged = theirs
		if !theirs.Updated.After(cur.Updated) && !reflect.DeepEqual(cur, theirs) {
			merged = cur
			if !sameSource(cur, theirs, AllFields) {
				clash = []string{"the entry"}
			}
		}
	} else {
		merged, clash = mergeFields(base, cur, theirs, in.Fields)
		if !reflect.DeepEqual(merged, cur) {
			merged.Updated = later(cur.Updated, theirs.Updated)
			if !merged.Updated.After(cur.Updated) {
				merged.Updated = j.Now()
			}
		}
	}
	if len(clash) > 0 {
		cp := theirs
		cp.ID = StableID("import-conflict", cur.ID.String(), fmt.Sprintf("%x", sha256.Sum256(journal.MarshalEntry(&theirs))))
		cp.Tags = append(slices.Clone(theirs.Tags), ConflictTag)
		cp.Normalize()
		if _, err := t.Get(cp.ID); errors.Is(err, journal.ErrNotFound) {
			if err := t.Put(cp); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		s.Conflicts = append(s.Conflicts, Conflict{ID: cur.ID, CopyID: cp.ID, Date: cur.Date, Title: cur.Title, Fields: clash})
	}
	switch {
	case reflect.DeepEqual(merged, cur):
		s.Unchanged++
	default:
		s.Updated++
		if err := t.Put(merged); err != nil {
			return err
		}
	}
	return saveBase()
}
