package ui

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"candor/journal"
	"candor/journal/stats"
	"candor/prompts"
)

// The sentences the Progress screen writes about a period. They are pure
// functions of the statistics, so the tests can check every wording without
// a window.

// minRatingChange is the least change of an area's average rating, against
// the previous period, that the summary calls a change: the same 0.3 points
// at which package stats calls an area rising or falling.
const minRatingChange = 0.3

// Entries change when the count differs by at least minEntriesChange and by
// at least minEntriesShare of the larger of the two counts: 5 against 4 is
// noise, 8 against 4 is not.
const (
	minEntriesChange = 2
	minEntriesShare  = 0.25
)

// calibrationMargin is how far, in percentage points, the share of right
// decisions may be from the confidence they were made with before the
// screen says the confidence was too high or too low.
const calibrationMargin = 10

// periodChange is the change the summary names: an area's average rating,
// or, when no area changed enough, the number of entries.
type periodChange struct {
	// Area is the area whose rating changed, or AreaNone for entries.
	Area journal.Area
	// From and To are the previous and the current figure.
	From, To float64
}

// strongestChange finds the biggest change from prev to cur. A change of an
// area's average rating (both periods rated, by at least minRatingChange)
// comes first, the largest one winning: ratings say how the user leads,
// entries only how much they wrote. Failing that, a change in the number of
// entries counts if it is big enough (minEntriesChange, minEntriesShare).
// ok is false when nothing changed that much.
func strongestChange(cur, prev stats.Stats) (c periodChange, ok bool) {
	best := 0.0
	for _, a := range journal.Areas {
		ca, pa := cur.Areas[a], prev.Areas[a]
		if ca == nil || pa == nil || ca.AvgRating == 0 || pa.AvgRating == 0 {
			continue
		}
		// Rounded to the tenth the screen shows, so 0.3 means 0.3.
		d := math.Abs(math.Round((ca.AvgRating-pa.AvgRating)*10) / 10)
		if d >= minRatingChange && d > best {
			best, c, ok = d, periodChange{Area: a, From: pa.AvgRating, To: ca.AvgRating}, true
		}
	}
	if ok {
		return c, true
	}
	d := cur.Entries - prev.Entries
	if d < 0 {
		d = -d
	}
	if d >= minEntriesChange && float64(d) >= minEntriesShare*float64(max(cur.Entries, prev.Entries)) {
		return periodChange{From: float64(prev.Entries), To: float64(cur.Entries)}, true
	}
	return periodChange{}, false
}

// changeClause words a change found by strongestChange; before names the
// previous period ("the 4 weeks before"). It is a clause, without a capital
// or a full stop.
func changeClause(c periodChange, ok bool, before string) string {
	if !ok {
		return "little changed from " + before
	}
	if c.Area == journal.AreaNone {
		from := "none"
		if c.From > 0 {
			from = fmt.Sprint(int(c.From))
		}
		return fmt.Sprintf("your biggest change: you wrote %s, against %s in %s", plural(int(c.To), "entry", "entries"), from, before)
	}
	verb := "rose"
	if c.To < c.From {
		verb = "fell"
	}
	return fmt.Sprintf("your biggest change: %s %s to %.1f on average, from %.1f in %s", areaTitle(c.Area), verb, c.To, c.From, before)
}

// practisable reports whether the Progress screen counts trait t as one to
// practise. Check-in prompts are the coach's nudge towards an area the user
// passes over, never in the daily rotation, so there is nothing to practise
// there (prompts.Choose leaves them out of a focus for the same reason).
func practisable(t prompts.Trait) bool {
	return t.ID != prompts.TraitCheckIn && t.ID != prompts.TraitOwn
}

// neglectedTrait is the practisable trait with the fewest entries in the
// period (counts, per trait ID). Ties go to the trait whose area had the
// fewest entries (a trait of every area counts as having them all), then to
// library order. practised is how many entries answered a practisable
// trait's prompt; ok is false when no trait stands out: none was practised,
// or every one as often.
func neglectedTrait(counts map[string]int, traits []prompts.Trait, st stats.Stats) (t prompts.Trait, n, practised int, ok bool) {
	type cand struct {
		t        prompts.Trait
		n, areaN int
	}
	var cs []cand
	lo, hi := math.MaxInt, 0
	for _, t := range traits {
		if !practisable(t) {
			continue
		}
		areaN := st.Entries
		if as := st.Areas[journal.Area(t.Area)]; as != nil && t.Area != "" {
			areaN = as.Entries
		}
		n := counts[t.ID]
		practised += n
		lo, hi = min(lo, n), max(hi, n)
		cs = append(cs, cand{t, n, areaN})
	}
	if len(cs) == 0 || hi == 0 || lo == hi {
		return prompts.Trait{}, 0, practised, false
	}
	sort.SliceStable(cs, func(a, b int) bool {
		if cs[a].n != cs[b].n {
			return cs[a].n < cs[b].n
		}
		return cs[a].areaN < cs[b].areaN
	})
	return cs[0].t, cs[0].n, practised, true
}

// neglectedClause words the neglected trait, as a clause.
func neglectedClause(counts map[string]int, traits []prompts.Trait, st stats.Stats) string {
	t, n, practised, ok := neglectedTrait(counts, traits, st)
	switch {
	case ok && n == 0:
		return fmt.Sprintf("the trait you practised least is “%s”, with no entries", t.Name)
	case ok:
		return fmt.Sprintf("the trait you practised least is “%s”, with only %s", t.Name, plural(n, "entry", "entries"))
	case practised > 0:
		return "you practised every trait about as often"
	}
	return "no entry answered a coaching prompt, so no trait has been practised yet"
}

// summarySentence is the one sentence at the top of the Progress screen:
// the biggest change since the previous period of the same length (when
// compare; before names that period) and the most neglected trait.
func summarySentence(cur, prev stats.Stats, compare bool, before string, traits []prompts.Trait) string {
	if cur.Entries == 0 {
		return "Nothing written in this period yet: the entries you write on Today will show here."
	}
	neglected := neglectedClause(cur.Traits, traits, cur)
	if !compare {
		return "Over your whole journal, " + neglected + "."
	}
	c, ok := strongestChange(cur, prev)
	return capitalise(changeClause(c, ok, before)) + "; " + neglected + "."
}

// capitalise writes the first letter of s as a capital.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// traitsNote says how many of the practisable traits the period touched.
func traitsNote(counts map[string]int, traits []prompts.Trait) string {
	all, used := 0, 0
	for _, t := range traits {
		if !practisable(t) {
			continue
		}
		all++
		if counts[t.ID] > 0 {
			used++
		}
	}
	switch {
	case all == 0:
		return ""
	case used == 0:
		return "No entry in this period answered a coaching prompt. Answer Today's prompt and its trait counts here."
	case used == all:
		return fmt.Sprintf("You practised all %d traits in this period.", all)
	}
	return fmt.Sprintf("You practised %d of the %d traits in this period; %d not yet.", used, all, all-used)
}

// followThroughText says what became of the next steps that came due in
// the period.
func followThroughText(f stats.FollowThrough) string {
	if f.Due == 0 {
		return "No next step came due in this period. End an entry with a next step and a day to check on it, and this shows how often you follow through."
	}
	if f.Due == 1 {
		switch {
		case f.Done == 1:
			return "One next step came due, and you did it."
		case f.Partly == 1:
			return "One next step came due, and you did it partly."
		case f.Not == 1:
			return "One next step came due, and you did not do it."
		}
		return "One next step came due; you have not said yet what became of it."
	}
	s := fmt.Sprintf("You did %d of the %d next steps that came due (%d%%)", f.Done, f.Due, percent(f.Done, f.Due))
	var rest []string
	if f.Partly > 0 {
		rest = append(rest, fmt.Sprintf("%d partly", f.Partly))
	}
	if f.Not > 0 {
		rest = append(rest, fmt.Sprintf("%d not", f.Not))
	}
	if f.Open > 0 {
		rest = append(rest, fmt.Sprintf("%d still unanswered", f.Open))
	}
	if len(rest) > 0 {
		s += ": " + joinAnd(rest)
	}
	return s + "."
}

// decisionsText counts the period's decisions and how the reviewed ones
// turned out.
func decisionsText(d stats.Decisions) string {
	switch {
	case d.Made == 0:
		return "No decision recorded in this period. Record a decision with how sure you are, review it later, and this shows how well your confidence matches the outcomes."
	case d.Reviewed == 0:
		return fmt.Sprintf("You recorded %s; none has been reviewed yet.", plural(d.Made, "decision", "decisions"))
	}
	return fmt.Sprintf("You recorded %s and reviewed %d: %d right, %d wrong, %d mixed.", plural(d.Made, "decision", "decisions"), d.Reviewed, d.Right, d.Wrong, d.Mixed)
}

// calibrated counts the reviewed decisions that had a confidence, and
// reports whether there are enough of them (stats.MinCalibrationReviews)
// for calibration to mean anything.
func calibrated(d stats.Decisions) (n int, enough bool) {
	for _, b := range d.Calibration {
		n += b.Reviewed
	}
	return n, n >= stats.MinCalibrationReviews
}

// calibrationText sums up calibration: how often the user was right against
// how sure they were, or, with too few reviews, how many more it needs.
func calibrationText(d stats.Decisions) string {
	n, enough := calibrated(d)
	if !enough {
		more := stats.MinCalibrationReviews - n
		return fmt.Sprintf("How well your confidence matches the outcomes shows once %d reviewed decisions had a confidence. There %s, so review %d more.",
			stats.MinCalibrationReviews, isAre(n), more)
	}
	right, expected := 0, 0.0
	for _, b := range d.Calibration {
		right += b.Right
		expected += bandMiddle(b.Band) * float64(b.Reviewed)
	}
	got, want := percent(right, n), int(math.Round(expected/float64(n)))
	s := fmt.Sprintf("You were right in %d%% of %d reviewed decisions, made %d%% sure on average: ", got, n, want)
	switch {
	case got < want-calibrationMargin:
		return s + "less often than you expected, so your confidence runs high."
	case got > want+calibrationMargin:
		return s + "more often than you expected, so you can trust your judgement more."
	}
	return s + "about as often as you expected."
}

// bandLabel names a confidence band for its row: "70–79% sure".
func bandLabel(band string) string {
	return strings.Replace(band, "-", "–", 1) + "% sure"
}

// bandNote is a band's figure beside its bar: "3 of 4 right (75%)".
func bandNote(b stats.Band) string {
	return fmt.Sprintf("%d of %d right (%d%%)", b.Right, b.Reviewed, percent(b.Right, b.Reviewed))
}

// bandMiddle is the middle of a band named like "70-79" or "90-100", in
// percent: the confidence its decisions were made with, roughly.
func bandMiddle(band string) float64 {
	var lo, hi int
	if _, err := fmt.Sscanf(band, "%d-%d", &lo, &hi); err != nil {
		return 0
	}
	return float64(lo+hi+1) / 2
}

// percent is part of whole in whole percent, rounded.
func percent(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return int(math.Round(100 * float64(part) / float64(whole)))
}

// isAre writes "is 1" or "are n" (n may be 0: "are none").
func isAre(n int) string {
	switch n {
	case 0:
		return "are none yet"
	case 1:
		return "is 1"
	}
	return fmt.Sprintf("are %d", n)
}

// joinAnd joins items as a list in prose: "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// periodBefore names the period before one of days days, for sentences.
func periodBefore(days int) string {
	switch days {
	case 28:
		return "the 4 weeks before"
	case 91:
		return "the quarter before"
	case 365:
		return "the year before"
	}
	return fmt.Sprintf("the %d days before", days)
}
