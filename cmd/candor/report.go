package main

import (
	"errors"
	"fmt"

	"candor/journal"
	"candor/journal/report"
	"candor/journal/stats"
)

func init() {
	register(command{"report", cmdReport})
}

func cmdReport(c *cli, args []string) error {
	fs := c.flags("report")
	out := fs.String("out", "", "the folder to write report.md and its charts into")
	var qf queryFlags
	qf.registerRange(fs)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("report needs --out DIR")
	}
	q, err := qf.query()
	if err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		st, err := stats.Read(j, q.From, q.To, journal.DateOf(c.env.now()))
		if err != nil {
			return err
		}
		if err := report.Write(*out, st, c.env.now()); err != nil {
			if errors.Is(err, journal.ErrOutputExists) {
				return fmt.Errorf("%w; choose a new folder", err)
			}
			return err
		}
		fmt.Fprintf(c.env.stdout, "Wrote %s/report.md with its charts. It is not encrypted: keep it somewhere private.\n", *out)
		return nil
	})
}
