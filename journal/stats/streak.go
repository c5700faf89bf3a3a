package stats

import "candor/journal"

// Streak describes the run of consecutive days with entries.
type Streak struct {
	// Current counts the consecutive days with entries that end today, or
	// yesterday when today is not yet written (the streak is still alive).
	Current int
	// Longest is the longest run ever.
	Longest int
	// Today says whether today already has an entry.
	Today bool
}

// StreakOf computes the streak for today from the sorted days written
// (journal.Journal.DaysWritten).
func StreakOf(days []journal.Date, today journal.Date) Streak {
	var s Streak
	run := 0
	var prev journal.Date
	for i, d := range days {
		if i > 0 && prev.AddDays(1) == d {
			run++
		} else {
			run = 1
		}
		if run > s.Longest {
			s.Longest = run
		}
		prev = d
		if d == today {
			s.Today = true
		}
	}
	// Walk back from today (or yesterday) while days are written.
	set := make(map[journal.Date]bool, len(days))
	for _, d := range days {
		set[d] = true
	}
	d := today
	if !set[d] {
		d = d.AddDays(-1)
	}
	for set[d] {
		s.Current++
		d = d.AddDays(-1)
	}
	return s
}
