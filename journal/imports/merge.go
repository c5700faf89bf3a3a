package imports

import (
	"reflect"
	"slices"
	"strings"
	"time"

	"candor/journal"
)

// mergeFields merges, field by field, the entry in Candor (cur) with the
// source's version now (theirs), given the source's version at the last
// import (base; nil when unknown, and then any difference is a clash). It
// returns the merged entry and the names of the fields changed on both
// sides, where cur's value stays.
func mergeFields(base *journal.Entry, cur, theirs journal.Entry, fields Fields) (journal.Entry, []string) {
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
func mergeTags(base *journal.Entry, cur, theirs []string) []string {
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
	get  func(*journal.Entry) any
	set  func(dst, src *journal.Entry)
}{
	{FieldTitle, "title", func(e *journal.Entry) any { return e.Title }, func(d, s *journal.Entry) { d.Title = s.Title }},
	{FieldBody, "body", func(e *journal.Entry) any { return e.Body }, func(d, s *journal.Entry) { d.Body = s.Body }},
	{FieldDate, "date", func(e *journal.Entry) any { return e.Date }, func(d, s *journal.Entry) { d.Date = s.Date }},
	{FieldTimes, "created", func(e *journal.Entry) any { return e.Created }, func(d, s *journal.Entry) { d.Created = s.Created }},
	{FieldArea, "area", func(e *journal.Entry) any { return e.Area }, func(d, s *journal.Entry) { d.Area = s.Area }},
	{FieldRating, "rating", func(e *journal.Entry) any { return e.Rating }, func(d, s *journal.Entry) { d.Rating = s.Rating }},
	{FieldRole, "role", func(e *journal.Entry) any { return e.Role }, func(d, s *journal.Entry) { d.Role = s.Role }},
	{FieldTags, "tags", func(e *journal.Entry) any { return e.Tags }, func(d, s *journal.Entry) { d.Tags = s.Tags }},
	{FieldPrompt, "prompt", func(e *journal.Entry) any { return [2]string{e.PromptID, e.Prompt} }, func(d, s *journal.Entry) { d.PromptID, d.Prompt = s.PromptID, s.Prompt }},
	{FieldCoaching, "next step or decision", func(e *journal.Entry) any {
		return []any{e.Kind, e.NextStep, e.CheckOn, e.Decision, confidence(e), e.ReviewOn, e.Follows, e.Outcome}
	}, func(d, s *journal.Entry) {
		d.Kind, d.NextStep, d.CheckOn, d.Decision, d.Confidence = s.Kind, s.NextStep, s.CheckOn, s.Decision, s.Confidence
		d.ReviewOn, d.Follows, d.Outcome = s.ReviewOn, s.Follows, s.Outcome
	}},
}

// confidence is e's confidence, -1 for none.
func confidence(e *journal.Entry) int {
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
func sameSource(a, b journal.Entry, fields Fields) bool {
	for _, f := range fieldList {
		if fields&f.bit != 0 && !reflect.DeepEqual(f.get(&a), f.get(&b)) {
			return false
		}
	}
	return true
}

// withoutForeign clears what a source without the field cannot have set.
func withoutForeign(e journal.Entry, fields Fields) journal.Entry {
	var zero journal.Entry
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
