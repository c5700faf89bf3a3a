package ui

import (
	"sort"
	"unicode"

	"fyne.io/fyne/v2"
)

// textWrap breaks paragraphs into rows of at most a width, word by word,
// and remembers them: only a paragraph that changed is wrapped again, and
// the width of every word is measured once.
type textWrap struct {
	width    float32 // the width rows must fit in
	textSize float32
	rowH     float32
	widths   map[string]float32 // the measured width of words and spaces

	// starts holds, for each paragraph, where its rows begin (in runes);
	// nil when the paragraph must be wrapped again.
	starts [][]int
	// firstRow[i] is the index of the first row of paragraph i, over the
	// whole text; firstRow has one more element, the number of rows.
	firstRow []int
	dirty    bool // firstRow must be counted again
}

// invalidate forgets every row.
func (w *textWrap) invalidate() {
	w.starts = nil
	w.dirty = true
}

// replace says that paragraphs [from, to) were replaced by n paragraphs
// which must be wrapped.
func (w *textWrap) replace(from, to, n int) {
	if w.starts == nil || to > len(w.starts) {
		w.invalidate()
		return
	}
	fresh := make([][]int, n)
	w.starts = append(w.starts[:from], append(fresh, w.starts[to:]...)...)
	w.dirty = true
}

// update wraps what must be, for the given text size and width.
func (w *textWrap) update(paras [][]rune, size, width float32) {
	if width < 1 {
		width = 1
	}
	if size != w.textSize {
		w.textSize = size
		for k := range w.widths {
			delete(w.widths, k)
		}
		w.rowH = fyne.MeasureText("M", size, fyne.TextStyle{}).Height
		w.invalidate()
	}
	if width != w.width {
		w.width = width
		w.invalidate()
	}
	if len(w.starts) != len(paras) {
		w.starts = make([][]int, len(paras))
		w.dirty = true
	}
	for i, p := range paras {
		if w.starts[i] == nil {
			w.starts[i] = w.wrapPara(p)
			w.dirty = true
		}
	}
	if w.dirty {
		w.firstRow = w.firstRow[:0]
		n := 0
		for _, s := range w.starts {
			w.firstRow = append(w.firstRow, n)
			n += len(s)
		}
		w.firstRow = append(w.firstRow, n)
		w.dirty = false
	}
}

// measure returns the width of s, measured once.
func (w *textWrap) measure(s []rune) float32 {
	k := string(s)
	if v, ok := w.widths[k]; ok {
		return v
	}
	v := fyne.MeasureText(k, w.textSize, fyne.TextStyle{}).Width
	w.widths[k] = v
	return v
}

// spaceWidth is the width of one space.
func (w *textWrap) spaceWidth() float32 { return w.measure([]rune{' '}) }

// wrapPara returns where the rows of p begin. Spaces at the end of a row
// hang past the width; a word longer than a row is broken between
// characters.
func (w *textWrap) wrapPara(p []rune) []int {
	starts := []int{0}
	x := float32(0)
	rowStart := 0
	for i := 0; i < len(p); {
		space := unicode.IsSpace(p[i])
		j := i + 1
		for j < len(p) && unicode.IsSpace(p[j]) == space {
			j++
		}
		tw := w.measure(p[i:j])
		if space || x+tw <= w.width {
			x += tw
			i = j
			continue
		}
		if i > rowStart {
			starts = append(starts, i)
			rowStart, x = i, 0
			if tw <= w.width {
				x = tw
				i = j
				continue
			}
		}
		// A word wider than a row: as many characters as fit on each row.
		for k := i; k < j; k++ {
			cw := w.measure(p[k : k+1])
			if x+cw > w.width && k > rowStart {
				starts = append(starts, k)
				rowStart, x = k, 0
			}
			x += cw
		}
		i = j
	}
	return starts
}

// total is the number of rows.
func (w *textWrap) total() int {
	if len(w.firstRow) == 0 {
		return 0
	}
	return w.firstRow[len(w.firstRow)-1]
}

// locate returns the paragraph of row and where the row begins and ends in
// it.
func (w *textWrap) locate(paras [][]rune, row int) (p, start, end int) {
	p = sort.Search(len(w.starts), func(i int) bool { return w.firstRow[i+1] > row })
	if p >= len(w.starts) {
		p = len(w.starts) - 1
		row = w.firstRow[p] + len(w.starts[p]) - 1
	}
	r := row - w.firstRow[p]
	start = w.starts[p][r]
	end = len(paras[p])
	if r+1 < len(w.starts[p]) {
		end = w.starts[p][r+1]
	}
	return p, start, end
}

// rowOf returns the row of the caret at pos: a column where a row wraps
// belongs to the next row.
func (w *textWrap) rowOf(paras [][]rune, pos textPos) int {
	if pos.p >= len(w.starts) {
		return w.total() - 1
	}
	s := w.starts[pos.p]
	r := sort.Search(len(s), func(i int) bool { return s[i] > pos.c }) - 1
	if r < 0 {
		r = 0
	}
	return w.firstRow[pos.p] + r
}

// rowStart returns the column where row begins.
func (w *textWrap) rowStart(row int) int {
	p := sort.Search(len(w.starts), func(i int) bool { return w.firstRow[i+1] > row })
	return w.starts[p][row-w.firstRow[p]]
}

// rowEnd returns the column End goes to on row: before the space where a
// row wraps, so that the caret stays on the row.
func (w *textWrap) rowEnd(paras [][]rune, row int) int {
	p, start, end := w.locate(paras, row)
	if end < len(paras[p]) && end > start {
		return end - 1
	}
	return end
}

// x returns the offset of column c from the start of row.
func (w *textWrap) x(paras [][]rune, row, c int) float32 {
	p, start, _ := w.locate(paras, row)
	if c <= start {
		return 0
	}
	return fyne.MeasureText(string(paras[p][start:c]), w.textSize, fyne.TextStyle{}).Width
}

// posAt returns the place on row nearest to offset x.
func (w *textWrap) posAt(paras [][]rune, row int, x float32) textPos {
	p, start, end := w.locate(paras, row)
	last := end
	if end < len(paras[p]) && end > start {
		last = end - 1 // the caret stays on this row
	}
	// The first column whose offset passes x, then the nearer of it and
	// the one before.
	c := start + sort.Search(last-start, func(i int) bool { return w.x(paras, row, start+i+1) > x })
	if c < last {
		before, after := w.x(paras, row, c), w.x(paras, row, c+1)
		if x-before > after-x {
			c++
		}
	}
	return textPos{p, c}
}
