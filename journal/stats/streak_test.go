package stats_test

import (
	"testing"

	"candor/journal"
	"candor/journal/journaltest"
	"candor/journal/stats"
)

func TestStreakOf(t *testing.T) {
	d := func(s string) journal.Date { return journaltest.Date(t, s) }
	today := d("2026-03-02")
	for _, tc := range []struct {
		name string
		days []journal.Date
		want stats.Streak
	}{
		{"empty", nil, stats.Streak{}},
		{"only today", []journal.Date{today}, stats.Streak{Current: 1, Longest: 1, Today: true}},
		{"ends yesterday", []journal.Date{d("2026-02-27"), d("2026-02-28"), d("2026-03-01")}, stats.Streak{Current: 3, Longest: 3}},
		{"across month end, today written", []journal.Date{d("2026-02-28"), d("2026-03-01"), today}, stats.Streak{Current: 3, Longest: 3, Today: true}},
		{"broken", []journal.Date{d("2026-01-01"), d("2026-01-02"), d("2026-01-03"), d("2026-01-04"), d("2026-02-28")}, stats.Streak{Current: 0, Longest: 4}},
		{"year boundary", []journal.Date{d("2025-12-31"), d("2026-01-01")}, stats.Streak{Longest: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := stats.StreakOf(tc.days, today); got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestStreakOfDaysWritten is the streak of a journal's days written, the
// way the app works it out.
func TestStreakOfDaysWritten(t *testing.T) {
	j, _ := journaltest.New(t)
	for _, s := range []string{"2026-03-01", "2026-03-01", "2026-02-28", "1999-12-31"} {
		if _, err := j.Add(journal.Entry{Date: journaltest.Date(t, s)}); err != nil {
			t.Fatal(err)
		}
	}
	days, err := j.DaysWritten()
	if err != nil {
		t.Fatal(err)
	}
	if s := stats.StreakOf(days, journaltest.Date(t, "2026-03-01")); s != (stats.Streak{Current: 2, Longest: 2, Today: true}) {
		t.Fatalf("Streak = %+v", s)
	}
}
