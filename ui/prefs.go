package ui

import (
	"time"

	"fyne.io/fyne/v2"

	"candor/journal"
)

// Preference keys. Fyne preferences are plain text on disk: they hold UI
// settings only, never anything private.
const (
	prefAutoLock = "autolock_minutes"
	prefTheme    = "theme"
	prefReminder = "reminder_time"
	prefReview   = "review_day"
	prefWidth    = "window_width"
	prefHeight   = "window_height"
)

// defaultAutoLock is the idle time, in minutes, before Candor locks itself.
const defaultAutoLock = 10

// The window's first size, before the user chose one, and the smallest size
// remembered.
const (
	defaultWidth, defaultHeight = 960, 720
	minWidth, minHeight         = 400, 300
)

// applyPreferences restores the theme and the window size. The size is
// clamped to the screen when screen knows it: a size remembered on a larger
// screen, or the default on a small one, never opens the window larger than
// the screen.
func applyPreferences(a fyne.App, w fyne.Window, screen func() (fyne.Size, bool)) {
	p := a.Preferences()
	a.Settings().SetTheme(newTheme(p.StringWithFallback(prefTheme, themeSystem)))
	width, height := p.FloatWithFallback(prefWidth, defaultWidth), p.FloatWithFallback(prefHeight, defaultHeight)
	if width < minWidth || height < minHeight {
		width, height = defaultWidth, defaultHeight
	}
	size := fyne.NewSize(float32(width), float32(height))
	if scr, ok := screen(); ok {
		size = fitSize(size, scr)
	}
	w.Resize(size)
}

// fitSize clamps size to the screen, less a margin for the window's frame.
func fitSize(size, screen fyne.Size) fyne.Size {
	const frameW, frameH = 0, 32 // title bar; borders are thin
	maxW, maxH := screen.Width-frameW, screen.Height-frameH
	if maxW < minWidth || maxH < minHeight {
		maxW, maxH = fyne.Max(screen.Width, minWidth), fyne.Max(screen.Height, minHeight)
	}
	return fyne.NewSize(fyne.Min(size.Width, maxW), fyne.Min(size.Height, maxH))
}

// saveWindowSize remembers the window's size, unless it is implausibly
// small.
func saveWindowSize(p fyne.Preferences, w fyne.Window) {
	size := w.Canvas().Size()
	if size.Width >= 400 && size.Height >= 300 {
		p.SetFloat(prefWidth, float64(size.Width))
		p.SetFloat(prefHeight, float64(size.Height))
	}
}

// isReviewDay reports whether d is the weekly review day set in Settings.
func isReviewDay(p fyne.Preferences, d journal.Date) bool {
	day := p.StringWithFallback(prefReview, "Sunday")
	return d.Time(time.UTC).Weekday().String() == day
}
