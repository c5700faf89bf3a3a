package journal

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// StableID derives an entry ID from where an entry came from, so importing
// the same source twice finds the same entries.
func StableID(parts ...string) ID {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	var id ID
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
	Entry Entry
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
	Legacy ID
}

// ConflictTag marks the copy of a source's version that an import kept
// beside an entry changed on both sides.
const ConflictTag = "import-conflict"

// ImportConflict is an entry that both the source and the user changed
// since the last import: the user's version stays, the source's is kept as
// a copy (CopyID) tagged ConflictTag.
type ImportConflict struct {
	ID, CopyID ID
	Date       Date
	Title      string
	// Fields names the fields changed on both sides.
	Fields []string
}

// ImportSummary says what an import did, or would do (a dry run).
type ImportSummary struct {
	Imported, Updated, Unchanged int
	// Kept counts entries deleted in Candor that the source still has,
	// unchanged: they stay deleted.
	Kept      int
	Conflicts []ImportConflict
}

// ImportOptions set an import.
type ImportOptions struct {
	// DryRun works out the summary and writes nothing.
	DryRun bool
	// Progress, if set, is called with the number of entries done.
	Progress func(done int)
}

// MaxImportFileBytes bounds one source file of an import; importers report
// a bigger one instead of reading it.
const MaxImportFileBytes = 4 << 20

// MaxImportBytes bounds everything one import reads, over all its files.
const MaxImportBytes = 1 << 30

// provKey is where the source's version of an imported entry, as of the
// last import, is kept (sealed): the base of the next import's merge.
func provKey(id ID) []byte { return append([]byte{kindProv}, id[:]...) }

// Import stores entries of Candor's own export (with their IDs and times):
// ImportFrom with every field from the source.
func (j *Journal) Import(entries []Entry, progress func(done int)) (ImportSummary, error) {
	items := make([]Incoming, len(entries))
	for i, e := range entries {
		items[i] = Incoming{Entry: e}
	}
	return j.ImportFrom(items, ImportOptions{Progress: progress})
}

// ImportFrom stores entries read from an export or another tool. A new
// entry is added. For one imported before, the source's version now, the
// source's version at the last import and the entry in Candor are merged
// field by field: a field the source changed is taken, unless the user
// changed it too (a conflict: the user's value stays and the source's
// version is kept as a copy tagged ConflictTag); tags merge as sets; fields
// the source does not hold stay Candor's. An entry of Candor's own export
// (no Source) replaces the stored one only when its Updated time is later;
// when the stored one is later and differs, it is a conflict. Entries are
// validated before anything is written; each batch of about 512 KiB is one
// transaction, so a cut-short import leaves whole entries, and running it
// again completes it.
func (j *Journal) ImportFrom(items []Incoming, opt ImportOptions) (ImportSummary, error) {
	var sum ImportSummary
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
	// The search index is written into the journal once, at the end, not
	// every few hundred entries.
	j.bulk.Add(1)
	defer j.bulk.Add(-1)
	changed := 0
	defer func() {
		if changed >= 256 {
			j.storeIndexAfterBulk()
		}
	}()
	const batchBytes = 512 << 10
	for start := 0; start < len(items); {
		end, size := start, 0
		for end < len(items) && (end == start || size+2*len(items[end].Entry.Body)+2048 < batchBytes) {
			size += 2*len(items[end].Entry.Body) + 2048
			end++
		}
		var written []Entry
		var s ImportSummary
		apply := func(txn *badger.Txn) error {
			s, written = ImportSummary{}, nil
			for i := start; i < end; i++ {
				w, err := j.importOne(txn, items[i], &s, opt.DryRun)
				if err != nil {
					return err
				}
				written = append(written, w...)
			}
			return nil
		}
		var err error
		if opt.DryRun {
			err = j.view(apply)
		} else {
			err = j.change(apply, func(x *entryIndex) {
				for i := range written {
					x.put(&written[i])
				}
			})
		}
		if err != nil {
			return sum, err
		}
		changed += len(written)
		sum.Imported += s.Imported
		sum.Updated += s.Updated
		sum.Unchanged += s.Unchanged
		sum.Kept += s.Kept
		sum.Conflicts = append(sum.Conflicts, s.Conflicts...)
		start = end
		if opt.Progress != nil {
			opt.Progress(start)
		}
	}
	return sum, nil
}

// importOne merges one incoming entry in txn, counts it in s and returns
// the entries written (none in a dry run).
func (j *Journal) importOne(txn *badger.Txn, in Incoming, s *ImportSummary, dry bool) ([]Entry, error) {
	src := in.Entry // as the source has it: the next import's base
	theirs := src
	cur, err := j.getEntry(txn, theirs.ID)
	if errors.Is(err, ErrNotFound) && !in.Legacy.IsZero() {
		if old, lerr := j.getEntry(txn, in.Legacy); lerr == nil {
			cur, err = old, nil
			theirs.ID, src.ID = old.ID, old.ID
		} else if !errors.Is(lerr, ErrNotFound) {
			return nil, lerr
		}
	}
	found := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	var base *Entry
	if in.Source != "" {
		if base, err = j.getProv(txn, theirs.ID); err != nil {
			return nil, err
		}
	}
	var out []Entry
	put := func(e Entry) error {
		if dry {
			return nil
		}
		if found && e.ID == cur.ID && e.Date != cur.Date {
			if err := txn.Delete(dateKey(cur.Date, cur.ID)); err != nil {
				return err
			}
		}
		out = append(out, e)
		return j.putEntry(txn, &e)
	}
	saveBase := func() error {
		if dry || in.Source == "" || (base != nil && reflect.DeepEqual(*base, src)) {
			return nil
		}
		return j.putProv(txn, src)
	}
	if theirs.Created.IsZero() {
		theirs.Created = j.now()
	}
	if theirs.Updated.IsZero() || theirs.Updated.Before(theirs.Created) {
		theirs.Updated = theirs.Created
	}
	switch {
	case !found && base != nil && sameSource(*base, theirs, in.Fields):
		s.Kept++ // deleted in Candor; the source has not changed since
		return nil, nil
	case !found:
		if in.Source != "" {
			theirs = withoutForeign(theirs, in.Fields)
		}
		s.Imported++
		if err := put(theirs); err != nil {
			return nil, err
		}
		return out, saveBase()
	}
	var merged Entry
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
				merged.Updated = j.now()
			}
		}
	}
	if len(clash) > 0 {
		cp := theirs
		cp.ID = StableID("import-conflict", cur.ID.String(), fmt.Sprintf("%x", sha256.Sum256(encodeEntry(&theirs))))
		cp.Tags = append(slices.Clone(theirs.Tags), ConflictTag)
		cp.Normalize()
		if _, err := j.getEntry(txn, cp.ID); errors.Is(err, ErrNotFound) {
			if err := put(cp); err != nil {
				return nil, err
			}
		} else if err != nil {
			return nil, err
		}
		s.Conflicts = append(s.Conflicts, ImportConflict{ID: cur.ID, CopyID: cp.ID, Date: cur.Date, Title: cur.Title, Fields: clash})
	}
	switch {
	case reflect.DeepEqual(merged, cur):
		s.Unchanged++
	default:
		s.Updated++
		if err := put(merged); err != nil {
			return nil, err
		}
	}
	return out, saveBase()
}

// mergeFields merges, field by field, the entry in Candor (cur) with the
// source's version now (theirs), given the source's version at the last
// import (base; nil when unknown, and then any difference is a clash). It
// returns the merged entry and the names of the fields changed on both
// sides, where cur's value stays.
func mergeFields(base *Entry, cur, theirs Entry, fields Fields) (Entry, []string) {
	out := cur
	var clash []string
	for _, f := range fieldList {
		if fields&f.bit == 0 {
			continue
		}
		if f.bit == FieldTags {
			out.Tags = mergeTags(base, cur.Tags, theirs.Tags)
			continue
		}
		t, c := f.get(&theirs), f.get(&cur)
		switch {
		case reflect.DeepEqual(t, c):
		case f.bit == FieldTimes:
			// Candor never edits when an entry was written: the source
			// knows best (older versions read some times in the wrong zone).
			f.set(&out, &theirs)
		case base != nil && reflect.DeepEqual(t, f.get(base)):
			// The source did not change it: Candor's value stays.
		case base != nil && reflect.DeepEqual(c, f.get(base)):
			f.set(&out, &theirs)
		case base == nil && looselyEqual(t, c):
			// No earlier version to go by (an entry imported by an older
			// Candor): a difference in spacing only is the reader's.
			f.set(&out, &theirs)
		default:
			clash = append(clash, f.name)
		}
	}
	return out, clash
}

// mergeTags keeps the tags in Candor, adds those the source added since the
// last import and drops those it removed. Without a base, the source's
// tags are added to Candor's.
func mergeTags(base *Entry, cur, theirs []string) []string {
	has := func(list []string, t string) bool {
		return slices.IndexFunc(list, func(x string) bool { return strings.EqualFold(x, t) }) >= 0
	}
	out := []string{}
	for _, t := range cur {
		if base != nil && has(base.Tags, t) && !has(theirs, t) {
			continue // removed in the source
		}
		out = append(out, t)
	}
	for _, t := range theirs {
		if !has(out, t) && (base == nil || !has(base.Tags, t) || has(cur, t)) {
			out = append(out, t)
		}
	}
	return out
}

// fieldList gets and sets each field of an import source.
var fieldList = []struct {
	bit  Fields
	name string
	get  func(*Entry) any
	set  func(dst, src *Entry)
}{
	{FieldTitle, "title", func(e *Entry) any { return e.Title }, func(d, s *Entry) { d.Title = s.Title }},
	{FieldBody, "body", func(e *Entry) any { return e.Body }, func(d, s *Entry) { d.Body = s.Body }},
	{FieldDate, "date", func(e *Entry) any { return e.Date }, func(d, s *Entry) { d.Date = s.Date }},
	{FieldTimes, "created", func(e *Entry) any { return e.Created }, func(d, s *Entry) { d.Created = s.Created }},
	{FieldArea, "area", func(e *Entry) any { return e.Area }, func(d, s *Entry) { d.Area = s.Area }},
	{FieldRating, "rating", func(e *Entry) any { return e.Rating }, func(d, s *Entry) { d.Rating = s.Rating }},
	{FieldRole, "role", func(e *Entry) any { return e.Role }, func(d, s *Entry) { d.Role = s.Role }},
	{FieldTags, "tags", func(e *Entry) any { return e.Tags }, func(d, s *Entry) { d.Tags = s.Tags }},
	{FieldPrompt, "prompt", func(e *Entry) any { return [2]string{e.PromptID, e.Prompt} }, func(d, s *Entry) { d.PromptID, d.Prompt = s.PromptID, s.Prompt }},
	{FieldCoaching, "next step or decision", func(e *Entry) any {
		return []any{e.Kind, e.NextStep, e.CheckOn, e.Decision, confidence(e), e.ReviewOn, e.Follows, e.Outcome}
	}, func(d, s *Entry) {
		d.Kind, d.NextStep, d.CheckOn, d.Decision, d.Confidence = s.Kind, s.NextStep, s.CheckOn, s.Decision, s.Confidence
		d.ReviewOn, d.Follows, d.Outcome = s.ReviewOn, s.Follows, s.Outcome
	}},
}

// confidence is e's confidence, -1 for none.
func confidence(e *Entry) int {
	if e.Confidence == nil {
		return -1
	}
	return *e.Confidence
}

// looselyEqual reports whether two field values differ at most in the
// spaces and line breaks around text.
func looselyEqual(a, b any) bool {
	x, ok1 := a.(string)
	y, ok2 := b.(string)
	return ok1 && ok2 && strings.TrimSpace(x) == strings.TrimSpace(y)
}

// sameSource reports whether a and b agree on every field of fields.
func sameSource(a, b Entry, fields Fields) bool {
	for _, f := range fieldList {
		if fields&f.bit != 0 && !reflect.DeepEqual(f.get(&a), f.get(&b)) {
			return false
		}
	}
	return true
}

// withoutForeign clears what a source without the field cannot have set.
func withoutForeign(e Entry, fields Fields) Entry {
	var zero Entry
	for _, f := range fieldList {
		if fields&f.bit == 0 && f.bit != FieldDate && f.bit != FieldTimes {
			f.set(&e, &zero)
		}
	}
	if e.Tags == nil {
		e.Tags = []string{}
	}
	return e
}

// later returns the later of two times.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func (j *Journal) getProv(txn *badger.Txn, id ID) (*Entry, error) {
	k := provKey(id)
	it, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var e Entry
	err = it.Value(func(v []byte) error {
		plain, err := j.open(v, k)
		if err != nil {
			return fmt.Errorf("%w: the import record of entry %s failed its integrity check", ErrDamaged, id)
		}
		return decodeEntry(plain, &e)
	})
	if e.Tags == nil {
		e.Tags = []string{}
	}
	return &e, err
}

func (j *Journal) putProv(txn *badger.Txn, e Entry) error {
	plain := encodeEntry(&e)
	k := provKey(e.ID)
	v, err := j.sealValue(plain, k)
	clear(plain)
	if err != nil {
		return err
	}
	return txn.Set(k, v)
}

// ImportSource is what an importer read from a source: the entries, the
// files it skipped on purpose (a note with no date anywhere), and the files
// it could not read (a broken front matter, an impossible date). Problems
// stop an import unless the user asks to import the rest.
type ImportSource struct {
	Items    []Incoming
	Skipped  []*ImportProblem
	Problems []*ImportProblem
}
