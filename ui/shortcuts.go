package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// shortcutCtrl is Ctrl+key (Cmd+key on macOS through Fyne's mapping).
func shortcutCtrl(k fyne.KeyName) desktop.CustomShortcut {
	return desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}
