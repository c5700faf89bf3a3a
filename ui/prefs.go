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

// applyPreferences restores the theme and the window size.
func applyPreferences(a fyne.App, w fyne.Window) {
	p := a.Preferences()
	a.Settings().SetTheme(newTheme(p.StringWithFallback(prefTheme, themeSystem)))
	width, height := p.FloatWithFallback(prefWidth, 960), p.FloatWithFallback(prefHeight, 720)
	if width >= 400 && height >= 300 {
		w.Resize(fyne.NewSize(float32(width), float32(height)))
	}
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
