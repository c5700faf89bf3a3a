package coach_test

import (
	"fmt"
	"testing"
	"time"

	"candor/journal"
	"candor/journal/coach"
	"candor/journal/imports"
	"candor/journal/journaltest"
)

// BenchmarkToday10k times the day's card on a journal of 10,000 entries of
// which one in ten sets a next step and one in fifty records a decision,
// half of them answered: what Today asks after unlock and after each save.
func BenchmarkToday10k(b *testing.B) {
	j, _ := journaltest.New(b)
	start := journal.Date{Year: 2000, Month: time.January, Day: 1}
	var entries []journal.Entry
	for i := 0; i < 10000; i++ {
		d := start.AddDays(i)
		e := journal.Entry{ID: imports.StableID("bench", fmt.Sprint(i)), Date: d, Body: "x", Tags: []string{}}
		if i%10 == 0 {
			e.NextStep = fmt.Sprint("Step ", i)
		}
		if i%50 == 0 {
			e.Decision = fmt.Sprint("Decision ", i)
		}
		if i%20 == 11 {
			e.Follows, e.Outcome = imports.StableID("bench", fmt.Sprint(i-11)), journal.OutcomeDone
		}
		entries = append(entries, e)
	}
	if _, err := imports.Entries(j, entries, nil); err != nil {
		b.Fatal(err)
	}
	today := start.AddDays(10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := coach.Today(j, today, coach.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
