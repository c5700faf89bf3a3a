package journal

import (
	"fmt"
	"time"
)

// Date is a calendar day with no time zone, the day an entry is about.
type Date struct {
	Year  int        // four digits, 1000 to 9999
	Month time.Month // January is 1
	Day   int        // day of the month, from 1
}

// Dates outside this range are refused.
const (
	minYear = 1000
	maxYear = 9999
)

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today returns today's date in local time.
func Today() Date { return DateOf(time.Now()) }

// ParseDate parses a date written YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != 10 {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", clip(s, 40))
	}
	d := DateOf(t)
	if d.Year < minYear || d.Year > maxYear {
		return Date{}, fmt.Errorf("%q is out of range (years %d to %d)", s, minYear, maxYear)
	}
	return d, nil
}

// IsZero reports whether d is the zero Date, which means "no date".
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d names a real day in the supported range.
func (d Date) Valid() bool {
	if d.Year < minYear || d.Year > maxYear {
		return false
	}
	return DateOf(d.Time(time.UTC)) == d
}

// Time returns midnight at the start of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d (before, when n is negative).
func (d Date) AddDays(n int) Date { return DateOf(d.Time(time.UTC).AddDate(0, 0, n)) }

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.DayNumber() < o.DayNumber() }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.DayNumber() > o.DayNumber() }

// String returns d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// DayNumber counts days since 0001-01-01; it orders dates and keys the date
// index. It is only meaningful for valid dates.
func (d Date) DayNumber() uint32 {
	const unixEpochDay = 719162 // days from 0001-01-01 to 1970-01-01
	return uint32(d.Time(time.UTC).Unix()/86400 + unixEpochDay)
}
