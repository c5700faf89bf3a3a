package ui

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	jsync "candor/journal/sync"
)

// undoFor is how long a deleted entry can be brought back.
const undoFor = 8 * time.Second

// headCacheSize bounds how many entry headlines the list keeps in memory;
// the cache is emptied when it grows past this.
const headCacheSize = 4096

// maxMemories is how many "On this day" entries the pane lists.
const maxMemories = 5

// row is one line of the journal list: a month heading or an entry.
type row struct {
	month  string // set for headings
	id     journal.ID
	date   journal.Date
	area   journal.Area
	rating int
}

// journalScreen lists the entries the filter keeps, newest first and
// grouped by month, and shows the selected one rendered with Edit and
// Delete. The list's length is known up front from the entries' summaries
// (no text), so the scroll bar is true to the whole journal; each row reads
// its entry's headline on demand, in the background, into a small cache.
//
// One entry is "on show": the reading pane shows it and the list on show
// (the full list or the search results) highlights it. Every change of
// either goes through show, clearDetail or syncLists, which keep them equal.
type journalScreen struct {
	d       journalDeps
	content fyne.CanvasObject

	rows  []row
	rowOf map[journal.ID]int
	list  *entryList
	count *widget.Label
	// rowHeight is the height of one list row with its separator.
	rowHeight float32
	// selRow is the row of the entry on show in the full list, or -1.
	selRow int
	// syncing is set while code (not the user) changes a list selection.
	syncing bool
	// wantID, when set, is selected once the list is next loaded (undo, a
	// memory); wantRow, when >= 0, selects the entry at or nearest to that
	// row (after a delete, the next entry).
	wantID  journal.ID
	wantRow int

	// heads caches entry headlines; pending are those asked for, and
	// fetching says a read is running. headGen drops reads from before
	// the cache was emptied.
	heads map[journal.ID]string
	// copies holds, of the entries whose headline was read, those that
	// are conflict copies (tagged jsync.ConflictTag): their rows say so.
	copies   map[journal.ID]bool
	pending  map[journal.ID]bool
	fetching bool
	headGen  int

	detail *widget.RichText
	meta   *widget.Label
	// metaTags and metaPrompt show the selected entry's tags and prompt.
	metaTags, metaPrompt *widget.Label
	edit                 *widget.Button
	del                  *widget.Button
	undoBar              *fyne.Container
	undoMsg              *widget.Label
	undo                 *widget.Button
	// conflictBar shows over a conflict copy: what it is, and the two
	// ways to settle it. copyID is the copy on show, copyOf the entry it
	// copies.
	conflictBar        *fyne.Container
	keepThis, keepBoth *widget.Button
	copyID, copyOf     journal.ID
	// memories lists "On this day" entries while no entry is on show.
	memories    *fyne.Container
	memoryLinks *fyne.Container

	selected *journal.Entry
	deleted  *journal.Entry

	header  *fyne.Container // meta lines and buttons
	right   *fyne.Container // header over the rendered entry
	search  *searchPanel
	openGen int // numbers entry opens; only the latest shows

	// filter narrows the list and the search; rangeLabel names its date
	// range when Progress set it ("week of …").
	filter      journal.Filter
	rangeLabel  string
	filters     *filterPanel
	filtersBtn  *widget.Button
	cal         *calendar
	calBtn      *widget.Button
	filterBar   *fyne.Container
	filterLabel *widget.Label
	showAll     *widget.Button

	listView, searchView *fyne.Container
	// top holds the search row, the filters, the calendar and the filter
	// line; it is laid out again when one of them shows or hides.
	top, left *fyne.Container
	// generation invalidates loads started before a reload or a lock.
	generation int
}

func newJournalScreen(d journalDeps) *journalScreen {
	s := &journalScreen{d: d, selRow: -1, wantRow: -1, rowOf: map[journal.ID]int{},
		heads: map[journal.ID]string{}, copies: map[journal.ID]bool{}, pending: map[journal.ID]bool{}}
	s.list = newEntryList(func() int { return len(s.rows) }, s.createRow, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.list.onKey = s.listKey
	s.list.onFocus = func() { s.refreshRow(s.cursor()) }
	s.rowHeight = s.createRow().MinSize().Height + theme.Padding()
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
	s.memoryLinks = container.NewVBox()
	s.memories = container.NewVBox(widget.NewLabelWithStyle("On this day", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.memoryLinks)
	s.memories.Hide()
	s.keepThis = widget.NewButton("Keep this one", s.onKeepThis)
	s.keepThis.Importance = widget.HighImportance
	s.keepBoth = widget.NewButton("Keep both", s.onKeepBoth)
	s.conflictBar = container.NewStack(newPanel(), container.NewPadded(container.NewVBox(
		widget.NewLabelWithStyle("Conflict copy", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(conflictNote),
		container.NewHBox(s.keepThis, s.keepBoth))))
	s.conflictBar.Hide()
	s.header = container.NewVBox(s.conflictBar, s.meta, s.metaTags, s.metaPrompt, container.NewHBox(s.edit, s.del, layout.NewSpacer()), s.memories)
	s.undoBar.Hide()
	s.right = container.NewBorder(
		s.header,
		s.undoBar, nil, nil, container.NewVScroll(s.detail))
	s.searchView = container.NewBorder(s.search.status, nil, nil, nil, s.search.list)
	s.searchView.Hide()

	s.filters = newFilterPanel()
	s.filters.OnChanged = s.filtersChanged
	s.filters.content.Hide()
	s.filtersBtn = widget.NewButton("Filters", s.toggleFilters)
	s.cal = newCalendar(d.today())
	s.cal.OnPicked = s.pickDay
	s.cal.Hide()
	s.calBtn = widget.NewButtonWithIcon("", theme.CalendarIcon(), s.toggleCalendar)
	s.filterLabel = widget.NewLabel("")
	s.filterLabel.Truncation = fyne.TextTruncateEllipsis
	s.showAll = widget.NewButton("Show all", func() { s.setFilter(journal.Date{}, journal.Date{}, "") })
	s.filterBar = container.NewBorder(nil, nil, nil, s.showAll, s.filterLabel)
	s.filterBar.Hide()
	s.listView = container.NewBorder(s.count, nil, nil, nil, s.list)
	s.top = container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(s.filtersBtn, s.calBtn), s.search.field),
		s.filters.content, s.cal, s.filterBar)
	s.left = container.NewBorder(s.top, nil, nil, nil, container.NewStack(s.listView, s.searchView))
	split := container.NewHSplit(s.left, s.right)
	split.Offset = 0.42
	s.content = container.NewPadded(split)
	s.clearDetail()
	return s
}

// focusRing is the outline the list draws round its cursor row while it
// has the keyboard focus.
func focusRing() *canvas.Rectangle {
	r := canvas.NewRectangle(color.Transparent)
	r.StrokeWidth = 2
	r.StrokeColor = theme.Color(theme.ColorNamePrimary)
	r.Hide()
	return r
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
	conflict := widget.NewLabelWithStyle("conflict", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	conflict.Importance = widget.WarningImportance
	conflict.Hide()
	entryRow := container.NewBorder(nil, nil, container.NewHBox(bar, date, stars), conflict, title)
	return container.NewStack(entryRow, month, focusRing())
}

func (s *journalScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < 0 || id >= len(s.rows) {
		return
	}
	r := s.rows[id]
	stack := o.(*fyne.Container)
	entryRow, month, ring := stack.Objects[0].(*fyne.Container), stack.Objects[1].(*widget.Label), stack.Objects[2].(*canvas.Rectangle)
	if s.list.focused && id == s.cursor() {
		ring.StrokeColor = theme.Color(theme.ColorNamePrimary)
		ring.Show()
	} else {
		ring.Hide()
	}
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
	head, ok := s.heads[r.id]
	if !ok {
		s.need(r.id)
	}
	title.SetText(head)
	if conflict := entryRow.Objects[2].(*widget.Label); s.copies[r.id] != conflict.Visible() {
		conflict.Hidden = !s.copies[r.id]
		entryRow.Refresh()
	}
	stars.SetText(starText(r.rating))
}

// need asks for the headline of id; the read starts once the rows being
// laid out have all asked, so one read serves them all.
func (s *journalScreen) need(id journal.ID) {
	s.pending[id] = true
	if s.fetching {
		return
	}
	s.fetching = true
	s.d.bg.after(0, s.fetchHeads)
}

// fetchHeads reads the headlines asked for, off the UI thread.
func (s *journalScreen) fetchHeads() {
	j := s.d.journal()
	if j == nil || len(s.pending) == 0 {
		s.fetching = false
		return
	}
	ids := make([]journal.ID, 0, len(s.pending))
	for id := range s.pending {
		ids = append(ids, id)
	}
	clear(s.pending)
	gen := s.headGen
	got := make(map[journal.ID]string, len(ids))
	copies := map[journal.ID]bool{}
	s.d.bg.run(func() {
		for _, id := range ids {
			if e, err := j.Get(id); err == nil {
				got[id] = e.Headline(80)
				if e.HasTag(jsync.ConflictTag) {
					copies[id] = true
				}
			}
		}
	}, func() {
		s.fetching = false
		if gen != s.headGen {
			clear(s.pending)
			s.list.Refresh() // the rows on show ask again
			return
		}
		if len(s.heads)+len(got) > headCacheSize {
			clear(s.heads)
			clear(s.copies)
		}
		for id, h := range got {
			s.heads[id] = h
			if copies[id] {
				s.copies[id] = true
			}
		}
		s.list.Refresh()
		if len(s.pending) > 0 {
			s.fetching = true
			s.d.bg.after(0, s.fetchHeads)
		}
	})
}

// forgetHeads empties the headline cache (after a change).
func (s *journalScreen) forgetHeads() {
	s.headGen++
	clear(s.heads)
	clear(s.copies)
	clear(s.pending)
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

// longDate is how the reading pane and dialogs name a day.
func longDate(d journal.Date) string { return d.Time(time.UTC).Format("Monday 2 January 2006") }

// reload reads the summaries of the entries the filter keeps (no text) and
// lays the list out for all of them; rows read their headlines as they
// come into view.
func (s *journalScreen) reload() {
	s.generation++
	s.count.SetText("Loading…")
	j, gen, f, today := s.d.journal(), s.generation, s.filter, s.d.today()
	if j == nil {
		return
	}
	var rows []row
	rowOf := map[journal.ID]int{}
	var mems []memory
	var tags []journal.TagCount
	var days []journal.Date
	wantTags, wantDays := s.filters.content.Visible(), s.cal.Visible()
	var err error
	s.d.bg.run(func() {
		var sums []journal.Summary
		if sums, err = j.Matching(f); err != nil {
			return
		}
		rows, rowOf = buildRows(sums)
		if mems, err = onThisDay(j, today); err != nil {
			return
		}
		if wantTags {
			if tags, err = j.TagCounts(); err != nil {
				return
			}
		}
		if wantDays {
			days, err = j.DaysWritten()
		}
	}, func() {
		if gen != s.generation {
			return // a newer load or a lock superseded this one
		}
		if err != nil {
			s.count.SetText("")
			s.d.dlg.showError(err)
			return
		}
		s.rows, s.rowOf = rows, rowOf
		s.count.SetText(countText(len(rowOf)))
		s.setMemories(mems)
		if wantTags {
			s.filters.setTags(tags)
		}
		if wantDays {
			s.cal.Written = daySet(days)
			s.cal.Refresh()
		}
		s.list.Refresh()
		s.applyWanted()
	})
}

// buildRows lays summaries (oldest first) out newest first under month
// headings, and indexes each entry's row.
func buildRows(sums []journal.Summary) ([]row, map[journal.ID]int) {
	rows := make([]row, 0, len(sums)+len(sums)/8+1)
	rowOf := make(map[journal.ID]int, len(sums))
	var last journal.Date
	for i := len(sums) - 1; i >= 0; i-- {
		sm := sums[i]
		if len(rows) == 0 || sm.Date.Month != last.Month || sm.Date.Year != last.Year {
			rows = append(rows, row{month: sm.Date.Time(time.UTC).Format("January 2006")})
			last = sm.Date
		}
		rowOf[sm.ID] = len(rows)
		rows = append(rows, row{id: sm.ID, date: sm.Date, area: sm.Area, rating: sm.Rating})
	}
	return rows, rowOf
}

// applyWanted selects what a delete, an undo or a picked memory asked for,
// else keeps the entry on show selected and re-reads it (it may have
// changed), or clears the pane when the entry left the list.
func (s *journalScreen) applyWanted() {
	switch {
	case !s.wantID.IsZero():
		id := s.wantID
		s.wantID = journal.ID{}
		if i, ok := s.rowOf[id]; ok && !s.searchView.Visible() {
			s.selectRow(i)
			return
		}
		s.openEntry(id)
	case s.wantRow >= 0:
		r := s.wantRow
		s.wantRow = -1
		if s.searchView.Visible() {
			return
		}
		if i := s.entryNear(r, 1); i >= 0 {
			s.selectRow(i)
		} else if i := s.entryNear(r, -1); i >= 0 {
			s.selectRow(i)
		}
	case s.selected != nil:
		if _, ok := s.rowOf[s.selected.ID]; !ok && !s.searchView.Visible() {
			s.clearDetail()
			return
		}
		s.syncLists()
		s.openEntry(s.selected.ID) // refresh the pane from the store
	default:
		s.syncLists()
	}
}

// selectRow selects row i as the user would, and shows its entry, even
// when the list's selection is already at i (the rows changed under it).
func (s *journalScreen) selectRow(i int) {
	s.syncing = true
	s.list.UnselectAll()
	s.syncing = false
	s.list.Select(i)
}

// entryNear returns the first entry row from r on in direction dir (+1
// down, -1 up), or -1.
func (s *journalScreen) entryNear(r, dir int) int {
	r = max(0, min(r, len(s.rows)-1))
	for ; r >= 0 && r < len(s.rows); r += dir {
		if s.rows[r].month == "" {
			return r
		}
	}
	return -1
}

// syncLists makes the full list and the search results highlight the entry
// on show, or nothing when none is.
func (s *journalScreen) syncLists() {
	s.syncing = true
	defer func() { s.syncing = false }()
	old := s.selRow
	s.selRow = -1
	if s.selected != nil {
		if i, ok := s.rowOf[s.selected.ID]; ok {
			s.selRow = i
		}
	}
	if s.selRow >= 0 {
		s.list.Select(s.selRow)
	} else {
		s.list.UnselectAll()
	}
	if old != s.selRow {
		s.refreshRow(old)
		s.refreshRow(s.selRow)
	}
	hit := -1
	if s.selected != nil {
		for i, h := range s.search.results {
			if h.Entry.ID == s.selected.ID {
				hit = i
				break
			}
		}
	}
	if hit >= 0 {
		s.search.list.Select(hit)
	} else {
		s.search.list.UnselectAll()
	}
}

// refreshRow redraws row i, if any.
func (s *journalScreen) refreshRow(i int) {
	if i >= 0 && i < len(s.rows) {
		s.list.RefreshItem(i)
	}
}

// resultsShown is called when new search results are on show: the entry on
// show stays when it is among them, else the pane is cleared.
func (s *journalScreen) resultsShown() {
	if s.selected == nil {
		s.syncLists()
		return
	}
	for _, h := range s.search.results {
		if h.Entry.ID == s.selected.ID {
			s.syncLists()
			return
		}
	}
	s.clearDetail()
}

func (s *journalScreen) onSelected(id widget.ListItemID) {
	if s.syncing {
		return
	}
	if id < 0 || id >= len(s.rows) || s.rows[id].month != "" {
		s.syncLists() // a heading: keep the entry on show selected
		return
	}
	old := s.selRow
	s.selRow = id
	s.refreshRow(old)
	s.refreshRow(id)
	s.openEntry(s.rows[id].id)
}

// cursor is the row the keyboard acts from: the selected row, else the
// first entry.
func (s *journalScreen) cursor() int {
	if s.selRow >= 0 {
		return s.selRow
	}
	return s.entryNear(0, 1)
}

// listKey moves through the list: arrows by one entry, Page Up and Page
// Down by a screenful, Home and End to the ends; Delete asks to delete the
// entry on show, Enter edits it, Esc closes a dialog.
func (s *journalScreen) listKey(e *fyne.KeyEvent) {
	page := max(1, int(s.list.Size().Height/s.rowHeight)-1)
	cur := s.selRow
	target := -1
	switch e.Name {
	case fyne.KeyDown:
		if cur < 0 {
			target = s.entryNear(0, 1)
		} else {
			target = s.entryNear(cur+1, 1)
		}
	case fyne.KeyUp:
		if cur > 0 {
			target = s.entryNear(cur-1, -1)
		}
	case fyne.KeyHome:
		target = s.entryNear(0, 1)
	case fyne.KeyEnd:
		target = s.entryNear(len(s.rows)-1, -1)
	case fyne.KeyPageDown:
		target = s.entryNear(max(cur, 0)+page, 1)
		if target < 0 {
			target = s.entryNear(len(s.rows)-1, -1)
		}
	case fyne.KeyPageUp:
		target = s.entryNear(max(cur, 0)-page, -1)
		if target < 0 {
			target = s.entryNear(0, 1)
		}
	case fyne.KeyDelete:
		s.onDelete()
	case fyne.KeyReturn, fyne.KeyEnter:
		s.onEdit()
	case fyne.KeyEscape:
		s.d.keys.escape()
	}
	if target >= 0 && target != cur {
		s.list.Select(target)
	}
}

// filtersChanged applies the filter panel's filter.
func (s *journalScreen) filtersChanged(f journal.Filter) {
	if f.From != s.filter.From || f.To != s.filter.To {
		s.rangeLabel = ""
	}
	s.applyFilter(f)
}

// applyFilter narrows the list (and a search on show) to f.
func (s *journalScreen) applyFilter(f journal.Filter) {
	s.filter = f
	if f.IsZero() {
		s.filterBar.Hide()
	} else {
		s.filterLabel.SetText("Showing " + describe(f, s.rangeLabel))
		s.filterBar.Show()
	}
	s.relayout()
	if !f.From.IsZero() && f.From == f.To {
		s.cal.Selected = f.From
	} else {
		s.cal.Selected = journal.Date{}
	}
	s.cal.Refresh()
	s.changed()
}

// setFilter narrows the list to from..to (both zero: everything), named
// label, and clears the search (Progress's weeks and days).
func (s *journalScreen) setFilter(from, to journal.Date, label string) {
	s.rangeLabel = label
	f := journal.Filter{From: from, To: to}
	s.filters.set(f)
	s.search.clear()
	s.applyFilter(f)
}

// pickDay shows the entries of day (the calendar) and the first of them.
func (s *journalScreen) pickDay(day journal.Date) {
	f := s.filter
	f.From, f.To = day, day
	s.rangeLabel = ""
	s.filters.set(f)
	s.wantRow = 0
	s.applyFilter(f)
}

// toggleFilters shows or hides the filter fields.
func (s *journalScreen) toggleFilters() {
	defer s.relayout()
	if s.filters.content.Visible() {
		s.filters.content.Hide()
		return
	}
	s.filters.content.Show()
	j := s.d.journal()
	gen := s.generation
	var tags []journal.TagCount
	var err error
	s.d.bg.run(func() { tags, err = j.TagCounts() }, func() {
		if gen == s.generation && err == nil {
			s.filters.setTags(tags)
		}
	})
}

// toggleCalendar shows or hides the calendar; it opens on the month of the
// entry on show, else of today, with the days written marked.
func (s *journalScreen) toggleCalendar() {
	defer s.relayout()
	if s.cal.Visible() {
		s.cal.Hide()
		return
	}
	s.openCalendar()
}

// relayout lays the left pane out again after a part of it showed or hid.
func (s *journalScreen) relayout() {
	s.top.Layout.Layout(s.top.Objects, fyne.NewSize(s.top.Size().Width, s.top.MinSize().Height))
	s.left.Layout.Layout(s.left.Objects, s.left.Size())
	canvas.Refresh(s.left)
}

func (s *journalScreen) openCalendar() {
	month := s.d.today()
	if s.selected != nil {
		month = s.selected.Date
	}
	s.cal.Year, s.cal.Month = month.Year, month.Month
	s.cal.Show()
	j, gen := s.d.journal(), s.generation
	var days []journal.Date
	var err error
	s.d.bg.run(func() { days, err = j.DaysWritten() }, func() {
		if gen != s.generation {
			return
		}
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.cal.Written = daySet(days)
		s.cal.Refresh()
	})
}

// setMemories lists the "On this day" entries under the empty pane.
func (s *journalScreen) setMemories(mems []memory) {
	s.memoryLinks.RemoveAll()
	if len(mems) > maxMemories { // the latest years, and a month ago if any
		last := mems[len(mems)-1]
		mems = append(mems[:maxMemories-1:maxMemories-1], mems[maxMemories-1])
		if last.When == "A month ago" {
			mems[maxMemories-1] = last
		}
	}
	for _, m := range mems {
		e := m.Entry
		link := widget.NewHyperlink(m.When+": "+e.Headline(60), nil)
		link.Truncation = fyne.TextTruncateEllipsis
		link.OnTapped = func() { s.reveal(e.ID) }
		s.memoryLinks.Add(link)
	}
	s.memories.Hidden = len(mems) == 0 || s.selected != nil
	s.header.Refresh()
}

// reveal shows an entry (an "On this day" memory, an entry of a weekly
// review), selected in the list; filters and the search are cleared first
// when they hide it.
func (s *journalScreen) reveal(id journal.ID) {
	if i, ok := s.rowOf[id]; ok && !s.searchView.Visible() {
		s.selectRow(i)
		return
	}
	s.wantID = id
	s.setFilter(journal.Date{}, journal.Date{}, "")
}

// changed reloads the list, and the search results when a search is shown,
// after an entry was saved, deleted or restored, or the filter changed.
func (s *journalScreen) changed() {
	s.forgetHeads()
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

// saved shows e, just saved, at once if it is on show, then reloads.
func (s *journalScreen) saved(e journal.Entry) {
	if s.selected != nil && s.selected.ID == e.ID {
		s.show(e)
	}
	s.changed()
}

// showSearch swaps the full list for the search results.
func (s *journalScreen) showSearch(on bool) {
	if on {
		s.listView.Hide()
		s.searchView.Show()
		return
	}
	s.searchView.Hide()
	s.listView.Show()
	// Back from a search: the list highlights the entry on show.
	if s.selected != nil {
		if _, ok := s.rowOf[s.selected.ID]; !ok {
			s.clearDetail()
		}
	}
	s.syncLists()
}

// focusSearch puts the cursor in the search field (Ctrl+F).
func (s *journalScreen) focusSearch() {
	s.d.win.Canvas().Focus(s.search.field)
}

// focus gives the keyboard to the list, as the view is shown.
func (s *journalScreen) focus() {
	s.d.win.Canvas().Focus(s.list)
}

// openEntry reads an entry and shows it.
func (s *journalScreen) openEntry(eid journal.ID) {
	s.d.touch()
	s.openGen++
	gen := s.openGen
	j := s.d.journal()
	var e journal.Entry
	var copyOf journal.ID
	var isCopy bool
	var err error
	s.d.bg.run(func() {
		if e, err = j.Get(eid); err == nil && e.HasTag(jsync.ConflictTag) {
			copyOf, isCopy, _ = jsync.ConflictOf(j, eid)
		}
	}, func() {
		if gen != s.openGen {
			return // another entry was chosen since
		}
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.show(e)
		if isCopy {
			s.showConflict(e.ID, copyOf)
		}
	})
}

// conflictNote explains a conflict copy over it.
const conflictNote = "Two computers changed an entry at the same time, before either saw the other's change. " +
	"This copy holds the version that was not kept; the entry holds the newer one. " +
	"Keep this one to put it in the entry's place, or keep both as separate entries."

// showConflict shows the conflict bar over the copy id of entry orig.
func (s *journalScreen) showConflict(id, orig journal.ID) {
	s.copyID, s.copyOf = id, orig
	s.keepThis.Enable()
	s.keepBoth.Enable()
	s.conflictBar.Show()
	s.right.Refresh()
}

// hideConflict hides the conflict bar.
func (s *journalScreen) hideConflict() {
	s.copyID, s.copyOf = journal.ID{}, journal.ID{}
	if s.conflictBar.Visible() {
		s.conflictBar.Hide()
		s.right.Refresh()
	}
}

// onKeepThis settles the conflict on show with the copy: the entry it
// copies takes its content, the copy goes, and the entry shows.
func (s *journalScreen) onKeepThis() {
	s.settle(jsync.KeepThisOne, true)
}

// onKeepBoth settles the conflict on show by keeping the copy as an entry
// of its own.
func (s *journalScreen) onKeepBoth() {
	s.settle(jsync.KeepBoth, false)
}

// settle settles the conflict on show with keep; showOrig then shows the
// entry the copy copied.
func (s *journalScreen) settle(keep func(*journal.Journal, journal.ID) error, showOrig bool) {
	if s.copyID.IsZero() {
		return
	}
	s.d.touch()
	id, orig, j := s.copyID, s.copyOf, s.d.journal()
	s.keepThis.Disable()
	s.keepBoth.Disable()
	var err error
	s.d.bg.run(func() { err = keep(j, id) }, func() {
		s.keepThis.Enable()
		s.keepBoth.Enable()
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.d.wrote()
		s.hideConflict()
		if showOrig {
			s.wantID = orig
		}
		s.changed()
	})
}

func (s *journalScreen) show(e journal.Entry) {
	if e.ID != s.copyID || !e.HasTag(jsync.ConflictTag) {
		s.hideConflict()
	}
	s.selected = &e
	parts := []string{longDate(e.Date), areaTitle(e.Area)}
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
	s.memories.Hide()
	s.right.Refresh() // lines appeared or went: lay the pane out again
	md := e.Body
	if e.Title != "" {
		md = "# " + e.Title + "\n\n" + md
	}
	s.detail.ParseMarkdown(md)
	s.edit.Enable()
	s.del.Enable()
	s.syncLists()
}

func (s *journalScreen) clearDetail() {
	s.openGen++ // an entry still being read is no longer wanted
	s.selected = nil
	s.hideConflict()
	s.detail.ParseMarkdown("")
	s.meta.SetText("Select an entry to read it.")
	setOptional(s.metaTags, "", "")
	setOptional(s.metaPrompt, "", "")
	s.edit.Disable()
	s.del.Disable()
	s.memories.Hidden = len(s.memoryLinks.Objects) == 0
	s.right.Refresh()
	s.syncLists()
}

func (s *journalScreen) onEdit() {
	if s.selected != nil {
		s.d.edit(*s.selected)
	}
}

// onDelete asks before deleting the entry on show, naming it; Cancel is
// the safe answer and Delete is marked as dangerous.
func (s *journalScreen) onDelete() {
	if s.selected == nil {
		return
	}
	e := *s.selected
	name := e.Title
	if name == "" {
		name = e.Headline(60)
	}
	msg := widget.NewLabel(fmt.Sprintf("“%s”, written on %s, will be deleted. You can undo this for a few seconds.", name, longDate(e.Date)))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Delete this entry?", "Delete", "Cancel", msg, func(ok bool) {
		if ok {
			s.deleteNow(e)
		}
	}, s.d.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Resize(fyne.NewSize(420, 200))
	s.d.dlg.show(d)
}

func (s *journalScreen) deleteNow(e journal.Entry) {
	j := s.d.journal()
	var err error
	s.d.bg.run(func() { err = j.Delete(e.ID) }, func() {
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.d.wrote()
		s.deleted = &e
		r := s.rowOf[e.ID]
		if s.selected != nil && s.selected.ID == e.ID {
			s.clearDetail()
			s.wantRow = r // then show the entry that takes its place
		}
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
		s.d.wrote()
		s.deleted = nil
		s.undoBar.Hide()
		s.wantID = e.ID // show it again, selected
		s.changed()
	})
}

// wipe forgets every private text the screen shows (on lock).
func (s *journalScreen) wipe() {
	s.search.wipe()
	s.showSearch(false)
	s.generation++
	s.rows = nil
	s.rowOf = map[journal.ID]int{}
	s.forgetHeads()
	s.list.Refresh()
	s.clearDetail()
	s.setMemories(nil)
	s.filters.setTags(nil)
	s.filters.set(journal.Filter{})
	s.filter = journal.Filter{}
	s.filterBar.Hide()
	s.cal.Written = map[journal.Date]bool{}
	s.cal.Refresh()
	s.deleted = nil
	s.undoBar.Hide()
}

func (s *journalScreen) texts() []string {
	if s.selected == nil {
		return nil
	}
	return []string{s.selected.Title, s.selected.Body}
}

// entryList is the Journal's list: a widget.List that moves its selection
// with the keyboard (arrows, Page Up and Down, Home, End) and draws a focus
// ring round the selected row while it has the keyboard focus.
type entryList struct {
	widget.List
	focused bool
	// onKey handles the keys typed while the list has the focus.
	onKey func(*fyne.KeyEvent)
	// onFocus is called when the focus comes or goes.
	onFocus func()
}

func newEntryList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *entryList {
	l := &entryList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// FocusGained implements fyne.Focusable; the list's own focus highlight,
// which the keyboard here does not move, stays off.
func (l *entryList) FocusGained() {
	l.focused = true
	if l.onFocus != nil {
		l.onFocus()
	}
}

// FocusLost implements fyne.Focusable.
func (l *entryList) FocusLost() {
	l.focused = false
	if l.onFocus != nil {
		l.onFocus()
	}
}

// TypedKey implements fyne.Focusable.
func (l *entryList) TypedKey(e *fyne.KeyEvent) {
	if l.onKey != nil {
		l.onKey(e)
	}
}

// TypedRune implements fyne.Focusable: typed text goes nowhere.
func (l *entryList) TypedRune(rune) {}
