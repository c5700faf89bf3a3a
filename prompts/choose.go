package prompts

import (
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"time"
)

// Day is a calendar day, counted from 1970-01-01 (negative before).
type Day int

// DayOf returns the calendar day of t's date, ignoring its time and zone.
func DayOf(t time.Time) Day {
	y, m, d := t.Date()
	return floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), 86400)
}

// Time returns midnight UTC at the start of d.
func (d Day) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String returns d as YYYY-MM-DD.
func (d Day) String() string { return d.Time().Format(time.DateOnly) }

func floorDiv(a, b int64) Day {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return Day(q)
}

func mod(a, n int) int { return ((a % n) + n) % n }

// Event summarises one journal entry for the choice: its day, area, rating
// (0 for none) and the prompt it answered.
type Event struct {
	Day      Day
	Area     string
	Rating   int
	PromptID string
}

// Choice is the prompt for a day with the reason it was chosen.
type Choice struct {
	Prompt Prompt
	// Day the choice is for.
	Day Day
	// Reason is one sentence for the user.
	Reason string
	// Skip is how many prompts were skipped to reach this one ("Another
	// prompt"); Of is how many candidates the day offers before they repeat.
	Skip, Of int
}

// Tunable windows of the choice.
const (
	// Lookback is how far back entries weigh on the choice.
	Lookback = 30
	// NeglectDays without an entry in an area, while others have entries,
	// make that area the focus.
	NeglectDays = 14
	// NoRepeatDays is the window in which a prompt is not offered twice on an
	// empty journal, and in which answered prompts are avoided.
	NoRepeatDays = 60
	// minEntriesForShare is how many entries the lookback needs before an
	// area's share of them counts; with fewer, shares are noise.
	minEntriesForShare = 6
	// HistoryDays is how much history callers should pass to Choose.
	HistoryDays = NoRepeatDays
)

// areaStats is what the last Lookback days say about one area.
type areaStats struct {
	area          string
	count         int     // entries in the lookback window
	avg           float64 // average rating, NaN when none rated
	recent, older float64 // averages of the newer and older half, NaN when none
	last          Day     // last day written, or math.MinInt when never
	weight        float64
	why           string // the largest coaching factor, as a reason
	whyWeight     float64
}

// Choose returns the prompt for day, given the user's entries before that day
// (at least the last HistoryDays days; entries on or after day are ignored,
// so the prompt stays put while the user writes). skip asks for the next-best
// prompts of the same day, for "Another prompt"; skip 0 is the prompt of the
// day. The same library, day, history and skip always give the same choice.
func Choose(lib *Library, day Day, history []Event, skip int) Choice {
	perms := map[string][]Prompt{}
	for _, a := range Areas {
		perms[a] = shuffled(lib.InArea(a), a)
	}
	stats, active := summarise(day, history)
	rot := rotationArea(day)

	// The area of the day.
	var primary, reason string
	n, isNeglected := neglected(day, stats)
	switch {
	case isNeglected && mod(int(day), 7) != 2 && mod(int(day), 7) != 5:
		// Five days in every seven go to the neglected area.
		primary = n.area
	case !active:
		primary = rot
		reason = fmt.Sprintf("Today's turn is %s: Candor rotates through vision, motivation and problem-solving so your practice stays balanced.", rot)
	default:
		for _, s := range stats {
			if s.area == rot {
				s.weight *= 2
			}
		}
		primary = pickWeighted(day, stats)
		for _, s := range stats {
			if s.area == primary {
				reason = s.why
			}
		}
		if reason == "" {
			reason = fmt.Sprintf("Today's turn is %s, keeping your practice balanced across the three areas.", primary)
		}
	}
	if isNeglected && primary == n.area {
		if n.last == math.MinInt {
			reason = fmt.Sprintf("You have not written about %s yet, while the other areas have recent entries.", n.area)
		} else {
			reason = fmt.Sprintf("You have not written about %s for %d days.", n.area, int(day-n.last))
		}
	}

	// The order in which areas offer candidates: the day's area, then the
	// others by weight (ties in rotation order).
	order := []string{primary}
	others := append([]*areaStats(nil), stats...)
	sort.SliceStable(others, func(i, j int) bool { return others[i].weight > others[j].weight })
	for _, s := range others {
		if s.area != primary {
			order = append(order, s.area)
		}
	}

	answered := map[string]bool{}
	for _, e := range history {
		if e.Day < day && e.Day >= day-NoRepeatDays && e.PromptID != "" {
			answered[e.PromptID] = true
		}
	}
	// Each area offers its sequence from its start position: first the
	// prompts neither answered lately nor shown by the rotation in the weeks
	// around today, then the rest, so repeats come last but nothing is lost.
	block := int(floorDiv(int64(day), 3))
	scheduled := rotationSchedule(day, perms)
	lists := make([][]Prompt, len(order))
	for i, a := range order {
		perm := perms[a]
		start := block
		if a != rot {
			// Off its rotation day an area starts half-way round its
			// sequence, far from what the rotation shows around today.
			start += len(perm) / 2
		}
		var fresh, stale []Prompt
		for k := 0; k < len(perm); k++ {
			p := perm[mod(start+k, len(perm))]
			if answered[p.ID] || scheduled[p.ID] {
				stale = append(stale, p)
			} else {
				fresh = append(fresh, p)
			}
		}
		lists[i] = append(fresh, stale...)
	}
	var candidates []Choice
	for k := 0; ; k++ {
		added := false
		for i, l := range lists {
			if k >= len(l) {
				continue
			}
			added = true
			r := reason
			if len(candidates) > 0 {
				r = fmt.Sprintf("Another question on %s, as you asked.", order[i])
			}
			candidates = append(candidates, Choice{Prompt: l[k], Day: day, Reason: r})
		}
		if !added {
			break
		}
	}
	if len(candidates) == 0 {
		return Choice{Day: day, Reason: "The prompt library is empty."}
	}
	c := candidates[mod(skip, len(candidates))]
	c.Skip, c.Of = skip, len(candidates)
	return c
}

// rotationArea is the area the plain rotation gives day: every block of three
// days holds each area once, in an order that varies from block to block.
func rotationArea(day Day) string {
	perms := [6][3]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	block := int64(floorDiv(int64(day), 3))
	order := perms[hash(uint64(block), "rotation")%6]
	return Areas[order[mod(int(day), 3)]]
}

// rotationSchedule marks the prompts the plain rotation shows within 30 days
// either side of day (today excluded), to keep off-rotation picks away from them.
func rotationSchedule(day Day, perms map[string][]Prompt) map[string]bool {
	out := map[string]bool{}
	for d := day - 30; d <= day+30; d++ {
		if d == day {
			continue
		}
		a := rotationArea(d)
		if p := perms[a]; len(p) > 0 {
			out[p[mod(int(floorDiv(int64(d), 3)), len(p))].ID] = true
		}
	}
	return out
}

// shuffled returns ps in a fixed pseudo-random order that depends only on the
// prompt IDs and the area, so every machine agrees.
func shuffled(ps []Prompt, area string) []Prompt {
	out := append([]Prompt(nil), ps...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	for i := len(out) - 1; i > 0; i-- {
		j := int(hash(uint64(i), "shuffle/"+area) % uint64(i+1))
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// hash mixes n and label with FNV-1a and SplitMix64's finaliser.
func hash(n uint64, label string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(label))
	x := h.Sum64() ^ (n * 0x9e3779b97f4a7c15)
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func summarise(day Day, history []Event) ([]*areaStats, bool) {
	stats := make([]*areaStats, len(Areas))
	idx := map[string]*areaStats{}
	for i, a := range Areas {
		stats[i] = &areaStats{area: a, last: math.MinInt, weight: 1}
		idx[a] = stats[i]
	}
	type acc struct{ sum, n float64 }
	all, recent, older := map[string]*acc{}, map[string]*acc{}, map[string]*acc{}
	for _, a := range Areas {
		all[a], recent[a], older[a] = &acc{}, &acc{}, &acc{}
	}
	active := false
	for _, e := range history {
		s, ok := idx[e.Area]
		if !ok || e.Day >= day {
			continue
		}
		if e.Day > s.last {
			s.last = e.Day
		}
		age := int(day - e.Day)
		if age > Lookback {
			continue
		}
		active = true
		s.count++
		if e.Rating >= 1 && e.Rating <= 5 {
			r := float64(e.Rating)
			all[e.Area].sum += r
			all[e.Area].n++
			if age <= Lookback/2 {
				recent[e.Area].sum += r
				recent[e.Area].n++
			} else {
				older[e.Area].sum += r
				older[e.Area].n++
			}
		}
	}
	avg := func(a *acc) float64 {
		if a.n == 0 {
			return math.NaN()
		}
		return a.sum / a.n
	}
	total := 0
	for _, s := range stats {
		total += s.count
	}
	for _, s := range stats {
		s.avg, s.recent, s.older = avg(all[s.area]), avg(recent[s.area]), avg(older[s.area])
		if !active {
			continue
		}
		consider := func(f float64, why string) {
			s.weight *= f
			if f > 1.15 && f > s.whyWeight {
				s.why, s.whyWeight = why, f
			}
		}
		if expected := float64(total) / 3; total >= minEntriesForShare && float64(s.count) < expected {
			f := 1 + (expected-float64(s.count))/expected
			why := fmt.Sprintf("Only %d of your last %d entries were about %s.", s.count, total, s.area)
			if s.count == 0 {
				why = fmt.Sprintf("None of your last %d entries were about %s.", total, s.area)
			} else if s.count == 1 {
				why = fmt.Sprintf("Only one of your last %d entries was about %s.", total, s.area)
			}
			consider(f, why)
		}
		if !math.IsNaN(s.avg) && s.avg < 3 {
			consider(1+(3-s.avg)/2, fmt.Sprintf("Your ratings in %s average %.1f of 5 this month; this question works on it.", s.area, s.avg))
		}
		if !math.IsNaN(s.recent) && !math.IsNaN(s.older) && s.recent < s.older-0.4 {
			consider(1+math.Min(s.older-s.recent, 2)/2, fmt.Sprintf("Your ratings in %s fell from %.1f to %.1f over the last month.", s.area, s.older, s.recent))
		}
	}
	return stats, active
}

// neglected returns the area silent for longest, when it has had no entry for
// NeglectDays while another area has.
func neglected(day Day, stats []*areaStats) (*areaStats, bool) {
	var quiet []*areaStats
	othersWrote := false
	for _, s := range stats {
		if s.last != math.MinInt && int(day-s.last) < NeglectDays {
			othersWrote = true
		} else {
			quiet = append(quiet, s)
		}
	}
	if !othersWrote || len(quiet) == 0 || len(quiet) == len(stats) {
		return nil, false
	}
	best := quiet[0]
	for _, s := range quiet[1:] {
		if s.last < best.last {
			best = s
		}
	}
	return best, true
}

// pickWeighted draws an area with probability proportional to its weight,
// from a hash of the day (so it is the same everywhere).
func pickWeighted(day Day, stats []*areaStats) string {
	total := 0.0
	for _, s := range stats {
		total += s.weight
	}
	u := float64(hash(uint64(day), "area")>>11) / (1 << 53) * total
	for _, s := range stats {
		if u < s.weight {
			return s.area
		}
		u -= s.weight
	}
	return stats[len(stats)-1].area
}
