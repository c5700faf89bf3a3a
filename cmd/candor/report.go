package main

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"

	"candor/journal"
	"candor/journal/report"
	"candor/journal/stats"
)

// reportOptions is the options of report.
type reportOptions struct {
	out   string
	query queryFlags
}

// reportFlags adds the flags of report.
func reportFlags(fs *flag.FlagSet, o *reportOptions) {
	fs.StringVar(&o.out, "out", "", "the new (or empty) folder `DIR` to write report.md and its charts into (required); anything else there is refused")
	o.query.registerRange(fs)
}

// runReport is the report command.
func runReport(c *cli, o *reportOptions, pos []string) error {
	if err := noArgs("report", pos); err != nil {
		return err
	}
	if o.out == "" {
		return usagef("report needs --out DIR")
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
		if err := report.Write(o.out, st, c.env.now()); err != nil {
			if errors.Is(err, journal.ErrOutputExists) {
				return fmt.Errorf("%w; nothing was changed: give --out a new folder, or an empty one", err)
			}
			return err
		}
		fmt.Fprintf(c.env.stdout, "Wrote %s with its charts. It is not encrypted: keep it somewhere private.\n", safeText(filepath.Join(o.out, "report.md")))
		return nil
	})
}
