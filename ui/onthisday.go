package ui

import (
	"strconv"
	"time"

	"candor/journal"
)

// memory is an entry worth seeing again on a given day, and why.
type memory struct {
	// When says how long ago it was: "1 year ago", "A month ago".
	When  string
	Entry journal.Entry
}

// onThisDay returns the entries written on the same day and month as date in
// earlier years (newest first), then those written a month before date (the
// same day of the previous month, or its last day when that month is
// shorter). It reads the date index for the days written and decrypts only
// the entries it returns. On 29 February, 28 February of common years
// counts as the same day, and on 28 February of a common year, so does 29
// February of leap years. Call it off the UI thread; the Today screen may
// call it too.
func onThisDay(j *journal.Journal, date journal.Date) ([]memory, error) {
	days, err := j.DaysWritten()
	if err != nil {
		return nil, err
	}
	var out []memory
	add := func(day journal.Date, when string) error {
		return j.Summaries(day, day, func(s journal.Summary) error {
			e, err := j.Get(s.ID)
			if err != nil {
				return err
			}
			out = append(out, memory{When: when, Entry: e})
			return nil
		})
	}
	written := daySet(days)
	for y := date.Year - 1; y >= 1000 && len(days) > 0 && y >= days[0].Year; y-- {
		day := sameDayIn(date, y)
		if written[day] {
			if err := add(day, yearsAgo(date.Year-y)); err != nil {
				return nil, err
			}
		}
		// In a common year, 28 February also stands for the 29th of the
		// leap years, so those entries come back once a year too.
		if leap := (journal.Date{Year: y, Month: time.February, Day: 29}); date.Month == time.February && date.Day == 28 &&
			!(journal.Date{Year: date.Year, Month: time.February, Day: 29}).Valid() && leap.Valid() && written[leap] {
			if err := add(leap, yearsAgo(date.Year-y)); err != nil {
				return nil, err
			}
		}
	}
	if m := monthBefore(date); written[m] {
		if err := add(m, "A month ago"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sameDayIn is date's day and month in year y; 29 February becomes 28
// February in a common year.
func sameDayIn(date journal.Date, y int) journal.Date {
	d := journal.Date{Year: y, Month: date.Month, Day: date.Day}
	if !d.Valid() {
		d.Day = 28
	}
	return d
}

// monthBefore is the same day of the previous month, or that month's last
// day when it is shorter.
func monthBefore(date journal.Date) journal.Date {
	first := time.Date(date.Year, date.Month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	last := first.AddDate(0, 1, -1).Day()
	return journal.Date{Year: first.Year(), Month: first.Month(), Day: min(date.Day, last)}
}

func yearsAgo(n int) string {
	if n == 1 {
		return "1 year ago"
	}
	return strconv.Itoa(n) + " years ago"
}
