package ui

import (
	"fmt"
	"time"

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
		p.results = nil
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
		p.results = hits
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
	})
}

func (p *searchPanel) openFirst() {
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
	title := widget.NewRichText()
	title.Truncation = fyne.TextTruncateEllipsis
	snip := widget.NewRichText()
	snip.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, bar, nil, container.NewVBox(title, snip))
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
		title, marks = h.Entry.Headline(60), nil
	}
	box.Objects[0].(*widget.RichText).Segments = marked(h.Entry.Date.String()+"  ", title, marks, true)
	box.Objects[0].(*widget.RichText).Refresh()
	box.Objects[1].(*widget.RichText).Segments = marked("", h.Snippet, h.SnippetMarks, false)
	box.Objects[1].(*widget.RichText).Refresh()
	p.list.SetItemHeight(id, box.MinSize().Height+theme.Padding())
}

// marked turns text and its marked rune spans into rich-text segments, the
// marks bold in the primary colour.
func marked(lead, text string, marks []journal.Span, strong bool) []widget.RichTextSegment {
	plain := widget.RichTextStyleInline
	if strong {
		plain = widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Bold: true}}
	} else {
		plain.SizeName = theme.SizeNameCaptionText
	}
	hi := plain
	hi.TextStyle = fyne.TextStyle{Bold: true}
	hi.ColorName = theme.ColorNamePrimary
	var segs []widget.RichTextSegment
	if lead != "" {
		segs = append(segs, &widget.TextSegment{Text: lead, Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Monospace: true}}})
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

func (p *searchPanel) wipe() {
	p.gen++
	p.field.SetText("")
	p.results = nil
	p.list.Refresh()
	p.status.SetText("")
}
