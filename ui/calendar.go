package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// calendar shows one month, weeks starting on Monday, and marks the days
// that have entries: those days are buttons, the others are greyed out and
// cannot be picked. The picked day is highlighted. Its arrows move a month
// back or on.
type calendar struct {
	widget.BaseWidget

	// Year and Month are the month on show.
	Year  int
	Month time.Month
	// Written holds the days that have at least one entry.
	Written map[journal.Date]bool
	// Selected is the picked day, or zero.
	Selected journal.Date
	// OnPicked is called with the day the user picks.
	OnPicked func(journal.Date)

	title      *widget.Label
	prev, next *widget.Button
	days       [42]*calDay
	content    *fyne.Container
}

// newCalendar returns a calendar showing the month of d.
func newCalendar(d journal.Date) *calendar {
	c := &calendar{Year: d.Year, Month: d.Month, Written: map[journal.Date]bool{}}
	c.title = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	c.prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { c.step(-1) })
	c.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { c.step(1) })
	c.prev.Importance = widget.LowImportance
	c.next.Importance = widget.LowImportance
	grid := container.NewGridWithColumns(7)
	for _, wd := range []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"} {
		t := canvas.NewText(wd, theme.Color(theme.ColorNamePlaceHolder))
		t.TextSize = theme.CaptionTextSize()
		t.Alignment = fyne.TextAlignCenter
		grid.Add(t)
	}
	for i := range c.days {
		c.days[i] = newCalDay()
		grid.Add(c.days[i])
	}
	c.content = container.NewBorder(container.NewBorder(nil, nil, c.prev, c.next, c.title), nil, nil, nil, grid)
	c.ExtendBaseWidget(c)
	c.update()
	return c
}

// CreateRenderer implements fyne.Widget.
func (c *calendar) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(c.content)
}

// Refresh shows the fields' current values.
func (c *calendar) Refresh() {
	c.update()
	c.BaseWidget.Refresh()
}

// ShowMonth shows the month of d.
func (c *calendar) ShowMonth(d journal.Date) {
	c.Year, c.Month = d.Year, d.Month
	c.Refresh()
}

// step moves the month on show by n months.
func (c *calendar) step(n int) {
	t := time.Date(c.Year, c.Month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	c.Year, c.Month = t.Year(), t.Month()
	c.Refresh()
}

// first is the Monday on or before the 1st of the month on show.
func (c *calendar) first() journal.Date {
	one := journal.Date{Year: c.Year, Month: c.Month, Day: 1}
	return one.AddDays(-((int(one.Time(time.UTC).Weekday()) + 6) % 7))
}

// update sets the title and the day cells for the month on show.
func (c *calendar) update() {
	c.title.SetText(time.Date(c.Year, c.Month, 1, 0, 0, 0, 0, time.UTC).Format("January 2006"))
	d := c.first()
	for i, cell := range c.days {
		day := d.AddDays(i)
		cell.text, cell.written, cell.selected, cell.onTap = "", false, false, nil
		if day.Month == c.Month {
			cell.text = strconv.Itoa(day.Day)
			cell.written, cell.selected = c.Written[day], day == c.Selected
			if cell.written {
				cell.onTap = func() { c.pick(day) }
			}
		}
		cell.Refresh()
	}
}

// pick selects day and reports it.
func (c *calendar) pick(day journal.Date) {
	c.Selected = day
	c.Refresh()
	if c.OnPicked != nil {
		c.OnPicked(day)
	}
}

// daySet turns the days written into a set for calendar.Written.
func daySet(days []journal.Date) map[journal.Date]bool {
	set := make(map[journal.Date]bool, len(days))
	for _, d := range days {
		set[d] = true
	}
	return set
}

// calDay is one day of the calendar: a small rounded cell with the day's
// number, filled when the day is written (and then tappable), in the primary
// colour when it is picked. It is smaller than a button, so a month fits in
// a narrow, short pane.
type calDay struct {
	widget.BaseWidget
	text              string
	written, selected bool
	onTap             func()
}

func newCalDay() *calDay {
	d := &calDay{}
	d.ExtendBaseWidget(d)
	return d
}

// Tapped implements fyne.Tappable: a written day is picked.
func (d *calDay) Tapped(*fyne.PointEvent) {
	if d.onTap != nil {
		d.onTap()
	}
}

// Cursor implements desktop.Cursorable: a hand over a day that can be
// picked.
func (d *calDay) Cursor() desktop.Cursor {
	if d.onTap != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// CreateRenderer implements fyne.Widget.
func (d *calDay) CreateRenderer() fyne.WidgetRenderer {
	r := &calDayRenderer{d: d, bg: canvas.NewRectangle(nil), num: canvas.NewText("", nil)}
	r.num.Alignment = fyne.TextAlignCenter
	r.Refresh()
	return r
}

type calDayRenderer struct {
	d   *calDay
	bg  *canvas.Rectangle
	num *canvas.Text
}

func (r *calDayRenderer) Layout(s fyne.Size) {
	r.bg.Resize(fyne.NewSize(s.Width-2, s.Height-2))
	r.bg.Move(fyne.NewPos(1, 1))
	h := r.num.MinSize().Height
	r.num.Resize(fyne.NewSize(s.Width, h))
	r.num.Move(fyne.NewPos(0, (s.Height-h)/2))
}

// MinSize is small: 28×24, room for two digits.
func (r *calDayRenderer) MinSize() fyne.Size { return fyne.NewSize(28, 24) }

func (r *calDayRenderer) Refresh() {
	th := r.d.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.num.Text = r.d.text
	r.num.TextSize = th.Size(theme.SizeNameText)
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	switch {
	case r.d.selected:
		r.bg.FillColor = th.Color(theme.ColorNamePrimary, v)
		r.num.Color = th.Color(theme.ColorNameForegroundOnPrimary, v)
		r.num.TextStyle = fyne.TextStyle{Bold: true}
	case r.d.written:
		r.bg.FillColor = th.Color(theme.ColorNameButton, v)
		r.num.Color = th.Color(theme.ColorNameForeground, v)
		r.num.TextStyle = fyne.TextStyle{Bold: true}
	default:
		r.bg.FillColor = nil
		r.num.Color = th.Color(theme.ColorNameDisabled, v)
		r.num.TextStyle = fyne.TextStyle{}
	}
	r.bg.Refresh()
	r.num.Refresh()
}

func (r *calDayRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.num} }
func (r *calDayRenderer) Destroy()                     {}
