package stats

import (
	"fmt"

	"candor/journal"
	"candor/prompts"
)

// FollowThrough counts the next steps whose check-on day fell in the period
// (and has come, as seen on today) by what became of them.
type FollowThrough struct {
	Due    int `json:"due"`
	Done   int `json:"done"`
	Partly int `json:"partly"`
	Not    int `json:"not"`
	// Open ones have not been answered yet.
	Open int `json:"open"`
}

// Band is the calibration of the decisions made with a confidence in one
// band of ten points ("60-69"; the last is "90-100").
type Band struct {
	Band     string `json:"band"`
	Reviewed int    `json:"reviewed"`
	Right    int    `json:"right"`
}

// Decisions counts the decisions made in the period and how the reviewed
// ones turned out.
type Decisions struct {
	Made     int `json:"made"`
	Reviewed int `json:"reviewed"`
	// Right, Wrong and Mixed split the reviewed ones.
	Right int `json:"right"`
	Wrong int `json:"wrong"`
	Mixed int `json:"mixed"`
	// Calibration holds the bands with at least one reviewed decision that
	// had a confidence, lowest first.
	Calibration []Band `json:"calibration"`
}

// MinCalibrationReviews is how many reviewed decisions with a confidence
// calibration needs before it says anything; below it, a screen says so.
const MinCalibrationReviews = 5

// Option adds to what Compute, Of and Read work out.
type Option func(*config)

// config is what the options set.
type config struct {
	traitOf func(promptID string) string
	traits  []string
}

// WithTraits makes the statistics count entries per trait: traitOf gives
// the trait of a prompt ID ("" when unknown), and every trait in all is
// listed, with 0 when no entry practised it.
func WithTraits(traitOf func(promptID string) string, all []string) Option {
	return func(c *config) { c.traitOf, c.traits = traitOf, all }
}

// WithLibrary is WithTraits with the traits of a prompt library (the
// journal's, with the user's own prompts, from Journal.Library).
func WithLibrary(lib *prompts.Library) Option {
	ids := make([]string, 0, len(lib.Traits))
	for _, t := range lib.Traits {
		ids = append(ids, t.ID)
	}
	return WithTraits(func(id string) string { p, _ := lib.Get(id); return p.Trait }, ids)
}

// bandOf names the band of ten points confidence c falls in.
func bandOf(c int) (int, string) {
	b := min(c/10, 9)
	if b == 9 {
		return b, "90-100"
	}
	return b, fmt.Sprintf("%d-%d", b*10, b*10+9)
}

// dateLess reports whether a is before b, without the cost of day numbers.
func dateLess(a, b journal.Date) bool {
	if a.Year != b.Year {
		return a.Year < b.Year
	}
	if a.Month != b.Month {
		return a.Month < b.Month
	}
	return a.Day < b.Day
}

// coaching works out follow-through, decisions and traits of the summaries
// dated from..to; answers may come from any date.
func (st *Stats) coaching(sums []journal.Summary, from, to, today journal.Date, cfg config) {
	type key struct {
		id       journal.ID
		decision bool
	}
	answer := map[key]journal.Outcome{}
	for i := range sums {
		s := &sums[i]
		if s.Outcome == journal.OutcomeNone || s.Follows.IsZero() {
			continue
		}
		// Summaries come by date: the latest answer counts.
		answer[key{s.Follows, s.Outcome.OfDecision()}] = s.Outcome
	}
	in := func(d journal.Date) bool { return !dateLess(d, from) && !dateLess(to, d) }
	st.Traits = map[string]int{}
	for _, t := range cfg.traits {
		st.Traits[t] = 0
	}
	var bands [10]Band
	for i := range sums {
		s := &sums[i]
		if s.HasNextStep && !s.CheckOn.IsZero() && in(s.CheckOn) && !dateLess(today, s.CheckOn) {
			st.FollowThrough.Due++
			switch answer[key{s.ID, false}] {
			case journal.OutcomeDone:
				st.FollowThrough.Done++
			case journal.OutcomePartly:
				st.FollowThrough.Partly++
			case journal.OutcomeNot:
				st.FollowThrough.Not++
			default:
				st.FollowThrough.Open++
			}
		}
		if !in(s.Date) {
			continue
		}
		if cfg.traitOf != nil && s.PromptID != "" {
			if t := cfg.traitOf(s.PromptID); t != "" {
				st.Traits[t]++
			}
		}
		if !s.HasDecision {
			continue
		}
		st.Decisions.Made++
		o, ok := answer[key{s.ID, true}]
		if !ok {
			continue
		}
		st.Decisions.Reviewed++
		switch o {
		case journal.OutcomeRight:
			st.Decisions.Right++
		case journal.OutcomeWrong:
			st.Decisions.Wrong++
		case journal.OutcomeMixed:
			st.Decisions.Mixed++
		}
		if s.HasConfidence {
			i, name := bandOf(s.Confidence)
			bands[i].Band = name
			bands[i].Reviewed++
			if o == journal.OutcomeRight {
				bands[i].Right++
			}
		}
	}
	st.Decisions.Calibration = []Band{}
	for _, b := range bands {
		if b.Reviewed > 0 {
			st.Decisions.Calibration = append(st.Decisions.Calibration, b)
		}
	}
}
