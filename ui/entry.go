package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// insertTabShortcut is Ctrl+Tab, which types a tab character into the body:
// Tab itself moves to the next field.
var insertTabShortcut = desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: fyne.KeyModifierControl}

// shortcutEntry is a widget.Entry that passes Candor's own shortcuts (Ctrl+S,
// Ctrl+N, Ctrl+L, Ctrl+1..4) to the app. A focused Fyne entry otherwise
// swallows every shortcut, so they would not work while typing. Tab and
// Shift+Tab always move between fields, even in a multi-line entry.
//
// A multi-line entry can gather the characters typed before it had time to
// show the last ones and insert them at once (see keys.later): Fyne wraps
// the whole text again on every change, so with a long entry each key costs
// tens of milliseconds, and typing faster than that must not fall behind.
type shortcutEntry struct {
	widget.Entry
	keys *keys
	// onEscape, when set, handles Esc when no dialog is open.
	onEscape func()
	// onBlur, when set, is called after the entry lost the focus.
	onBlur func()

	// pending holds typed characters not yet inserted; scheduled is set
	// while a flush is on its way.
	pending   []rune
	scheduled bool
}

func newShortcutEntry(k *keys, multiLine, password bool) *shortcutEntry {
	e := &shortcutEntry{keys: k}
	e.MultiLine = multiLine
	e.Password = password
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
	}
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab implements fyne.Tabbable: never, so that Tab and Shift+Tab move
// the focus.
func (e *shortcutEntry) AcceptsTab() bool { return false }

// TypedRune implements fyne.Focusable.
func (e *shortcutEntry) TypedRune(r rune) {
	if !e.MultiLine || e.keys == nil || e.keys.later == nil {
		e.Entry.TypedRune(r)
		return
	}
	e.pending = append(e.pending, r)
	if !e.scheduled {
		e.scheduled = true
		e.keys.later(func() {
			e.scheduled = false
			e.flush()
		})
	}
}

// flush inserts the characters typed but not yet shown, in one change.
func (e *shortcutEntry) flush() {
	if len(e.pending) == 0 {
		return
	}
	text := string(e.pending)
	e.pending = e.pending[:0]
	if len(text) == 1 {
		e.Entry.TypedRune([]rune(text)[0])
		return
	}
	// One insertion at the cursor, replacing any selection, undoable as one
	// step: exactly what a paste does.
	e.Entry.TypedShortcut(&fyne.ShortcutPaste{Clipboard: &heldText{text}})
}

// Value returns the text, including characters typed but not yet shown.
func (e *shortcutEntry) Value() string {
	e.flush()
	return e.Text
}

// editingKeys are the keys that change the text or move the cursor: the
// characters typed before them go in first. The driver also reports the
// keys of plain characters here, before the character itself; those must
// not flush, or nothing would ever be gathered.
var editingKeys = map[fyne.KeyName]bool{
	fyne.KeyBackspace: true, fyne.KeyDelete: true, fyne.KeyReturn: true, fyne.KeyEnter: true,
	fyne.KeyTab: true, fyne.KeyEscape: true, fyne.KeyInsert: true,
	fyne.KeyUp: true, fyne.KeyDown: true, fyne.KeyLeft: true, fyne.KeyRight: true,
	fyne.KeyHome: true, fyne.KeyEnd: true, fyne.KeyPageUp: true, fyne.KeyPageDown: true,
}

// TypedKey implements fyne.Focusable; Esc closes an open dialog.
func (e *shortcutEntry) TypedKey(k *fyne.KeyEvent) {
	if editingKeys[k.Name] {
		e.flush()
	}
	if k.Name == fyne.KeyEscape {
		if e.keys.escape() {
			return
		}
		if e.onEscape != nil {
			e.onEscape()
			return
		}
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut implements fyne.Shortcutable.
func (e *shortcutEntry) TypedShortcut(s fyne.Shortcut) {
	e.flush()
	if s.ShortcutName() == insertTabShortcut.ShortcutName() {
		if e.MultiLine {
			e.Entry.TypedRune('\t')
		}
		return
	}
	if h, ok := e.keys.handlers[s.ShortcutName()]; ok {
		h()
		return
	}
	e.Entry.TypedShortcut(s)
}

// FocusLost implements fyne.Focusable.
func (e *shortcutEntry) FocusLost() {
	e.flush()
	e.Entry.FocusLost()
	if e.onBlur != nil {
		e.onBlur()
	}
}

// heldText is a clipboard that only holds text for one paste; it never
// touches the system clipboard.
type heldText struct{ text string }

// Content implements fyne.Clipboard.
func (h *heldText) Content() string { return h.text }

// SetContent implements fyne.Clipboard.
func (h *heldText) SetContent(s string) { h.text = s }
