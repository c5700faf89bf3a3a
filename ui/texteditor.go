package ui

import (
	"image/color"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// textEditor is the body editor: multi-line, word-wrapped text that stays
// fast with long entries. Fyne's Entry wraps its whole text again, several
// times, on every key; textEditor keeps the text as paragraphs, wraps only
// the paragraph that changed (with the width of every word remembered), and
// draws only the rows in view.
//
// It behaves like a word-wrapped widget.Entry where the app relies on one:
// Text, SetText and OnChanged; the caret with the arrows, Home, End, Page
// Up, Page Down, Ctrl+Home, Ctrl+End and Ctrl+Left/Right; Shift selects;
// Ctrl+A, Ctrl+C, Ctrl+X and Ctrl+V through the clipboard; Ctrl+Z and
// Ctrl+Y; the mouse places the caret, drags a selection and a double click
// selects a word; the wheel scrolls and the view follows the caret. Like
// shortcutEntry it passes Candor's shortcuts to the app and leaves Tab and
// Shift+Tab to move the focus (Ctrl+Tab types a tab).
//
// A key costs well under a millisecond, so every character goes in as it
// arrives: the driver handles all the events waiting before it paints the
// next frame.
type textEditor struct {
	widget.BaseWidget

	// Text is the whole text, paragraphs joined by "\n". Read it; change it
	// with SetText.
	Text string
	// CursorRow and CursorColumn are the caret's paragraph and its column
	// in runes.
	CursorRow, CursorColumn int
	// OnChanged is called after every change of Text.
	OnChanged func(string)

	keys *keys
	// onEscape, when set, handles Esc when no dialog is open.
	onEscape func()
	// onBlur, when set, is called after the editor lost the focus.
	onBlur func()

	placeHolder string
	minRows     int

	paras   [][]rune
	anchor  textPos // the other end of the selection; the caret when none
	focused bool
	shift   bool    // Shift is held (from KeyDown and KeyUp)
	goalX   float32 // the column Up and Down aim for; <0 when none

	undo, redo []textState
	lastEdit   editKind

	wrap    textWrap
	content *editorContent
	scroll  *container.Scroll
}

// textPos is a place in the text: a paragraph and a rune column in it.
type textPos struct{ p, c int }

func (a textPos) before(b textPos) bool { return a.p < b.p || a.p == b.p && a.c < b.c }

// textState is the text and caret an undo step returns to.
type textState struct {
	text   string
	cursor textPos
}

// editKind tells typing from other edits, so that a run of typing is undone
// at once.
type editKind int

const (
	editNone editKind = iota
	editTyping
	editDeleting
	editOther
)

// maxUndo is how many steps Ctrl+Z goes back.
const maxUndo = 200

func newTextEditor(k *keys) *textEditor {
	e := &textEditor{keys: k, paras: [][]rune{nil}, goalX: -1, minRows: 3}
	e.wrap.widths = map[string]float32{}
	e.content = &editorContent{e: e}
	e.content.ExtendBaseWidget(e.content)
	e.scroll = container.NewVScroll(e.content)
	e.scroll.OnScrolled = func(fyne.Position) { e.content.Refresh() }
	e.ExtendBaseWidget(e)
	return e
}

// SetPlaceHolder sets the text shown while the editor is empty.
func (e *textEditor) SetPlaceHolder(s string) {
	e.placeHolder = s
	e.content.Refresh()
}

// SetMinRowsVisible sets how many rows the editor shows at least.
func (e *textEditor) SetMinRowsVisible(n int) {
	e.minRows = n
	e.Refresh()
}

// SetText replaces the text, forgets the undo history and the words it
// measured (private text), and keeps the caret where it was, or at the end
// of the text if that is shorter.
func (e *textEditor) SetText(s string) {
	e.undo, e.redo, e.lastEdit = nil, nil, editNone
	clear(e.wrap.widths)
	changed := s != e.Text
	e.setParas(s)
	e.anchor = e.clamp(e.cursor())
	e.setCursor(e.anchor)
	e.wrap.invalidate()
	e.Text = s
	if changed && e.OnChanged != nil {
		e.OnChanged(s)
	}
	e.relayout()
}

// Value returns the text.
func (e *textEditor) Value() string { return e.Text }

// caretToEnd puts the caret after the last character, with nothing
// selected: where the user goes on writing a draft that came back.
func (e *textEditor) caretToEnd() {
	last := len(e.paras) - 1
	e.setCursor(textPos{last, len(e.paras[last])})
	e.anchor = e.cursor()
	e.lastEdit = editNone
	e.ensureCursorVisible()
	e.content.Refresh()
}

// SelectedText returns the selected text, or "" when nothing is selected.
func (e *textEditor) SelectedText() string {
	a, b := e.selection()
	if a == b {
		return ""
	}
	return e.textBetween(a, b)
}

// AcceptsTab implements fyne.Tabbable: never, so that Tab and Shift+Tab move
// the focus.
func (e *textEditor) AcceptsTab() bool { return false }

// FocusGained implements fyne.Focusable.
func (e *textEditor) FocusGained() {
	e.focused = true
	e.Refresh()
	e.ensureCursorVisible()
}

// FocusLost implements fyne.Focusable.
func (e *textEditor) FocusLost() {
	e.focused = false
	e.shift = false
	e.Refresh()
	if e.onBlur != nil {
		e.onBlur()
	}
}

// TypedRune implements fyne.Focusable.
func (e *textEditor) TypedRune(r rune) {
	if unicode.IsSpace(r) && e.lastEdit == editTyping {
		e.lastEdit = editNone // Ctrl+Z takes back a word at a time
	}
	e.insert([]rune{r}, editTyping)
}

// KeyDown implements desktop.Keyable: it follows Shift.
func (e *textEditor) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = true
	}
}

// KeyUp implements desktop.Keyable.
func (e *textEditor) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = false
	}
}

// shiftHeld reports whether Shift is held now.
func (e *textEditor) shiftHeld() bool {
	if e.shift {
		return true
	}
	if app := fyne.CurrentApp(); app != nil {
		if d, ok := app.Driver().(desktop.Driver); ok {
			return d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
		}
	}
	return false
}

// TypedKey implements fyne.Focusable; Esc closes an open dialog.
func (e *textEditor) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		if e.keys != nil && e.keys.escape() {
			return
		}
		if e.onEscape != nil {
			e.onEscape()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		e.insert([]rune{'\n'}, editOther)
	case fyne.KeyBackspace:
		e.deleteBack(false)
	case fyne.KeyDelete:
		e.deleteForward(false)
	case fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyHome, fyne.KeyEnd, fyne.KeyPageUp, fyne.KeyPageDown:
		e.move(k.Name, false, e.shiftHeld())
	}
}

// TypedShortcut implements fyne.Shortcutable.
func (e *textEditor) TypedShortcut(s fyne.Shortcut) {
	name := s.ShortcutName()
	if name == insertTabShortcut.ShortcutName() {
		e.insert([]rune{'\t'}, editTyping)
		return
	}
	if e.keys != nil {
		if h, ok := e.keys.handlers[name]; ok {
			h()
			return
		}
	}
	switch s := s.(type) {
	case *fyne.ShortcutCopy:
		e.copySelection(clipboardOf(s.Clipboard))
	case *fyne.ShortcutCut:
		if e.copySelection(clipboardOf(s.Clipboard)) {
			e.replaceSelection(nil, editOther)
		}
	case *fyne.ShortcutPaste:
		if cb := clipboardOf(s.Clipboard); cb != nil {
			text := strings.ReplaceAll(cb.Content(), "\r\n", "\n")
			e.insert([]rune(text), editOther)
		}
	case *fyne.ShortcutSelectAll:
		e.anchor = textPos{}
		last := len(e.paras) - 1
		e.setCursor(textPos{last, len(e.paras[last])})
		e.lastEdit = editNone
		e.content.Refresh()
	case *fyne.ShortcutUndo:
		e.undoStep(&e.undo, &e.redo)
	case *fyne.ShortcutRedo:
		e.undoStep(&e.redo, &e.undo)
	case *desktop.CustomShortcut:
		word := s.Modifier&fyne.KeyModifierShortcutDefault != 0 || s.Modifier&fyne.KeyModifierAlt != 0
		shift := s.Modifier&fyne.KeyModifierShift != 0
		switch {
		case s.KeyName == fyne.KeyBackspace && word:
			e.deleteBack(true)
		case s.KeyName == fyne.KeyDelete && word:
			e.deleteForward(true)
		case word || shift:
			switch s.KeyName {
			case fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyHome, fyne.KeyEnd, fyne.KeyPageUp, fyne.KeyPageDown:
				e.move(s.KeyName, word, shift)
			}
		}
	}
}

// clipboardOf returns cb, or the app's clipboard when cb is nil.
func clipboardOf(cb fyne.Clipboard) fyne.Clipboard {
	if cb != nil {
		return cb
	}
	if app := fyne.CurrentApp(); app != nil {
		return app.Clipboard()
	}
	return nil
}

// copySelection puts the selection on cb and reports whether there was one.
func (e *textEditor) copySelection(cb fyne.Clipboard) bool {
	t := e.SelectedText()
	if t == "" || cb == nil {
		return false
	}
	cb.SetContent(t)
	return true
}

// cursor returns the caret's place.
func (e *textEditor) cursor() textPos { return textPos{e.CursorRow, e.CursorColumn} }

func (e *textEditor) setCursor(p textPos) { e.CursorRow, e.CursorColumn = p.p, p.c }

// clamp returns p moved inside the text.
func (e *textEditor) clamp(p textPos) textPos {
	if p.p < 0 {
		return textPos{}
	}
	if p.p >= len(e.paras) {
		last := len(e.paras) - 1
		return textPos{last, len(e.paras[last])}
	}
	if p.c < 0 {
		p.c = 0
	}
	if p.c > len(e.paras[p.p]) {
		p.c = len(e.paras[p.p])
	}
	return p
}

// selection returns the selected range in text order; equal ends mean no
// selection.
func (e *textEditor) selection() (textPos, textPos) {
	a, b := e.anchor, e.cursor()
	if b.before(a) {
		a, b = b, a
	}
	return a, b
}

func (e *textEditor) textBetween(a, b textPos) string {
	if a.p == b.p {
		return string(e.paras[a.p][a.c:b.c])
	}
	var sb strings.Builder
	sb.WriteString(string(e.paras[a.p][a.c:]))
	for p := a.p + 1; p < b.p; p++ {
		sb.WriteByte('\n')
		sb.WriteString(string(e.paras[p]))
	}
	sb.WriteByte('\n')
	sb.WriteString(string(e.paras[b.p][:b.c]))
	return sb.String()
}

func (e *textEditor) setParas(s string) {
	lines := strings.Split(s, "\n")
	e.paras = make([][]rune, len(lines))
	for i, l := range lines {
		e.paras[i] = []rune(l)
	}
}

// remember saves the state before an edit of kind k for Ctrl+Z; a run of
// typing or of deleting is one step.
func (e *textEditor) remember(k editKind) {
	if k != e.lastEdit || k == editOther {
		e.undo = append(e.undo, textState{e.Text, e.cursor()})
		if len(e.undo) > maxUndo {
			e.undo = e.undo[1:]
		}
	}
	e.redo = nil
	e.lastEdit = k
}

func (e *textEditor) undoStep(from, to *[]textState) {
	if len(*from) == 0 {
		return
	}
	st := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	*to = append(*to, textState{e.Text, e.cursor()})
	e.setParas(st.text)
	e.wrap.invalidate()
	e.setCursor(e.clamp(st.cursor))
	e.anchor = e.cursor()
	e.lastEdit = editNone
	e.changed()
}

// replaceSelection replaces the selection (possibly empty) with rs.
func (e *textEditor) replaceSelection(rs []rune, k editKind) {
	a, b := e.selection()
	if a == b && len(rs) == 0 {
		return
	}
	e.remember(k)
	tail := append([]rune(nil), e.paras[b.p][b.c:]...)
	head := e.paras[a.p][:a.c]
	lines := splitRunes(rs)
	var mid [][]rune
	cur := textPos{a.p, a.c}
	if len(lines) == 1 {
		p := append(append(append([]rune(nil), head...), lines[0]...), tail...)
		mid = [][]rune{p}
		cur.c = a.c + len(lines[0])
	} else {
		mid = make([][]rune, len(lines))
		mid[0] = append(append([]rune(nil), head...), lines[0]...)
		for i := 1; i < len(lines)-1; i++ {
			mid[i] = lines[i]
		}
		last := lines[len(lines)-1]
		mid[len(lines)-1] = append(append([]rune(nil), last...), tail...)
		cur = textPos{a.p + len(lines) - 1, len(last)}
	}
	e.paras = append(e.paras[:a.p], append(mid, e.paras[b.p+1:]...)...)
	e.wrap.replace(a.p, b.p+1, len(mid))
	e.setCursor(cur)
	e.anchor = cur
	e.goalX = -1
	e.changed()
}

// splitRunes splits rs at its line breaks.
func splitRunes(rs []rune) [][]rune {
	lines := [][]rune{nil}
	for _, r := range rs {
		if r == '\n' {
			lines = append(lines, nil)
			continue
		}
		lines[len(lines)-1] = append(lines[len(lines)-1], r)
	}
	return lines
}

func (e *textEditor) insert(rs []rune, k editKind) { e.replaceSelection(rs, k) }

// deleteBack deletes the selection, or the character (or word) before the
// caret.
func (e *textEditor) deleteBack(word bool) {
	if a, b := e.selection(); a == b {
		e.anchor = e.step(e.cursor(), -1, word)
	}
	e.replaceSelection(nil, editDeleting)
}

// deleteForward deletes the selection, or the character (or word) after
// the caret.
func (e *textEditor) deleteForward(word bool) {
	if a, b := e.selection(); a == b {
		e.anchor = e.step(e.cursor(), 1, word)
	}
	e.replaceSelection(nil, editDeleting)
}

// step returns p moved one character, or one word, back (dir < 0) or
// forward.
func (e *textEditor) step(p textPos, dir int, word bool) textPos {
	if dir < 0 {
		if p.c == 0 {
			if p.p > 0 {
				return textPos{p.p - 1, len(e.paras[p.p-1])}
			}
			return p
		}
		if !word {
			return textPos{p.p, p.c - 1}
		}
		t := e.paras[p.p]
		c := p.c
		for c > 0 && !isWordRune(t[c-1]) {
			c--
		}
		for c > 0 && isWordRune(t[c-1]) {
			c--
		}
		return textPos{p.p, c}
	}
	t := e.paras[p.p]
	if p.c == len(t) {
		if p.p < len(e.paras)-1 {
			return textPos{p.p + 1, 0}
		}
		return p
	}
	if !word {
		return textPos{p.p, p.c + 1}
	}
	c := p.c
	for c < len(t) && isWordRune(t[c]) {
		c++
	}
	for c < len(t) && !isWordRune(t[c]) {
		c++
	}
	return textPos{p.p, c}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '\''
}

// move moves the caret for key k; word is Ctrl held, shift extends the
// selection.
func (e *textEditor) move(k fyne.KeyName, word, shift bool) {
	e.relayoutIfNeeded()
	cur := e.cursor()
	a, b := e.selection()
	keepGoal := false
	switch k {
	case fyne.KeyLeft:
		if a != b && !shift {
			cur = a
		} else {
			cur = e.step(cur, -1, word)
		}
	case fyne.KeyRight:
		if a != b && !shift {
			cur = b
		} else {
			cur = e.step(cur, 1, word)
		}
	case fyne.KeyHome:
		if word {
			cur = textPos{}
		} else {
			row := e.wrap.rowOf(e.paras, cur)
			cur = textPos{cur.p, e.wrap.rowStart(row)}
		}
	case fyne.KeyEnd:
		if word {
			last := len(e.paras) - 1
			cur = textPos{last, len(e.paras[last])}
		} else {
			row := e.wrap.rowOf(e.paras, cur)
			cur = textPos{cur.p, e.wrap.rowEnd(e.paras, row)}
		}
	case fyne.KeyUp, fyne.KeyDown, fyne.KeyPageUp, fyne.KeyPageDown:
		n := 1
		if k == fyne.KeyPageUp || k == fyne.KeyPageDown {
			n = e.pageRows()
		}
		if k == fyne.KeyUp || k == fyne.KeyPageUp {
			n = -n
		}
		row := e.wrap.rowOf(e.paras, cur)
		if e.goalX < 0 {
			e.goalX = e.wrap.x(e.paras, row, cur.c)
		}
		target := row + n
		switch {
		case target < 0:
			cur = textPos{}
		case target >= e.wrap.total():
			last := len(e.paras) - 1
			cur = textPos{last, len(e.paras[last])}
		default:
			cur = e.wrap.posAt(e.paras, target, e.goalX)
		}
		keepGoal = true
	}
	if !keepGoal {
		e.goalX = -1
	}
	e.setCursor(cur)
	if !shift {
		e.anchor = cur
	}
	e.lastEdit = editNone
	e.content.Refresh()
	e.ensureCursorVisible()
}

// pageRows is how many rows Page Up and Page Down move.
func (e *textEditor) pageRows() int {
	h := e.scroll.Size().Height - 2*e.pad()
	n := int(h/e.wrap.rowH) - 1
	if n < 1 {
		n = 1
	}
	return n
}

// changed updates Text after an edit, tells OnChanged and shows the change.
func (e *textEditor) changed() {
	e.Text = joinParas(e.paras)
	if e.OnChanged != nil {
		e.OnChanged(e.Text)
	}
	e.relayout()
	e.ensureCursorVisible()
}

func joinParas(ps [][]rune) string {
	n := len(ps)
	for _, p := range ps {
		n += len(p)
	}
	var sb strings.Builder
	sb.Grow(n)
	for i, p := range ps {
		if i > 0 {
			sb.WriteByte('\n')
		}
		for _, r := range p {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func (e *textEditor) pad() float32 { return e.Theme().Size(theme.SizeNameInnerPadding) }

// top is the space above the first row, inside the border.
func (e *textEditor) top() float32 {
	th := e.Theme()
	return th.Size(theme.SizeNameInnerPadding) - th.Size(theme.SizeNameInputBorder)
}

// relayoutIfNeeded wraps the paragraphs that changed.
func (e *textEditor) relayoutIfNeeded() {
	th := e.Theme()
	e.wrap.update(e.paras, th.Size(theme.SizeNameText), e.content.Size().Width-2*e.pad())
}

// relayout wraps what changed and shows it.
func (e *textEditor) relayout() {
	rows := e.wrap.total()
	e.relayoutIfNeeded()
	e.content.Refresh()
	if e.scroll.Size().Width > 0 && (rows != e.wrap.total() || e.content.Size().Height < e.content.MinSize().Height) {
		e.scroll.Refresh() // the content grew or shrank
	}
}

// ensureCursorVisible scrolls so that the caret's row is in view.
func (e *textEditor) ensureCursorVisible() {
	view := e.scroll.Size().Height
	if view <= 0 {
		return
	}
	e.relayoutIfNeeded()
	pad := e.top()
	y := pad + float32(e.wrap.rowOf(e.paras, e.cursor()))*e.wrap.rowH
	off := e.scroll.Offset.Y
	switch {
	case y-pad < off:
		off = y - pad
	case y+e.wrap.rowH+pad > off+view:
		off = y + e.wrap.rowH + pad - view
	default:
		return
	}
	if off < 0 {
		off = 0
	}
	e.scroll.Offset.Y = off
	e.scroll.Refresh()
	e.content.Refresh()
}

// placeAt puts the caret at the content position p; shift extends the
// selection.
func (e *textEditor) placeAt(p fyne.Position, extend bool) {
	e.relayoutIfNeeded()
	pad := e.pad()
	row := int((p.Y - e.top()) / e.wrap.rowH)
	if p.Y < e.top() {
		row = -1
	}
	var cur textPos
	switch {
	case row < 0:
		cur = textPos{}
	case row >= e.wrap.total():
		last := len(e.paras) - 1
		cur = textPos{last, len(e.paras[last])}
	default:
		cur = e.wrap.posAt(e.paras, row, p.X-pad)
	}
	e.setCursor(cur)
	if !extend {
		e.anchor = cur
	}
	e.goalX = -1
	e.lastEdit = editNone
	e.content.Refresh()
	e.ensureCursorVisible()
}

// requestFocus gives the editor the keyboard.
func (e *textEditor) requestFocus() {
	if app := fyne.CurrentApp(); app != nil {
		if c := app.Driver().CanvasForObject(e); c != nil && c.Focused() != e {
			c.Focus(e)
		}
	}
}

// selectWord selects the word at the caret.
func (e *textEditor) selectWord() {
	cur := e.cursor()
	t := e.paras[cur.p]
	a, b := cur.c, cur.c
	for a > 0 && isWordRune(t[a-1]) {
		a--
	}
	for b < len(t) && isWordRune(t[b]) {
		b++
	}
	e.anchor = textPos{cur.p, a}
	e.setCursor(textPos{cur.p, b})
	e.content.Refresh()
}

// MinSize implements fyne.Widget: room for minRows rows.
func (e *textEditor) MinSize() fyne.Size {
	e.ExtendBaseWidget(e)
	return e.BaseWidget.MinSize()
}

// CreateRenderer implements fyne.Widget.
func (e *textEditor) CreateRenderer() fyne.WidgetRenderer {
	r := &textEditorRenderer{e: e, bg: canvas.NewRectangle(color.Transparent)}
	r.applyTheme()
	return r
}

// textEditorRenderer draws the background and the border as one
// rectangle: with software rendering every rounded rectangle costs a pass
// over its whole area on every frame.
type textEditorRenderer struct {
	e  *textEditor
	bg *canvas.Rectangle
}

func (r *textEditorRenderer) applyTheme() {
	th := r.e.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.bg.StrokeWidth = th.Size(theme.SizeNameInputBorder)
	if r.e.focused {
		r.bg.StrokeColor = th.Color(theme.ColorNamePrimary, v)
	} else {
		r.bg.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	}
}

func (r *textEditorRenderer) Layout(size fyne.Size) {
	b := r.bg.StrokeWidth
	r.bg.Move(fyne.NewPos(b/2, b/2))
	r.bg.Resize(size.Subtract(fyne.NewSize(b, b)))
	r.e.scroll.Move(fyne.NewPos(0, b))
	inner := size.Subtract(fyne.NewSize(0, 2*b))
	th := r.e.Theme()
	r.e.wrap.update(r.e.paras, th.Size(theme.SizeNameText), inner.Width-2*r.e.pad())
	r.e.scroll.Resize(inner)
	r.e.ensureCursorVisible()
}

func (r *textEditorRenderer) MinSize() fyne.Size {
	th := r.e.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	b := th.Size(theme.SizeNameInputBorder)
	rowH := fyne.MeasureText("M", th.Size(theme.SizeNameText), fyne.TextStyle{}).Height
	return fyne.NewSize(2*pad+2*b+rowH, float32(r.e.minRows)*rowH+2*pad+2*b)
}

func (r *textEditorRenderer) Refresh() {
	r.applyTheme()
	r.bg.Refresh()
	r.e.relayout()
}

func (r *textEditorRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.e.scroll}
}

func (r *textEditorRenderer) Destroy() {}

// editorContent is the scrolled surface of a textEditor, as tall as all
// its rows; it draws the rows in view and takes the mouse.
type editorContent struct {
	widget.BaseWidget
	e        *textEditor
	dragging bool
}

// Tapped implements fyne.Tappable: the caret goes where the click was.
func (c *editorContent) Tapped(ev *fyne.PointEvent) {
	c.e.requestFocus()
	c.e.placeAt(ev.Position, c.e.shiftHeld())
}

// DoubleTapped implements fyne.DoubleTappable: it selects the word.
func (c *editorContent) DoubleTapped(ev *fyne.PointEvent) {
	c.e.requestFocus()
	c.e.placeAt(ev.Position, false)
	c.e.selectWord()
}

// Dragged implements fyne.Draggable: it selects from where the drag began.
func (c *editorContent) Dragged(ev *fyne.DragEvent) {
	if !c.dragging {
		c.dragging = true
		c.e.requestFocus()
		c.e.placeAt(ev.Position.Subtract(ev.Dragged), false)
	}
	c.e.placeAt(ev.Position, true)
}

// DragEnd implements fyne.Draggable.
func (c *editorContent) DragEnd() { c.dragging = false }

// TappedSecondary implements fyne.SecondaryTappable: a menu with Cut, Copy,
// Paste and Select all.
func (c *editorContent) TappedSecondary(ev *fyne.PointEvent) {
	e := c.e
	e.requestFocus()
	cv := fyne.CurrentApp().Driver().CanvasForObject(c)
	if cv == nil {
		return
	}
	do := func(s fyne.Shortcut) func() { return func() { e.TypedShortcut(s) } }
	hasSel := e.SelectedText() != ""
	cut := fyne.NewMenuItem("Cut", do(&fyne.ShortcutCut{}))
	cut.Disabled = !hasSel
	cp := fyne.NewMenuItem("Copy", do(&fyne.ShortcutCopy{}))
	cp.Disabled = !hasSel
	menu := fyne.NewMenu("",
		cut, cp,
		fyne.NewMenuItem("Paste", do(&fyne.ShortcutPaste{})),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Select all", do(&fyne.ShortcutSelectAll{})))
	widget.ShowPopUpMenuAtPosition(menu, cv, ev.AbsolutePosition)
}

// Cursor implements desktop.Cursorable.
func (c *editorContent) Cursor() desktop.Cursor { return desktop.TextCursor }

// MinSize implements fyne.Widget: every row.
func (c *editorContent) MinSize() fyne.Size {
	c.ExtendBaseWidget(c)
	return c.BaseWidget.MinSize()
}

// CreateRenderer implements fyne.Widget.
func (c *editorContent) CreateRenderer() fyne.WidgetRenderer {
	return &editorContentRenderer{c: c, caret: canvas.NewRectangle(color.Transparent)}
}

type editorContentRenderer struct {
	c       *editorContent
	texts   []*canvas.Text
	sels    []*canvas.Rectangle
	caret   *canvas.Rectangle
	objects []fyne.CanvasObject
}

func (r *editorContentRenderer) MinSize() fyne.Size {
	e := r.c.e
	return fyne.NewSize(0, float32(e.wrap.total())*e.wrap.rowH+2*e.top())
}

func (r *editorContentRenderer) Layout(fyne.Size) { r.Refresh() }

func (r *editorContentRenderer) Destroy() {}

func (r *editorContentRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Refresh builds the objects of the rows in view: their text, the
// selection and the caret.
func (r *editorContentRenderer) Refresh() {
	e := r.c.e
	e.relayoutIfNeeded()
	th := e.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	pad := e.pad()
	size := th.Size(theme.SizeNameText)
	rowH := e.wrap.rowH
	top := e.scroll.Offset.Y
	view := e.scroll.Size().Height
	if view <= 0 {
		view = r.c.Size().Height
	}
	first := int((top - e.top()) / rowH)
	if first < 0 {
		first = 0
	}
	last := int((top+view-e.top())/rowH) + 1
	if last > e.wrap.total() {
		last = e.wrap.total()
	}
	nt, ns := 0, 0
	text := func(s string, col color.Color, x, y float32) {
		if nt == len(r.texts) {
			r.texts = append(r.texts, canvas.NewText("", col))
		}
		t := r.texts[nt]
		nt++
		pos := fyne.NewPos(x, y)
		if t.Text == s && t.Color == col && t.TextSize == size && t.Position() == pos && !t.Hidden {
			return // unchanged: drawing it again would cost a new texture
		}
		t.Text, t.Color, t.TextSize, t.Hidden = s, col, size, false
		t.Move(pos)
		t.Resize(fyne.NewSize(t.MinSize().Width, rowH))
		t.Refresh()
	}
	rect := func(col color.Color, x, y, w, h float32) {
		if ns == len(r.sels) {
			r.sels = append(r.sels, canvas.NewRectangle(col))
		}
		s := r.sels[ns]
		ns++
		pos, sz := fyne.NewPos(x, y), fyne.NewSize(w, h)
		if s.FillColor == col && s.Position() == pos && s.Size() == sz {
			return
		}
		s.FillColor = col
		s.Move(pos)
		s.Resize(sz)
		s.Refresh()
	}
	fg := th.Color(theme.ColorNameForeground, v)
	if e.Text == "" {
		ph := th.Color(theme.ColorNamePlaceHolder, v)
		var w textWrap
		w.widths = e.wrap.widths
		phParas := [][]rune{}
		for _, l := range strings.Split(e.placeHolder, "\n") {
			phParas = append(phParas, []rune(l))
		}
		w.update(phParas, size, e.wrap.width)
		for i := 0; i < w.total(); i++ {
			p, s, end := w.locate(phParas, i)
			text(string(phParas[p][s:end]), ph, pad, e.top()+float32(i)*rowH)
		}
	} else {
		a, b := e.selection()
		selCol := th.Color(theme.ColorNameSelection, v)
		for i := first; i < last; i++ {
			p, s, end := e.wrap.locate(e.paras, i)
			y := e.top() + float32(i)*rowH
			if a != b && !(textPos{p, end}).before(a) && (textPos{p, s}).before(b) {
				x0 := float32(0)
				if a.p == p && a.c > s {
					x0 = e.wrap.x(e.paras, i, a.c)
				}
				var x1 float32
				if b.p == p && b.c <= end {
					x1 = e.wrap.x(e.paras, i, b.c)
				} else {
					x1 = e.wrap.x(e.paras, i, end) + e.wrap.spaceWidth()
				}
				if x1 > e.wrap.width {
					x1 = e.wrap.width
				}
				if x1 > x0 {
					rect(selCol, pad+x0, y, x1-x0, rowH)
				}
			}
			text(string(e.paras[p][s:end]), fg, pad, y)
		}
	}
	if r.caret.Hidden != !e.focused {
		r.caret.Hidden = !e.focused
		r.caret.Refresh()
	}
	if e.focused {
		cur := e.cursor()
		row := e.wrap.rowOf(e.paras, cur)
		x := e.wrap.x(e.paras, row, cur.c)
		if x > e.wrap.width {
			x = e.wrap.width
		}
		col := th.Color(theme.ColorNamePrimary, v)
		cw := th.Size(theme.SizeNameInputBorder)
		pos := fyne.NewPos(pad+x-cw, e.top()+float32(row)*rowH)
		if r.caret.FillColor != col || r.caret.Position() != pos || r.caret.Size().Height != rowH {
			r.caret.FillColor = col
			r.caret.Move(pos)
			r.caret.Resize(fyne.NewSize(cw, rowH))
			r.caret.Refresh()
		}
	}
	r.objects = r.objects[:0]
	for _, s := range r.sels[:ns] {
		r.objects = append(r.objects, s)
	}
	for _, t := range r.texts[:nt] {
		r.objects = append(r.objects, t)
	}
	r.objects = append(r.objects, r.caret)
}
