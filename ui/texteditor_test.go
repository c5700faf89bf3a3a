package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// newTestEditor shows a textEditor of the given size in a test window,
// focused.
func newTestEditor(t *testing.T, text string, size fyne.Size) (*textEditor, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	e := newTextEditor(&keys{handlers: map[string]func(){}, escape: func() bool { return false }})
	e.SetText(text)
	w := test.NewTempWindow(t, e)
	w.SetPadded(false)
	w.Resize(size)
	w.Canvas().Focus(e)
	return e, w
}

func key(e *textEditor, k fyne.KeyName) { e.TypedKey(&fyne.KeyEvent{Name: k}) }

func withShift(e *textEditor, f func()) {
	e.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	f()
	e.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
}

func TestTextEditorEditing(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		do      func(e *textEditor)
		want    string
		wantSel string
	}{
		{"typing at the end", "ab", func(e *textEditor) {
			e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnd, Modifier: fyne.KeyModifierShortcutDefault})
			test.Type(e, "cd")
		}, "abcd", ""},
		{"backspace joins paragraphs", "ab\ncd", func(e *textEditor) {
			key(e, fyne.KeyDown)
			key(e, fyne.KeyHome)
			key(e, fyne.KeyBackspace)
		}, "abcd", ""},
		{"delete at the end of a paragraph", "ab\ncd", func(e *textEditor) {
			key(e, fyne.KeyEnd)
			key(e, fyne.KeyDelete)
		}, "abcd", ""},
		{"enter splits a paragraph", "abcd", func(e *textEditor) {
			key(e, fyne.KeyRight)
			key(e, fyne.KeyRight)
			key(e, fyne.KeyReturn)
		}, "ab\ncd", ""},
		{"shift and arrows select across paragraphs", "ab\ncd", func(e *textEditor) {
			key(e, fyne.KeyRight)
			withShift(e, func() { key(e, fyne.KeyDown) })
		}, "ab\ncd", "b\nc"},
		{"typing replaces the selection", "one two", func(e *textEditor) {
			withShift(e, func() { key(e, fyne.KeyEnd) })
			test.Type(e, "x")
		}, "x", ""},
		{"select all and delete", "a\nb\nc", func(e *textEditor) {
			e.TypedShortcut(&fyne.ShortcutSelectAll{})
			key(e, fyne.KeyDelete)
		}, "", ""},
		{"ctrl+backspace deletes a word", "one two", func(e *textEditor) {
			key(e, fyne.KeyEnd)
			e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyBackspace, Modifier: fyne.KeyModifierShortcutDefault})
		}, "one ", ""},
		{"ctrl+shift+right selects a word", "one two", func(e *textEditor) {
			e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
		}, "one two", "one "},
		{"ctrl+tab types a tab", "ab", func(e *textEditor) {
			e.TypedShortcut(&insertTabShortcut)
		}, "\tab", ""},
		{"undo takes back a run of typing, redo puts it back", "ab", func(e *textEditor) {
			test.Type(e, "xyz")
			key(e, fyne.KeyReturn)
			e.TypedShortcut(&fyne.ShortcutUndo{})
			e.TypedShortcut(&fyne.ShortcutUndo{})
			e.TypedShortcut(&fyne.ShortcutRedo{})
		}, "xyzab", ""},
		{"undo takes back a word at a time", "", func(e *textEditor) {
			test.Type(e, "one two three")
			e.TypedShortcut(&fyne.ShortcutUndo{})
		}, "one two", ""},
		{"left collapses a selection to its start", "abcd", func(e *textEditor) {
			key(e, fyne.KeyRight)
			withShift(e, func() { key(e, fyne.KeyRight); key(e, fyne.KeyRight) })
			key(e, fyne.KeyLeft)
			test.Type(e, "-")
		}, "a-bcd", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := newTestEditor(t, tc.text, fyne.NewSize(400, 300))
			e.setCursor(textPos{})
			e.anchor = textPos{}
			tc.do(e)
			if e.Text != tc.want {
				t.Errorf("text %q, want %q", e.Text, tc.want)
			}
			if got := e.SelectedText(); got != tc.wantSel {
				t.Errorf("selection %q, want %q", got, tc.wantSel)
			}
		})
	}
}

func TestTextEditorClipboard(t *testing.T) {
	e, _ := newTestEditor(t, "copy me", fyne.NewSize(400, 300))
	cb := fyne.CurrentApp().Clipboard()
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	e.TypedShortcut(&fyne.ShortcutCopy{})
	if cb.Content() != "copy me" {
		t.Fatalf("clipboard holds %q", cb.Content())
	}
	e.TypedShortcut(&fyne.ShortcutCut{})
	if e.Text != "" || cb.Content() != "copy me" {
		t.Fatalf("after cut: text %q, clipboard %q", e.Text, cb.Content())
	}
	cb.SetContent("one\r\ntwo")
	e.TypedShortcut(&fyne.ShortcutPaste{})
	if e.Text != "one\ntwo" || e.cursor() != (textPos{1, 3}) {
		t.Fatalf("after paste: %q at %v", e.Text, e.cursor())
	}
}

func TestTextEditorOnChangedAndSetText(t *testing.T) {
	e, _ := newTestEditor(t, "", fyne.NewSize(400, 300))
	var got []string
	e.OnChanged = func(s string) { got = append(got, s) }
	e.SetText("first")
	test.Type(e, "x")
	e.SetText("first") // back from "xfirst": a change
	e.SetText("first") // the same text: no call
	if strings.Join(got, "|") != "first|xfirst|first" {
		t.Fatalf("OnChanged saw %q", got)
	}
	e.TypedShortcut(&fyne.ShortcutUndo{})
	if e.Text != "first" {
		t.Fatalf("undo went past SetText: %q", e.Text)
	}
}

// TestTextEditorWrap checks that every row fits the width, that the rows
// put together give the paragraph back, and that a change wraps again only
// the paragraph it touched.
func TestTextEditorWrap(t *testing.T) {
	long := strings.Repeat("word ", 200) + strings.Repeat("x", 300)
	e, _ := newTestEditor(t, long+"\n\nshort", fyne.NewSize(300, 400))
	w := &e.wrap
	if w.total() < 10 {
		t.Fatalf("only %d rows for a long paragraph at 300 px", w.total())
	}
	var joined strings.Builder
	for row := 0; row < w.total(); row++ {
		p, s, end := w.locate(e.paras, row)
		if p != 0 {
			break
		}
		text := string(e.paras[p][s:end])
		joined.WriteString(text)
		if width := fyne.MeasureText(strings.TrimRight(text, " "), w.textSize, fyne.TextStyle{}).Width; width > w.width+0.5 {
			t.Errorf("row %d %q is %.1f wide, more than %.1f", row, text, width, w.width)
		}
	}
	if joined.String() != long {
		t.Fatalf("the rows do not give the paragraph back")
	}
	before := w.starts[0]
	e.setCursor(textPos{2, 5})
	e.anchor = e.cursor()
	test.Type(e, "!")
	if &w.starts[0][0] != &before[0] {
		t.Fatalf("typing in the last paragraph wrapped the first one again")
	}
}

// TestTextEditorDrawsOnlyRowsInView checks that a long text is not drawn
// row by row: only what the view shows.
func TestTextEditorDrawsOnlyRowsInView(t *testing.T) {
	text := strings.Repeat(strings.Repeat("lorem ipsum ", 60)+"\n\n", 50)
	e, _ := newTestEditor(t, text, fyne.NewSize(400, 300))
	n := 0
	for _, o := range test.WidgetRenderer(e.content).Objects() {
		if _, ok := o.(*canvas.Text); ok {
			n++
		}
	}
	if rows := e.wrap.total(); n == 0 || n > 20 || rows < 500 {
		t.Fatalf("%d texts drawn for %d rows in a 300 px view", n, rows)
	}
	e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnd, Modifier: fyne.KeyModifierShortcutDefault})
	if e.scroll.Offset.Y < float32(e.wrap.total()-20)*e.wrap.rowH {
		t.Fatalf("Ctrl+End left the view at %v", e.scroll.Offset.Y)
	}
}

func TestTextEditorMouse(t *testing.T) {
	e, w := newTestEditor(t, "first line\nsecond line", fyne.NewSize(400, 300))
	w.Canvas().Unfocus()
	top := e.top()
	x := e.pad() + fyne.MeasureText("sec", e.wrap.textSize, fyne.TextStyle{}).Width
	y := top + e.wrap.rowH*1.5
	test.Tap(e.content) // focus
	e.content.Tapped(&fyne.PointEvent{Position: fyne.NewPos(x, y)})
	if w.Canvas().Focused() != e || e.cursor() != (textPos{1, 3}) {
		t.Fatalf("a click put the caret at %v (focused %v)", e.cursor(), w.Canvas().Focused() == e)
	}
	start := fyne.NewPos(e.pad()+1, top+e.wrap.rowH/2)
	e.content.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, y)}, Dragged: fyne.NewDelta(x-start.X, y-start.Y)})
	e.content.DragEnd()
	if got := e.SelectedText(); got != "first line\nsec" {
		t.Fatalf("a drag selected %q", got)
	}
	e.content.DoubleTapped(&fyne.PointEvent{Position: start})
	if got := e.SelectedText(); got != "first" {
		t.Fatalf("a double click selected %q", got)
	}
}

func TestTextEditorContextMenu(t *testing.T) {
	e, w := newTestEditor(t, "some words", fyne.NewSize(400, 300))
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	e.content.TappedSecondary(&fyne.PointEvent{Position: fyne.NewPos(20, 10), AbsolutePosition: fyne.NewPos(20, 10)})
	overlay := w.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("a right click showed no menu")
	}
	var items []string
	test.WidgetRenderer(overlay.(fyne.Widget)) // the pop-up is built
	for _, o := range test.LaidOutObjects(overlay) {
		if tx, ok := o.(*canvas.Text); ok {
			items = append(items, tx.Text)
		}
	}
	if got := strings.Join(items, ","); !strings.Contains(got, "Cut") || !strings.Contains(got, "Select all") {
		t.Fatalf("menu shows %q", got)
	}
}

func TestTextEditorSetTextForgetsMeasuredWords(t *testing.T) {
	e, _ := newTestEditor(t, "a private sentence", fyne.NewSize(400, 300))
	if len(e.wrap.widths) == 0 {
		t.Fatal("no word was measured")
	}
	e.SetText("")
	for w := range e.wrap.widths {
		if strings.Contains("a private sentence", w) && strings.TrimSpace(w) != "" {
			t.Fatalf("the editor still holds %q after SetText", w)
		}
	}
}
