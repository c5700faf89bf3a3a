package ui

import "fyne.io/fyne/v2"

// screen returns the usable screen size in the window's units, when known.
func (u *App) screen() (fyne.Size, bool) {
	if u.cfg.ScreenSize == nil {
		return fyne.Size{}, false
	}
	w, h, ok := u.cfg.ScreenSize()
	if !ok || w <= 0 || h <= 0 {
		return fyne.Size{}, false
	}
	scale := u.win.Canvas().Scale()
	if scale <= 0 {
		scale = 1
	}
	return fyne.NewSize(float32(w)/scale, float32(h)/scale), true
}

// fitScreen shrinks the window to the screen when it is larger.
func (u *App) fitScreen() {
	scr, ok := u.screen()
	if !ok {
		return
	}
	size := u.win.Canvas().Size()
	if fitted := fitSize(size, scr); fitted != size {
		u.win.Resize(fitted)
	}
}
