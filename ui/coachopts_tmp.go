package ui

import (
	"fyne.io/fyne/v2"

	"candor/journal/coach"
)

// coachOptions is replaced by the Settings branch's version.
func coachOptions(p fyne.Preferences) coach.Options {
	return coach.Options{ReviewDay: reviewWeekday(p)}
}
