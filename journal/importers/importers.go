// Package importers reads journals kept with other tools as import sources:
// jrnl's plain-text journal (jrnl 1.x and 2.x onwards), Day One's JSON
// export (the .json file, the .zip holding it, or the folder an unzipped
// export leaves) and Day One Classic folders of .doentry property lists.
//
// Every entry gets a stable source key (imports.Incoming.Source) and an ID
// derived from it, so importing a newer export of the same journal finds the
// same entries and merges them field by field (package journal/imports); it
// says which fields the source holds, so a rating or area set in Candor
// survives a re-import. Everything is read through a byte budget from
// regular files only, with caps on each file, on every zip member and on the
// number of entries, so a hostile source cannot exhaust memory or block the
// import. Problems are listed with their file and line, all of them, and
// nothing is written by this package.
package importers

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"candor/journal"
	"candor/journal/imports"

	// The zone database is built in, so a Day One entry's time zone gives
	// the right day on machines without one (Windows).
	_ "time/tzdata"
)

// MaxEntries bounds the entries one import source may hold; a source with
// more is refused as a whole before it fills memory.
const MaxEntries = 1_000_000

// MaxJournalFileBytes bounds one file that holds a whole journal: a jrnl
// journal, or a Day One JSON export (on its own or inside a zip).
const MaxJournalFileBytes = 256 << 20

// journalFileCap is the cap the readers apply: MaxJournalFileBytes, which
// tests lower.
var journalFileCap int64 = MaxJournalFileBytes

// maxProblems bounds the problems and skipped entries listed for one
// source; past it one last line says how many more there were.
const maxProblems = 1000

// starredTag marks entries starred in jrnl or Day One.
const starredTag = "starred"

// titleSoftRunes is about where a title taken from a long first line is
// cut, at a word boundary.
const titleSoftRunes = 100

// collector gathers what an importer reads into an import source.
type collector struct {
	src imports.Source
	// more counts problems and skipped entries past maxProblems.
	moreProblems, moreSkipped int
}

// problem lists a file, or a place in it, that cannot be imported.
func (c *collector) problem(path string, line int, format string, a ...any) {
	if len(c.src.Problems) >= maxProblems {
		c.moreProblems++
		return
	}
	c.src.Problems = append(c.src.Problems, &imports.Problem{Path: path, Line: line, Msg: fmt.Sprintf(format, a...)})
}

// readFailed lists a file that could not be read.
func (c *collector) readFailed(path string, err error) {
	p := readProblem(path, err)
	c.problem(p.Path, p.Line, "%s", p.Msg)
}

// skip lists an entry or file left out on purpose, or imported with a
// remark.
func (c *collector) skip(path string, line int, format string, a ...any) {
	if len(c.src.Skipped) >= maxProblems {
		c.moreSkipped++
		return
	}
	c.src.Skipped = append(c.src.Skipped, &imports.Problem{Path: path, Line: line, Msg: fmt.Sprintf(format, a...)})
}

// add checks an entry and adds it to the source, or lists it as a problem.
// It returns an error once the source holds more than MaxEntries.
func (c *collector) add(in imports.Incoming, path string, line int) error {
	e := &in.Entry
	e.Normalize()
	if err := e.Validate(); err != nil {
		c.problem(path, line, "%v", err)
		return nil
	}
	if len(c.src.Items) >= MaxEntries {
		return tooManyEntries(path)
	}
	c.src.Items = append(c.src.Items, in)
	return nil
}

// tooManyEntries is the error for a source with more than MaxEntries.
func tooManyEntries(path string) error {
	return fmt.Errorf("%s holds more than %d entries, the most Candor imports at once; split it and import the parts one by one", path, MaxEntries)
}

// finish sorts the entries by day and time, the problems and skipped
// entries by file and line, and notes how many problems went unlisted.
func (c *collector) finish(path string) imports.Source {
	sortItems(c.src.Items)
	for _, list := range [][]*imports.Problem{c.src.Problems, c.src.Skipped} {
		sort.SliceStable(list, func(i, j int) bool {
			if list[i].Path != list[j].Path {
				return list[i].Path < list[j].Path
			}
			return list[i].Line < list[j].Line
		})
	}
	if c.moreProblems > 0 {
		c.src.Problems = append(c.src.Problems, &imports.Problem{Path: path, Msg: fmt.Sprintf("and %d more problems not listed", c.moreProblems)})
	}
	if c.moreSkipped > 0 {
		c.src.Skipped = append(c.src.Skipped, &imports.Problem{Path: path, Msg: fmt.Sprintf("and %d more not listed", c.moreSkipped)})
	}
	return c.src
}

// sortItems orders entries by day, then by time, then by source key, so
// entries of the same day come out in the order they were written.
func sortItems(items []imports.Incoming) {
	less := func(a, b *imports.Incoming) bool {
		if a.Entry.Date != b.Entry.Date {
			return a.Entry.Date.Before(b.Entry.Date)
		}
		if !a.Entry.Created.Equal(b.Entry.Created) {
			return a.Entry.Created.Before(b.Entry.Created)
		}
		return a.Source < b.Source
	}
	if sort.SliceIsSorted(items, func(i, j int) bool { return less(&items[i], &items[j]) }) {
		return
	}
	sort.SliceStable(items, func(i, j int) bool { return less(&items[i], &items[j]) })
}

// cleanText makes text safe to hold in an entry: invalid UTF-8 and NUL
// characters become U+FFFD, a byte-order mark is dropped and line ends
// become \n. It copies text only when something changes.
func cleanText(text string) string {
	text = strings.TrimPrefix(text, "\uFEFF")
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if strings.IndexByte(text, 0) >= 0 {
		text = strings.ReplaceAll(text, "\x00", "\uFFFD")
	}
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
	}
	return text
}

// cleanTitle drops control characters from a title and trims it.
func cleanTitle(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		s = strings.Map(func(r rune) rune {
			switch {
			case r == '\t':
				return ' '
			case unicode.IsControl(r):
				return -1
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}

// shortTitle cuts a title longer than titleSoftRunes at a word boundary
// near that length and marks the cut with an ellipsis; it reports whether
// it cut.
func shortTitle(s string) (string, bool) {
	if utf8.RuneCountInString(s) <= titleSoftRunes {
		return s, false
	}
	// Cut at the last space between 60% and 100% of the limit, else at the
	// first one up to 120%, else inside the word at the limit.
	lo, hi := titleSoftRunes*6/10, titleSoftRunes*12/10
	before, after, hard := -1, -1, len(s)
	n := 0
	for i, r := range s {
		if n == titleSoftRunes {
			hard = i
		}
		if unicode.IsSpace(r) && n >= lo {
			if n <= titleSoftRunes {
				before = i
			} else if after < 0 {
				after = i
			}
		}
		if n > hi || after >= 0 {
			break
		}
		n++
	}
	cut := hard
	switch {
	case before >= 0:
		cut = before
	case after >= 0:
		cut = after
	}
	return strings.TrimRight(s[:cut], " \t,;:-–—") + "…", true
}

// isTagRune reports whether r may continue a tag, as in jrnl: letters,
// digits, marks, the underscore and - + * # /.
func isTagRune(r rune) bool {
	switch r {
	case '-', '+', '*', '#', '/', '_':
		return true
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// tagsIn finds @tags in text by jrnl's rule: an @ at the start or after
// white space, followed by letters, digits, marks, _ or any of - + * # /,
// so @C++, @OS/2 and @C# stay whole and the full stop of "@idea." is left
// out. An address such as kyla@example.org is no tag. Tags Candor cannot
// hold (longer than journal.MaxTagRunes) are left out.
func tagsIn(text string, tags []string) []string {
	for i := 0; i < len(text); {
		at := strings.IndexByte(text[i:], '@')
		if at < 0 {
			break
		}
		at += i
		i = at + 1
		if at > 0 {
			r, _ := utf8.DecodeLastRuneInString(text[:at])
			if !unicode.IsSpace(r) {
				continue
			}
		}
		end := at + 1
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if !isTagRune(r) {
				break
			}
			end += size
		}
		if tag := text[at+1 : end]; tag != "" && utf8.RuneCountInString(tag) <= journal.MaxTagRunes {
			tags = append(tags, tag)
		}
		i = end
	}
	return tags
}

// fitTags keeps the tags Candor can hold: at most journal.MaxTags, each
// without control characters and at most journal.MaxTagRunes long.
func fitTags(tags []string) []string {
	out := tags[:0:0]
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.TrimSpace(cleanTitle(t))
		k := strings.ToLower(t)
		if t == "" || seen[k] || utf8.RuneCountInString(t) > journal.MaxTagRunes {
			continue
		}
		seen[k] = true
		if len(out) == journal.MaxTags {
			break
		}
		out = append(out, t)
	}
	return out
}

// withBody ends a non-empty body with a line break, as Candor stores it.
func withBody(body string) string {
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	return body
}

// trimBody drops blank lines at the start of a body and white space at
// its end.
func trimBody(body string) string {
	i, j := bodyBounds(body)
	return body[i:j]
}

// bodyBounds returns where a body starts and ends without the blank lines
// at its start and the white space at its end; i == j when it is blank.
func bodyBounds(body string) (i, j int) {
	for {
		nl := strings.IndexByte(body[i:], '\n')
		if nl < 0 || strings.TrimSpace(body[i:i+nl]) != "" {
			break
		}
		i += nl + 1
	}
	j = len(strings.TrimRightFunc(body, unicode.IsSpace))
	if j <= i {
		return i, i
	}
	return i, j
}

// utcSecond is t in UTC to the second, as Candor keeps times.
func utcSecond(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }
