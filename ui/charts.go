package ui

import (
	"fmt"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// lineSeries is one line of a lineChart: a colour and a value per x position
// (NaN where there is none).
type lineSeries struct {
	// Name names the series (an area).
	Name string
	// Colour draws the line and its dots.
	Colour color.Color
	// Values holds one value per label, NaN where there is none.
	Values []float64
}

// lineChart draws series over shared x labels with Fyne's canvas lines, so
// it stays crisp at any size and follows the theme. It embeds BaseWidget
// like Fyne's own widgets.
type lineChart struct {
	widget.BaseWidget
	// Series are the lines, drawn in order.
	Series []lineSeries
	// Labels name the x positions; a few of them are written under the axis.
	Labels []string
	// YMax is the top of the y axis; the axis starts at 0.
	YMax float64
	// MinHeight, when larger than the default, is the chart's least height:
	// the Progress view grows its charts with the window.
	MinHeight float32
}

// newLineChart returns an empty chart with values from 0 to yMax.
func newLineChart(yMax float64) *lineChart {
	c := &lineChart{YMax: yMax}
	c.ExtendBaseWidget(c)
	return c
}

// SetData replaces the series and labels and redraws.
func (c *lineChart) SetData(series []lineSeries, labels []string) {
	c.Series, c.Labels = series, labels
	c.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (c *lineChart) CreateRenderer() fyne.WidgetRenderer {
	r := &lineRenderer{c: c}
	r.build()
	return r
}

type lineRenderer struct {
	c    *lineChart
	objs []fyne.CanvasObject
	size fyne.Size
}

const chartPad = 28

func (r *lineRenderer) build() {
	r.objs = r.objs[:0]
	w, h := r.size.Width, r.size.Height
	if w < 2*chartPad || h < 2*chartPad {
		return
	}
	fg := theme.Color(theme.ColorNameForeground)
	grid := theme.Color(theme.ColorNameSeparator)
	plotW, plotH := w-chartPad-8, h-chartPad-8
	x0, y0 := float32(chartPad), float32(8)
	ymax := r.c.YMax
	if ymax <= 0 {
		ymax = 1
	}
	for i := 0; i <= int(ymax); i++ {
		y := y0 + plotH - plotH*float32(float64(i)/ymax)
		l := canvas.NewLine(grid)
		l.Position1, l.Position2 = fyne.NewPos(x0, y), fyne.NewPos(x0+plotW, y)
		t := canvas.NewText(fmt.Sprint(i), fg)
		t.TextSize = theme.CaptionTextSize()
		t.Move(fyne.NewPos(4, y-8))
		r.objs = append(r.objs, l, t)
	}
	n := len(r.c.Labels)
	if n == 0 {
		return
	}
	xAt := func(i int) float32 {
		if n == 1 {
			return x0 + plotW/2
		}
		return x0 + plotW*float32(i)/float32(n-1)
	}
	r.objs = axisLabels(r.objs, r.c.Labels, fg, w, y0+plotH+4, xAt)
	for _, s := range r.c.Series {
		prev := -1
		for i, v := range s.Values {
			if math.IsNaN(v) {
				continue
			}
			y := y0 + plotH - plotH*float32(v/ymax)
			dot := canvas.NewCircle(s.Colour)
			dot.Resize(fyne.NewSize(6, 6))
			dot.Move(fyne.NewPos(xAt(i)-3, y-3))
			r.objs = append(r.objs, dot)
			if prev >= 0 {
				py := y0 + plotH - plotH*float32(s.Values[prev]/ymax)
				l := canvas.NewLine(s.Colour)
				l.StrokeWidth = 2
				l.Position1, l.Position2 = fyne.NewPos(xAt(prev), py), fyne.NewPos(xAt(i), y)
				r.objs = append(r.objs, l)
			}
			prev = i
		}
	}
}

// Layout implements fyne.WidgetRenderer: the chart is drawn again at size s.
func (r *lineRenderer) Layout(s fyne.Size) { r.size = s; r.build() }

// MinSize implements fyne.WidgetRenderer.
func (r *lineRenderer) MinSize() fyne.Size { return fyne.NewSize(240, max(160, r.c.MinHeight)) }

// Refresh implements fyne.WidgetRenderer: the chart is drawn again.
func (r *lineRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.c)
}

// Objects implements fyne.WidgetRenderer.
func (r *lineRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Destroy implements fyne.WidgetRenderer; there is nothing to release.
func (r *lineRenderer) Destroy() {}

// barChart draws stacked bars, one per x position; tapping a bar reports
// its index through OnTapped.
type barChart struct {
	widget.BaseWidget
	// Stacks[i][k] is the height of part k of bar i; Colours[k] its colour.
	Stacks  [][]float64
	Colours []color.Color
	// Labels name the bars; a few of them are written under the axis.
	Labels []string
	// OnTapped is called with the index of the tapped bar.
	OnTapped func(i int)
	// MinHeight, when larger than the default, is the chart's least height.
	MinHeight float32
}

// newBarChart returns an empty bar chart.
func newBarChart(colours []color.Color) *barChart {
	c := &barChart{Colours: colours}
	c.ExtendBaseWidget(c)
	return c
}

// SetData replaces the bars and redraws.
func (c *barChart) SetData(stacks [][]float64, labels []string) {
	c.Stacks, c.Labels = stacks, labels
	c.Refresh()
}

// Tapped implements fyne.Tappable: it finds the bar under the pointer.
func (c *barChart) Tapped(e *fyne.PointEvent) {
	n := len(c.Stacks)
	if n == 0 || c.OnTapped == nil {
		return
	}
	plotW := c.Size().Width - chartPad - 8
	i := int((e.Position.X - chartPad) / (plotW / float32(n)))
	if i >= 0 && i < n {
		c.OnTapped(i)
	}
}

// CreateRenderer implements fyne.Widget.
func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{c: c}
	r.build()
	return r
}

type barRenderer struct {
	c    *barChart
	objs []fyne.CanvasObject
	size fyne.Size
}

func (r *barRenderer) build() {
	r.objs = r.objs[:0]
	w, h := r.size.Width, r.size.Height
	n := len(r.c.Stacks)
	if n == 0 || w < 2*chartPad || h < 2*chartPad {
		return
	}
	fg := theme.Color(theme.ColorNameForeground)
	top := 0.0
	for _, st := range r.c.Stacks {
		sum := 0.0
		for _, v := range st {
			sum += v
		}
		top = math.Max(top, sum)
	}
	if top == 0 {
		top = 1
	}
	plotW, plotH := w-chartPad-8, h-chartPad-8
	x0, y0 := float32(chartPad), float32(8)
	bw := plotW / float32(n)
	t := canvas.NewText(fmt.Sprint(int(top)), fg)
	t.TextSize = theme.CaptionTextSize()
	t.Move(fyne.NewPos(4, y0-4))
	r.objs = append(r.objs, t)
	for i, st := range r.c.Stacks {
		y := y0 + plotH
		for k, v := range st {
			if v <= 0 {
				continue
			}
			bh := plotH * float32(v/top)
			rect := canvas.NewRectangle(r.c.Colours[k%len(r.c.Colours)])
			rect.Move(fyne.NewPos(x0+bw*float32(i)+1, y-bh))
			rect.Resize(fyne.NewSize(max(bw-2, 1), bh))
			r.objs = append(r.objs, rect)
			y -= bh
		}
	}
	r.objs = axisLabels(r.objs, r.c.Labels, fg, w, y0+plotH+4, func(i int) float32 { return x0 + bw*(float32(i)+0.5) })
}

// Layout implements fyne.WidgetRenderer: the bars are drawn again at size s.
func (r *barRenderer) Layout(s fyne.Size) { r.size = s; r.build() }

// MinSize implements fyne.WidgetRenderer.
func (r *barRenderer) MinSize() fyne.Size { return fyne.NewSize(240, max(140, r.c.MinHeight)) }

// Refresh implements fyne.WidgetRenderer: the bars are drawn again.
func (r *barRenderer) Refresh() { r.build(); canvas.Refresh(r.c) }

// Objects implements fyne.WidgetRenderer.
func (r *barRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Destroy implements fyne.WidgetRenderer; there is nothing to release.
func (r *barRenderer) Destroy() {}

func canvasRect(c color.Color) *canvas.Rectangle { return canvas.NewRectangle(c) }

// axisLabels appends as many of labels as fit under an axis of width w
// without overlapping, each centred on its x position (xAt) and kept inside
// the chart, and returns objs.
func axisLabels(objs []fyne.CanvasObject, labels []string, fg color.Color, w, y float32, xAt func(int) float32) []fyne.CanvasObject {
	n := len(labels)
	if n == 0 {
		return objs
	}
	size := theme.CaptionTextSize()
	widest := float32(0)
	for _, l := range labels {
		widest = max(widest, fyne.MeasureText(l, size, fyne.TextStyle{}).Width)
	}
	fit := max(1, int(w/(widest+12)))
	step := max(1, (n+fit-1)/fit)
	for i := 0; i < n; i += step {
		t := canvas.NewText(labels[i], fg)
		t.TextSize = size
		tw := t.MinSize().Width
		x := min(max(xAt(i)-tw/2, 0), w-tw)
		t.Move(fyne.NewPos(x, y))
		objs = append(objs, t)
	}
	return objs
}
