package importers

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"candor/journal"
	"candor/journal/imports"
)

// JrnlFields are the fields a jrnl journal holds; the others (area,
// rating, role, prompt, coaching) stay Candor's on a re-import.
const JrnlFields = imports.FieldTitle | imports.FieldBody | imports.FieldDate | imports.FieldTimes | imports.FieldTags

// jrnlLayouts are the header times read, with jrnl's default first, then
// those its timeformat setting commonly gives.
var jrnlLayouts = []string{
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 03:04 PM",
	"2006-01-02 3:04 PM",
	"2006-01-02 03:04:05 PM",
	"2006-01-02 3:04:05 PM",
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	"2006/01/02 15:04",
	"02.01.2006 15:04",
	"02.01.2006 15:04:05",
	"2006-01-02",
}

// jrnlDefaultHour is the hour jrnl gives an entry whose header has no time.
const jrnlDefaultHour = 9

// jrnlTime reads the time in a jrnl entry header as a wall-clock time (in
// UTC, standing for the writer's local time).
func jrnlTime(s string) (time.Time, bool) {
	if s == "" || s[0] < '0' || s[0] > '9' || len(s) > 32 {
		return time.Time{}, false
	}
	s = strings.ToUpper(strings.TrimSpace(s))
	for _, layout := range jrnlLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if layout == "2006-01-02" {
				t = t.Add(jrnlDefaultHour * time.Hour)
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// jrnlHeader reads a line that starts an entry. jrnl 2.x and later write
// "[2015-08-28 10:27] Title"; jrnl 1.x wrote "2015-08-28 10:27 Title". It
// returns the time and where the title starts in the line.
func jrnlHeader(line string, legacy bool) (time.Time, int, bool) {
	if legacy {
		for _, n := range []int{19, 16} {
			if len(line) >= n && (len(line) == n || line[n] == ' ') {
				if t, ok := jrnlTime(line[:n]); ok {
					return t, min(n+1, len(line)), true
				}
			}
		}
		return time.Time{}, 0, false
	}
	if len(line) < 3 || line[0] != '[' {
		return time.Time{}, 0, false
	}
	end := strings.IndexByte(line[:min(len(line), 40)], ']')
	if end < 0 || end+1 < len(line) && line[end+1] != ' ' {
		return time.Time{}, 0, false
	}
	t, ok := jrnlTime(line[1:end])
	return t, min(end+2, len(line)), ok
}

// jrnlDateLike reports whether a line starts with what looks like a jrnl
// header whose date cannot be read, such as "[2019-07 14:23] Title",
// rather than text that merely starts with a bracket ("[1] first").
func jrnlDateLike(line string) bool {
	if len(line) < 3 || line[0] != '[' {
		return false
	}
	end := strings.IndexByte(line[:min(len(line), 40)], ']')
	if end < 7 {
		return false
	}
	digits, seps := 0, 0
	for _, r := range line[1:end] {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("-./: ,", r):
			seps++
		case strings.ContainsRune("APMapmT", r):
		default:
			return false
		}
	}
	return digits >= 4 && seps >= 1
}

// jrnlRaw is an entry's place in a jrnl journal: the header's time and
// line, and its text from the title to the next header.
type jrnlRaw struct {
	at         time.Time
	line       int
	start, end int
}

// ParseJrnl reads a jrnl plain-text journal (jrnl 2.x onwards, with
// "[YYYY-MM-DD HH:MM] Title" headers, or jrnl 1.x without brackets). The
// title is what jrnl takes: the first line, or for an entry of one line
// the first sentence; the rest is the body. @tags become tags by jrnl's
// rule, and an entry jrnl marks as starred (a * at the end of its first
// line) gets the tag "starred". Times are the writer's wall-clock times:
// the day is kept as written and the time is read in this computer's zone.
// Every entry gets the source key "jrnl:" + time + title (with " #2", " #3"
// for further entries of the same time and title) and an ID derived from
// it. Text that cannot be read is listed with its line; only a journal of
// more than MaxEntries entries is an error.
func ParseJrnl(path string, data []byte) (imports.Source, error) {
	c := &collector{}
	text := cleanText(string(data))
	legacy := jrnlLegacy(text)
	var raws []jrnlRaw
	open := false     // the last raw entry is still being read
	preamble := false // text before the first entry was reported
	for pos, lineNo := 0, 1; pos < len(text); lineNo++ {
		lineEnd := len(text)
		if nl := strings.IndexByte(text[pos:], '\n'); nl >= 0 {
			lineEnd = pos + nl
		}
		line := text[pos:lineEnd]
		if at, off, ok := jrnlHeader(line, legacy); ok {
			if open {
				raws[len(raws)-1].end = pos - 1
			}
			if len(raws) >= MaxEntries {
				return imports.Source{}, tooManyEntries(path)
			}
			raws = append(raws, jrnlRaw{at: at, line: lineNo, start: pos + off})
			open = true
		} else if !legacy && jrnlDateLike(line) {
			// Meant as a header, most likely: jrnl itself would keep it as
			// text of the entry before, and so does Candor, once told.
			head := line[:strings.IndexByte(line, ']')+1]
			if open {
				c.problem(path, lineNo, "the date of %s cannot be read (jrnl entries begin with [YYYY-MM-DD HH:MM]); the line is kept as text of the entry before", head)
			} else if !preamble {
				preamble = true
				c.problem(path, lineNo, "the date of %s cannot be read (jrnl entries begin with [YYYY-MM-DD HH:MM]); the text up to the next entry is left out", head)
			}
		} else if !open && !preamble && strings.TrimSpace(line) != "" {
			preamble = true
			c.problem(path, lineNo, "no entry starts here (jrnl entries begin with [YYYY-MM-DD HH:MM]); the text up to the next entry is left out")
		}
		pos = lineEnd + 1
	}
	if open {
		raws[len(raws)-1].end = len(text)
	}
	c.src.Items = make([]imports.Incoming, 0, len(raws))
	seen := make(map[string]int, len(raws))
	for _, r := range raws {
		in := jrnlEntry(text, r, seen)
		if err := c.add(in, path, r.line); err != nil {
			return imports.Source{}, err
		}
	}
	return c.finish(path), nil
}

// jrnlLegacy reports whether a journal is in jrnl 1.x's format: its first
// line with text is a header without brackets.
func jrnlLegacy(text string) bool {
	for len(text) > 0 {
		line, rest, _ := strings.Cut(text, "\n")
		if strings.TrimSpace(line) != "" {
			_, _, ok := jrnlHeader(line, true)
			return ok
		}
		text = rest
	}
	return false
}

// jrnlEntry builds the entry of a jrnl header and its text; seen counts
// the entries of each time and title so far.
func jrnlEntry(text string, r jrnlRaw, seen map[string]int) imports.Incoming {
	t := text[r.start:r.end]
	title, body := jrnlSplit(text, r.start, r.end)
	starred := false
	if first, _, _ := strings.Cut(t, "\n"); strings.HasSuffix(strings.TrimSpace(first), "*") {
		starred = true
	}
	title = cleanTitle(title)
	if utf8.RuneCountInString(title) > journal.MaxTitleRunes {
		full := title
		title, _ = shortTitle(title)
		body = withBody(full + "\n\n" + body)
	}
	tags := tagsIn(t, nil)
	if starred {
		tags = append(tags, starredTag)
	}
	wall := r.at.Format("2006-01-02 15:04:05")
	source := "jrnl:" + wall + " " + title // the time has a fixed length
	n := seen[source]
	seen[source] = n + 1
	if n > 0 {
		source += " #" + strconv.Itoa(n+1)
	}
	y, m, d := r.at.Date()
	created := time.Date(y, m, d, r.at.Hour(), r.at.Minute(), r.at.Second(), 0, time.Local).UTC()
	return imports.Incoming{
		Entry: journal.Entry{
			ID:      imports.StableID("jrnl", wall, title, strconv.Itoa(n)),
			Date:    journal.Date{Year: y, Month: m, Day: d},
			Created: created,
			Updated: created,
			Title:   title,
			Body:    body,
			Tags:    fitTags(tags),
		},
		Source: source,
		Fields: JrnlFields,
		Legacy: jrnlLegacyID(r.at, t),
	}
}

// jrnlLegacyID is the ID Candor gave a jrnl entry before it kept sources:
// a hash of its time (read as UTC) and its text with the star left out.
// Re-imports find entries imported then under it.
func jrnlLegacyID(at time.Time, t string) journal.ID {
	first, rest, more := strings.Cut(t, "\n")
	first = strings.TrimSpace(first)
	if strings.HasSuffix(first, " *") || first == "*" {
		first = strings.TrimSpace(strings.TrimSuffix(first, "*"))
	}
	if strings.HasPrefix(first, "*") {
		first = strings.TrimSpace(first[1:])
	}
	content := first
	if more {
		content += "\n" + rest
	}
	content = strings.TrimRight(content, "\n \t")
	return imports.StableID("jrnl", at.Format("2006-01-02T15:04:05")+"Z", content)
}

// jrnlSplit splits an entry's text, text[start:end], into title and body
// as jrnl does: a * ending the first line (the star) is dropped; the title
// is the first line that has text when more lines follow it, else the
// first sentence of that line. The body keeps its Markdown as written,
// without blank lines around it, and shares text's memory where it can.
func jrnlSplit(text string, start, end int) (title, body string) {
	t := text[start:end]
	firstEnd := strings.IndexByte(t, '\n')
	hasNL := firstEnd >= 0
	if !hasNL {
		firstEnd = len(t)
	}
	first := t[:firstEnd]
	starred := strings.HasSuffix(strings.TrimSpace(first), "*")
	if starred {
		first = strings.Trim(first, "\n *")
	}
	// The line that gives the title, and whether a line break follows it.
	lineStart, lineEnd, nlAfter := 0, firstEnd, hasNL || starred
	line := first
	if strings.TrimSpace(first) == "" {
		p := firstEnd + 1
		line = ""
		for p < len(t) {
			e := strings.IndexByte(t[p:], '\n')
			if e < 0 {
				e = len(t)
			} else {
				e += p
			}
			if strings.TrimSpace(t[p:e]) != "" {
				lineStart, lineEnd, nlAfter, line = p, e, e < len(t), t[p:e]
				break
			}
			p = e + 1
		}
		if line == "" {
			return "", ""
		}
	}
	if nlAfter {
		return strings.TrimSpace(line), bodyIn(text, start+min(lineEnd+1, len(t)), end)
	}
	lead := len(line) - len(strings.TrimLeftFunc(line, unicode.IsSpace))
	if n := sentenceEnd(line[lead:]); n > 0 {
		cut := start + lineStart + lead + n
		return strings.TrimSpace(line[:lead+n]), bodyIn(text, cut, end)
	}
	return strings.TrimSpace(line), ""
}

// bodyIn is text[from:to] without blank lines at the start and white space
// at the end, ending with a line break; it slices text when text has the
// line break there, and copies only otherwise.
func bodyIn(text string, from, to int) string {
	if from >= to {
		return ""
	}
	i, j := bodyBounds(text[from:to])
	if i == j {
		return ""
	}
	if e := from + j; e < len(text) && text[e] == '\n' {
		return text[from+i : e+1]
	}
	return text[from+i:from+j] + "\n"
}

// sentenceEnd returns where the first sentence of s ends, with the white
// space after it, by jrnl's rule: a sentence terminal (. ! ? … and the
// like), an optional closing quote and closing brackets, then white space;
// or a CJK full stop, question or exclamation mark. It returns 0 when s is
// one sentence.
func sentenceEnd(s string) int {
	for i, r := range s {
		switch r {
		case '！', '．', '？', '｡', '。':
			return i + utf8.RuneLen(r)
		case '.', '!', '?', '…', '‼', '‽', '⁇', '⁈', '⁉', '⋯', '﹒', '﹗':
		default:
			continue
		}
		j := i + utf8.RuneLen(r)
		if q, n := utf8.DecodeRuneInString(s[j:]); strings.ContainsRune(`'’"”`, q) {
			j += n
		}
		for j < len(s) && (s[j] == ']' || s[j] == ')') {
			j++
		}
		k := j
		for k < len(s) {
			q, n := utf8.DecodeRuneInString(s[k:])
			if !unicode.IsSpace(q) {
				break
			}
			k += n
		}
		if k > j && k < len(s) {
			return k
		}
	}
	return 0
}
