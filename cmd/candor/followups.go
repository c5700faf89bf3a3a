package main

import (
	"flag"
	"fmt"
	"text/tabwriter"

	"candor/journal"
	"candor/journal/coach"
)

// followupsOptions is the options of followups.
type followupsOptions struct {
	date string
	json bool
}

// followupsFlags adds the flags of followups.
func followupsFlags(fs *flag.FlagSet, o *followupsOptions) {
	fs.StringVar(&o.date, "date", "", "list what is due on or before `DAY`, YYYY-MM-DD (default: today)")
	fs.BoolVar(&o.json, "json", false, "print a JSON array of follow-ups")
}

// runFollowups is the followups command.
func runFollowups(c *cli, o *followupsOptions, pos []string) error {
	if err := noArgs("followups", pos); err != nil {
		return err
	}
	day := journal.DateOf(c.env.now())
	if o.date != "" {
		d, err := journal.ParseDate(o.date)
		if err != nil {
			return usagef("--date: %v", err)
		}
		day = d
	}
	return c.withJournal(func(j *journal.Journal) error {
		due, err := coach.FollowUps(j, day)
		if err != nil {
			return err
		}
		if o.json {
			return printJSON(c.env.stdout, due)
		}
		if len(due) == 0 {
			fmt.Fprintf(c.env.stdout, "Nothing to follow up on by %s.\n", day)
			return nil
		}
		tw := tabwriter.NewWriter(c.env.stdout, 0, 2, 2, ' ', 0)
		for _, f := range due {
			fmt.Fprintf(tw, "%s\t%s\tdue %s\t%s\t%s\n", f.ID, f.Kind, f.Due, f.Date, safeText(f.Text))
		}
		return tw.Flush()
	})
}
