package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// dialogs shows Candor's dialogs on one window and remembers the one on
// show, so Esc can close it and a lock can dismiss it.
type dialogs struct {
	win fyne.Window
	// open is the dialog on show, or nil.
	open dialog.Dialog
}

// show shows d and remembers it.
func (ds *dialogs) show(d dialog.Dialog) {
	ds.open = d
	d.SetOnClosed(func() {
		if ds.open == d {
			ds.open = nil
		}
	})
	d.Show()
}

// escape closes the dialog on show, if any; it reports whether it did.
func (ds *dialogs) escape() bool {
	if ds.open == nil {
		return false
	}
	d := ds.open
	ds.open = nil
	d.Dismiss()
	return true
}

// confirm asks a yes/no question; Esc answers no.
func (ds *dialogs) confirm(title, message string, yes func()) {
	ds.show(dialog.NewConfirm(title, message, func(ok bool) {
		if ok {
			yes()
		}
	}, ds.win))
}

// info shows a message with a title.
func (ds *dialogs) info(title, message string) {
	ds.show(dialog.NewInformation(title, message, ds.win))
}

// showError reports a storage or validation error in one sentence.
func (ds *dialogs) showError(err error) {
	ds.show(dialog.NewError(errors.New(friendly(err)), ds.win))
}
