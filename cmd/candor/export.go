package main

import (
	"errors"
	"fmt"
	"os"

	"candor/journal"
	"candor/journal/importers"
	"candor/journal/markdown"
)

func init() {
	register(command{"export", cmdExport})
	register(command{"import", cmdImport})
}

// progressLine shows "N entries" on stderr when it is a terminal.
func (c *cli) progressLine(verb string) (func(int), func()) {
	f, ok := c.env.stderr.(*os.File)
	if !ok || !isTerminal(f) {
		return nil, func() {}
	}
	return func(n int) {
			if n%100 == 0 {
				fmt.Fprintf(f, "\r%s %d entries…", verb, n)
			}
		}, func() {
			fmt.Fprint(f, "\r\x1b[K")
		}
}

func cmdExport(c *cli, args []string) error {
	fs := c.flags("export")
	out := fs.String("out", "", "the folder (or with --single-file the file) to write")
	single := fs.Bool("single-file", false, "write one Markdown document")
	var qf queryFlags
	qf.register(fs, false)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("export needs --out PATH")
	}
	q, err := qf.query()
	if err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		progress, done := c.progressLine("Exported")
		n, err := markdown.Export(j, *out, markdown.Options{SingleFile: *single, From: q.From, To: q.To, Area: q.Area, Progress: progress})
		done()
		if errors.Is(err, journal.ErrOutputExists) {
			return fmt.Errorf("%w; choose a new path", err)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(c.env.stdout, "Exported %d entries to %s. The export is not encrypted: keep it somewhere private.\n", n, *out)
		return nil
	})
}

func cmdImport(c *cli, args []string) error {
	fs := c.flags("import")
	format := fs.String("format", "", "markdown, jrnl or dayone")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("import needs exactly one PATH")
	}
	var read func(string) ([]journal.Entry, error)
	switch *format {
	case "markdown":
		read = markdown.ReadFolder
	case "jrnl":
		read = func(p string) ([]journal.Entry, error) {
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("reading %s: %w", p, err)
			}
			return importers.ParseJrnl(p, data)
		}
	case "dayone":
		read = importers.ReadDayOne
	case "":
		return usagef("import needs --format markdown, jrnl or dayone")
	default:
		return usagef("%q is not an import format (use markdown, jrnl or dayone)", *format)
	}
	// Everything is read and checked before the journal is even opened.
	entries, err := read(pos[0])
	if err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		progress, done := c.progressLine("Imported")
		sum, err := j.Import(entries, progress)
		done()
		if err != nil {
			return err
		}
		fmt.Fprintf(c.env.stdout, "Imported %d new entries, updated %d, %d unchanged.\n", sum.Imported, sum.Updated, sum.Unchanged)
		return nil
	})
}
