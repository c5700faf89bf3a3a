package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// Choices of the filter selects that keep everything.
const (
	anyArea   = "Any area"
	anyTag    = "Any tag"
	anyRating = "Any stars"
	noRating  = "No stars"
)

// filterPanel holds the Journal's filters: area, tag (with counts), stars and
// a date range. Every valid change calls OnChanged with the whole filter; a
// date that cannot be read is reported under the fields and not applied.
type filterPanel struct {
	area, tag, rating *widget.Select
	from, to          *widget.Entry
	problem           *widget.Label
	clear             *widget.Button
	content           *fyne.Container

	// tags maps the tag select's options to tags.
	tags map[string]string
	// quiet is set while the fields are set from code.
	quiet bool
	// OnChanged is called with the filter after a valid change.
	OnChanged func(journal.Filter)
}

func newFilterPanel() *filterPanel {
	p := &filterPanel{tags: map[string]string{}, quiet: true}
	defer func() { p.quiet = false }()
	areas := []string{anyArea}
	for _, a := range journal.Areas {
		areas = append(areas, areaTitle(a))
	}
	p.area = widget.NewSelect(areas, func(string) { p.changed() })
	p.area.SetSelected(anyArea)
	ratings := []string{anyRating}
	for n := 5; n >= 1; n-- {
		ratings = append(ratings, starText(n))
	}
	p.rating = widget.NewSelect(append(ratings, noRating), func(string) { p.changed() })
	p.rating.SetSelected(anyRating)
	p.tag = widget.NewSelect([]string{anyTag}, func(string) { p.changed() })
	p.tag.SetSelected(anyTag)
	p.from = widget.NewEntry()
	p.from.SetPlaceHolder("From YYYY-MM-DD")
	p.to = widget.NewEntry()
	p.to.SetPlaceHolder("To YYYY-MM-DD")
	p.from.OnChanged = func(string) { p.changed() }
	p.to.OnChanged = func(string) { p.changed() }
	p.problem = widget.NewLabel("")
	p.problem.Importance = widget.DangerImportance
	p.problem.Wrapping = fyne.TextWrapWord
	p.problem.Hide()
	p.clear = widget.NewButtonWithIcon("Clear filters", theme.ContentClearIcon(), func() { p.set(journal.Filter{}); p.changed() })
	p.content = container.NewVBox(
		container.NewGridWithColumns(2, p.area, p.rating),
		container.NewGridWithColumns(2, p.tag, p.clear),
		container.NewGridWithColumns(2, p.from, p.to),
		p.problem,
	)
	return p
}

// setTags fills the tag select with tags and their counts, keeping the
// chosen tag when it is still in use.
func (p *filterPanel) setTags(counts []journal.TagCount) {
	chosen := p.tags[p.tag.Selected]
	p.tags = map[string]string{}
	opts := []string{anyTag}
	keep := anyTag
	for _, c := range counts {
		o := fmt.Sprintf("%s (%d)", c.Tag, c.Count)
		p.tags[o] = c.Tag
		opts = append(opts, o)
		if chosen != "" && strings.EqualFold(c.Tag, chosen) {
			keep = o
		}
	}
	p.quiet = true
	p.tag.SetOptions(opts)
	p.tag.SetSelected(keep)
	p.quiet = false
	if keep == anyTag && chosen != "" {
		p.changed() // the tag chosen is no longer in use
	}
}

// set shows f in the fields without calling OnChanged.
func (p *filterPanel) set(f journal.Filter) {
	p.quiet = true
	defer func() { p.quiet = false }()
	p.area.SetSelected(anyArea)
	if f.Area != "" {
		p.area.SetSelected(areaTitle(f.Area))
	}
	switch {
	case f.Rating == journal.Unrated:
		p.rating.SetSelected(noRating)
	case f.Rating > 0:
		p.rating.SetSelected(starText(f.Rating))
	default:
		p.rating.SetSelected(anyRating)
	}
	p.tag.SetSelected(anyTag)
	for o, t := range p.tags {
		if f.Tag != "" && strings.EqualFold(t, f.Tag) {
			p.tag.SetSelected(o)
		}
	}
	p.from.SetText(dateText(f.From))
	p.to.SetText(dateText(f.To))
	p.problem.Hide()
}

func dateText(d journal.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// filter reads the fields; err says in one sentence what cannot be read.
func (p *filterPanel) filter() (journal.Filter, error) {
	var f journal.Filter
	for _, a := range journal.Areas {
		if p.area.Selected == areaTitle(a) {
			f.Area = a
		}
	}
	switch p.rating.Selected {
	case noRating:
		f.Rating = journal.Unrated
	case anyRating, "":
	default:
		f.Rating = strings.Count(p.rating.Selected, "★")
	}
	f.Tag = p.tags[p.tag.Selected]
	var err error
	if s := strings.TrimSpace(p.from.Text); s != "" {
		if f.From, err = journal.ParseDate(s); err != nil {
			return f, fmt.Errorf("the start date %s", describeBadDate(s))
		}
	}
	if s := strings.TrimSpace(p.to.Text); s != "" {
		if f.To, err = journal.ParseDate(s); err != nil {
			return f, fmt.Errorf("the end date %s", describeBadDate(s))
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return f, errors.New("the end date is before the start date")
	}
	return f, nil
}

func describeBadDate(s string) string {
	if len(s) < 10 {
		return "is not complete yet (write it as YYYY-MM-DD)"
	}
	return "is not a day of the form YYYY-MM-DD"
}

// changed applies the fields when they are valid.
func (p *filterPanel) changed() {
	if p.quiet {
		return
	}
	f, err := p.filter()
	if err != nil {
		p.problem.SetText(journal.Sentence(err))
		p.problem.Show()
		return
	}
	p.problem.Hide()
	if p.OnChanged != nil {
		p.OnChanged(f)
	}
}

// describe names f in a few words for the line over the list; rangeLabel,
// when set, names its date range.
func describe(f journal.Filter, rangeLabel string) string {
	var parts []string
	switch {
	case rangeLabel != "":
		parts = append(parts, rangeLabel)
	case !f.From.IsZero() && f.From == f.To:
		parts = append(parts, longDate(f.From))
	case !f.From.IsZero() && !f.To.IsZero():
		parts = append(parts, f.From.String()+" to "+f.To.String())
	case !f.From.IsZero():
		parts = append(parts, "from "+f.From.String())
	case !f.To.IsZero():
		parts = append(parts, "until "+f.To.String())
	}
	if f.Area != "" {
		parts = append(parts, areaTitle(f.Area))
	}
	if f.Tag != "" {
		parts = append(parts, "tag "+f.Tag)
	}
	switch {
	case f.Rating == journal.Unrated:
		parts = append(parts, "no stars")
	case f.Rating > 0:
		parts = append(parts, starText(f.Rating))
	}
	return strings.Join(parts, " · ")
}
