package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
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

// applyPreferences restores the theme of the journal whose settings p
// holds, and the window size. The size is
// clamped to the screen when screen knows it: a size remembered on a larger
// screen, or the default on a small one, never opens the window larger than
// the screen.
func applyPreferences(a fyne.App, p fyne.Preferences, w fyne.Window, screen func() (fyne.Size, bool)) {
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

// reviewWeekday is the review day set in Settings.
func reviewWeekday(p fyne.Preferences) time.Weekday {
	day := p.StringWithFallback(prefReview, "Sunday")
	for w := time.Sunday; w <= time.Saturday; w++ {
		if w.String() == day {
			return w
		}
	}
	return time.Sunday
}

// journalPrefs keeps the settings of one journal apart from another's in
// the app's preferences: the theme, auto-lock, reminder and review day are
// stored under keys that name the journal by a hash of its folder (never
// its content). A setting not yet stored for the journal falls back to the
// app-wide value, which earlier versions wrote. The window size stays
// app-wide: it belongs to the screen, not the journal.
type journalPrefs struct {
	fyne.Preferences
	prefix string
}

// newJournalPrefs returns p as seen by the journal in dir.
func newJournalPrefs(p fyne.Preferences, dir string) *journalPrefs {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	sum := sha256.Sum256([]byte(dir))
	return &journalPrefs{Preferences: p, prefix: "journal." + hex.EncodeToString(sum[:8]) + "."}
}

// perJournal reports whether key is stored per journal.
func perJournal(key string) bool { return key != prefWidth && key != prefHeight }

func (j *journalPrefs) key(k string) string {
	if perJournal(k) {
		return j.prefix + k
	}
	return k
}

// String returns the journal's value for key, else the app-wide one.
func (j *journalPrefs) String(key string) string { return j.StringWithFallback(key, "") }

// StringWithFallback returns the journal's value for key, else the
// app-wide one, else fallback.
func (j *journalPrefs) StringWithFallback(key, fallback string) string {
	return j.Preferences.StringWithFallback(j.key(key), j.Preferences.StringWithFallback(key, fallback))
}

// SetString stores the journal's value for key.
func (j *journalPrefs) SetString(key, value string) { j.Preferences.SetString(j.key(key), value) }

// Int returns the journal's value for key, else the app-wide one.
func (j *journalPrefs) Int(key string) int { return j.IntWithFallback(key, 0) }

// IntWithFallback returns the journal's value for key, else the app-wide
// one, else fallback.
func (j *journalPrefs) IntWithFallback(key string, fallback int) int {
	return j.Preferences.IntWithFallback(j.key(key), j.Preferences.IntWithFallback(key, fallback))
}

// SetInt stores the journal's value for key.
func (j *journalPrefs) SetInt(key string, value int) { j.Preferences.SetInt(j.key(key), value) }

// Float returns the journal's value for key, else the app-wide one.
func (j *journalPrefs) Float(key string) float64 { return j.FloatWithFallback(key, 0) }

// FloatWithFallback returns the journal's value for key, else the app-wide
// one, else fallback.
func (j *journalPrefs) FloatWithFallback(key string, fallback float64) float64 {
	return j.Preferences.FloatWithFallback(j.key(key), j.Preferences.FloatWithFallback(key, fallback))
}

// SetFloat stores the journal's value for key.
func (j *journalPrefs) SetFloat(key string, value float64) { j.Preferences.SetFloat(j.key(key), value) }

// Bool returns the journal's value for key, else the app-wide one.
func (j *journalPrefs) Bool(key string) bool { return j.BoolWithFallback(key, false) }

// BoolWithFallback returns the journal's value for key, else the app-wide
// one, else fallback.
func (j *journalPrefs) BoolWithFallback(key string, fallback bool) bool {
	return j.Preferences.BoolWithFallback(j.key(key), j.Preferences.BoolWithFallback(key, fallback))
}

// SetBool stores the journal's value for key.
func (j *journalPrefs) SetBool(key string, value bool) { j.Preferences.SetBool(j.key(key), value) }

// RemoveValue forgets the journal's value for key.
func (j *journalPrefs) RemoveValue(key string) { j.Preferences.RemoveValue(j.key(key)) }
