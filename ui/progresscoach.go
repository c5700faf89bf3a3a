package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	"candor/journal/stats"
	"candor/prompts"
)

// coachFigures are the Progress screen's figures of the coaching loop over
// the period: entries per trait, follow-through on next steps, and decisions
// with their calibration. Each is a card of sentences (progresstext.go) and
// horizontal bars.
type coachFigures struct {
	traitsNote *widget.Label
	traits     *barRows

	followText *widget.Label
	follow     *barRows

	decisionsText *widget.Label
	decisions     *barRows
	// The calibration part hides while there is no decision, and its key
	// while there are no bands.
	calibrationTitle *widget.Label
	calibrationText  *widget.Label
	calibration      *barRows
	calibrationKey   *widget.Label

	// cards are the figures' cards: traits, follow-through, decisions.
	cards []fyne.CanvasObject
	// content is what the screen shows, in order: the cards, laid out.
	content []fyne.CanvasObject
}

// newCoachFigures builds the cards, empty.
func newCoachFigures() *coachFigures {
	c := &coachFigures{
		traitsNote: wrapped(""), traits: newBarRows(),
		followText: wrapped(""), follow: newBarRows(),
		decisionsText: wrapped(""), decisions: newBarRows(),
		calibrationText: wrapped(""), calibration: newBarRows(),
		calibrationKey: wrapped(calibrationKey),
	}
	c.calibrationKey.SizeName = theme.SizeNameCaptionText
	c.calibrationTitle = widget.NewLabelWithStyle("How sure you were, and how often you were right", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.calibrationTitle.Wrapping = fyne.TextWrapWord
	c.cards = []fyne.CanvasObject{
		widget.NewCard("Traits", "Entries per trait of the prompts you answered", container.NewVBox(c.traitsNote, c.traits)),
		widget.NewCard("Follow-through", "Next steps that came due", container.NewVBox(c.followText, c.follow)),
		widget.NewCard("Decisions", "Decisions you recorded, and how they turned out", container.NewVBox(c.decisionsText, c.decisions,
			c.calibrationTitle, c.calibrationText, c.calibration, c.calibrationKey)),
	}
	// On a wide screen, follow-through and decisions sit beside the traits.
	c.content = []fyne.CanvasObject{container.New(&pairLayout{wide: 1200}, c.cards[0], container.NewVBox(c.cards[1], c.cards[2]))}
	return c
}

// show fills the figures with st; traits are the library's traits.
func (c *coachFigures) show(st stats.Stats, traits []prompts.Trait) {
	c.traitsNote.SetText(traitsNote(st.Traits, traits))
	c.traits.SetRows(traitRows(st.Traits, traits))

	f := st.FollowThrough
	c.followText.SetText(followThroughText(f))
	var rows []barRow
	if f.Due > 0 {
		share := func(name string, n int, colour color.Color) barRow {
			return barRow{Name: name, Value: float64(n), Max: float64(f.Due), Colour: colour,
				Note: fmt.Sprintf("%d (%d%%)", n, percent(n, f.Due))}
		}
		rows = []barRow{share("Done", f.Done, colourGood), share("Partly", f.Partly, colourHalf),
			share("Not done", f.Not, colourBad), share("Unanswered", f.Open, colourUnknown)}
	}
	c.follow.SetRows(rows)

	d := st.Decisions
	c.decisionsText.SetText(decisionsText(d))
	rows = nil
	if d.Reviewed > 0 {
		share := func(name string, n int, colour color.Color) barRow {
			return barRow{Name: name, Value: float64(n), Max: float64(d.Reviewed), Colour: colour,
				Note: fmt.Sprintf("%d (%d%%)", n, percent(n, d.Reviewed))}
		}
		rows = []barRow{share("Right", d.Right, colourGood), share("Mixed", d.Mixed, colourHalf),
			share("Wrong", d.Wrong, colourBad)}
	}
	c.decisions.SetRows(rows)
	c.calibrationText.SetText(calibrationText(d))
	for _, o := range []fyne.CanvasObject{c.calibrationTitle, c.calibrationText} {
		if d.Made > 0 {
			o.Show()
		} else {
			o.Hide()
		}
	}
	rows = nil
	if _, enough := calibrated(d); enough {
		for _, b := range d.Calibration {
			rows = append(rows, barRow{Name: bandLabel(b.Band), Value: float64(b.Right), Max: float64(b.Reviewed),
				ColourName: theme.ColorNamePrimary, Mark: bandMiddle(b.Band) / 100 * float64(b.Reviewed), Note: bandNote(b)})
		}
	}
	c.calibration.SetRows(rows)
	if len(rows) > 0 {
		c.calibrationKey.Show()
	} else {
		c.calibrationKey.Hide()
	}
}

// calibrationKey says how to read the calibration bars.
const calibrationKey = "Each bar is how often you were right when that sure; the line across it marks how sure you were. " +
	"A bar that stops short of its line means you were right less often than you expected."

// wipe empties the figures.
func (c *coachFigures) wipe() {
	for _, l := range []*widget.Label{c.traitsNote, c.followText, c.decisionsText, c.calibrationText} {
		l.SetText("")
	}
	for _, b := range []*barRows{c.traits, c.follow, c.decisions, c.calibration} {
		b.SetRows(nil)
	}
}

// notPractised is the note of a trait without entries in the period.
const notPractised = "not yet practised"

// traitRows lists every practisable trait with its entries, grouped by area
// under a heading, in library order; traits without entries are marked as
// not yet practised. Entries that answered the user's own prompts without a
// trait get a row of their own when there are any.
func traitRows(counts map[string]int, traits []prompts.Trait) []barRow {
	top := 1
	for _, n := range counts {
		top = max(top, n)
	}
	groups := append(append([]journal.Area(nil), journal.Areas...), journal.AreaNone)
	var rows []barRow
	for _, a := range groups {
		var group []barRow
		for _, t := range traits {
			if !practisable(t) || journal.Area(t.Area) != a {
				continue
			}
			group = append(group, traitRow(t.Name, counts[t.ID], top, a))
		}
		if a == journal.AreaNone && counts[prompts.TraitOwn] > 0 {
			group = append(group, traitRow("Your own prompts", counts[prompts.TraitOwn], top, a))
		}
		if len(group) == 0 {
			continue
		}
		title := areaTitle(a)
		if a == journal.AreaNone {
			title = "Across the areas"
		}
		rows = append(rows, barRow{Heading: true, Name: title})
		rows = append(rows, group...)
	}
	return rows
}

// traitRow is the row of a trait with n entries, against the most any
// trait has (top).
func traitRow(name string, n, top int, a journal.Area) barRow {
	r := barRow{Name: name, Value: float64(n), Max: float64(top), Colour: areaColour(a), Note: plural(n, "entry", "entries")}
	if n == 0 {
		r.Note, r.Empty = notPractised, true
	}
	return r
}

// barRow is one row of a barRows: a heading, or a name with a bar and a
// note.
type barRow struct {
	// Heading makes the row a heading (Name, in bold) over the rows below.
	Heading bool
	// Name is the text left of the bar.
	Name string
	// Value and Max make the bar Value/Max of the room for it.
	Value, Max float64
	// Colour fills the bar; when nil, the theme's ColourName does.
	Colour     color.Color
	ColourName fyne.ThemeColorName
	// Mark, when above 0, draws a tick across the track at that value: what
	// was expected.
	Mark float64
	// Note is the text right of the bar.
	Note string
	// Empty marks a row with nothing to show: its note is in italics, in the
	// theme's warning colour, beside an empty track.
	Empty bool
}

// barRows draws rows of horizontal bars with a name on the left and a note
// on the right, lined up in columns, with Fyne's canvas so it follows the
// theme. Names too long for their column, at most half the width, end in
// an ellipsis, so the rows fit any window.
type barRows struct {
	widget.BaseWidget
	// Rows are the rows, top to bottom.
	Rows []barRow
}

// newBarRows returns an empty barRows.
func newBarRows() *barRows {
	b := &barRows{}
	b.ExtendBaseWidget(b)
	return b
}

// SetRows replaces the rows and redraws.
func (b *barRows) SetRows(rows []barRow) {
	b.Rows = rows
	b.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (b *barRows) CreateRenderer() fyne.WidgetRenderer {
	r := &barRowsRenderer{b: b}
	r.build()
	return r
}

type barRowsRenderer struct {
	b    *barRows
	objs []fyne.CanvasObject
	size fyne.Size
}

// maxBarWidth is the longest a bar's track grows.
const maxBarWidth = 640

// rowHeight is the height of one row: a line of text and some room.
func rowHeight() float32 {
	return fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{}).Height + 2*theme.Padding()
}

func (r *barRowsRenderer) build() {
	r.objs = r.objs[:0]
	w := r.size.Width
	rows := r.b.Rows
	if w <= 0 || len(rows) == 0 {
		return
	}
	size, pad, rowH := theme.TextSize(), theme.Padding(), rowHeight()
	fg := theme.Color(theme.ColorNameForeground)
	nameW, noteW := float32(0), float32(0)
	for _, row := range rows {
		if row.Heading {
			continue
		}
		nameW = max(nameW, fyne.MeasureText(row.Name, size, fyne.TextStyle{}).Width)
		noteW = max(noteW, fyne.MeasureText(row.Note, size, fyne.TextStyle{Italic: row.Empty}).Width)
	}
	// Texts line up with the labels' text around the rows.
	textX := theme.InnerPadding()
	nameW = min(nameW, w/2-textX)
	barX := textX + nameW + 3*pad
	// Very long bars are hard to read across: past maxBarWidth they stop
	// growing, and the notes stay beside them.
	barW := min(max(w-barX-noteW-3*pad, 24), maxBarWidth)
	barH := rowH * 0.55
	y := float32(0)
	for i, row := range rows {
		if row.Heading {
			if i > 0 {
				y += pad
			}
			t := canvas.NewText(fitText(row.Name, size, fyne.TextStyle{Bold: true}, w-textX), fg)
			t.TextStyle = fyne.TextStyle{Bold: true}
			t.Move(fyne.NewPos(textX, y+pad))
			r.objs = append(r.objs, t)
			y += rowH
			continue
		}
		name := canvas.NewText(fitText(row.Name, size, fyne.TextStyle{}, nameW), fg)
		name.Move(fyne.NewPos(textX, y+pad))
		track := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
		track.CornerRadius = 2
		track.Move(fyne.NewPos(barX, y+(rowH-barH)/2))
		track.Resize(fyne.NewSize(barW, barH))
		r.objs = append(r.objs, name, track)
		if row.Max > 0 && row.Value > 0 {
			c := row.Colour
			if c == nil {
				c = theme.Color(row.ColourName)
			}
			bar := canvas.NewRectangle(c)
			bar.CornerRadius = 2
			bar.Move(track.Position())
			bar.Resize(fyne.NewSize(max(barW*float32(min(row.Value/row.Max, 1)), 2), barH))
			r.objs = append(r.objs, bar)
		}
		if row.Max > 0 && row.Mark > 0 {
			x := barX + barW*float32(min(row.Mark/row.Max, 1))
			tick := canvas.NewLine(fg)
			tick.StrokeWidth = 2
			tick.Position1, tick.Position2 = fyne.NewPos(x, y+pad/2), fyne.NewPos(x, y+rowH-pad/2)
			r.objs = append(r.objs, tick)
		}
		note := canvas.NewText(row.Note, fg)
		if row.Empty {
			note.Color = theme.Color(theme.ColorNameWarning)
			note.TextStyle = fyne.TextStyle{Italic: true}
		}
		note.Move(fyne.NewPos(barX+barW+2*pad, y+pad))
		r.objs = append(r.objs, note)
		y += rowH
	}
}

// fitText returns s, or as much of it as fits in w followed by an
// ellipsis.
func fitText(s string, size float32, style fyne.TextStyle, w float32) string {
	if fyne.MeasureText(s, size, style).Width <= w {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes) // the longest prefix that fits is in [lo, hi)
	for lo < hi-1 {
		mid := (lo + hi) / 2
		if fyne.MeasureText(string(runes[:mid])+"…", size, style).Width <= w {
			lo = mid
		} else {
			hi = mid
		}
	}
	return string(runes[:lo]) + "…"
}

// Layout implements fyne.WidgetRenderer: the rows are drawn again at size s.
func (r *barRowsRenderer) Layout(s fyne.Size) { r.size = s; r.build() }

// MinSize implements fyne.WidgetRenderer: the rows' height, and a width
// that fits a small window (names shorten to fit).
func (r *barRowsRenderer) MinSize() fyne.Size {
	h := float32(0)
	for i, row := range r.b.Rows {
		if row.Heading && i > 0 {
			h += theme.Padding()
		}
		h += rowHeight()
	}
	return fyne.NewSize(200, h)
}

// Refresh implements fyne.WidgetRenderer: the rows are drawn again.
func (r *barRowsRenderer) Refresh() { r.build(); canvas.Refresh(r.b) }

// Objects implements fyne.WidgetRenderer.
func (r *barRowsRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Destroy implements fyne.WidgetRenderer; there is nothing to release.
func (r *barRowsRenderer) Destroy() {}
