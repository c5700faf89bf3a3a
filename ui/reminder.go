package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"

	"candor/journal"
	"candor/journal/stats"
)

// reminder sends the daily reminder: one desktop notification a day, at or
// after the time set in Settings, when the day has no entry yet.
type reminder struct {
	prefs  fyne.Preferences
	notify func(*fyne.Notification)
	bg     *runner
	now    func() time.Time
	// sentOn is the last day the reminder went out (or was due).
	sentOn journal.Date
}

// check sends the reminder when it is due and today has no entry in j.
func (r *reminder) check(j *journal.Journal) {
	at, on, err := parseReminder(r.prefs.String(prefReminder))
	now := r.now()
	today := journal.DateOf(now)
	if err != nil || !on || r.sentOn == today || now.Hour()*60+now.Minute() < at.Hour()*60+at.Minute() {
		return
	}
	r.sentOn = today
	var st stats.Streak
	r.bg.run(func() { st, err = streak(j, today) }, func() {
		if err == nil && !st.Today {
			r.notify(fyne.NewNotification("Candor", "A few minutes for today's reflection? Your prompt is waiting."))
		}
	})
}

// untilDue returns how long from now until the reminder is next due, and
// false when it is off. One already sent today is due at its time
// tomorrow; one past its time but not sent yet is due in a second.
func (r *reminder) untilDue(now time.Time) (time.Duration, bool) {
	at, on, err := parseReminder(r.prefs.String(prefReminder))
	if err != nil || !on {
		return 0, false
	}
	due := time.Date(now.Year(), now.Month(), now.Day(), at.Hour(), at.Minute(), 0, 0, now.Location())
	if r.sentOn == journal.DateOf(now) {
		due = due.AddDate(0, 0, 1)
	}
	return max(due.Sub(now), time.Second), true
}

// parseReminder accepts HH:MM (24-hour) or empty.
func parseReminder(v string) (time.Time, bool, error) {
	if v == "" {
		return time.Time{}, false, nil
	}
	t, err := time.Parse("15:04", v)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("write the time as HH:MM, e.g. 20:30")
	}
	return t, true, nil
}
