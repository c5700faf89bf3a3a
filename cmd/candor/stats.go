package main

import (
	"flag"
	"fmt"
	"sort"
	"strings"

	"candor/journal"
	"candor/journal/stats"
)

// statsOptions is the options of stats.
type statsOptions struct {
	query queryFlags
	json  bool
}

// statsFlags adds the flags of stats.
func statsFlags(fs *flag.FlagSet, o *statsOptions) {
	o.query.registerRange(fs)
	fs.BoolVar(&o.json, "json", false, "print the figures as JSON")
}

// runStats is the stats command.
func runStats(c *cli, o *statsOptions, pos []string) error {
	if err := noArgs("stats", pos); err != nil {
		return err
	}
	q, err := o.query.query()
	if err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		traits, err := traitsOption(j)
		if err != nil {
			return err
		}
		st, err := stats.Read(j, q.From, q.To, journal.DateOf(c.env.now()), traits)
		if err != nil {
			return err
		}
		if o.json {
			return printJSON(c.env.stdout, st)
		}
		w := c.env.stdout
		fmt.Fprintf(w, "%s to %s: %s on %s. Current streak %d, longest %d.\n\n", st.From, st.To, plural(st.Entries, "entry", "entries"), plural(st.DaysWritten, "day", "days"), st.StreakCurrent, st.StreakLongest)
		for _, a := range journal.Areas {
			as := st.Areas[a]
			avg := "no ratings"
			if as.AvgRating > 0 {
				avg = fmt.Sprintf("average %.2f of 5", as.AvgRating)
			}
			fmt.Fprintf(w, "%-16s %4d entries, %s, %s\n", a, as.Entries, avg, as.Trend)
		}
		if n := st.Roles.Leader + st.Roles.Manager; n > 0 {
			fmt.Fprintf(w, "\nLeading and managing: %s\n%s\n", st.Roles.Reading(), stats.RolesMeaning)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, safeText(traitLine(st.Traits)))
		fmt.Fprintln(w, followThroughLine(st.FollowThrough))
		fmt.Fprintln(w, decisionsLine(st.Decisions))
		return nil
	})
}

// traitsOption makes the statistics count entries per trait, with the
// traits of the journal's prompt library (the user's own prompts included).
func traitsOption(j *journal.Journal) (stats.Option, error) {
	lib, err := j.Library()
	if err != nil {
		return nil, err
	}
	return stats.WithLibrary(lib), nil
}

// traitLine names the traits practised, most first, and those never
// touched in the period.
func traitLine(traits map[string]int) string {
	var used, unused []string
	for t, n := range traits {
		if n > 0 {
			used = append(used, t)
		} else {
			unused = append(unused, t)
		}
	}
	sort.Slice(used, func(a, b int) bool {
		if traits[used[a]] != traits[used[b]] {
			return traits[used[a]] > traits[used[b]]
		}
		return used[a] < used[b]
	})
	sort.Strings(unused)
	var b strings.Builder
	b.WriteString("Traits: ")
	if len(used) == 0 {
		b.WriteString("no entry answered a prompt with a trait")
	}
	for i, t := range used {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", t, traits[t])
	}
	if len(unused) > 0 {
		fmt.Fprintf(&b, "; never touched: %s", strings.Join(unused, ", "))
	}
	return b.String() + "."
}

// followThroughLine says what became of the next steps that came due.
func followThroughLine(f stats.FollowThrough) string {
	if f.Due == 0 {
		return "Follow-through: no next step came due in this period."
	}
	return fmt.Sprintf("Follow-through: %s came due: %d done, %d partly, %d not done, %d still open.", plural(f.Due, "next step", "next steps"), f.Done, f.Partly, f.Not, f.Open)
}

// decisionsLine says how the decisions went and, with enough reviews, how
// well calibrated the confidence was.
func decisionsLine(d stats.Decisions) string {
	if d.Made == 0 {
		return "Decisions: none recorded in this period."
	}
	s := fmt.Sprintf("Decisions: %d made, %d reviewed (%d right, %d wrong, %d mixed).", d.Made, d.Reviewed, d.Right, d.Wrong, d.Mixed)
	n := 0
	var bands []string
	for _, b := range d.Calibration {
		n += b.Reviewed
		bands = append(bands, fmt.Sprintf("%s%%: %d of %d right", b.Band, b.Right, b.Reviewed))
	}
	if n < stats.MinCalibrationReviews {
		return s + fmt.Sprintf(" Calibration needs %d reviewed decisions with a confidence; there are %d.", stats.MinCalibrationReviews, n)
	}
	return s + " Calibration: " + strings.Join(bands, "; ") + "."
}

// plural writes n with the singular or plural noun: "1 day", "3 days".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
