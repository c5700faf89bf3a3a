package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"candor/journal"
)

// searchJSON is an entry as in `show --json`, plus the score and snippet.
type searchJSON struct {
	journal.Entry
	Score   float64 `json:"score"`
	Snippet string  `json:"snippet"`
}

// MarshalJSON flattens the entry's keys next to score and snippet.
func (s searchJSON) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(s.Entry)
	if err != nil {
		return nil, err
	}
	extra, err := json.Marshal(struct {
		Score   float64 `json:"score"`
		Snippet string  `json:"snippet"`
	}{s.Score, s.Snippet})
	if err != nil {
		return nil, err
	}
	return append(append(b[:len(b)-1], ','), extra[1:]...), nil
}

// searchOptions is the options of search.
type searchOptions struct {
	limit int
	json  bool
}

// searchFlags adds the flags of search.
func searchFlags(fs *flag.FlagSet, o *searchOptions) {
	fs.IntVar(&o.limit, "limit", 20, "show at most `N` results, from 1 to 10000")
	fs.BoolVar(&o.json, "json", false, "print a JSON array of entries, each with its score and snippet")
}

// runSearch is the search command.
func runSearch(c *cli, o *searchOptions, pos []string) error {
	query := strings.TrimSpace(strings.Join(pos, " "))
	if query == "" {
		return usagef("search needs a query, e.g. candor search delegation")
	}
	if o.limit < 1 || o.limit > 10000 {
		return usagef("--limit must be from 1 to 10000")
	}
	return c.withJournal(func(j *journal.Journal) error {
		hits, err := j.Search(query, o.limit)
		if errors.Is(err, journal.ErrEmptyQuery) {
			return usagef("%v", err)
		}
		if err != nil {
			return err
		}
		if o.json {
			out := make([]searchJSON, len(hits))
			for i, h := range hits {
				out[i] = searchJSON{Entry: h.Entry, Score: h.Score, Snippet: h.Snippet}
			}
			return printJSON(c.env.stdout, out)
		}
		w := c.env.stdout
		for _, h := range hits {
			title := h.Entry.Title
			if title == "" {
				title = h.Entry.Headline(60)
			}
			fmt.Fprintf(w, "%s  %s  %s\n", h.Entry.ID, h.Entry.Date, highlight(title, h.TitleMarks, c.env.stdoutIsTerminal))
			if h.Snippet != "" {
				fmt.Fprintf(w, "    %s\n", highlight(h.Snippet, h.SnippetMarks, c.env.stdoutIsTerminal))
			}
		}
		if len(hits) == 0 {
			fmt.Fprintln(c.env.stderr, "No entry matches.")
		}
		return nil
	})
}

// highlight shows marked runes in bold on a terminal, and between « and »
// otherwise. The text itself passes safeText piece by piece (the marks
// count runes of the text as stored), so only highlight's own escape
// sequences reach the terminal.
func highlight(s string, marks []journal.Span, terminal bool) string {
	if len(marks) == 0 {
		return safeText(s)
	}
	open, close := "«", "»"
	if terminal {
		open, close = "\x1b[1m", "\x1b[0m"
	}
	r := []rune(s)
	var b strings.Builder
	last := 0
	for _, m := range marks {
		if m.Start < last || m.End > len(r) {
			continue
		}
		b.WriteString(safeText(string(r[last:m.Start])))
		b.WriteString(open + safeText(string(r[m.Start:m.End])) + close)
		last = m.End
	}
	b.WriteString(safeText(string(r[last:])))
	return b.String()
}
