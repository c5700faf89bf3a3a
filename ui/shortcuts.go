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
	// prevDayShortcut and nextDayShortcut move Today's date a day back or
	// forward (Alt+Left, Alt+Right).
	prevDayShortcut = desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}
	nextDayShortcut = desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierAlt}
	tabShortcuts    = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4}
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
	// enter answers the dialog on show with its default button and reports
	// whether there was one.
	enter func() bool
	// background is set while the window is in the background (another
	// window has the keyboard), from the app's lifecycle.
	background bool
}

// newKeys binds Esc and Enter on c to escape and enter; add binds the
// shortcuts.
func newKeys(c fyne.Canvas, escape, enter func() bool) *keys {
	k := &keys{canvas: c, handlers: map[string]func(){}, escape: escape, enter: enter}
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch e.Name {
		case fyne.KeyEscape:
			k.escape()
		case fyne.KeyReturn, fyne.KeyEnter:
			k.enter()
		}
	})
	return k
}

// add binds sc to h on the canvas and in every shortcutEntry.
func (k *keys) add(sc desktop.CustomShortcut, h func()) {
	k.handlers[sc.ShortcutName()] = h
	k.canvas.AddShortcut(&sc, func(fyne.Shortcut) { h() })
}
