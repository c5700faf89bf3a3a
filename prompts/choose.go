package prompts

import (
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"
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

// Kinds of choice.
const (
	// KindDaily is the ordinary prompt of the day.
	KindDaily = "daily"
	// KindCheckInChoice is a check-in: a question about an area the user
	// keeps passing over. It equals KindCheckIn, the prompts' kind.
	KindCheckInChoice = KindCheckIn
)

// Mechanisms that choose a prompt; Choice.Mechanism names one and the reason
// states it in words.
const (
	MechRotation      = "rotation"       // the plain turn of the three areas
	MechBalance       = "balance"        // an area with too few of the recent entries
	MechNeglect       = "neglect"        // an area silent for NeglectDays
	MechLowRating     = "low-rating"     // low ratings in an area, aimed at a trait
	MechFallingRating = "falling-rating" // falling ratings in an area, aimed at a trait
	MechCheckIn       = "check-in"       // a question about an avoided area
	MechFocus         = "focus"          // the trait the user chose to focus on
	MechAnother       = "another"        // the user asked for another prompt
)

// Options are the user's settings that shape the choice. The zero value is
// Monday to Friday as work days and no focus.
type Options struct {
	// WorkDays are the user's working days; nil means Monday to Friday.
	// Prompts marked WorkdayOnly are not given on other days.
	WorkDays []time.Weekday
	// Focus is a trait to practise (empty for none); from FocusFrom to
	// FocusUntil (both included) it gets at least 4 days in every 7.
	Focus                 string
	FocusFrom, FocusUntil Day
}

// FocusDays is how long a focus lasts when the user picks one.
const FocusDays = 14

// IsWorkDay reports whether d is one of the work days.
func (o Options) IsWorkDay(d Day) bool {
	wd := d.Time().Weekday()
	if o.WorkDays == nil {
		return wd != time.Saturday && wd != time.Sunday
	}
	for _, w := range o.WorkDays {
		if w == wd {
			return true
		}
	}
	return false
}

// focusOn reports whether day is one of the focus's days: four fixed
// weekdays-modulo-7 in every seven, so any seven days of a focus hold four.
func (o Options) focusOn(lib *Library, day Day) bool {
	if o.Focus == "" || day < o.FocusFrom || day > o.FocusUntil {
		return false
	}
	if t, ok := lib.Trait(o.Focus); !ok || t.ID == TraitCheckIn || t.ID == TraitOwn {
		return false
	}
	switch mod(int(day), 7) {
	case 0, 1, 3, 5:
		return true
	}
	return false
}

// Choice is the prompt for a day with the reason it was chosen.
type Choice struct {
	Prompt Prompt
	// Day the choice is for.
	Day Day
	// Kind is KindDaily or KindCheckInChoice.
	Kind string
	// Mechanism is what chose the prompt (MechRotation, …); Reason says it
	// in one sentence for the user.
	Mechanism string
	Reason    string
	// Trait is the trait the choice aimed at (ratings, focus), or empty.
	Trait string
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
	// AvoidDays is the window in which an area offered on at least
	// AvoidOffers days, each passed over for an entry in another area, and
	// never written about, counts as avoided.
	AvoidDays   = 14
	AvoidOffers = 3
	// CheckInEvery is how many days apart check-ins about the same
	// avoidance come while it lasts.
	CheckInEvery = 28
	// minEntriesForShare is how many entries the lookback needs before an
	// area's share of them counts; with fewer, shares are noise.
	minEntriesForShare = 6
	// checkInScan is how far back the start of an avoidance is looked for.
	checkInScan = 2 * CheckInEvery
	// HistoryDays is how much history callers should pass to Choose: the
	// avoidance scan looks at the offers of the last checkInScan+AvoidDays
	// days, each of which looks back NoRepeatDays.
	HistoryDays = checkInScan + AvoidDays + NoRepeatDays
	// repeatDepth is how many days back the chooser replays its own choices
	// to keep yesterday's prompt off today.
	repeatDepth = 3
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
	whyMech       string // its mechanism
	whyWeight     float64
}

// plan is the area of a day and why, before a prompt is picked.
type plan struct {
	area, mech, reason, trait string
	checkIn                   bool
	order                     []string // areas in the order they offer candidates
}

// chooser holds one call's inputs and the plans it has worked out, so the
// days it replays (yesterday's prompt, the offers of the last weeks) are
// computed once.
type chooser struct {
	lib     *Library
	hist    []Event
	opts    Options
	perms   map[string][]Prompt
	wrote   map[Day]map[string]bool // areas written per day
	base    map[Day]*plan           // plans ignoring avoidance (what was offered)
	real    map[Day]*plan
	first   map[Day]string // the prompt of the day (skip 0), by day
	avoided map[Day]map[string]bool
}

// Choose returns the prompt for day with the default Options; see ChooseWith.
func Choose(lib *Library, day Day, history []Event, skip int) Choice {
	return ChooseWith(lib, day, history, skip, Options{})
}

// ChooseWith returns the prompt for day, given the user's entries before
// that day (at least the last HistoryDays days; entries on or after day are
// ignored, so the prompt stays put while the user writes) and the user's
// options. skip asks for the next-best prompts of the same day, for "Another
// prompt"; skip 0 is the prompt of the day. The same library, day, history,
// options and skip always give the same choice. The prompt of the day is
// never the one of the day before; prompts marked WorkdayOnly are not offered
// on days off.
func ChooseWith(lib *Library, day Day, history []Event, skip int, opts Options) Choice {
	c := &chooser{lib: lib, hist: history, opts: opts, perms: map[string][]Prompt{},
		wrote: map[Day]map[string]bool{}, base: map[Day]*plan{}, real: map[Day]*plan{},
		first: map[Day]string{}, avoided: map[Day]map[string]bool{}}
	for _, a := range Areas {
		c.perms[a] = shuffled(lib.InArea(a), a)
	}
	for _, e := range history {
		if e.Day >= day || !IsArea(e.Area) {
			continue
		}
		if c.wrote[e.Day] == nil {
			c.wrote[e.Day] = map[string]bool{}
		}
		c.wrote[e.Day][e.Area] = true
	}
	return c.choose(day, skip, repeatDepth)
}

// choose builds the day's candidates and returns the skip-th. depth is how
// many earlier days may still be replayed to find yesterday's prompt.
func (c *chooser) choose(day Day, skip, depth int) Choice {
	pl := c.plan(day, true)
	yesterday := ""
	if depth > 0 {
		yesterday = c.firstOf(day-1, depth-1)
	}
	workday := c.opts.IsWorkDay(day)
	rot := rotationArea(day)

	answered := map[string]bool{}
	lastAnswered := map[string]Day{}
	for _, e := range c.hist {
		if e.Day < day && e.Day >= day-NoRepeatDays && e.PromptID != "" {
			answered[e.PromptID] = true
			if e.Day > lastAnswered[e.PromptID] || lastAnswered[e.PromptID] == 0 {
				lastAnswered[e.PromptID] = e.Day
			}
		}
	}
	// Each area offers its sequence from its start position: first the
	// prompts neither answered lately nor shown by the rotation in the weeks
	// around the day, then the rest, so repeats come last but nothing is
	// lost. The aimed trait's prompts go first in the day's area. Yesterday's
	// prompt and, on days off, workday-only prompts are left out.
	block := int(floorDiv(int64(day), 3))
	scheduled := rotationSchedule(day, c.perms)
	lists := make([][]Prompt, len(pl.order))
	for i, a := range pl.order {
		perm := c.perms[a]
		if len(perm) == 0 {
			continue
		}
		left := func(p Prompt) bool { return p.ID == yesterday || (p.WorkdayOnly && !workday) }
		stalep := func(p Prompt) bool { return answered[p.ID] || scheduled[p.ID] }
		// The rotation's own prompt of the block leads its area; the rest
		// of every area is scanned from half-way round its sequence, far
		// from what the rotation shows in the weeks around the day, so a
		// prompt left out today does not pull in one the rotation is about
		// to show.
		var aimed, lead, fresh, stale []Prompt
		own := perm[mod(block, len(perm))]
		if a == rot && !left(own) && !answered[own.ID] {
			lead = append(lead, own)
		}
		for k := 0; k < len(perm); k++ {
			p := perm[mod(block+len(perm)/2+k, len(perm))]
			switch {
			case left(p) || (len(lead) > 0 && p.ID == lead[0].ID):
			case i == 0 && pl.trait != "" && p.Trait == pl.trait:
				aimed = append(aimed, p)
			case stalep(p):
				stale = append(stale, p)
			default:
				fresh = append(fresh, p)
			}
		}
		if len(lead) > 0 && i == 0 && pl.trait != "" && lead[0].Trait == pl.trait {
			aimed, lead = append(lead, aimed...), nil
		}
		// Within the aimed trait: fresh prompts first, taking turns from day
		// to day, then the ones answered longest ago, so an aim that lasts
		// several days walks through the trait instead of repeating.
		if n := len(aimed); n > 0 {
			r := mod(int(day), n)
			aimed = append(aimed[r:], aimed[:r]...)
		}
		sort.SliceStable(aimed, func(x, y int) bool {
			sx, sy := stalep(aimed[x]), stalep(aimed[y])
			if sx != sy {
				return !sx
			}
			return lastAnswered[aimed[x].ID] < lastAnswered[aimed[y].ID]
		})
		lists[i] = append(append(append(aimed, lead...), fresh...), stale...)
	}
	var candidates []Choice
	if pl.checkIn {
		if ps := c.lib.CheckIns(pl.area); len(ps) > 0 {
			p := ps[hash(uint64(int64(day)), "check-in/"+pl.area)%uint64(len(ps))]
			candidates = append(candidates, Choice{Prompt: p, Kind: KindCheckInChoice, Mechanism: MechCheckIn, Reason: pl.reason})
		}
	}
	for k := 0; ; k++ {
		added := false
		for i, l := range lists {
			if k >= len(l) {
				continue
			}
			added = true
			ch := Choice{Prompt: l[k], Kind: KindDaily, Mechanism: pl.mech, Reason: pl.reason, Trait: pl.trait}
			if len(candidates) > 0 {
				ch.Mechanism, ch.Trait = MechAnother, ""
				ch.Reason = fmt.Sprintf("Another question on %s, as you asked.", pl.order[i])
			} else if pl.trait != "" && l[k].Trait != pl.trait {
				// The aimed trait had nothing to offer today (all left out):
				// say so rather than claim the aim.
				ch.Trait = ""
				ch.Reason = c.plainReason(pl, day)
			}
			candidates = append(candidates, ch)
		}
		if !added {
			break
		}
	}
	if len(candidates) == 0 {
		return Choice{Day: day, Kind: KindDaily, Reason: "The prompt library is empty."}
	}
	ch := candidates[mod(skip, len(candidates))]
	ch.Day, ch.Skip, ch.Of = day, skip, len(candidates)
	return ch
}

// plainReason is the reason of a plan whose aimed trait was not reached.
func (c *chooser) plainReason(pl *plan, day Day) string {
	if pl.mech == MechFocus {
		return fmt.Sprintf("Your focus “%s” has no question free today; this one is from its area.", c.traitName(pl.trait))
	}
	return strings.SplitN(pl.reason, ";", 2)[0] + "."
}

// firstOf is the prompt of the day (skip 0) for day, replaying at most depth
// earlier days.
func (c *chooser) firstOf(day Day, depth int) string {
	if id, ok := c.first[day]; ok {
		return id
	}
	id := c.choose(day, 0, depth).Prompt.ID
	c.first[day] = id
	return id
}

func (c *chooser) traitName(id string) string {
	if t, ok := c.lib.Trait(id); ok {
		return t.Name
	}
	return id
}

// plan works out the area of day. With avoidance false it is what Candor
// offers before any check-in adjustment, which is what the avoidance rule
// counts as offered; with it true, avoided areas lose their push and get a
// check-in.
func (c *chooser) plan(day Day, avoidance bool) *plan {
	memo := c.base
	if avoidance {
		memo = c.real
	}
	if p, ok := memo[day]; ok {
		return p
	}
	p := c.makePlan(day, avoidance)
	memo[day] = p
	return p
}

func (c *chooser) makePlan(day Day, avoidance bool) *plan {
	stats, active := summarise(day, c.hist)
	rot := rotationArea(day)
	var avoided map[string]bool
	if avoidance && active {
		avoided = c.avoidedOn(day)
		for _, a := range Areas {
			if avoided[a] && c.checkInDay(day, a) {
				return c.withOrder(&plan{area: a, mech: MechCheckIn, checkIn: true,
					reason: fmt.Sprintf("You passed over %s for two weeks, so instead of repeating it this asks what is in the way.", a)}, stats)
			}
		}
		// An avoided area gets its ordinary share back: no push.
		for _, s := range stats {
			if avoided[s.area] {
				s.weight, s.why, s.whyMech, s.whyWeight = 1, "", "", 0
			}
		}
	}
	if c.opts.focusOn(c.lib, day) {
		t, _ := c.lib.Trait(c.opts.Focus)
		area := t.Area
		if area == "" {
			area = rot
		}
		return c.withOrder(&plan{area: area, mech: MechFocus, trait: t.ID,
			reason: fmt.Sprintf("You chose to focus on “%s” until %s, so it gets at least four days a week.", t.Name, c.opts.FocusUntil)}, stats)
	}
	if n, ok := neglected(day, stats); ok && !avoided[n.area] && mod(int(day), 7) != 2 && mod(int(day), 7) != 5 {
		// Five days in every seven go to the neglected area.
		reason := fmt.Sprintf("You have not written about %s for %d days.", n.area, int(day-n.last))
		if n.last == math.MinInt {
			reason = fmt.Sprintf("You have not written about %s yet, while the other areas have recent entries.", n.area)
		}
		return c.withOrder(&plan{area: n.area, mech: MechNeglect, reason: reason}, stats)
	}
	rotReason := fmt.Sprintf("It is %s's turn: Candor rotates through the three areas to keep your practice balanced.", rot)
	if !active {
		return c.withOrder(&plan{area: rot, mech: MechRotation, reason: rotReason}, stats)
	}
	// A draw between the rotation's area (weight 2 and any factor it has)
	// and the areas a coaching factor raised; an area with neither is not
	// drawn, so every pick has a true reason.
	var pool []*areaStats
	for _, s := range stats {
		if s.area == rot {
			s.weight *= 2
			pool = append(pool, s)
		} else if s.why != "" {
			pool = append(pool, s)
		}
	}
	pick := pickWeighted(day, pool)
	for _, s := range stats {
		if s.area != pick {
			continue
		}
		if s.why == "" {
			return c.withOrder(&plan{area: pick, mech: MechRotation, reason: rotReason}, stats)
		}
		pl := &plan{area: pick, mech: s.whyMech, reason: s.why}
		if pl.mech == MechLowRating || pl.mech == MechFallingRating {
			if t := c.aimTrait(day, pick); t != "" {
				pl.trait = t
				pl.reason = strings.TrimSuffix(s.why, ".") + "; aimed at “" + c.traitName(t) + "”."
			}
		}
		return c.withOrder(pl, stats)
	}
	return c.withOrder(&plan{area: rot, mech: MechRotation, reason: rotReason}, stats)
}

// withOrder sets the order in which areas offer candidates: the day's area,
// then the others by weight (ties in rotation order).
func (c *chooser) withOrder(p *plan, stats []*areaStats) *plan {
	p.order = []string{p.area}
	others := append([]*areaStats(nil), stats...)
	sort.SliceStable(others, func(i, j int) bool { return others[i].weight > others[j].weight })
	for _, s := range others {
		if s.area != p.area {
			p.order = append(p.order, s.area)
		}
	}
	return p
}

// aimTrait picks the trait of area that low or falling ratings point at: the
// one whose answered prompts were rated lowest over the lookback, else the
// one practised least over NoRepeatDays (ties taking turns by the day).
func (c *chooser) aimTrait(day Day, area string) string {
	type acc struct {
		sum, n float64
		count  int
	}
	per := map[string]*acc{}
	var traits []string
	for _, t := range c.lib.Traits {
		if t.Area == area {
			per[t.ID] = &acc{}
			traits = append(traits, t.ID)
		}
	}
	for _, e := range c.hist {
		if e.Day >= day || e.Day < day-NoRepeatDays || e.Area != area {
			continue
		}
		p, ok := c.lib.Get(e.PromptID)
		if !ok || per[p.Trait] == nil {
			continue
		}
		a := per[p.Trait]
		a.count++
		if e.Rating >= 1 && e.Rating <= 5 && e.Day >= day-Lookback {
			a.sum += float64(e.Rating)
			a.n++
		}
	}
	if len(traits) == 0 {
		return ""
	}
	best, bestAvg := "", 6.0
	for _, t := range traits {
		if a := per[t]; a.n > 0 && a.sum/a.n < bestAvg {
			best, bestAvg = t, a.sum/a.n
		}
	}
	if best != "" {
		return best
	}
	// No rated answers by trait: the least practised, ties by the day.
	off := int(hash(uint64(int64(day)), "aim/"+area) % uint64(len(traits)))
	best = traits[off]
	for k := range traits {
		t := traits[(off+k)%len(traits)]
		if per[t].count < per[best].count {
			best = t
		}
	}
	return best
}

// avoidedOn returns the areas avoided on day: the user has written for at
// least AvoidDays, never about the area in the last AvoidDays days, and on
// at least AvoidOffers of those days the area was offered and the user wrote
// about another area instead.
func (c *chooser) avoidedOn(day Day) map[string]bool {
	if m, ok := c.avoided[day]; ok {
		return m
	}
	m := map[string]bool{}
	c.avoided[day] = m
	around := false
	for d := range c.wrote {
		if d <= day-AvoidDays {
			around = true
			break
		}
	}
	if !around {
		return m
	}
	for _, a := range Areas {
		declined, silent := 0, true
		for d := day - AvoidDays; d < day; d++ {
			w := c.wrote[d]
			if w[a] {
				silent = false
				break
			}
			if len(w) > 0 && c.plan(d, false).area == a {
				declined++
			}
		}
		m[a] = silent && declined >= AvoidOffers
	}
	return m
}

// checkInDay reports whether day is the day of a check-in about area, which
// is avoided on day: the first day of the avoidance, then every CheckInEvery
// days while it lasts, each moved to the next day that is not a focus day.
func (c *chooser) checkInDay(day Day, area string) bool {
	start := day
	for start > day-checkInScan && c.avoidedOn(start - 1)[area] {
		start--
	}
	var slot Day
	if start <= day-checkInScan {
		// A long avoidance: check-ins on a fixed calendar.
		slot = day - Day(mod(int(day)-9*areaIndex(area), CheckInEvery))
		if slot < start {
			slot = start
		}
	} else {
		slot = start + Day((int(day-start)/CheckInEvery)*CheckInEvery)
	}
	for d := slot; d <= day; d++ {
		if !c.opts.focusOn(c.lib, d) {
			return d == day
		}
	}
	return false
}

func areaIndex(a string) int {
	for i, x := range Areas {
		if x == a {
			return i
		}
	}
	return 0
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
		consider := func(f float64, mech, why string) {
			s.weight *= f
			if f > 1.15 && f > s.whyWeight {
				s.why, s.whyMech, s.whyWeight = why, mech, f
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
			consider(f, MechBalance, why)
		}
		if !math.IsNaN(s.avg) && s.avg < 3 {
			consider(1+(3-s.avg)/2, MechLowRating, fmt.Sprintf("Your %s ratings average %.1f of 5 this month.", s.area, s.avg))
		}
		if !math.IsNaN(s.recent) && !math.IsNaN(s.older) && s.recent < s.older-0.4 {
			consider(1+math.Min(s.older-s.recent, 2)/2, MechFallingRating, fmt.Sprintf("Your %s ratings fell from %.1f to %.1f this month.", s.area, s.older, s.recent))
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
