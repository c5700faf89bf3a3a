package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	days       [42]*widget.Button
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
		grid.Add(widget.NewLabelWithStyle(wd, fyne.TextAlignCenter, fyne.TextStyle{Italic: true}))
	}
	for i := range c.days {
		c.days[i] = widget.NewButton("", nil)
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

// update sets the title and the day buttons for the month on show.
func (c *calendar) update() {
	c.title.SetText(time.Date(c.Year, c.Month, 1, 0, 0, 0, 0, time.UTC).Format("January 2006"))
	d := c.first()
	for i, b := range c.days {
		day := d.AddDays(i)
		if day.Month != c.Month {
			b.SetText("")
			b.OnTapped = nil
			b.Importance = widget.LowImportance
			b.Disable() // an empty flat cell: hiding it would shift the grid
			b.Refresh()
			continue
		}
		b.SetText(strconv.Itoa(day.Day))
		switch {
		case day == c.Selected:
			b.Importance = widget.HighImportance
		case c.Written[day]:
			b.Importance = widget.MediumImportance
		default:
			b.Importance = widget.LowImportance
		}
		if c.Written[day] {
			b.OnTapped = func() { c.pick(day) }
			b.Enable()
		} else {
			b.OnTapped = nil
			b.Disable()
		}
		b.Refresh()
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
