package main

import (
	"flag"
	"fmt"

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
		st, err := stats.Read(j, q.From, q.To, journal.DateOf(c.env.now()))
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
			fmt.Fprintf(w, "\nLeading %d (%d%%), managing %d (%d%%).\n", st.Roles.Leader, 100*st.Roles.Leader/n, st.Roles.Manager, 100*st.Roles.Manager/n)
		}
		return nil
	})
}

// plural writes n with the singular or plural noun: "1 day", "3 days".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
