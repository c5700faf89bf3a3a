package ui

import (
	"strconv"
	"strings"

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

// plural writes n with the singular or plural noun: "1 day", "3 days",
// "10,000 entries".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return grouped(n) + " " + many
}

// grouped writes n with its thousands set apart by commas: "10,000".
func grouped(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// readingLayout gives its one object the full height and at most maxWidth of
// the width, centred: long lines are hard to read on a wide window.
type readingLayout struct{ maxWidth float32 }

// MinSize is the object's own minimum size.
func (l readingLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s
}

// Layout centres each object in a column of at most l.maxWidth.
func (l readingLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := fyne.Min(size.Width, l.maxWidth)
	for _, o := range objs {
		w := fyne.Max(w, o.MinSize().Width)
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos(fyne.Max(0, (size.Width-w)/2), 0))
	}
}

// readingColumn caps o's width at maxWidth and centres it.
func readingColumn(maxWidth float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(readingLayout{maxWidth}, o)
}

// panel is a rounded background in the theme's input colour, behind a group
// of things (the prompt card); it follows theme changes.
type panel struct{ widget.BaseWidget }

func newPanel() *panel {
	p := &panel{}
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer implements fyne.Widget.
func (p *panel) CreateRenderer() fyne.WidgetRenderer {
	r := canvas.NewRectangle(nil)
	pr := &panelRenderer{p: p, rect: r}
	pr.Refresh()
	return pr
}

type panelRenderer struct {
	p    *panel
	rect *canvas.Rectangle
}

func (r *panelRenderer) Layout(s fyne.Size)           { r.rect.Resize(s) }
func (r *panelRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (r *panelRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.rect} }
func (r *panelRenderer) Destroy()                     {}
func (r *panelRenderer) Refresh() {
	th := r.p.Theme()
	r.rect.FillColor = th.Color(theme.ColorNameInputBackground, fyne.CurrentApp().Settings().ThemeVariant())
	r.rect.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.rect.Refresh()
}

// stretchLayout lines its objects up, top to bottom or left to right, each at
// its minimum size except the one at index grow, which takes the room left.
// Unlike a Border, the objects keep the order given, which is the order Tab
// visits them in.
type stretchLayout struct {
	vertical bool
	grow     int
}

func (l stretchLayout) main(s fyne.Size) float32 {
	if l.vertical {
		return s.Height
	}
	return s.Width
}

func (l stretchLayout) cross(s fyne.Size) float32 {
	if l.vertical {
		return s.Width
	}
	return s.Height
}

func (l stretchLayout) size(main, cross float32) fyne.Size {
	if l.vertical {
		return fyne.NewSize(cross, main)
	}
	return fyne.NewSize(main, cross)
}

// MinSize adds up the visible objects' minimum sizes along the line.
func (l stretchLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var main, cross float32
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		main += l.main(m)
		cross = fyne.Max(cross, l.cross(m))
		n++
	}
	if n > 1 {
		main += pad * float32(n-1)
	}
	return l.size(main, cross)
}

// Layout gives the growing object the room the others leave.
func (l stretchLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	used, n := float32(0), 0
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		n++
		if i != l.grow {
			used += l.main(o.MinSize())
		}
	}
	if n > 1 {
		used += pad * float32(n-1)
	}
	extra := fyne.Max(l.main(size)-used, 0)
	pos := float32(0)
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		m := l.main(o.MinSize())
		if i == l.grow {
			m = fyne.Max(extra, m)
		}
		if l.vertical {
			o.Move(fyne.NewPos(0, pos))
			o.Resize(fyne.NewSize(size.Width, m))
		} else {
			o.Move(fyne.NewPos(pos, 0))
			o.Resize(fyne.NewSize(m, size.Height))
		}
		pos += m + pad
	}
}

// column stacks objs top to bottom; the one at grow takes the spare height.
func column(grow int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(stretchLayout{vertical: true, grow: grow}, objs...)
}

// hrow lines objs up left to right; the one at grow takes the spare width.
func hrow(grow int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(stretchLayout{grow: grow}, objs...)
}

// pairLayout lays two objects side by side, in columns of equal width, when
// the room is at least wide, and one above the other when it is narrower:
// two cards of bars and sentences read better beside each other on a big
// screen than stretched across it. It remembers the last width it laid out
// at, since a Fyne minimum size cannot depend on the width offered.
type pairLayout struct {
	wide float32
	last float32
}

// sideBySide reports whether the objects sit beside each other at width w.
func (l *pairLayout) sideBySide(w float32) bool { return w >= l.wide }

// MinSize is the widest object's width, and the height of the objects
// beside each other or stacked, as they were last laid out.
func (l *pairLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	side := l.sideBySide(l.last)
	for i, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		switch {
		case side:
			s.Height = max(s.Height, m.Height)
		case i > 0:
			s.Height += theme.Padding() + m.Height
		default:
			s.Height = m.Height
		}
	}
	return s
}

// Layout places the objects beside each other, or stacked, in size.
func (l *pairLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.last = size.Width
	pad := theme.Padding()
	if l.sideBySide(size.Width) {
		w := (size.Width - pad*float32(len(objs)-1)) / float32(len(objs))
		for i, o := range objs {
			o.Move(fyne.NewPos(float32(i)*(w+pad), 0))
			o.Resize(fyne.NewSize(w, size.Height))
		}
		return
	}
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + pad
	}
}
