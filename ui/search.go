package ui

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// searchDelay debounces typing: a search starts once typing pauses this long.
const searchDelay = 120 * time.Millisecond

// maxResults bounds what the results list shows.
const maxResults = 200

// searchPanel is the search field over the Journal and its results list.
type searchPanel struct {
	s       *journalScreen
	field   *shortcutEntry
	results []journal.Hit
	list    *widget.List
	status  *widget.Label
	// gen numbers queries; a result is shown only if no newer query started.
	gen int
	// shown is the gen of the results on show; openAfter asks the search
	// under way to open its first result (Enter pressed before it came).
	shown     int
	openAfter bool
}

func newSearchPanel(s *journalScreen) *searchPanel {
	p := &searchPanel{s: s}
	p.field = newShortcutEntry(s.d.keys, false, false)
	p.field.SetPlaceHolder("Search your journal (Ctrl+F)")
	p.field.ActionItem = widget.NewIcon(theme.SearchIcon())
	p.field.OnChanged = p.onChanged
	p.field.OnSubmitted = func(string) { p.openFirst() }
	p.field.onEscape = p.clear
	p.status = widget.NewLabel("")
	p.list = widget.NewList(func() int { return len(p.results) }, p.createRow, p.updateRow)
	p.list.OnSelected = func(id widget.ListItemID) {
		if id < len(p.results) && !p.s.syncing {
			p.s.openEntry(p.results[id].Entry.ID)
		}
	}
	return p
}

func (p *searchPanel) onChanged(q string) {
	p.s.d.touch()
	p.gen++
	gen := p.gen
	if q == "" {
		p.results, p.shown = nil, gen
		p.list.Refresh()
		p.s.showSearch(false)
		return
	}
	p.s.showSearch(true)
	p.s.d.bg.after(searchDelay, func() {
		if gen == p.gen {
			p.run(gen, q)
		}
	})
}

// run searches off the UI thread; a stale answer is dropped.
func (p *searchPanel) run(gen int, q string) {
	j := p.s.d.journal()
	if j == nil {
		return
	}
	var hits []journal.Hit
	var err error
	filter := p.s.filter
	p.s.d.bg.run(func() { hits, err = j.SearchWhere(q, maxResults, filter) }, func() {
		if gen != p.gen {
			return // the user typed on; a newer search is coming
		}
		if err != nil && err != journal.ErrEmptyQuery {
			p.s.d.dlg.showError(err)
			return
		}
		p.results, p.shown = hits, gen
		p.list.UnselectAll()
		p.list.Refresh()
		p.list.ScrollToTop()
		p.s.resultsShown()
		switch len(hits) {
		case 0:
			p.status.SetText("No entry matches.")
		case 1:
			p.status.SetText("1 match.")
		case maxResults:
			p.status.SetText("The first 200 matches.")
		default:
			p.status.SetText(fmt.Sprintf("%d matches.", len(hits)))
		}
		if p.openAfter {
			p.openAfter = false
			p.openFirst()
		}
	})
}

// openFirst opens the first result (Enter). When the results on show are
// those of an earlier query, it searches for what is typed now at once, and
// opens the first result of that.
func (p *searchPanel) openFirst() {
	if p.shown != p.gen {
		if q := p.field.Text; q != "" {
			p.openAfter = true
			p.run(p.gen, q)
		}
		return
	}
	if len(p.results) > 0 {
		p.list.Select(0)
	}
}

// clear empties the field and returns to the full list (Esc).
func (p *searchPanel) clear() {
	p.field.SetText("")
}

func (p *searchPanel) createRow() fyne.CanvasObject {
	bar := canvas.NewRectangle(areaColour(""))
	bar.SetMinSize(fyne.NewSize(5, 5))
	title := newClippedLine()
	tags := widget.NewRichText()
	tags.Wrapping = fyne.TextWrapWord
	snip := widget.NewRichText()
	snip.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, bar, nil, container.NewVBox(title, tags, snip))
}

func (p *searchPanel) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.results) {
		return
	}
	h := p.results[id]
	c := o.(*fyne.Container)
	box := c.Objects[0].(*fyne.Container)
	bar := c.Objects[1].(*canvas.Rectangle)
	bar.FillColor = areaColour(h.Entry.Area)
	bar.Refresh()
	title := h.Entry.Title
	marks := h.TitleMarks
	if title == "" {
		title, marks = h.Entry.Headline(200), nil
	}
	box.Objects[0].(*clippedLine).SetText(h.Entry.Date.String()+"  ", title, marks)
	tags := box.Objects[1].(*widget.RichText)
	tags.Segments = tagSegments(h.Entry.Tags, h.TagMarks)
	if len(tags.Segments) == 0 {
		tags.Hide()
	} else {
		tags.Show()
	}
	tags.Refresh()
	lead := ""
	if h.SnippetFromPrompt {
		lead = "Prompt: "
	}
	snip := box.Objects[2].(*widget.RichText)
	snip.Segments = marked(lead, h.Snippet, h.SnippetMarks, false)
	if lead != "" {
		snip.Segments[0] = &widget.TextSegment{Text: lead, Style: widget.RichTextStyle{Inline: true, SizeName: theme.SizeNameCaptionText, TextStyle: fyne.TextStyle{Italic: true}}}
	}
	snip.Refresh()
	p.list.SetItemHeight(id, box.MinSize().Height+theme.Padding())
}

// tagSegments shows tags as "#tag", the matched runes of each (marks[i],
// for tags[i]) bold in the primary colour; nothing when there is no tag.
func tagSegments(tags []string, marks [][]journal.Span) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	for i, tag := range tags {
		var m []journal.Span
		if i < len(marks) {
			m = marks[i]
		}
		sep := "#"
		if i > 0 {
			sep = "   #"
		}
		segs = append(segs, &widget.TextSegment{Text: sep, Style: captionStyle()})
		segs = append(segs, marked("", tag, m, false)...)
	}
	return segs
}

// captionStyle is small inline text.
func captionStyle() widget.RichTextStyle {
	s := widget.RichTextStyleInline
	s.SizeName = theme.SizeNameCaptionText
	return s
}

// marked turns text and its marked rune spans into rich-text segments, the
// marks bold in the primary colour.
func marked(lead, text string, marks []journal.Span, strong bool) []widget.RichTextSegment {
	plain := captionStyle()
	if strong {
		plain = widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Bold: true}}
	}
	hi := plain
	hi.TextStyle = fyne.TextStyle{Bold: true}
	hi.ColorName = theme.ColorNamePrimary
	var segs []widget.RichTextSegment
	if lead != "" {
		segs = append(segs, &widget.TextSegment{Text: lead, Style: leadStyle})
	}
	r := []rune(text)
	last := 0
	for _, m := range marks {
		if m.Start < last || m.End > len(r) || m.Start >= m.End {
			continue
		}
		if m.Start > last {
			segs = append(segs, &widget.TextSegment{Text: string(r[last:m.Start]), Style: plain})
		}
		segs = append(segs, &widget.TextSegment{Text: string(r[m.Start:m.End]), Style: hi})
		last = m.End
	}
	if last < len(r) {
		segs = append(segs, &widget.TextSegment{Text: string(r[last:]), Style: plain})
	}
	return segs
}

// leadStyle is the date before a result's title.
var leadStyle = widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Monospace: true}}

// clippedLine is one line of a result: a lead (the date) and a bold title
// with marked runes. A title too wide for the line is cut at the last word
// that fits, with an ellipsis, never in the middle of a word (unless its
// first word alone is too wide); the marks stay on the runes they mark.
type clippedLine struct {
	widget.BaseWidget
	lead, text string
	marks      []journal.Span
	rt         *widget.RichText
	fitted     float32 // the width rt's segments were cut for
}

func newClippedLine() *clippedLine {
	c := &clippedLine{rt: widget.NewRichText()}
	c.ExtendBaseWidget(c)
	return c
}

// SetText shows lead and text with text's marked runes, cut to the width.
func (c *clippedLine) SetText(lead, text string, marks []journal.Span) {
	c.lead, c.text, c.marks = lead, text, marks
	c.fitted = -1
	c.fit(c.Size().Width)
}

// fit cuts the text for width w.
func (c *clippedLine) fit(w float32) {
	if w == c.fitted {
		return
	}
	c.fitted = w
	size := theme.Size(theme.SizeNameText)
	avail := w - 2*theme.InnerPadding() - 1 // a pixel spare for rounding
	leadW := fyne.MeasureText(c.lead, size, leadStyle.TextStyle).Width
	bold := fyne.TextStyle{Bold: true}
	cut := clipWords(c.text, func(s string) bool {
		return leadW+fyne.MeasureText(s, size, bold).Width <= avail
	})
	text, marks := c.text, c.marks
	if r := []rune(c.text); cut < len(r) {
		text = string(r[:cut]) + "…"
		marks = nil
		for _, m := range c.marks {
			if m.Start < cut {
				marks = append(marks, journal.Span{Start: m.Start, End: min(m.End, cut)})
			}
		}
	}
	c.rt.Segments = marked(c.lead, text, marks, true)
	c.rt.Refresh()
}

// clipWords returns how many runes of text to keep so that they, with an
// ellipsis when cut, fit: all of it when it fits, else the words up to the
// last that fits (trailing spaces and punctuation before the cut dropped),
// else as many runes of the first word as fit, at least one.
func clipWords(text string, fits func(string) bool) int {
	r := []rune(text)
	if fits(text) {
		return len(r)
	}
	// Word ends, in order: where a space follows a non-space.
	var ends []int
	for i := 1; i < len(r); i++ {
		if unicode.IsSpace(r[i]) && !unicode.IsSpace(r[i-1]) {
			ends = append(ends, trimCut(r, i))
		}
	}
	// The longest run of words that fits, by binary search: the width
	// grows with the cut.
	k := sort.Search(len(ends), func(i int) bool { return !fits(string(r[:ends[i]]) + "…") })
	if k > 0 {
		return ends[k-1]
	}
	n := sort.Search(len(r), func(i int) bool { return !fits(string(r[:i+1]) + "…") })
	return max(1, n)
}

// trimCut moves a cut before r[i] back over spaces and over punctuation
// that would dangle before the ellipsis ("Plans, …").
func trimCut(r []rune, i int) int {
	for i > 1 && (unicode.IsSpace(r[i-1]) || strings.ContainsRune(",;:–—-", r[i-1])) {
		i--
	}
	return i
}

func (c *clippedLine) CreateRenderer() fyne.WidgetRenderer {
	return &clippedRenderer{c: c}
}

type clippedRenderer struct{ c *clippedLine }

func (r *clippedRenderer) Layout(size fyne.Size) {
	r.c.fit(size.Width)
	r.c.rt.Resize(size)
}

// MinSize is one line tall and narrow: the line cuts its text to fit.
func (r *clippedRenderer) MinSize() fyne.Size {
	h := r.c.rt.MinSize().Height
	return fyne.NewSize(4*theme.InnerPadding(), h)
}

func (r *clippedRenderer) Refresh() {
	r.c.fitted = -1
	r.c.fit(r.c.Size().Width)
	r.Layout(r.c.Size())
}

func (r *clippedRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.c.rt} }

func (r *clippedRenderer) Destroy() {}

func (p *searchPanel) wipe() {
	p.gen++
	p.field.SetText("")
	p.results, p.shown, p.openAfter = nil, p.gen, false
	p.list.Refresh()
	p.status.SetText("")
}
