package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// columnLayout centres its objects in a column no wider than width.
type columnLayout struct{ width float32 }

// MinSize is the widest child, capped at the column width.
func (l columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return fyne.NewSize(fyne.Min(s.Width, l.width), s.Height)
}

// Layout centres every child in a column of at most l.width.
func (l columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := fyne.Min(size.Width, fyne.Max(l.width, 0))
	for _, o := range objs {
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos((size.Width-w)/2, (size.Height-h)/2))
	}
}

// centredColumn puts objs in a vertical box, at most width wide, centred in
// the window.
func centredColumn(width float32, objs ...fyne.CanvasObject) fyne.CanvasObject {
	return container.New(columnLayout{width}, container.NewVBox(objs...))
}

// heading is a large bold line of text.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	return l
}

// wrapped is a word-wrapped paragraph.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// errorText is an inline error line, in the theme's error colour.
func errorText() *canvas.Text {
	t := canvas.NewText("", theme.Color(theme.ColorNameError))
	t.TextStyle = fyne.TextStyle{Bold: true}
	return t
}

// plural writes n with the singular or plural noun: "1 day", "3 days".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
