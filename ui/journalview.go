package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// undoFor is how long a deleted entry can be brought back.
const undoFor = 8 * time.Second

// pageSize is how many entries are read per step as the list scrolls.
const pageSize = 200

// row is one line of the journal list: a month heading or an entry.
type row struct {
	month   string // set for headings
	id      journal.ID
	date    journal.Date
	area    journal.Area
	rating  int
	heading string
}

// journalScreen lists every entry, newest first and grouped by month, in a
// virtualised list, and shows the selected one rendered with Edit and
// Delete.
type journalScreen struct {
	d       journalDeps
	content fyne.CanvasObject

	rows   []row
	list   *widget.List
	count  *widget.Label
	detail *widget.RichText
	meta   *widget.Label
	// metaTags and metaPrompt show the selected entry's tags and prompt.
	metaTags, metaPrompt *widget.Label
	edit                 *widget.Button
	del                  *widget.Button
	undoBar              *fyne.Container
	undoMsg              *widget.Label
	undo                 *widget.Button

	selected *journal.Entry
	deleted  *journal.Entry

	header  *fyne.Container // meta lines and buttons
	right   *fyne.Container // header over the rendered entry
	search  *searchPanel
	openGen int // numbers entry opens; only the latest shows
	// filterFrom..filterTo narrow the list (from Progress); zero: no filter.
	filterFrom, filterTo journal.Date
	filterBar            *fyne.Container
	filterLabel          *widget.Label
	listView, searchView *fyne.Container

	// Paging state: the cursor after the last row read, whether more
	// entries exist, and whether a page is being read.
	after       *journal.Cursor
	more        bool
	loadingPage bool
	lastMonth   string
	// generation invalidates loads started before a reload or a lock.
	generation int
}

func newJournalScreen(d journalDeps) *journalScreen {
	s := &journalScreen{d: d}
	s.list = widget.NewList(func() int { return len(s.rows) }, s.createRow, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.search = newSearchPanel(s)
	s.count = widget.NewLabel("")
	s.detail = widget.NewRichTextFromMarkdown("")
	s.detail.Wrapping = fyne.TextWrapWord
	s.meta = widget.NewLabel("Select an entry to read it.")
	s.meta.Truncation = fyne.TextTruncateEllipsis
	s.metaTags = widget.NewLabel("")
	s.metaTags.Truncation = fyne.TextTruncateEllipsis
	s.metaPrompt = widget.NewLabel("")
	s.metaPrompt.Truncation = fyne.TextTruncateEllipsis
	s.metaPrompt.TextStyle = fyne.TextStyle{Italic: true}
	s.metaTags.Hide()
	s.metaPrompt.Hide()
	s.edit = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), s.onEdit)
	s.del = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), s.onDelete)
	s.edit.Disable()
	s.del.Disable()
	s.undoMsg = widget.NewLabel("")
	s.undo = widget.NewButton("Undo", s.onUndo)
	s.undoBar = container.NewHBox(s.undoMsg, s.undo)
	s.header = container.NewVBox(s.meta, s.metaTags, s.metaPrompt, container.NewHBox(s.edit, s.del, layout.NewSpacer()))
	s.undoBar.Hide()
	s.right = container.NewBorder(
		s.header,
		s.undoBar, nil, nil, container.NewVScroll(s.detail))
	s.searchView = container.NewBorder(s.search.status, nil, nil, nil, s.search.list)
	s.searchView.Hide()
	s.filterLabel = widget.NewLabel("")
	s.filterBar = container.NewHBox(s.filterLabel, widget.NewButton("Show all", func() { s.setFilter(journal.Date{}, journal.Date{}, "") }))
	s.filterBar.Hide()
	s.listView = container.NewBorder(container.NewVBox(s.filterBar, s.count), nil, nil, nil, s.list)
	left := container.NewBorder(s.search.field, nil, nil, nil, container.NewStack(s.listView, s.searchView))
	split := container.NewHSplit(left, s.right)
	split.Offset = 0.42
	s.content = container.NewPadded(split)
	return s
}

func (s *journalScreen) createRow() fyne.CanvasObject {
	bar := canvas.NewRectangle(areaColour(""))
	bar.SetMinSize(fyne.NewSize(5, 5))
	date := widget.NewLabel("2006-01-02")
	date.TextStyle = fyne.TextStyle{Monospace: true}
	title := widget.NewLabel("")
	title.Truncation = fyne.TextTruncateEllipsis
	stars := widget.NewLabel("☆☆☆☆☆")
	month := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	entryRow := container.NewBorder(nil, nil, container.NewHBox(bar, date, stars), nil, title)
	return container.NewStack(entryRow, month)
}

func (s *journalScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.rows) {
		return
	}
	if id >= len(s.rows)-pageSize/5 {
		s.loadPage() // the user is near the end: read on
	}
	r := s.rows[id]
	stack := o.(*fyne.Container)
	entryRow, month := stack.Objects[0].(*fyne.Container), stack.Objects[1].(*widget.Label)
	if r.month != "" {
		entryRow.Hide()
		month.SetText(r.month)
		month.Show()
		return
	}
	month.Hide()
	entryRow.Show()
	title := entryRow.Objects[0].(*widget.Label)
	left := entryRow.Objects[1].(*fyne.Container)
	stars := left.Objects[2].(*widget.Label)
	bar := left.Objects[0].(*canvas.Rectangle)
	bar.FillColor = areaColour(r.area)
	bar.Refresh()
	left.Objects[1].(*widget.Label).SetText(r.date.String())
	title.SetText(r.heading)
	stars.SetText(starText(r.rating))
}

// setOptional shows prefix+text in l, or hides l when text is empty.
func setOptional(l *widget.Label, prefix, text string) {
	if text == "" {
		l.SetText("")
		l.Hide()
		return
	}
	l.SetText(prefix + text)
	l.Show()
}

func starText(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("★", n) + strings.Repeat("☆", 5-n)
}

// reload reads the journal again, newest first. Only the first page is read
// now; further pages are read as the list scrolls near its end, so a very
// large journal opens as fast as a small one.
func (s *journalScreen) reload() {
	s.generation++
	s.rows = nil
	s.lastMonth = ""
	s.after = nil
	s.more = true
	s.loadingPage = false
	s.list.UnselectAll()
	s.list.Refresh()
	s.count.SetText("Loading…")
	j, gen := s.d.journal(), s.generation
	from, to := s.filterFrom, s.filterTo
	var n int
	var err error
	s.d.bg.run(func() {
		if from.IsZero() {
			n, err = j.Count()
			return
		}
		err = j.Summaries(from, to, func(journal.Summary) error { n++; return nil })
	}, func() {
		if gen == s.generation && err == nil {
			s.count.SetText(countText(n))
		}
	})
	s.loadPage()
}

// loadPage reads the next page of entries in the background.
func (s *journalScreen) loadPage() {
	if !s.more || s.loadingPage {
		return
	}
	s.loadingPage = true
	j, gen, after := s.d.journal(), s.generation, s.after
	from, to := s.filterFrom, s.filterTo
	var page []journal.Entry
	var err error
	s.d.bg.run(func() {
		page, err = j.List(journal.Query{NewestFirst: true, Limit: pageSize, After: after, From: from, To: to})
	}, func() {
		if gen != s.generation {
			return // a newer load or a lock superseded this one
		}
		s.loadingPage = false
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		for _, e := range page {
			m := e.Date.Time(time.UTC).Format("January 2006")
			if m != s.lastMonth {
				s.rows = append(s.rows, row{month: m})
				s.lastMonth = m
			}
			s.rows = append(s.rows, row{id: e.ID, date: e.Date, area: e.Area, rating: e.Rating, heading: e.Headline(80)})
		}
		s.more = len(page) == pageSize
		if len(page) > 0 {
			s.after = journal.CursorOf(page[len(page)-1])
		}
		s.list.Refresh()
	})
}

func (s *journalScreen) onSelected(id widget.ListItemID) {
	if id >= len(s.rows) || s.rows[id].month != "" {
		s.list.Unselect(id)
		return
	}
	s.openEntry(s.rows[id].id)
}

// setFilter narrows the list to from..to (both zero: everything).
func (s *journalScreen) setFilter(from, to journal.Date, label string) {
	s.filterFrom, s.filterTo = from, to
	if from.IsZero() {
		s.filterBar.Hide()
	} else {
		s.filterLabel.SetText("Showing " + label)
		s.filterBar.Show()
	}
	s.search.clear()
	s.reload()
}

// changed reloads the list, and the search results when a search is shown,
// after an entry was saved, deleted or restored.
func (s *journalScreen) changed() {
	s.reload()
	if q := s.search.field.Text; q != "" {
		s.search.onChanged(q)
	}
}

// afterEdit follows a saved edit: the list reloads and the reading pane
// shows the entry as saved.
func (s *journalScreen) afterEdit(e journal.Entry) {
	s.changed()
	s.show(e)
}

// showSearch swaps the full list for the search results.
func (s *journalScreen) showSearch(on bool) {
	if on {
		s.listView.Hide()
		s.searchView.Show()
	} else {
		s.searchView.Hide()
		s.listView.Show()
	}
}

// focusSearch puts the cursor in the search field (Ctrl+F).
func (s *journalScreen) focusSearch() {
	s.d.win.Canvas().Focus(s.search.field)
}

// openEntry reads an entry and shows it.
func (s *journalScreen) openEntry(eid journal.ID) {
	s.d.touch()
	s.openGen++
	gen := s.openGen
	j := s.d.journal()
	var e journal.Entry
	var err error
	s.d.bg.run(func() { e, err = j.Get(eid) }, func() {
		if gen != s.openGen {
			return // another entry was chosen since
		}
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.show(e)
	})
}

func (s *journalScreen) show(e journal.Entry) {
	s.selected = &e
	parts := []string{e.Date.Time(time.UTC).Format("Monday 2 January 2006"), areaTitle(e.Area)}
	if e.Rating > 0 {
		parts = append(parts, starText(e.Rating))
	}
	switch e.Role {
	case journal.RoleLeader:
		parts = append(parts, "leading")
	case journal.RoleManager:
		parts = append(parts, "managing")
	}
	s.meta.SetText(strings.Join(parts, " · "))
	setOptional(s.metaTags, "Tags: ", strings.Join(e.Tags, ", "))
	setOptional(s.metaPrompt, "Prompt: ", e.Prompt)
	s.right.Refresh() // lines appeared or went: lay the pane out again
	md := e.Body
	if e.Title != "" {
		md = "# " + e.Title + "\n\n" + md
	}
	s.detail.ParseMarkdown(md)
	s.edit.Enable()
	s.del.Enable()
}

func (s *journalScreen) clearDetail() {
	s.selected = nil
	s.detail.ParseMarkdown("")
	s.meta.SetText("Select an entry to read it.")
	setOptional(s.metaTags, "", "")
	setOptional(s.metaPrompt, "", "")
	s.edit.Disable()
	s.del.Disable()
}

func (s *journalScreen) onEdit() {
	if s.selected != nil {
		s.d.edit(*s.selected)
	}
}

func (s *journalScreen) onDelete() {
	if s.selected == nil {
		return
	}
	e := *s.selected
	s.d.dlg.confirm("Delete this entry?", fmt.Sprintf("The entry of %s will be deleted. You can undo this for a few seconds.", e.Date), func() {
		s.deleteNow(e)
	})
}

func (s *journalScreen) deleteNow(e journal.Entry) {
	j := s.d.journal()
	var err error
	s.d.bg.run(func() { err = j.Delete(e.ID) }, func() {
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.deleted = &e
		s.clearDetail()
		s.changed()
		s.undoMsg.SetText("Entry deleted.")
		s.undoBar.Show()
		time.AfterFunc(undoFor, func() {
			s.d.bg.ui(func() {
				if s.deleted != nil && s.deleted.ID == e.ID {
					s.deleted = nil
					s.undoBar.Hide()
				}
			})
		})
	})
}

func (s *journalScreen) onUndo() {
	if s.deleted == nil {
		return
	}
	e := *s.deleted
	j := s.d.journal()
	var err error
	s.d.bg.run(func() { _, err = j.Add(e) }, func() {
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.deleted = nil
		s.undoBar.Hide()
		s.changed()
	})
}

// wipe forgets every private text the screen shows (on lock).
func (s *journalScreen) wipe() {
	s.search.wipe()
	s.showSearch(false)
	s.generation++
	s.rows = nil
	s.list.Refresh()
	s.clearDetail()
	s.deleted = nil
	s.undoBar.Hide()
}

func (s *journalScreen) texts() []string {
	if s.selected == nil {
		return nil
	}
	return []string{s.selected.Title, s.selected.Body}
}
