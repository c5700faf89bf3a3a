// Package stats works out a journal's statistics from the summaries of its
// entries (date, area, rating and role; never any text): entries and days
// written, streaks, averages per area and per ISO week, rolling averages,
// trends, the balance of leading and managing, and the coaching loop:
// follow-through on next steps, decisions and their calibration, and
// entries per trait (given the prompts' traits). It is pure computation;
// the journal reads the summaries.
package stats

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"candor/journal"
)

// Trend says where an area's ratings are heading over a period.
type Trend string

// The trends.
const (
	TrendRising  Trend = "rising"
	TrendSteady  Trend = "steady"
	TrendFalling Trend = "falling"
)

// WeekStats are the figures of one ISO week.
type WeekStats struct {
	Week      string  `json:"week"` // YYYY-Www
	Entries   int     `json:"entries"`
	AvgRating float64 `json:"avg_rating"` // 0 when nothing was rated
}

// DayAverage is a rolling average on one day.
type DayAverage struct {
	Date      journal.Date `json:"date"`
	AvgRating float64      `json:"avg_rating"`
}

// AreaStats are the figures of one area over the period.
type AreaStats struct {
	Entries   int          `json:"entries"`
	AvgRating float64      `json:"avg_rating"`
	Weekly    []WeekStats  `json:"weekly"`
	Rolling30 []DayAverage `json:"rolling_30d"` // at the end of each week
	Trend     Trend        `json:"trend"`
}

// RoleWeek is the leader/manager balance of one ISO week.
type RoleWeek struct {
	Week    string `json:"week"`
	Leader  int    `json:"leader"`
	Manager int    `json:"manager"`
}

// Roles counts entries marked leading or managing.
type Roles struct {
	Leader  int        `json:"leader"`
	Manager int        `json:"manager"`
	Weekly  []RoleWeek `json:"weekly"`
}

// Stats is the progress over a period, in the contract's JSON shape (with a
// few more keys).
type Stats struct {
	From          journal.Date                `json:"from"`
	To            journal.Date                `json:"to"`
	Entries       int                         `json:"entries"`
	DaysWritten   int                         `json:"days_written"`
	StreakCurrent int                         `json:"streak_current"`
	StreakLongest int                         `json:"streak_longest"`
	Areas         map[journal.Area]*AreaStats `json:"areas"`
	Roles         Roles                       `json:"roles"`
	// Traits counts the period's entries per trait of their prompt (empty
	// unless WithTraits is given).
	Traits        map[string]int `json:"traits"`
	FollowThrough FollowThrough  `json:"follow_through"`
	Decisions     Decisions      `json:"decisions"`
}

// ISOWeek names the ISO 8601 week of d, like 2026-W48.
func ISOWeek(d journal.Date) string {
	y, w := d.Time(time.UTC).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// Compute works out the statistics of the summaries dated from..to
// (inclusive; sums may hold others, which are ignored for the period but
// count for streaks), as seen on today.
func Compute(sums []journal.Summary, from, to, today journal.Date, opts ...Option) Stats {
	st := Stats{From: from, To: to, Areas: map[journal.Area]*AreaStats{}, Roles: Roles{Weekly: []RoleWeek{}}}
	weekly := map[journal.Area]map[string]*acc{}
	daily := map[journal.Area]map[uint32]*acc{}
	total := map[journal.Area]*acc{}
	for _, a := range journal.Areas {
		weekly[a], daily[a], total[a] = map[string]*acc{}, map[uint32]*acc{}, &acc{}
	}
	roleWeeks := map[string]*RoleWeek{}
	var days []journal.Date
	var wk string
	for _, s := range sums {
		if len(days) == 0 || days[len(days)-1] != s.Date {
			days = append(days, s.Date)
			wk = ISOWeek(s.Date) // summaries come by date: once per day
		}
		if s.Area != journal.AreaNone && s.Rating > 0 {
			// Days before the period still feed its first rolling windows.
			d := getAcc(daily[s.Area], s.Date.DayNumber())
			d.rated++
			d.sum += float64(s.Rating)
		}
		if s.Date.Before(from) || s.Date.After(to) {
			continue
		}
		st.Entries++
		switch s.Role {
		case journal.RoleLeader, journal.RoleManager:
			rw := roleWeeks[wk]
			if rw == nil {
				rw = &RoleWeek{Week: wk}
				roleWeeks[wk] = rw
			}
			if s.Role == journal.RoleLeader {
				st.Roles.Leader++
				rw.Leader++
			} else {
				st.Roles.Manager++
				rw.Manager++
			}
		}
		if s.Area == journal.AreaNone {
			continue
		}
		for _, a := range []*acc{total[s.Area], getAcc(weekly[s.Area], wk)} {
			a.n++
			if s.Rating > 0 {
				a.rated++
				a.sum += float64(s.Rating)
			}
		}
	}
	sort.Slice(days, func(a, b int) bool { return days[a].Before(days[b]) })
	inPeriod := 0
	for _, d := range days {
		if !d.Before(from) && !d.After(to) {
			inPeriod++
		}
	}
	st.DaysWritten = inPeriod
	streak := StreakOf(days, today)
	st.StreakCurrent, st.StreakLongest = streak.Current, streak.Longest
	avg := func(a *acc) float64 {
		if a == nil || a.rated == 0 {
			return 0
		}
		return math.Round(a.sum/float64(a.rated)*100) / 100
	}
	for _, a := range journal.Areas {
		as := &AreaStats{Entries: total[a].n, AvgRating: avg(total[a]), Weekly: []WeekStats{}, Rolling30: []DayAverage{}}
		weeks := make([]string, 0, len(weekly[a]))
		for w := range weekly[a] {
			weeks = append(weeks, w)
		}
		sort.Strings(weeks)
		for _, w := range weeks {
			as.Weekly = append(as.Weekly, WeekStats{Week: w, Entries: weekly[a][w].n, AvgRating: avg(weekly[a][w])})
		}
		as.Rolling30 = rolling(daily[a], from, to)
		as.Trend = trend(as.Weekly)
		st.Areas[a] = as
	}
	keys := make([]string, 0, len(roleWeeks))
	for w := range roleWeeks {
		keys = append(keys, w)
	}
	sort.Strings(keys)
	for _, w := range keys {
		st.Roles.Weekly = append(st.Roles.Weekly, *roleWeeks[w])
	}
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	st.coaching(sums, from, to, today, cfg)
	return st
}

// acc accumulates entries and ratings.
type acc struct {
	n, rated int
	sum      float64
}

func getAcc[K comparable](m map[K]*acc, k K) *acc {
	v := m[k]
	if v == nil {
		v = &acc{}
		m[k] = v
	}
	return v
}

// rollingDays is the window of the rolling average.
const rollingDays = 30

// rolling is the 30-day rolling average rating at the end of each ISO week
// of from..to (and on to itself), where the window holds a rated entry: one
// point a week keeps long periods small.
func rolling(days map[uint32]*acc, from, to journal.Date) []DayAverage {
	out := []DayAverage{}
	if len(days) == 0 {
		return out
	}
	lo, hi := from.DayNumber(), to.DayNumber()
	var sum float64
	var rated int
	for d := lo - rollingDays + 1; d <= hi; d++ {
		if a := days[d]; a != nil {
			sum += a.sum
			rated += a.rated
		}
		if old := days[d-rollingDays]; old != nil {
			sum -= old.sum
			rated -= old.rated
		}
		// Day 0 (0001-01-01) was a Monday, so d%7 == 6 is a Sunday.
		if d >= lo && rated > 0 && (d%7 == 6 || d == hi) {
			out = append(out, DayAverage{Date: journal.DateFromDayNumber(d), AvgRating: math.Round(sum/float64(rated)*100) / 100})
		}
	}
	return out
}

// trend compares the average rating of the later half of the rated weeks
// with the earlier half: a change of 0.3 or more is rising or falling.
func trend(weeks []WeekStats) Trend {
	var rated []float64
	for _, w := range weeks {
		if w.AvgRating > 0 {
			rated = append(rated, w.AvgRating)
		}
	}
	if len(rated) < 2 {
		return TrendSteady
	}
	half := len(rated) / 2
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	switch d := mean(rated[len(rated)-half:]) - mean(rated[:half]); {
	case d >= 0.3:
		return TrendRising
	case d <= -0.3:
		return TrendFalling
	}
	return TrendSteady
}

// Of works out the statistics of sums (as AllSummaries returns them)
// for from..to: zero from means the first entry, zero to means today.
// Callers that need several periods read the summaries once and call this
// for each.
func Of(sums []journal.Summary, from, to, today journal.Date, opts ...Option) (Stats, error) {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return Stats{}, errors.New("the end of the period is before its start")
	}
	if to.IsZero() {
		to = today
	}
	if from.IsZero() {
		from = to
		if len(sums) > 0 && sums[0].Date.Before(from) {
			from = sums[0].Date
		}
	}
	return Compute(sums, from, to, today, opts...), nil
}

// Source is where Read takes the summaries from: a *journal.Journal.
type Source interface {
	AllSummaries() ([]journal.Summary, error)
}

// Read returns the statistics of the journal j for from..to (zero from means
// the first entry; zero to means today).
func Read(j Source, from, to, today journal.Date, opts ...Option) (Stats, error) {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return Stats{}, errors.New("the end of the period is before its start")
	}
	sums, err := j.AllSummaries()
	if err != nil {
		return Stats{}, err
	}
	return Of(sums, from, to, today, opts...)
}
