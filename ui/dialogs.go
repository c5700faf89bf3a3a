package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// dialogs shows Candor's dialogs on one window and remembers the one on
// show, so Esc can cancel it, Enter can answer it with its default button,
// and a lock can dismiss it.
type dialogs struct {
	win fyne.Window
	// open is the dialog on show, or nil.
	open dialog.Dialog
	// onEnter answers the open dialog with its default button; nil closes
	// it.
	onEnter func()
}

// show shows d and remembers it.
func (ds *dialogs) show(d dialog.Dialog) { ds.showWithEnter(d, nil) }

// showWithEnter shows d; Enter calls enter (nil: Enter closes d).
func (ds *dialogs) showWithEnter(d dialog.Dialog, enter func()) {
	ds.open, ds.onEnter = d, enter
	d.SetOnClosed(func() {
		if ds.open == d {
			ds.open, ds.onEnter = nil, nil
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
	ds.open, ds.onEnter = nil, nil
	d.Dismiss()
	return true
}

// enter answers the dialog on show with its default button (Enter); it
// reports whether there was a dialog.
func (ds *dialogs) enter() bool {
	if ds.open == nil {
		return false
	}
	if f := ds.onEnter; f != nil {
		f()
		return true
	}
	return ds.escape()
}

// confirm asks a yes/no question; Enter answers yes, Esc no.
func (ds *dialogs) confirm(title, message string, yes func()) {
	var d *dialog.ConfirmDialog
	answered := false
	d = dialog.NewConfirm(title, message, func(ok bool) {
		if ok && !answered {
			answered = true
			yes()
		}
	}, ds.win)
	ds.showWithEnter(d, func() {
		answered = true
		ds.escape()
		yes()
	})
}

// confirmDanger asks before something that destroys: the button that acts is
// named action and marked as dangerous, and it is not the default: Enter and
// Esc both keep things as they are.
func (ds *dialogs) confirmDanger(title, message, action string, yes func()) {
	msg := widget.NewLabel(message)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, action, "Cancel", msg, func(ok bool) {
		if ok {
			yes()
		}
	}, ds.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Resize(fyne.NewSize(440, 0))
	ds.show(d)
}

// info shows a message with a title.
func (ds *dialogs) info(title, message string) {
	ds.show(dialog.NewInformation(title, message, ds.win))
}

// showError reports a storage or validation error in one sentence.
func (ds *dialogs) showError(err error) {
	ds.show(dialog.NewError(errors.New(friendly(err)), ds.win))
}
