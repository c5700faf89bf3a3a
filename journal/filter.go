package journal

import (
	"bytes"
	"cmp"
	"errors"
	"sort"
	"strings"

	"candor/journal/internal/searchindex"
	"candor/journal/internal/sortx"
)

// Unrated is the Filter.Rating that keeps only entries without stars.
const Unrated = -1

// Filter narrows a listing of entries by date, area, tag and rating. The
// zero Filter keeps every entry.
type Filter struct {
	// From and To bound the entry date, both inclusive; zero means open.
	From, To Date
	// Area, when set, keeps entries of that area only.
	Area Area
	// Tag, when set, keeps entries carrying that tag (any letter case).
	Tag string
	// Rating, from 1 to 5, keeps entries of exactly that many stars;
	// Unrated keeps entries without stars; zero keeps every rating.
	Rating int
}

// IsZero reports whether f keeps every entry.
func (f Filter) IsZero() bool {
	return f.From.IsZero() && f.To.IsZero() && f.Area == "" && f.Tag == "" && f.Rating == 0
}

// check returns an error when f cannot select anything sensibly.
func (f Filter) check() error {
	if !f.From.IsZero() && !f.From.Valid() || !f.To.IsZero() && !f.To.Valid() {
		return errors.New("the date range is not valid")
	}
	if f.Rating < Unrated || f.Rating > 5 {
		return errors.New("the rating filter must be from 1 to 5 stars, or unrated")
	}
	return nil
}

// keepsSummary tests everything but the tag.
func (f Filter) keepsSummary(s Summary) bool {
	if !f.From.IsZero() && s.Date.Before(f.From) || !f.To.IsZero() && s.Date.After(f.To) {
		return false
	}
	if f.Area != "" && s.Area != f.Area {
		return false
	}
	switch {
	case f.Rating == Unrated:
		return s.Rating == 0
	case f.Rating > 0:
		return s.Rating == f.Rating
	}
	return true
}

// Keeps reports whether f keeps e.
func (f Filter) Keeps(e *Entry) bool {
	s := SummaryOf(e)
	return f.keepsSummary(s) && (f.Tag == "" || e.HasTag(f.Tag))
}

// Matching returns the summaries of the entries f keeps, oldest first (by
// date, then ID), without any text. When the search index is built (the app
// builds it at unlock) it decrypts nothing; else it reads the date index,
// and, only when f names a tag, the entries in f's date range.
func (j *Journal) Matching(f Filter) ([]Summary, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	var out []Summary
	if x := j.currentIndex(); x != nil {
		x.Each(func(d *searchindex.Doc) {
			if s := summaryOfDoc(d); f.keepsDoc(d, s) {
				out = append(out, s)
			}
		})
		sortSummaries(out)
		return out, nil
	}
	if f.Tag == "" {
		err := j.Summaries(f.From, f.To, func(s Summary) error {
			if f.keepsSummary(s) {
				out = append(out, s)
			}
			return nil
		})
		sortSummaries(out)
		return out, err
	}
	err := j.Each(Query{From: f.From, To: f.To, Area: f.Area, Tag: f.Tag}, func(e Entry) error {
		if f.Keeps(&e) {
			out = append(out, SummaryOf(&e))
		}
		return nil
	})
	sortSummaries(out)
	return out, err
}

// sortSummaries orders summaries oldest first: by date, then by when they
// were written, then by ID.
func sortSummaries(s []Summary) { sortx.Sort(s, summaryCmp) }

// summaryCmp is the order of sortSummaries. Valid dates order by their
// fields as by their day numbers, which cost a calendar conversion each.
func summaryCmp(a, b *Summary) int {
	if a.Date != b.Date {
		return cmp.Or(cmp.Compare(a.Date.Year, b.Date.Year), cmp.Compare(a.Date.Month, b.Date.Month), cmp.Compare(a.Date.Day, b.Date.Day))
	}
	return cmp.Or(a.Created.Compare(b.Created), bytes.Compare(a.ID[:], b.ID[:]))
}

// TagCount is a tag and the number of entries that carry it.
type TagCount struct {
	Tag   string
	Count int
}

// TagCounts returns every tag in use with the number of entries carrying
// it, most used first, then in alphabetical order. Tags that differ only in
// letter case are one tag, spelt as its alphabetically first spelling. It
// uses the search index when built, else reads every entry.
func (j *Journal) TagCounts() ([]TagCount, error) {
	counts := map[string]*TagCount{}
	add := func(tags []string) {
		for _, t := range tags {
			k := strings.ToLower(t)
			c := counts[k]
			if c == nil {
				c = &TagCount{Tag: t}
				counts[k] = c
			} else if t < c.Tag {
				c.Tag = t
			}
			c.Count++
		}
	}
	if x := j.currentIndex(); x != nil {
		x.Each(func(d *searchindex.Doc) { add(d.Tags) })
	} else if err := j.Scan(func(e Entry) error { add(e.Tags); return nil }); err != nil {
		return nil, err
	}
	out := make([]TagCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Count != out[b].Count {
			return out[a].Count > out[b].Count
		}
		return strings.ToLower(out[a].Tag) < strings.ToLower(out[b].Tag)
	})
	return out, nil
}

// SearchWhere is Search restricted to the entries f keeps: it returns the
// best limit hits among them, best first. A zero f is plain Search.
func (j *Journal) SearchWhere(query string, limit int, f Filter) ([]Hit, error) {
	if f.IsZero() {
		return j.Search(query, limit)
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return j.search(query, limit, f)
}
