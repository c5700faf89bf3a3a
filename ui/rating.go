package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ratingPicker lets the user pick 1 to 5 stars, with the mouse or the
// keyboard. It takes focus (Tab reaches it): 1 to 5 set the stars, 0 or
// Backspace clear them, the arrow keys step, and a ring shows the focus.
// Clicking the current value again clears it (0). Each star keeps its place
// whatever is around it. It follows Fyne's widget pattern: it embeds
// BaseWidget and reports changes through OnChanged.
type ratingPicker struct {
	widget.BaseWidget
	// Value is 0 (none) or 1 to 5.
	Value int
	// OnChanged is called after the user changes the value.
	OnChanged func(int)

	stars   [5]*ratingStar
	focused bool
}

// newRatingPicker returns a picker showing no rating.
func newRatingPicker() *ratingPicker {
	r := &ratingPicker{}
	for i := range r.stars {
		r.stars[i] = newRatingStar(r, i+1)
	}
	r.ExtendBaseWidget(r)
	return r
}

// pick sets n stars as the user's choice, or clears them when n is the
// current value and toggle is set.
func (r *ratingPicker) pick(n int, toggle bool) {
	if n < 0 || n > 5 {
		return
	}
	if toggle && r.Value == n {
		n = 0
	}
	if n == r.Value {
		return
	}
	r.SetValue(n)
	if r.OnChanged != nil {
		r.OnChanged(n)
	}
}

// tap is a click on star n: it takes the focus too.
func (r *ratingPicker) tap(n int) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(r); c != nil {
		c.Focus(r)
	}
	r.pick(n, true)
}

// SetValue shows v without calling OnChanged.
func (r *ratingPicker) SetValue(v int) {
	if v < 0 || v > 5 {
		v = 0
	}
	r.Value = v
	r.Refresh()
}

// Star returns the star for n stars (1 to 5), for tests.
func (r *ratingPicker) Star(n int) *ratingStar { return r.stars[n-1] }

// FocusGained implements fyne.Focusable.
func (r *ratingPicker) FocusGained() { r.focused = true; r.Refresh() }

// FocusLost implements fyne.Focusable.
func (r *ratingPicker) FocusLost() { r.focused = false; r.Refresh() }

// TypedRune implements fyne.Focusable: 1 to 5 set the stars, 0 clears them.
func (r *ratingPicker) TypedRune(c rune) {
	if c >= '0' && c <= '5' {
		r.pick(int(c-'0'), false)
	}
}

// TypedKey implements fyne.Focusable: the arrows step, Home and Backspace
// clear, End gives five stars.
func (r *ratingPicker) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyRight, fyne.KeyUp:
		r.pick(min(r.Value+1, 5), false)
	case fyne.KeyLeft, fyne.KeyDown:
		r.pick(max(r.Value-1, 0), false)
	case fyne.KeyHome, fyne.KeyBackspace, fyne.KeyDelete:
		r.pick(0, false)
	case fyne.KeyEnd:
		r.pick(5, false)
	}
}

// String describes the value in words, for the hint beside the stars.
func (r *ratingPicker) String() string {
	if r.Value == 0 {
		return "not rated"
	}
	return fmt.Sprintf("%d of 5", r.Value)
}

// CreateRenderer implements fyne.Widget.
func (r *ratingPicker) CreateRenderer() fyne.WidgetRenderer {
	ring := canvas.NewRectangle(nil)
	rr := &ratingRenderer{r: r, ring: ring}
	rr.Refresh()
	return rr
}

type ratingRenderer struct {
	r    *ratingPicker
	ring *canvas.Rectangle
}

func (rr *ratingRenderer) cell() fyne.Size {
	th := rr.r.Theme()
	s := th.Size(theme.SizeNameText) * 1.6
	return fyne.NewSize(s+th.Size(theme.SizeNameInnerPadding)/2, s+th.Size(theme.SizeNameInnerPadding))
}

func (rr *ratingRenderer) Layout(size fyne.Size) {
	c := rr.cell()
	pad := rr.r.Theme().Size(theme.SizeNamePadding)
	rr.ring.Move(fyne.NewPos(0, 0))
	rr.ring.Resize(size)
	y := (size.Height - c.Height) / 2
	for i, s := range rr.r.stars {
		s.Move(fyne.NewPos(pad+float32(i)*c.Width, y))
		s.Resize(c)
	}
}

func (rr *ratingRenderer) MinSize() fyne.Size {
	c := rr.cell()
	pad := rr.r.Theme().Size(theme.SizeNamePadding)
	return fyne.NewSize(5*c.Width+2*pad, c.Height+pad)
}

func (rr *ratingRenderer) Refresh() {
	th := rr.r.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	rr.ring.CornerRadius = th.Size(theme.SizeNameInputRadius)
	if rr.r.focused {
		rr.ring.FillColor = th.Color(theme.ColorNameFocus, v)
		rr.ring.StrokeColor = th.Color(theme.ColorNamePrimary, v)
		rr.ring.StrokeWidth = 2
	} else {
		rr.ring.FillColor = nil
		rr.ring.StrokeColor = nil
		rr.ring.StrokeWidth = 0
	}
	rr.ring.Refresh()
	for _, s := range rr.r.stars {
		s.Refresh()
	}
}

func (rr *ratingRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{rr.ring}
	for _, s := range rr.r.stars {
		objs = append(objs, s)
	}
	return objs
}

func (rr *ratingRenderer) Destroy() {}

// ratingStar is one star of a ratingPicker: a fixed-size cell that shows a
// filled or an empty star and picks its number when clicked.
type ratingStar struct {
	widget.BaseWidget
	r       *ratingPicker
	n       int
	hovered bool
}

func newRatingStar(r *ratingPicker, n int) *ratingStar {
	s := &ratingStar{r: r, n: n}
	s.ExtendBaseWidget(s)
	return s
}

// Tapped implements fyne.Tappable.
func (s *ratingStar) Tapped(*fyne.PointEvent) { s.r.tap(s.n) }

// MouseIn implements desktop.Hoverable.
func (s *ratingStar) MouseIn(*desktop.MouseEvent) { s.hovered = true; s.Refresh() }

// MouseMoved implements desktop.Hoverable.
func (s *ratingStar) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable.
func (s *ratingStar) MouseOut() { s.hovered = false; s.Refresh() }

// CreateRenderer implements fyne.Widget.
func (s *ratingStar) CreateRenderer() fyne.WidgetRenderer {
	t := canvas.NewText("", nil)
	t.Alignment = fyne.TextAlignCenter
	bg := canvas.NewRectangle(nil)
	sr := &starRenderer{s: s, text: t, bg: bg}
	sr.Refresh()
	return sr
}

type starRenderer struct {
	s    *ratingStar
	text *canvas.Text
	bg   *canvas.Rectangle
}

func (sr *starRenderer) Layout(size fyne.Size) {
	sr.bg.Resize(size)
	ts := sr.text.MinSize()
	sr.text.Resize(fyne.NewSize(size.Width, ts.Height))
	sr.text.Move(fyne.NewPos(0, (size.Height-ts.Height)/2))
}

func (sr *starRenderer) MinSize() fyne.Size { return sr.text.MinSize() }

func (sr *starRenderer) Refresh() {
	th := sr.s.r.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	sr.text.TextSize = th.Size(theme.SizeNameText) * 1.5
	if sr.s.n <= sr.s.r.Value {
		sr.text.Text = "★"
		sr.text.Color = th.Color(theme.ColorNamePrimary, v)
	} else {
		sr.text.Text = "☆"
		sr.text.Color = th.Color(theme.ColorNameForeground, v)
	}
	sr.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	if sr.s.hovered {
		sr.bg.FillColor = th.Color(theme.ColorNameHover, v)
	} else {
		sr.bg.FillColor = nil
	}
	sr.text.Refresh()
	sr.bg.Refresh()
}

func (sr *starRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{sr.bg, sr.text} }

func (sr *starRenderer) Destroy() {}
