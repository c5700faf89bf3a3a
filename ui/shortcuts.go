package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Candor's keyboard shortcuts.
var (
	lockShortcut = shortcutCtrl(fyne.KeyL)
	newShortcut  = shortcutCtrl(fyne.KeyN)
	quitShortcut = shortcutCtrl(fyne.KeyQ)
	findShortcut = shortcutCtrl(fyne.KeyF)
	saveShortcut = shortcutCtrl(fyne.KeyS)
	tabShortcuts = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4}
)

// shortcutCtrl is Ctrl+key (Cmd+key on macOS through Fyne's mapping).
func shortcutCtrl(k fyne.KeyName) desktop.CustomShortcut {
	return desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

// keys holds Candor's shortcuts and what Esc does, for the window's canvas
// and for the entries, which would otherwise swallow them.
type keys struct {
	canvas fyne.Canvas
	// handlers maps shortcut names to their handlers.
	handlers map[string]func()
	// escape closes the dialog on show and reports whether there was one.
	escape func() bool
}

// newKeys binds Esc on c to escape; add binds the shortcuts.
func newKeys(c fyne.Canvas, escape func() bool) *keys {
	k := &keys{canvas: c, handlers: map[string]func(){}, escape: escape}
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyEscape {
			k.escape()
		}
	})
	return k
}

// add binds sc to h on the canvas and in every shortcutEntry.
func (k *keys) add(sc desktop.CustomShortcut, h func()) {
	k.handlers[sc.ShortcutName()] = h
	k.canvas.AddShortcut(&sc, func(fyne.Shortcut) { h() })
}
