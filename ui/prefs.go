package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"candor/journal"
	"candor/journal/coach"
	"candor/prompts"
)

// Preference keys. Fyne preferences are plain text on disk: they hold UI
// settings only, never anything private.
const (
	prefAutoLock = "autolock_minutes"
	prefTheme    = "theme"
	prefReminder = "reminder_time"
	prefReview   = "review_day"
	// prefWorkDays holds the work days as weekday numbers (Sunday is 0),
	// comma-separated: "1,2,3,4,5".
	prefWorkDays = "work_days"
	// prefFocus is the ID of the trait in focus; prefFocusFrom and
	// prefFocusUntil are its first and last days, as YYYY-MM-DD.
	prefFocus      = "focus_trait"
	prefFocusFrom  = "focus_from"
	prefFocusUntil = "focus_until"
	prefWidth      = "window_width"
	prefHeight     = "window_height"
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

// defaultWorkDays are the work days until the user picks others: Monday to
// Friday, as prompts.Options reads a nil list.
var defaultWorkDays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

// workDays returns the work days set in Settings, in weekday order from
// Sunday, or defaultWorkDays when none are stored (or none of those stored
// is a weekday).
func workDays(p fyne.Preferences) []time.Weekday {
	var days []time.Weekday
	for _, f := range strings.Split(p.String(prefWorkDays), ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < int(time.Sunday) || n > int(time.Saturday) || slices.Contains(days, time.Weekday(n)) {
			continue
		}
		days = append(days, time.Weekday(n))
	}
	if len(days) == 0 {
		return slices.Clone(defaultWorkDays)
	}
	slices.Sort(days)
	return days
}

// setWorkDays stores days as the work days. An empty list is not stored:
// there is always at least one work day.
func setWorkDays(p fyne.Preferences, days []time.Weekday) {
	if len(days) == 0 {
		return
	}
	days = slices.Clone(days)
	slices.Sort(days)
	days = slices.Compact(days)
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = strconv.Itoa(int(d))
	}
	p.SetString(prefWorkDays, strings.Join(parts, ","))
}

// focusSetting is the focus stored in Settings: the trait's ID and its
// first and last days, whether or not they are past.
type focusSetting struct {
	Trait       string
	From, Until journal.Date
}

// storedFocus returns the focus stored in Settings, and false when there is
// none or it cannot be read.
func storedFocus(p fyne.Preferences) (focusSetting, bool) {
	f := focusSetting{Trait: p.String(prefFocus)}
	from, err1 := journal.ParseDate(p.String(prefFocusFrom))
	until, err2 := journal.ParseDate(p.String(prefFocusUntil))
	if f.Trait == "" || err1 != nil || err2 != nil || until.Before(from) {
		return focusSetting{}, false
	}
	f.From, f.Until = from, until
	return f, true
}

// activeFocus returns the focus that holds on today: one stored, on a
// trait of the built-in library that can be a focus, whose days include
// today.
func activeFocus(p fyne.Preferences, today journal.Date) (focusSetting, bool) {
	f, ok := storedFocus(p)
	if !ok || today.Before(f.From) || today.After(f.Until) || !focusable(f.Trait) {
		return focusSetting{}, false
	}
	return f, true
}

// focusable reports whether the trait with this ID can be a focus: a trait
// of the built-in library other than the check-in and own-prompt ones.
func focusable(id string) bool {
	_, ok := prompts.Builtin().Trait(id)
	return ok && id != prompts.TraitCheckIn && id != prompts.TraitOwn
}

// setFocus stores a focus on trait for prompts.FocusDays days from today
// (today included).
func setFocus(p fyne.Preferences, trait string, today journal.Date) {
	p.SetString(prefFocus, trait)
	p.SetString(prefFocusFrom, today.String())
	p.SetString(prefFocusUntil, today.AddDays(prompts.FocusDays-1).String())
}

// clearFocus forgets the focus.
func clearFocus(p fyne.Preferences) {
	p.RemoveValue(prefFocus)
	p.RemoveValue(prefFocusFrom)
	p.RemoveValue(prefFocusUntil)
}

// coachOptions returns the coach's options as set in Settings: the review
// day, and for the daily prompt the work days (nil, which the prompts
// package reads as Monday to Friday, when they are the default) and the
// focus while one is stored. A focus whose days are past is passed on as
// stored: the choice ignores it outside its days.
func coachOptions(p fyne.Preferences) coach.Options {
	opts := coach.Options{ReviewDay: reviewWeekday(p)}
	if days := workDays(p); !slices.Equal(days, defaultWorkDays) {
		opts.Prompts.WorkDays = days
	}
	if f, ok := storedFocus(p); ok {
		opts.Prompts.Focus = f.Trait
		opts.Prompts.FocusFrom, opts.Prompts.FocusUntil = promptDay(f.From), promptDay(f.Until)
	}
	return opts
}

// promptDay converts a journal date to the prompts package's day, as the
// journal does when it asks for a prompt.
func promptDay(d journal.Date) prompts.Day { return prompts.DayOf(d.Time(time.UTC)) }

// journalPrefs keeps the settings of one journal apart from another's in
// the app's preferences: the theme, auto-lock, reminder, review day, work
// days and focus are stored under keys that name the journal by a hash of its folder (never
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
