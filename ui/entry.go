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
// Shift+Tab always move between fields. The body, long multi-line text, is
// a textEditor instead.
type shortcutEntry struct {
	widget.Entry
	keys *keys
	// onEscape, when set, handles Esc when no dialog is open.
	onEscape func()
	// onBlur, when set, is called after the entry lost the focus.
	onBlur func()
	// showsFocus is set while the entry shows that it has the focus (its
	// caret blinks).
	showsFocus bool
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

// TypedKey implements fyne.Focusable; Esc closes an open dialog.
func (e *shortcutEntry) TypedKey(k *fyne.KeyEvent) {
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

// FocusGained implements fyne.Focusable. While the window is in the
// background the entry takes the focus without showing it: Fyne's caret
// would blink, redrawing the window, where nothing can be typed (the
// passphrase field of an auto-lock while the user works elsewhere). Fyne
// tells the entry again when the window comes to the front.
func (e *shortcutEntry) FocusGained() {
	if e.keys != nil && e.keys.background {
		return
	}
	e.showsFocus = true
	e.Entry.FocusGained()
}

// FocusLost implements fyne.Focusable.
func (e *shortcutEntry) FocusLost() {
	e.showsFocus = false
	e.Entry.FocusLost()
	if e.onBlur != nil {
		e.onBlur()
	}
}
