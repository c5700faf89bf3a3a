package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// shortcutEntry is a widget.Entry that passes Candor's own shortcuts (Ctrl+S,
// Ctrl+N, Ctrl+L, Ctrl+1..4) to the app. A focused Fyne entry otherwise
// swallows every shortcut, so they would not work while typing.
type shortcutEntry struct {
	widget.Entry
	keys *keys
	// onEscape, when set, handles Esc when no dialog is open.
	onEscape func()
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
	if h, ok := e.keys.handlers[s.ShortcutName()]; ok {
		h()
		return
	}
	e.Entry.TypedShortcut(s)
}
