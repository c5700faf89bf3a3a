package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"candor/journal"
	"candor/journal/importers"
	"candor/journal/markdown"
)

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

// exportOptions is the options of export.
type exportOptions struct {
	out    string
	single bool
	query  queryFlags
}

// exportFlags adds the flags of export.
func exportFlags(fs *flag.FlagSet, o *exportOptions) {
	fs.StringVar(&o.out, "out", "", "the new folder (with --single-file, the new file) `PATH` to write (required)")
	fs.BoolVar(&o.single, "single-file", false, "write one Markdown document instead of a folder")
	o.query.register(fs, false)
}

// runExport is the export command.
func runExport(c *cli, o *exportOptions, pos []string) error {
	if err := noArgs("export", pos); err != nil {
		return err
	}
	if o.out == "" {
		return usagef("export needs --out PATH")
	}
	q, err := o.query.query()
	if err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		progress, done := c.progressLine("Exported")
		n, err := markdown.Export(j, o.out, markdown.Options{SingleFile: o.single, From: q.From, To: q.To, Area: q.Area, Progress: progress})
		done()
		if errors.Is(err, journal.ErrOutputExists) {
			return fmt.Errorf("%w; choose a new path", err)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(c.env.stdout, "Exported %d entries to %s. The export is not encrypted: keep it somewhere private.\n", n, o.out)
		return nil
	})
}

// importOptions is the options of import.
type importOptions struct{ format string }

// importFlags adds the flags of import.
func importFlags(fs *flag.FlagSet, o *importOptions) {
	fs.StringVar(&o.format, "format", "", "the `FORMAT` of PATH (required): markdown (a folder of Markdown files), jrnl (a jrnl journal) or dayone (a Day One JSON export, its .zip, or a Day One Classic folder)")
}

// runImport is the import command.
func runImport(c *cli, o *importOptions, pos []string) error {
	if len(pos) != 1 {
		return usagef("import needs exactly one PATH")
	}
	var read func(string) ([]journal.Entry, error)
	switch o.format {
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
		return usagef("%q is not an import format (use markdown, jrnl or dayone)", o.format)
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
