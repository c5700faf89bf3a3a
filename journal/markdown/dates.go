package markdown

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"candor/journal"
)

// when is a date read from a note: the day as written and, when a time of
// day was given too, the moment it names.
type when struct {
	// date is the day as written, whatever the time zone.
	date journal.Date
	// at is the moment in UTC; zero when only a day was given.
	at time.Time
}

// notRealError says that a value has the shape of a date (or of a time of
// day) but names none: 2021-02-30, 25:00.
type notRealError struct{ what string }

// Error implements error.
func (e *notRealError) Error() string { return e.what }

// isoDate matches a date written year first, with an optional time of day
// and zone: 2021-01-05, 2021-01-05T09:30:00+02:00, 2021-01-05 09:30,
// 2021-01-05 09:30:00 +0200 (Jekyll), 2021/01/05, 2021_01_05.
var isoDate = regexp.MustCompile(`^(\d{4})([-/._])(\d{1,2})([-/._])(\d{1,2})` +
	`(?:(?:[Tt]|\s+)(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp]\.?[Mm]\.?)?)?` +
	`\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$`)

// compactDate matches 20210105, and 202101050930 or 20210105T093000 with a
// time.
var compactDate = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})(?:[Tt_ -]?(\d{2})(\d{2})(\d{2})?)?$`)

// dayFirstDate matches 05-01-2021 and 05.01.2021 (day first), and
// 01/05/2021 (month or day first: read only when one reading is possible).
var dayFirstDate = regexp.MustCompile(`^(\d{1,2})([-./])(\d{1,2})([-./])(\d{4})` +
	`(?:(?:[Tt]|\s+)(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?$`)

// maxDateText is the longest text read as a date; anything longer is
// none.
const maxDateText = 80

// parseWhen reads s as a note's date in any of the forms notes use: year
// first (with a time and zone or not), compact, day first, or English words
// ("Jan 1, 2026", "Tuesday, January 5, 2021", "1 January 2026", "Sep 14th,
// 2020"). ok is false when s does not look like a date at all; err is set
// when it does but names no real day or time.
func parseWhen(s string) (w when, ok bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxDateText {
		return when{}, false, nil
	}
	if m := isoDate.FindStringSubmatch(s); m != nil && m[2] == m[4] {
		return build(atoi(m[1]), atoi(m[3]), atoi(m[5]), m[6], m[7], m[8], m[9], m[10], m[11])
	}
	if m := compactDate.FindStringSubmatch(s); m != nil {
		return build(atoi(m[1]), atoi(m[2]), atoi(m[3]), m[4], m[5], m[6], "", "", "")
	}
	if m := dayFirstDate.FindStringSubmatch(s); m != nil && m[2] == m[4] {
		a, b, y := atoi(m[1]), atoi(m[3]), atoi(m[5])
		d, mo := a, b
		if m[2] == "/" {
			// Slashes are written month first in the US and day first
			// elsewhere: only a date that reads one way is taken.
			switch {
			case a <= 12 && b <= 12 && a != b:
				return when{}, true, &notRealError{fmt.Sprintf("could be read day first or month first; write it as %04d-%02d-%02d or %04d-%02d-%02d", y, b, a, y, a, b)}
			case a <= 12 && b > 12:
				d, mo = b, a
			}
		} else if b > 12 && a <= 12 {
			d, mo = b, a // 01-13-2021 can only be month first
		}
		return build(y, mo, d, m[6], m[7], m[8], "", m[9], "")
	}
	return parseWords(s)
}

// build checks a date and an optional time of day and zone and makes a
// when of them. A day and month out of range mean "not a date"
// (ok false); a day that does not exist in its month is an error.
func build(y, mo, d int, hh, mm, ss, frac, ampm, zone string) (when, bool, error) {
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return when{}, false, nil
	}
	day := journal.Date{Year: y, Month: time.Month(mo), Day: d}
	if !day.Valid() {
		return when{}, true, &notRealError{"is not a real day"}
	}
	w := when{date: day}
	if hh == "" {
		return w, true, nil
	}
	h, mi, sec := atoi(hh), atoi(mm), 0
	if ss != "" {
		sec = atoi(ss)
	}
	if ampm != "" {
		if h < 1 || h > 12 {
			return when{}, true, &notRealError{"is not a real time of day"}
		}
		pm := strings.EqualFold(ampm[:1], "p")
		switch {
		case h == 12 && !pm:
			h = 0
		case h != 12 && pm:
			h += 12
		}
	}
	if h > 23 || mi > 59 || sec > 59 {
		return when{}, true, &notRealError{"is not a real time of day"}
	}
	ns := 0
	if frac != "" {
		ns = atoi((frac + "000000000")[:9])
	}
	loc := time.Local // no zone: the writer's own local time
	switch {
	case zone == "":
	case zone == "Z" || zone == "z" || zone == "UTC" || zone == "GMT":
		loc = time.UTC
	default:
		z := strings.ReplaceAll(zone[1:], ":", "")
		off := atoi(z[:2]) * 3600
		if len(z) == 4 {
			off += atoi(z[2:]) * 60
		}
		if atoi(z[:2]) > 14 || len(z) == 4 && atoi(z[2:]) > 59 {
			return when{}, true, &notRealError{"has a time zone offset that does not exist"}
		}
		if zone[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	w.at = time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc).UTC()
	return w, true, nil
}

// atoi is strconv.Atoi for strings the patterns above made sure are digits.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// monthNames maps English month names and their abbreviations to months.
var monthNames = func() map[string]time.Month {
	m := map[string]time.Month{"sept": time.September}
	for mo := time.January; mo <= time.December; mo++ {
		name := strings.ToLower(mo.String())
		m[name] = mo
		m[name[:3]] = mo
	}
	return m
}()

// weekdayNames holds English weekday names and their usual abbreviations.
var weekdayNames = func() map[string]bool {
	m := map[string]bool{"tues": true, "weds": true, "thur": true, "thurs": true}
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		m[name] = true
		m[name[:3]] = true
	}
	return m
}()

// ordinalDay matches a day of the month, with an English ordinal ending or
// not: 5, 05, 5th, 1st, 22nd, 23rd.
var ordinalDay = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?$`)

// clockTime matches a time of day: 9:30, 09:30:15, 9:30pm, 9.30 am.
var clockTime = regexp.MustCompile(`^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?([ap]\.?m\.?)?$`)

// wordSeparators turns what separates the words of a date into spaces.
var wordSeparators = strings.NewReplacer(",", " ", "[[", " ", "]]", " ")

// parseWords reads a date written in English words: "Jan 1, 2026",
// "January 1, 2026", "Sep 14th, 2020", "1 January 2026", "14th of
// September 2020", "Tuesday, January 5, 2021", each with an optional time
// of day after it ("at 9:30 pm").
func parseWords(s string) (when, bool, error) {
	f := strings.Fields(wordSeparators.Replace(strings.ToLower(s)))
	if len(f) > 0 && weekdayNames[strings.TrimSuffix(f[0], ".")] {
		f = f[1:]
	}
	if len(f) < 3 {
		return when{}, false, nil
	}
	month := func(t string) (time.Month, bool) {
		m, ok := monthNames[strings.TrimSuffix(t, ".")]
		return m, ok
	}
	day := func(t string) (int, bool) {
		m := ordinalDay.FindStringSubmatch(t)
		if m == nil {
			return 0, false
		}
		return atoi(m[1]), true
	}
	var mo time.Month
	var d int
	var rest []string
	if m, ok := month(f[0]); ok { // January 5 2021
		dd, ok := day(f[1])
		if !ok {
			return when{}, false, nil
		}
		mo, d, rest = m, dd, f[2:]
	} else if dd, ok := day(f[0]); ok { // 5 January 2021, 5th of January 2021
		i := 1
		if f[i] == "of" {
			i++
		}
		if i >= len(f) {
			return when{}, false, nil
		}
		m, ok := month(f[i])
		if !ok {
			return when{}, false, nil
		}
		mo, d, rest = m, dd, f[i+1:]
	} else {
		return when{}, false, nil
	}
	if len(rest) == 0 || len(rest[0]) != 4 || !isDigits(rest[0]) {
		return when{}, false, nil
	}
	y := atoi(rest[0])
	rest = rest[1:]
	if len(rest) > 0 && rest[0] == "at" {
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return build(y, int(mo), d, "", "", "", "", "", "")
	}
	clock := strings.Join(rest, "")
	if len(rest) > 2 {
		return when{}, false, nil
	}
	m := clockTime.FindStringSubmatch(clock)
	if m == nil {
		return when{}, false, nil
	}
	return build(y, int(mo), d, m[1], m[2], m[3], "", m[4], "")
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Dates inside a file name, after text or before it.
var (
	// nameYearFirst finds 2021-01-05, 2021_01_05 (Logseq) and 2021.01.05,
	// with a time after it or not (2021-01-05 09.30).
	nameYearFirst = regexp.MustCompile(`(?:^|[^0-9])((\d{4})([-_.])(\d{1,2})([-_.])(\d{1,2}))(?:[Tt ](\d{2})[:.h](\d{2})(?:[:.](\d{2}))?)?(?:[^0-9]|$)`)
	// nameCompact finds 20210105, and 202101050930 or 20210105093000.
	nameCompact = regexp.MustCompile(`(?:^|[^0-9])((\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?)(?:[^0-9]|$)`)
	// nameDayFirst finds 05-01-2021 and 05.01.2021.
	nameDayFirst = regexp.MustCompile(`(?:^|[^0-9])((\d{1,2})([-.])(\d{1,2})([-.])(\d{4}))(?:[^0-9]|$)`)
)

// nameWhen finds the date in a file's name without its extension: the
// whole name ("2021-01-05", "Jan 5th, 2021") or a date with text before
// or after it ("2021-01-05-Tuesday", "Diary-20210105", "2021-01-05 Some
// title"). The leftmost date wins. ok is false when the name holds none;
// err is set when it holds a date that names no real day, and text then
// is that date as written.
func nameWhen(stem string) (w when, text string, ok bool, err error) {
	if w, ok, err := parseWhen(stem); ok {
		return w, stem, true, err
	}
	type found struct {
		at   int
		text string
		read func() (when, bool, error)
	}
	var all []found
	for _, m := range nameYearFirst.FindAllStringSubmatchIndex(stem, -1) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return stem[m[2*i]:m[2*i+1]]
		}
		if g(3) == g(5) {
			all = append(all, found{m[2], g(1), func() (when, bool, error) {
				return build(atoi(g(2)), atoi(g(4)), atoi(g(6)), g(7), g(8), g(9), "", "", "")
			}})
		}
	}
	for _, m := range nameCompact.FindAllStringSubmatchIndex(stem, -1) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return stem[m[2*i]:m[2*i+1]]
		}
		all = append(all, found{m[2], g(1), func() (when, bool, error) {
			return build(atoi(g(2)), atoi(g(3)), atoi(g(4)), g(5), g(6), g(7), "", "", "")
		}})
	}
	for _, m := range nameDayFirst.FindAllStringSubmatchIndex(stem, -1) {
		text := stem[m[2]:m[3]]
		if stem[m[6]:m[7]] == stem[m[10]:m[11]] {
			all = append(all, found{m[2], text, func() (when, bool, error) { return parseWhen(text) }})
		}
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].at < all[b].at })
	for _, f := range all {
		if w, ok, err := f.read(); ok {
			return w, f.text, true, err
		}
	}
	return when{}, "", false, nil
}
