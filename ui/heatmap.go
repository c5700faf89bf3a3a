package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// heatMap is a year of days as a grid of squares, one column per week, like
// a contribution graph: the more entries on a day, the stronger its colour.
// Tapping a day reports it through OnTapped.
type heatMap struct {
	widget.BaseWidget
	// End is the last day shown; the grid covers the 53 weeks up to it.
	End journal.Date
	// Counts holds the number of entries of each day.
	Counts map[journal.Date]int
	// OnTapped is called with the tapped day.
	OnTapped func(journal.Date)
	// CellSize is the side of a day's square in its least size; zero means
	// the default of 9. The squares grow to fill the widget's width.
	CellSize float32
}

// Room for the labels: weekday names on the left, month names on top.
const (
	heatLabelWidth  = 30
	heatLabelHeight = 16
)

// newHeatMap returns an empty heat map ending on end.
func newHeatMap(end journal.Date) *heatMap {
	h := &heatMap{End: end, Counts: map[journal.Date]int{}}
	h.ExtendBaseWidget(h)
	return h
}

const heatWeeks = 53

// SetData replaces the counts and redraws.
func (h *heatMap) SetData(end journal.Date, counts map[journal.Date]int) {
	h.End, h.Counts = end, counts
	h.Refresh()
}

// start is the Monday of the first column.
func (h *heatMap) start() journal.Date {
	wd := (int(h.End.Time(time.UTC).Weekday()) + 6) % 7 // Monday 0
	return h.End.AddDays(-wd - 7*(heatWeeks-1))
}

func (h *heatMap) cell() float32 {
	return fyne.Min((h.Size().Width-heatLabelWidth)/heatWeeks, (h.Size().Height-heatLabelHeight)/7)
}

// Tapped implements fyne.Tappable.
func (h *heatMap) Tapped(e *fyne.PointEvent) {
	c := h.cell()
	if c <= 0 || h.OnTapped == nil {
		return
	}
	x, y := e.Position.X-heatLabelWidth, e.Position.Y-heatLabelHeight
	if x < 0 || y < 0 {
		return
	}
	col, row := int(x/c), int(y/c)
	if col < 0 || col >= heatWeeks || row < 0 || row > 6 {
		return
	}
	d := h.start().AddDays(col*7 + row)
	if !d.After(h.End) {
		h.OnTapped(d)
	}
}

// CreateRenderer implements fyne.Widget.
func (h *heatMap) CreateRenderer() fyne.WidgetRenderer {
	r := &heatRenderer{h: h}
	r.build()
	return r
}

type heatRenderer struct {
	h    *heatMap
	objs []fyne.CanvasObject
}

func (r *heatRenderer) build() {
	r.objs = r.objs[:0]
	c := r.h.cell()
	if c < 2 {
		return
	}
	empty := theme.Color(theme.ColorNameInputBackground)
	base := color.NRGBA{R: 0x3a, G: 0x9d, B: 0x6e, A: 0xff}
	fg := theme.Color(theme.ColorNameForeground)
	size := theme.CaptionTextSize()
	start := r.h.start()
	for row, name := range []string{"Mon", "", "Wed", "", "Fri", "", ""} {
		if name != "" {
			t := canvas.NewText(name, fg)
			t.TextSize = size
			t.Move(fyne.NewPos(0, heatLabelHeight+float32(row)*c+(c-t.MinSize().Height)/2))
			r.objs = append(r.objs, t)
		}
	}
	lastMonth, lastX := time.Month(0), float32(-100)
	for col := 0; col < heatWeeks; col++ {
		// A month's name stands over the first week that starts in it.
		first := start.AddDays(col * 7)
		if x := heatLabelWidth + float32(col)*c; first.Month != lastMonth {
			lastMonth = first.Month
			if x-lastX >= 3*c || lastX < 0 {
				t := canvas.NewText(first.Month.String()[:3], fg)
				t.TextSize = size
				t.Move(fyne.NewPos(x, 0))
				r.objs = append(r.objs, t)
				lastX = x
			}
		}
	}
	for col := 0; col < heatWeeks; col++ {
		for row := 0; row < 7; row++ {
			d := start.AddDays(col*7 + row)
			if d.After(r.h.End) {
				continue
			}
			var fill color.Color = empty
			if n := r.h.Counts[d]; n > 0 {
				shade := base
				shade.A = uint8(min(255, 110+n*60))
				fill = shade
			}
			rect := canvas.NewRectangle(fill)
			rect.CornerRadius = 2
			rect.Move(fyne.NewPos(heatLabelWidth+float32(col)*c+1, heatLabelHeight+float32(row)*c+1))
			rect.Resize(fyne.NewSize(c-2, c-2))
			r.objs = append(r.objs, rect)
		}
	}
}

// Layout implements fyne.WidgetRenderer: the grid is drawn again for the
// widget's size.
func (r *heatRenderer) Layout(fyne.Size) { r.build() }

// MinSize implements fyne.WidgetRenderer: CellSize (at least 9) pixels a
// day, and room for the labels.
func (r *heatRenderer) MinSize() fyne.Size {
	c := max(r.h.CellSize, 9)
	return fyne.NewSize(heatLabelWidth+heatWeeks*c, heatLabelHeight+7*c)
}

// Refresh implements fyne.WidgetRenderer: the grid is drawn again.
func (r *heatRenderer) Refresh() { r.build(); canvas.Refresh(r.h) }

// Objects implements fyne.WidgetRenderer.
func (r *heatRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Destroy implements fyne.WidgetRenderer; there is nothing to release.
func (r *heatRenderer) Destroy() {}
