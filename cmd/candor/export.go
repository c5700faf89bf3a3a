package main

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"candor/journal"
	"candor/journal/importers"
	"candor/journal/imports"
	"candor/journal/markdown"
)

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
		total, err := j.Count() // all entries: a filtered export ends early
		if err != nil {
			return err
		}
		bar := c.newProgress("Exporting", int64(total), false)
		n, err := markdown.Export(j, o.out, markdown.Options{SingleFile: o.single, From: q.From, To: q.To, Area: q.Area, Progress: bar.entries()})
		bar.done()
		if errors.Is(err, journal.ErrOutputExists) {
			return fmt.Errorf("%w; choose a new path", err)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(c.env.stdout, "Exported %d entries to %s. The export is not encrypted: keep it somewhere private.\n", n, safeText(o.out))
		return nil
	})
}

// importOptions is the options of import.
type importOptions struct {
	format       string
	skipProblems bool
	dryRun       bool
}

// importFlags adds the flags of import.
func importFlags(fs *flag.FlagSet, o *importOptions) {
	fs.StringVar(&o.format, "format", "", "the `FORMAT` of PATH (required): markdown (a folder of Markdown notes or a Candor export, or one file), jrnl (a jrnl journal) or dayone (a Day One JSON export, its .zip or unzipped folder, or a Day One Classic folder)")
	fs.BoolVar(&o.skipProblems, "skip-problems", false, "import the other entries when some files cannot be read (they are listed)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "print what the import would do and write nothing")
}

// importReaders reads an import source of each format.
var importReaders = map[string]func(string) (imports.Source, error){
	"markdown": markdown.ReadSource,
	"jrnl":     importers.ReadJrnlSource,
	"dayone":   importers.ReadDayOneSource,
}

// runImport is the import command.
func runImport(c *cli, o *importOptions, pos []string) error {
	if len(pos) != 1 {
		return usagef("import needs exactly one PATH")
	}
	read, ok := importReaders[o.format]
	switch {
	case o.format == "":
		return usagef("import needs --format markdown, jrnl or dayone")
	case !ok:
		return usagef("%q is not an import format (use markdown, jrnl or dayone)", o.format)
	}
	if abs, err := filepath.Abs(pos[0]); err == nil {
		c.importSource = abs
	} else {
		c.importSource = pos[0]
	}
	// Everything is read and checked before the journal is even opened.
	src, err := read(pos[0])
	if err != nil {
		return err
	}
	out := c.env.stdout
	for _, p := range src.Skipped {
		fmt.Fprintf(out, "Skipped %s\n", safeText(p.Error()))
	}
	switch n := len(src.Problems); {
	case n == 1 && !o.skipProblems && len(src.Items) == 0:
		return fmt.Errorf("%s; nothing was imported", safeText(src.Problems[0].Error()))
	case n == 1 && !o.skipProblems:
		return fmt.Errorf("%s; nothing was imported (fix it, or use --skip-problems to import the other %s)", safeText(src.Problems[0].Error()), plural(len(src.Items), "entry", "entries"))
	case n > 0:
		// The list is output; the error is one sentence.
		fmt.Fprintf(out, "%s cannot be imported:\n", plural(n, "file", "files"))
		for _, p := range src.Problems {
			fmt.Fprintf(out, "  %s\n", safeText(p.Error()))
		}
		if !o.skipProblems {
			return fmt.Errorf("nothing was imported: %d files cannot be read (listed above); fix them, or use --skip-problems to import the other %s", n, plural(len(src.Items), "entry", "entries"))
		}
	}
	return c.withJournal(func(j *journal.Journal) error {
		if !o.dryRun { // a mark that stays if the import is cut short
			if err := imports.Begin(j, c.importSource, len(src.Items)); err != nil {
				return err
			}
		}
		bar := c.newProgress("Importing", int64(len(src.Items)), false)
		sum, err := imports.From(j, src.Items, imports.Options{DryRun: o.dryRun, Progress: bar.entries()})
		bar.done()
		if err != nil {
			if errors.Is(err, journal.ErrInvalid) { // refused before anything was written
				_ = imports.End(j)
			}
			return err
		}
		if !o.dryRun {
			if err := imports.End(j); err != nil {
				return err
			}
		}
		verb := "Imported"
		if o.dryRun {
			verb = "Dry run, nothing written: would import"
		}
		fmt.Fprintf(out, "%s %s, updated %d, %d unchanged", verb, plural(sum.Imported, "new entry", "new entries"), sum.Updated, sum.Unchanged)
		if sum.Kept > 0 {
			fmt.Fprintf(out, ", %d deleted in Candor left deleted", sum.Kept)
		}
		if len(src.Skipped) > 0 {
			fmt.Fprintf(out, ", %d skipped (listed above)", len(src.Skipped))
		}
		fmt.Fprintln(out, ".")
		for _, cf := range sum.Conflicts {
			fmt.Fprintf(out, "Conflict: %s %q was changed in Candor and in the source (%s); your version stays, the source's is kept as entry %s, tagged %s.\n",
				cf.Date, safeText(cf.Title), strings.Join(cf.Fields, ", "), cf.CopyID, imports.ConflictTag)
		}
		return nil
	})
}
