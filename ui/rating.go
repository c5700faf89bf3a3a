package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// ratingPicker lets the user pick 1 to 5 stars; tapping the current value
// again clears it (0). It follows Fyne's widget pattern: it embeds
// BaseWidget and reports changes through OnChanged.
type ratingPicker struct {
	widget.BaseWidget
	// Value is 0 (none) or 1 to 5.
	Value int
	// OnChanged is called after the user changes the value.
	OnChanged func(int)

	stars [5]*widget.Button
}

// newRatingPicker returns a picker showing no rating.
func newRatingPicker() *ratingPicker {
	r := &ratingPicker{}
	for i := range r.stars {
		n := i + 1
		r.stars[i] = widget.NewButton("☆", func() { r.tap(n) })
		r.stars[i].Importance = widget.LowImportance
	}
	r.ExtendBaseWidget(r)
	r.show()
	return r
}

func (r *ratingPicker) tap(n int) {
	if r.Value == n {
		n = 0
	}
	r.SetValue(n)
	if r.OnChanged != nil {
		r.OnChanged(n)
	}
}

// SetValue shows v without calling OnChanged.
func (r *ratingPicker) SetValue(v int) {
	if v < 0 || v > 5 {
		v = 0
	}
	r.Value = v
	r.show()
}

func (r *ratingPicker) show() {
	for i, b := range r.stars {
		if i < r.Value {
			b.SetText("★")
		} else {
			b.SetText("☆")
		}
	}
}

// Star returns the button for n stars (1 to 5), for tests.
func (r *ratingPicker) Star(n int) *widget.Button { return r.stars[n-1] }

// CreateRenderer implements fyne.Widget.
func (r *ratingPicker) CreateRenderer() fyne.WidgetRenderer {
	objs := make([]fyne.CanvasObject, len(r.stars))
	for i, b := range r.stars {
		objs[i] = b
	}
	return widget.NewSimpleRenderer(container.NewHBox(objs...))
}
