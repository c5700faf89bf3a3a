package journal

import (
	"strings"

	"candor/journal/internal/mdtext"
	"candor/journal/internal/searchindex"
	"candor/journal/internal/textindex"
)

// entryIndex is the journal's search index (package searchindex), which
// this file feeds with entries: their texts and their summaries, packed.
type entryIndex struct{ *searchindex.Index }

// entryTexts are the fields of an entry that search looks in. The body is
// searched as the reader sees it rendered, so every match can be shown in
// a snippet: a link's address or a ** is not a word of the entry.
func entryTexts(e *Entry) textindex.Texts {
	return textindex.Texts{e.Title, strings.Join(e.Tags, " "), e.Prompt, mdtext.PlainText(e.Body)}
}

// docOf packs what the index keeps of e: its summary and its tags.
func docOf(e *Entry) searchindex.Doc {
	s := SummaryOf(e)
	m := metaOf(&s)
	return searchindex.DocOf(e.ID, e.Date.DayNumber(), &m, e.Tags)
}

// summaryOfDoc unpacks the summary d holds.
func summaryOfDoc(d *searchindex.Doc) Summary {
	s := Summary{ID: d.ID, Date: DateFromDayNumber(d.Day)}
	m := d.Meta()
	s.setMeta(&m)
	return s
}

// put adds e, or replaces the entry with its ID.
func (x *entryIndex) put(e *Entry) { x.Put(entryTexts(e), docOf(e)) }

// remove drops the entry with id, if any.
func (x *entryIndex) remove(id ID) { x.Remove(id) }

// keepsDoc reports whether f keeps the entry d describes, whose summary
// is s.
func (f Filter) keepsDoc(d *searchindex.Doc, s Summary) bool {
	return f.keepsSummary(s) && (f.Tag == "" || d.HasTag(f.Tag))
}
