package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// dateControl picks the day an entry is about: a typed date (YYYY-MM-DD,
// "today" or "yesterday"), buttons for the day before and after (Alt+Left
// and Alt+Right where the screen binds them), and the day's name. Days after
// today cannot be chosen: an entry is about a day lived.
type dateControl struct {
	content fyne.CanvasObject
	field   *shortcutEntry
	dayName *widget.Label
	prev    *widget.Button
	next    *widget.Button
	toToday *widget.Button
	// problem says why a typed date was not taken.
	problem *widget.Label

	date  journal.Date
	today func() journal.Date
	// OnChanged is called after the user chose another day.
	OnChanged func(journal.Date)
}

func newDateControl(k *keys, today func() journal.Date) *dateControl {
	c := &dateControl{today: today}
	c.field = newShortcutEntry(k, false, false)
	c.field.OnSubmitted = func(string) { c.takeTyped() }
	c.field.onBlur = func() { c.takeTyped() }
	c.dayName = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { c.step(-1) })
	c.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { c.step(1) })
	c.toToday = widget.NewButton("Today", func() { c.choose(c.today()) })
	c.toToday.Importance = widget.LowImportance
	c.problem = widget.NewLabel("")
	c.problem.Importance = widget.DangerImportance
	c.problem.Hide()
	field := container.New(fixedWidthLayout{width: 118}, c.field)
	c.content = container.NewVBox(container.NewHBox(c.prev, field, c.next, c.dayName, c.toToday), c.problem)
	return c
}

// fixedWidthLayout gives its objects one width and their own height.
type fixedWidthLayout struct{ width float32 }

// MinSize is the fixed width and the tallest object.
func (l fixedWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = fyne.Max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.width, h)
}

// Layout fills the space with every object.
func (l fixedWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// set shows d without calling OnChanged.
func (c *dateControl) set(d journal.Date) {
	c.date = d
	c.field.SetText(d.String())
	c.problem.Hide()
	name := d.Time(time.UTC).Format("Monday")
	switch today := c.today(); d {
	case today:
		name += " (today)"
	case today.AddDays(-1):
		name += " (yesterday)"
	}
	c.dayName.SetText(name)
	if d.Before(c.today()) {
		c.next.Enable()
		c.toToday.Show()
	} else {
		c.next.Disable()
		c.toToday.Hide()
	}
}

// step moves the date n days, never past today.
func (c *dateControl) step(n int) { c.choose(c.date.AddDays(n)) }

// choose makes d the date, when it is a day that can be chosen, and tells.
func (c *dateControl) choose(d journal.Date) {
	if !d.Valid() || d.After(c.today()) {
		return
	}
	changed := d != c.date
	c.set(d)
	if changed && c.OnChanged != nil {
		c.OnChanged(d)
	}
}

// parseDay reads a typed day: YYYY-MM-DD, "today" or "yesterday".
func parseDay(s string, today journal.Date) (journal.Date, string) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "today":
		return today, ""
	case "yesterday":
		return today.AddDays(-1), ""
	}
	d, err := journal.ParseDate(strings.TrimSpace(s))
	if err != nil {
		return journal.Date{}, "Type a date as YYYY-MM-DD, e.g. " + today.String() + "."
	}
	if d.After(today) {
		return journal.Date{}, "That day has not come yet: pick today or an earlier day."
	}
	return d, ""
}

// takeTyped takes the date typed in the field (Enter, leaving it, or a
// save); it reports false, and says why, when the text is not a day that
// can be chosen.
func (c *dateControl) takeTyped() bool {
	if strings.TrimSpace(c.field.Text) == c.date.String() {
		c.problem.Hide()
		return true
	}
	d, problem := parseDay(c.field.Text, c.today())
	if problem != "" {
		c.problem.SetText(problem)
		c.problem.Show()
		return false
	}
	c.choose(d)
	return true
}
