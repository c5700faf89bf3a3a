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
}

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
	return fyne.Min(h.Size().Width/heatWeeks, h.Size().Height/7)
}

// Tapped implements fyne.Tappable.
func (h *heatMap) Tapped(e *fyne.PointEvent) {
	c := h.cell()
	if c <= 0 || h.OnTapped == nil {
		return
	}
	col, row := int(e.Position.X/c), int(e.Position.Y/c)
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
	start := r.h.start()
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
			rect.Move(fyne.NewPos(float32(col)*c+1, float32(row)*c+1))
			rect.Resize(fyne.NewSize(c-2, c-2))
			r.objs = append(r.objs, rect)
		}
	}
}

// Layout implements fyne.WidgetRenderer: the grid is drawn again for the
// widget's size.
func (r *heatRenderer) Layout(fyne.Size) { r.build() }

// MinSize implements fyne.WidgetRenderer: 9 pixels a day.
func (r *heatRenderer) MinSize() fyne.Size {
	return fyne.NewSize(heatWeeks*9, 7*9)
}

// Refresh implements fyne.WidgetRenderer: the grid is drawn again.
func (r *heatRenderer) Refresh() { r.build(); canvas.Refresh(r.h) }

// Objects implements fyne.WidgetRenderer.
func (r *heatRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Destroy implements fyne.WidgetRenderer; there is nothing to release.
func (r *heatRenderer) Destroy() {}
