package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// journalStart is the date of the first entry of titledJournal.
var journalStart = journal.Date{Year: 2025, Month: 10, Day: 1}

// titledJournal makes a journal of n entries, one a day from journalStart,
// titled "Day i", with areas, ratings and tags in turn ("even" on even days,
// and "all" on every one).
func titledJournal(t testing.TB, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "j")
	j, err := journal.Init(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	for i := 0; i < n; i++ {
		tags := []string{"all"}
		if i%2 == 0 {
			tags = append(tags, "even")
		}
		e := journal.Entry{Date: journalStart.AddDays(i), Title: fmt.Sprint("Day ", i), Body: fmt.Sprintf("Body of day %d.", i),
			Area: journal.Areas[i%3], Rating: i % 6, Tags: tags}
		if _, err := j.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// onJournal unlocks the journal in dir and shows the Journal view.
func onJournal(t *testing.T, dir string) (*App, *journalScreen) {
	t.Helper()
	u := unlockedIn(t, dir)
	u.main.selectTab(tabJournal)
	settle(u)
	return u, u.main.journal
}

// pressKey sends a key to the focused widget, as the window would.
func pressKey(u *App, name fyne.KeyName) {
	c := u.win.Canvas()
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else {
		c.OnTypedKey()(ev)
	}
	settle(u)
}

// pressShortcut sends a shortcut as the window would: to the focused
// widget when it takes shortcuts, else to the window's own.
func pressShortcut(u *App, sc fyne.Shortcut) {
	c := u.win.Canvas()
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
	} else {
		c.(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(sc)
	}
	settle(u)
}

// typeText types text into the focused widget, or the window.
func typeText(u *App, text string) {
	c := u.win.Canvas()
	for _, r := range text {
		if f := c.Focused(); f != nil {
			f.TypedRune(r)
		} else {
			c.OnTypedRune()(r)
		}
	}
	settle(u)
}

// shown checks that the list's selection and the reading pane show the
// same entry, titled want ("" for none), and returns the selected row.
func shown(t *testing.T, js *journalScreen, want string) {
	t.Helper()
	if want == "" {
		if js.selected != nil || js.selRow != -1 {
			t.Fatalf("want nothing on show; pane %v, row %d", js.selected != nil, js.selRow)
		}
		return
	}
	if js.selected == nil || js.selected.Title != want {
		t.Fatalf("pane shows %v, want %q", js.selected, want)
	}
	if js.selRow < 0 || js.rows[js.selRow].id != js.selected.ID {
		t.Fatalf("list row %d does not hold the entry on show (%q)", js.selRow, want)
	}
	if !strings.Contains(js.detail.String(), want) {
		t.Fatalf("the pane's text is not %q", want)
	}
}

func TestKeysOnJournalReachNoEntry(t *testing.T) {
	u := unlocked(t, 2)
	one, two := shortcutCtrl(fyne.Key1), shortcutCtrl(fyne.Key2)
	if u.win.Canvas().Focused() != u.main.today.body {
		t.Fatal("Today's editor does not have the focus at unlock")
	}
	pressShortcut(u, &two)
	if u.win.Canvas().Focused() != u.main.journal.list {
		t.Fatalf("the Journal view does not take the focus: %T", u.win.Canvas().Focused())
	}
	typeText(u, "typed on the journal")
	pressKey(u, fyne.KeyReturn)
	pressShortcut(u, &one)
	if u.main.today.body.Text != "" {
		t.Fatalf("text typed on the Journal reached Today: %q", u.main.today.body.Text)
	}
	pressShortcut(u, &saveShortcut)
	if n, _ := u.session.journal.Count(); n != 2 {
		t.Fatalf("%d entries after Ctrl+S", n)
	}
	// Progress and Settings take the focus away from a hidden view too.
	three := shortcutCtrl(fyne.Key3)
	pressShortcut(u, &three)
	if f := u.win.Canvas().Focused(); f != nil {
		t.Fatalf("a hidden view keeps the focus on Progress: %T", f)
	}
}

func TestJournalKeyboard(t *testing.T) {
	u, js := onJournal(t, titledJournal(t, 450))
	if u.win.Canvas().Focused() != js.list || !js.list.focused {
		t.Fatal("the list has no focus")
	}
	shown(t, js, "")
	steps := []struct {
		key  fyne.KeyName
		want string
	}{
		{fyne.KeyDown, "Day 449"},
		{fyne.KeyDown, "Day 448"},
		{fyne.KeyUp, "Day 449"},
		{fyne.KeyUp, "Day 449"}, // the heading above is skipped; the top stays
		{fyne.KeyEnd, "Day 0"},
		{fyne.KeyDown, "Day 0"},
		{fyne.KeyHome, "Day 449"},
	}
	for _, s := range steps {
		pressKey(u, s.key)
		shown(t, js, s.want)
	}
	// Page Down moves by about a screenful, never onto a heading.
	pressKey(u, fyne.KeyPageDown)
	first := js.selected.Title
	if first == "Day 449" || first == "Day 448" {
		t.Fatalf("Page Down moved only to %q", first)
	}
	shown(t, js, first)
	pressKey(u, fyne.KeyPageUp)
	shown(t, js, "Day 449")
	pressKey(u, fyne.KeyEnd)
	if !js.list.focused || js.cursor() != len(js.rows)-1 {
		t.Fatalf("cursor %d of %d", js.cursor(), len(js.rows))
	}
	// The oldest entry's headline was read when its row came into view.
	if js.heads[js.rows[len(js.rows)-1].id] != "Day 0" {
		t.Fatal("the last row's headline was not read")
	}
}

func TestJournalSearchEscKeepsListAndPaneTogether(t *testing.T) {
	u, js := onJournal(t, titledJournal(t, 30))
	js.list.Select(3)
	settle(u)
	shown(t, js, "Day 27") // rows: heading, 29, 28, 27
	test.Type(js.search.field, "Day 7")
	settle(u)
	// The entry on show is not among the results: the pane is cleared.
	if js.selected != nil && js.selected.Title != "Day 7" {
		t.Fatalf("the pane shows %q while the results do not list it", js.selected.Title)
	}
	js.search.list.Select(0)
	settle(u)
	if js.selected == nil || js.selected.Title != "Day 7" {
		t.Fatalf("opening a result: %v", js.selected)
	}
	js.search.field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	settle(u)
	shown(t, js, "Day 7")
	// Delete acts on the entry both show, and names it.
	test.Tap(js.del)
	d, ok := u.dlg.open.(*dialog.ConfirmDialog)
	if !ok {
		t.Fatal("no confirmation")
	}
	text := dialogText(u)
	if !strings.Contains(text, "Day 7") || !strings.Contains(text, longDate(journalStart.AddDays(7))) {
		t.Fatalf("the question does not name the entry: %q", text)
	}
	if b := dialogButton(u, "Delete"); b == nil || b.Importance != widget.DangerImportance {
		t.Fatal("Delete is not marked as dangerous")
	}
	if b := dialogButton(u, "Cancel"); b == nil || b.Importance == widget.HighImportance {
		t.Fatal("no plain Cancel button")
	}
	d.Confirm()
	settle(u)
	// The next (older) entry takes its place in the list and the pane.
	shown(t, js, "Day 6")
	if _, still := js.rowOf[u.main.journal.deleted.ID]; still {
		t.Fatal("the deleted entry is still listed")
	}
	test.Tap(js.undo)
	settle(u)
	shown(t, js, "Day 7")
}

// dialogText gathers the labels of the dialog on show.
func dialogText(u *App) string {
	var sb strings.Builder
	walkObjects(u.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			sb.WriteString(l.Text + "\n")
		}
	})
	return sb.String()
}

// dialogButton finds the button labelled text in the dialog on show.
func dialogButton(u *App, text string) *widget.Button {
	var found *widget.Button
	walkObjects(u.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
		}
	})
	return found
}

// walkObjects calls fn for o and everything drawn inside it.
func walkObjects(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	fn(o)
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			walkObjects(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			walkObjects(c, fn)
		}
	}
}

func TestEditRefreshesListAndPane(t *testing.T) {
	u, js := onJournal(t, titledJournal(t, 5))
	pressKey(u, fyne.KeyDown)
	shown(t, js, "Day 4")
	e := *js.selected
	e.Rating = 1
	e.Title = "Day 4, edited"
	saved, err := u.session.journal.Update(e)
	if err != nil {
		t.Fatal(err)
	}
	js.saved(saved)
	settle(u)
	shown(t, js, "Day 4, edited")
	if !strings.Contains(js.meta.Text, starText(1)) || js.rows[js.selRow].rating != 1 {
		t.Fatalf("pane %q, list stars %d", js.meta.Text, js.rows[js.selRow].rating)
	}
	if js.heads[e.ID] != "Day 4, edited" {
		t.Fatalf("the list's title is stale: %q", js.heads[e.ID])
	}
}

func TestJournalFilters(t *testing.T) {
	u, js := onJournal(t, titledJournal(t, 60))
	test.Tap(js.filtersBtn)
	settle(u)
	if !js.filters.content.Visible() {
		t.Fatal("the filters did not open")
	}
	// The tag list carries counts, most used first.
	if opts := js.filters.tag.Options; len(opts) != 3 || opts[1] != "all (60)" || opts[2] != "even (30)" {
		t.Fatalf("tag options: %q", opts)
	}
	entries := func() (n int) { return len(js.rowOf) }
	cases := []struct {
		name string
		set  func()
		want int
	}{
		{"area", func() { js.filters.area.SetSelected(areaTitle(journal.AreaVision)) }, 20},
		{"area and tag", func() { js.filters.tag.SetSelected("even (30)") }, 10},
		// Vision days are multiples of 3; even ones are multiples of 6, rated 0.
		{"and stars", func() { js.filters.rating.SetSelected(starText(3)) }, 0},
		{"stars alone", func() {
			js.filters.area.SetSelected(anyArea)
			js.filters.tag.SetSelected(anyTag)
		}, 10},
		{"clear", func() { test.Tap(js.filters.clear) }, 60},
		{"no stars", func() { js.filters.rating.SetSelected(noRating) }, 10},
		{"dates", func() {
			js.filters.rating.SetSelected(anyRating)
			js.filters.from.SetText(journalStart.AddDays(10).String())
			js.filters.to.SetText(journalStart.AddDays(19).String())
		}, 10},
	}
	for _, c := range cases {
		c.set()
		settle(u)
		if got := entries(); got != c.want {
			t.Fatalf("%s: %d entries, want %d", c.name, got, c.want)
		}
		if c.name != "clear" && !js.filterBar.Visible() {
			t.Fatalf("%s: no line says the list is filtered", c.name)
		}
	}
	if !strings.Contains(js.filterLabel.Text, journalStart.AddDays(10).String()) {
		t.Errorf("filter line: %q", js.filterLabel.Text)
	}
	// A half-typed date is reported, not applied.
	js.filters.to.SetText("2025-1")
	settle(u)
	if !js.filters.problem.Visible() || entries() != 10 {
		t.Fatalf("half a date: problem %v, %d entries", js.filters.problem.Visible(), entries())
	}
	js.filters.to.SetText(journalStart.AddDays(19).String())
	// Search combines with the filter.
	test.Type(js.search.field, "Body")
	settle(u)
	if len(js.search.results) != 10 {
		t.Fatalf("search within the filter: %d results", len(js.search.results))
	}
	for _, h := range js.search.results {
		if h.Entry.Date.Before(journalStart.AddDays(10)) || h.Entry.Date.After(journalStart.AddDays(19)) {
			t.Fatalf("result %s is outside the filter", h.Entry.Date)
		}
	}
	js.search.clear()
	test.Tap(js.showAll)
	settle(u)
	if entries() != 60 || js.filterBar.Visible() || js.filters.from.Text != "" {
		t.Fatalf("Show all: %d entries", entries())
	}
}

func TestJournalCalendar(t *testing.T) {
	u, js := onJournal(t, titledJournal(t, 40))
	pressKey(u, fyne.KeyEnd) // the oldest entry, 1 October 2025
	test.Tap(js.calBtn)
	settle(u)
	c := js.cal
	if !c.Visible() || c.Year != 2025 || c.Month != 10 {
		t.Fatalf("the calendar shows %d-%d", c.Year, c.Month)
	}
	written, enabled := 0, 0
	for _, b := range c.days {
		if b.text != "" {
			written++
		}
		if b.onTap != nil {
			enabled++
		}
	}
	if written != 31 || enabled != 31 {
		t.Fatalf("%d days shown, %d can be picked", written, enabled)
	}
	test.Tap(c.next)
	test.Tap(c.next) // December 2025: nothing written after 9 November
	enabled = 0
	for _, b := range c.days {
		if b.onTap != nil {
			enabled++
		}
	}
	if c.Month != 12 || enabled != 0 {
		t.Fatalf("December: %d days can be picked", enabled)
	}
	test.Tap(c.prev)
	// 1 November 2025 is a Saturday: the 5th cell of the first week.
	day := c.days[5]
	if day.text != "1" {
		t.Fatalf("the first of November sits in the wrong cell: %q", c.days[5].text)
	}
	test.Tap(day)
	settle(u)
	if len(js.rowOf) != 1 || !js.filterBar.Visible() || !day.selected {
		t.Fatalf("picking a day: %d entries", len(js.rowOf))
	}
	shown(t, js, "Day 31")
}

func TestOnThisDay(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "j")
	j, err := journal.Init(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	for _, d := range []string{"2023-02-28", "2024-02-29", "2025-03-01", "2026-01-31", "2026-02-28", "2022-03-31", "2026-03-29"} {
		day, _ := journal.ParseDate(d)
		if _, err := j.Add(journal.Entry{Date: day, Title: d}); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		date string
		want []string // When: Title
	}{
		{"2028-02-29", []string{"2 years ago: 2026-02-28", "4 years ago: 2024-02-29", "5 years ago: 2023-02-28"}},
		// February has no 31st: a month before 31 March is its last day.
		{"2026-03-31", []string{"4 years ago: 2022-03-31", "A month ago: 2026-02-28"}},
		{"2026-03-28", []string{"A month ago: 2026-02-28"}},
		{"2026-02-28", []string{"2 years ago: 2024-02-29", "3 years ago: 2023-02-28"}},
		{"2026-03-01", []string{"1 year ago: 2025-03-01"}},
		{"2026-06-15", nil},
	}
	for _, c := range cases {
		t.Run(c.date, func(t *testing.T) {
			day, _ := journal.ParseDate(c.date)
			mems, err := onThisDay(j, day)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range mems {
				got = append(got, m.When+": "+m.Entry.Title)
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestJournalShowsOnThisDay(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "j")
	j, err := journal.Init(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	today := journal.Today()
	if _, err := j.Add(journal.Entry{Date: sameDayIn(today, today.Year-1), Title: "A year back"}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	u, js := onJournal(t, dir)
	if !js.memories.Visible() || len(js.memoryLinks.Objects) != 1 {
		t.Fatal("On this day is not shown")
	}
	link := js.memoryLinks.Objects[0].(*widget.Hyperlink)
	if link.Text != "1 year ago: A year back" {
		t.Fatalf("link: %q", link.Text)
	}
	link.OnTapped()
	settle(u)
	shown(t, js, "A year back")
	if js.memories.Visible() {
		t.Fatal("On this day still shows over an entry")
	}
}
