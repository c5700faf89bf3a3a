package markdown

import (
	"encoding/binary"
	"errors"
	"fmt"
	pathpkg "path"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"candor/journal"
	"candor/journal/imports"
)

// noteFields are the fields a note from another tool holds: never the
// area, rating or role, which are Candor's own, so what the user set in
// Candor survives a re-import. FieldTimes is added when the note gives a
// time of day.
const noteFields = imports.FieldTitle | imports.FieldBody | imports.FieldDate | imports.FieldTags

// SourcePrefix starts the Source of every note imported from Markdown; the
// note's path inside the folder follows it, slash-separated.
const SourcePrefix = "markdown:"

// titleRunes is about how long a title taken from a note's first line may
// be; it is cut at a word boundary before that.
const titleRunes = 100

// splitFrontMatter splits text into its YAML front matter (between a
// first line "---" and the next line "---" or "...") and what follows the
// closing line. has is false when text opens no front matter; closed is
// false when it opens one that never closes.
func splitFrontMatter(text string) (yml, rest string, has, closed bool) {
	if !strings.HasPrefix(text, "---\n") && !strings.HasPrefix(text, "---\r\n") {
		return "", text, false, false
	}
	body := text[strings.IndexByte(text, '\n')+1:]
	for off := 0; off <= len(body); {
		nl := strings.IndexByte(body[off:], '\n')
		line := body[off:]
		if nl >= 0 {
			line = body[off : off+nl]
		}
		if l := strings.TrimRight(line, "\r"); l == "---" || l == "..." {
			rest = ""
			if nl >= 0 {
				rest = body[off+nl+1:]
			}
			return body[:off], rest, true, true
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	return "", text, true, false
}

// yamlProblem turns a YAML error in front matter into the line of the file
// it is on (the front matter starts on line 2) and a message.
func yamlProblem(err error) (int, string) {
	line := 2
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		if n := yamlErrLine(err.Error()); n > 0 {
			line = n + 1
		}
	}
	return line, "the front matter is not valid YAML"
}

// isCandorFrontMatter reports whether the front matter m is one that
// Candor's export wrote: it always writes id, created, updated, role and
// prompt_id, which notes of other tools do not hold all together.
func isCandorFrontMatter(m *yaml.Node) bool {
	need := map[string]bool{"id": true, "created": true, "updated": true, "role": true, "prompt_id": true}
	for i := 0; i+1 < len(m.Content); i += 2 {
		delete(need, m.Content[i].Value)
	}
	return len(need) == 0
}

// prop is one field a note declares about itself, in its front matter or
// as a Logseq property line (key:: value).
type prop struct {
	// node is the value; a property line's is a string scalar.
	node *yaml.Node
	// line is the line of the file it is on.
	line int
}

// text is the value of a scalar, with a Logseq [[link]] around it taken
// off; ok is false for a list or mapping, and for an empty value.
func (p prop) text() (string, bool) {
	if p.node.Kind != yaml.ScalarNode || p.node.Tag == "!!null" {
		return "", false
	}
	s := strings.TrimSpace(p.node.Value)
	if strings.HasPrefix(s, "[[") && strings.HasSuffix(s, "]]") {
		s = strings.TrimSpace(s[2 : len(s)-2])
	}
	return s, s != ""
}

// propertyLine matches a Logseq property line, "key:: value", as a
// bullet or not.
var propertyLine = regexp.MustCompile(`^\s*(?:[-*]\s+)?([A-Za-z][\w-]*)::(?:\s*(.*?))?\s*$`)

// headingLinePattern matches an ATX heading (# to ######), as a Logseq
// bullet or not; its text is the second group.
var headingLinePattern = regexp.MustCompile(`^\s{0,3}(?:[-*]\s+)?#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)

// listMarker matches what starts a list item, a quote or a task, taken
// off a first line that becomes a title.
var listMarker = regexp.MustCompile(`^(?:(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?|>\s*)+`)

// readNote reads one Markdown file: path names it in problems and rel is
// its path inside the folder being imported, slash-separated. A file of
// Candor's own export comes back exactly as exported (no Source, every
// field); any other note as described in ReadSource. A note with no date
// anywhere comes back as a problem with skip set: it is skipped, not
// malformed.
func readNote(path, rel string, data []byte) (in imports.Incoming, p *imports.Problem, skip bool) {
	bad := func(line int, format string, a ...any) *imports.Problem {
		return &imports.Problem{Path: path, Line: line, Msg: fmt.Sprintf(format, a...)}
	}
	text := string(data)
	yml, body, has, closed := splitFrontMatter(text)
	if !has && strings.HasPrefix(text, "\ufeff") { // a byte-order mark
		yml, body, has, closed = splitFrontMatter(text[3:])
	}
	if has && !closed {
		return in, bad(1, "the front matter is not closed with a --- line"), false
	}
	var root *yaml.Node
	if has {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(yml), &doc); err != nil {
			line, msg := yamlProblem(err)
			return in, bad(line, "%s", msg), false
		}
		if len(doc.Content) > 0 {
			root = doc.Content[0]
			if root.Kind != yaml.MappingNode {
				if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
					root = nil
				} else {
					return in, bad(2, "the front matter is not a list of \"key: value\" fields"), false
				}
			}
		}
	}
	if root != nil && isCandorFrontMatter(root) {
		if strings.HasPrefix(strings.TrimPrefix(text, "\ufeff"), "---\r\n") {
			// Candor writes LF only: a file that opens with CRLF was
			// rewritten with Windows line endings (an editor, or Git's
			// core.autocrlf), so it is read back the way it was written.
			body = strings.ReplaceAll(body, "\r\n", "\n")
		}
		e, err := candorEntry(path, root, body)
		if err != nil {
			return in, err, false
		}
		return imports.Incoming{Entry: e, Fields: imports.AllFields}, nil, false
	}
	bodyLine := 1
	if has {
		bodyLine = 3 + strings.Count(yml, "\n")
	}
	in, p, skip = foreignNote(path, rel, root, strings.TrimPrefix(body, "\ufeff"), bodyLine)
	if p == nil {
		// Earlier versions named a note by its file name and content: a
		// re-import of an unchanged note finds the entry made then.
		in.Legacy = imports.StableID("markdown", filepath.Base(path), text)
	}
	return in, p, skip
}

// candorEntry reads a file of Candor's own export: the front matter root
// and the text after it.
func candorEntry(path string, root *yaml.Node, body string) (journal.Entry, *imports.Problem) {
	lineOf := func(key string) int {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == key {
				return root.Content[i].Line + 1
			}
		}
		return 2
	}
	bad := func(key, format string, a ...any) (journal.Entry, *imports.Problem) {
		line := 0
		if key != "" {
			line = lineOf(key)
		}
		return journal.Entry{}, &imports.Problem{Path: path, Line: line, Msg: fmt.Sprintf(format, a...)}
	}
	var cfm frontMatter
	if err := root.Decode(&cfm); err != nil {
		line, _ := yamlProblem(err)
		return journal.Entry{}, &imports.Problem{Path: path, Line: line, Msg: "the front matter has a field of the wrong type"}
	}
	e := journal.Entry{Title: cfm.Title, Area: journal.Area(cfm.Area), Rating: cfm.Rating, Role: journal.Role(cfm.Role), Tags: cfm.Tags, PromptID: cfm.PromptID, Prompt: cfm.Prompt}
	var err error
	if e.ID, err = journal.ParseID(cfm.ID); err != nil {
		return bad("id", "id: %v", err)
	}
	if e.Date, err = journal.ParseDate(cfm.Date); err != nil {
		return bad("date", "date: %v", err)
	}
	if e.Created, err = time.Parse(time.RFC3339Nano, cfm.Created); err != nil {
		return bad("created", "created is not an RFC 3339 time")
	}
	if e.Updated, err = time.Parse(time.RFC3339Nano, cfm.Updated); err != nil {
		return bad("updated", "updated is not an RFC 3339 time")
	}
	e.Created, e.Updated = e.Created.UTC(), e.Updated.UTC()
	if err := coachingFields(&e, &cfm); err != nil {
		return bad("", "%v", err)
	}
	// Render writes one blank line after the front matter, then the title
	// as a heading: neither is part of the body.
	body = strings.TrimPrefix(body, "\n")
	e.Body = strings.TrimPrefix(body, headingLine(e.Title))
	if e.Tags == nil {
		e.Tags = []string{}
	}
	if err := e.Validate(); err != nil {
		return bad("", "%v", err)
	}
	return e, nil
}

// foreignNote reads a note that another tool (or a person) wrote: root is
// its front matter (nil when it has none) and body the text after it,
// which starts on line bodyLine of the file.
func foreignNote(path, rel string, root *yaml.Node, body string, bodyLine int) (imports.Incoming, *imports.Problem, bool) {
	bad := func(line int, format string, a ...any) (imports.Incoming, *imports.Problem, bool) {
		return imports.Incoming{}, &imports.Problem{Path: path, Line: line, Msg: fmt.Sprintf(format, a...)}, false
	}
	props := map[string]prop{}
	if root != nil {
		for i := 0; i+1 < len(root.Content); i += 2 {
			k := strings.ToLower(strings.TrimSpace(root.Content[i].Value))
			if _, dup := props[k]; !dup {
				props[k] = prop{root.Content[i+1], root.Content[i].Line + 1}
			}
		}
	}
	lines := strings.SplitAfter(body, "\n")
	// Logseq page properties: key:: value lines at the top of the page.
	for i, l := range lines {
		s := strings.TrimSpace(l)
		if s == "" {
			continue
		}
		m := propertyLine.FindStringSubmatch(s)
		if m == nil {
			break
		}
		k := strings.ToLower(m[1])
		if _, dup := props[k]; !dup {
			props[k] = prop{&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: m[2]}, bodyLine + i}
		}
	}

	// The date: the front matter's date or created, a title that is a
	// date, or the file's name.
	var date journal.Date
	var at time.Time
	for _, k := range []string{"date", "created"} {
		p, ok := props[k]
		if !ok {
			continue
		}
		v, ok := p.text()
		if !ok {
			if p.node.Kind != yaml.ScalarNode {
				return bad(p.line, "%s: is not a date (it is a list or a set of fields)", k)
			}
			continue // empty
		}
		w, ok, err := parseWhen(v)
		switch {
		case !ok:
			return bad(p.line, "%s: %q cannot be read as a date; write it as YYYY-MM-DD, with a time or not (2021-01-05 09:30)", k, clip(v))
		case err != nil:
			return bad(p.line, "%s: %q %v", k, clip(v), err)
		}
		if date.IsZero() {
			date = w.date
		}
		if at.IsZero() {
			at = w.at
		}
	}
	title := ""
	if p, ok := props["title"]; ok {
		if v, ok := p.text(); ok {
			if w, ok, err := parseWhen(v); ok && err == nil {
				if date.IsZero() {
					date = w.date
				}
				if at.IsZero() {
					at = w.at
				}
			} else {
				title = v
			}
		}
	}
	if date.IsZero() {
		base := rel[strings.LastIndex(rel, "/")+1:]
		stem := strings.TrimSuffix(base, pathpkg.Ext(base))
		w, text, ok, err := nameWhen(stem)
		switch {
		case ok && err != nil:
			return bad(0, "the date %q in its name %v", text, err)
		case ok:
			date = w.date
			if at.IsZero() {
				at = w.at
			}
		}
	}
	if date.IsZero() {
		return imports.Incoming{}, &imports.Problem{Path: path, Msg: "no date in its name or front matter"}, true
	}

	// The title: the front matter's, or a heading that starts the note
	// (taken out of the body), or the note's first line (left in it).
	for i, l := range lines {
		s := strings.TrimSpace(l)
		if s == "" || propertyLine.MatchString(s) {
			continue
		}
		if strings.HasPrefix(s, "```") || strings.HasPrefix(s, "~~~") {
			break // a note that starts with code has no title line
		}
		if m := headingLinePattern.FindStringSubmatch(strings.TrimRight(l, "\r\n")); m != nil {
			h := strings.Join(strings.Fields(m[1]), " ")
			if _, isDate, _ := parseWhen(h); isDate || h == "" {
				continue // "# 2021-01-05" in a daily note is no title
			}
			if title == "" || strings.EqualFold(title, h) {
				if title == "" {
					title = h
				}
				j := i + 1
				for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
					j++
				}
				lead := strings.Join(lines[:i], "")
				if strings.TrimSpace(lead) == "" {
					lead = ""
				}
				body = lead + strings.Join(lines[j:], "")
			}
			break
		}
		if title == "" {
			title = clipTitle(listMarker.ReplaceAllString(s, ""), titleRunes)
		}
		break
	}
	title = clipTitle(title, journal.MaxTitleRunes)
	body = trimLeadingBlankLines(body)

	e := journal.Entry{Date: date, Created: at, Title: title, Body: body, Tags: noteTags(props, lines)}
	e.Normalize()
	if err := e.Validate(); err != nil {
		return bad(0, "%v", err)
	}
	fields := noteFields
	if !at.IsZero() {
		fields |= imports.FieldTimes
	}
	e.ID = noteID(rel, at)
	return imports.Incoming{Entry: e, Source: SourcePrefix + rel, Fields: fields}, nil, false
}

// noteID names a note of another tool: imports.StableID("markdown", rel),
// so the same file is the same entry however it changes. When the note
// gives a time of day, its first six bytes hold that time in milliseconds,
// as every Candor ID's do, so that entries of one day list in the order of
// their times; a note whose time is changed then becomes a new entry.
func noteID(rel string, at time.Time) journal.ID {
	id := imports.StableID("markdown", rel)
	if !at.IsZero() && at.UnixMilli() >= 0 {
		var stamp [8]byte
		binary.BigEndian.PutUint64(stamp[:], uint64(at.UnixMilli()))
		copy(id[:6], stamp[2:])
	}
	return id
}

// trimLeadingBlankLines drops the blank lines a text starts with.
func trimLeadingBlankLines(s string) string {
	for {
		nl := strings.IndexByte(s, '\n')
		if nl < 0 || strings.TrimSpace(s[:nl]) != "" {
			return s
		}
		s = s[nl+1:]
	}
}

// clip shortens a value quoted in a problem.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:59]) + "…"
}

// clipTitle makes s one line of at most n characters, cut at a word
// boundary (with "…") when it is longer.
func clipTitle(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n - 1
	for i := cut; i > n*2/3; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ") + "…"
}

// noteTags gathers a note's tags: the front matter's tags or tag (a list,
// or one string of comma- or space-separated tags), Logseq tags::
// property lines anywhere, and #tags in the text outside code.
func noteTags(props map[string]prop, lines []string) []string {
	var tags []string
	for _, k := range []string{"tags", "tag"} {
		p, ok := props[k]
		if !ok {
			continue
		}
		switch p.node.Kind {
		case yaml.SequenceNode:
			for _, it := range p.node.Content {
				if it.Kind == yaml.ScalarNode {
					tags = append(tags, it.Value)
				}
			}
		case yaml.ScalarNode:
			if p.node.Tag != "!!null" {
				tags = append(tags, splitTagList(p.node.Value)...)
			}
		}
	}
	fence := ""
	for _, l := range lines {
		s := strings.TrimSpace(l)
		// A fenced code block, also inside a Logseq bullet.
		if f := strings.TrimLeft(strings.TrimPrefix(s, "- "), " "); strings.HasPrefix(f, "```") || strings.HasPrefix(f, "~~~") {
			switch {
			case fence == "":
				fence = f[:3]
			case strings.HasPrefix(f, fence):
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		if m := propertyLine.FindStringSubmatch(s); m != nil {
			if k := strings.ToLower(m[1]); k == "tags" || k == "tag" {
				tags = append(tags, splitTagList(m[2])...)
			}
			continue
		}
		tags = append(tags, inlineTags(l)...)
	}
	out := tags[:0]
	for _, t := range tags {
		if t = cleanTag(t); t != "" {
			out = append(out, t)
		}
	}
	if len(out) > journal.MaxTags {
		out = out[:journal.MaxTags]
	}
	return out
}

// splitTagList splits one string of tags: at commas when it has any, else
// at spaces, keeping a Logseq [[multi word]] tag whole.
func splitTagList(s string) []string {
	if strings.Contains(s, ",") {
		return strings.Split(s, ",")
	}
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		start := strings.TrimPrefix(s, "#")
		if strings.HasPrefix(start, "[[") {
			if end := strings.Index(start, "]]"); end >= 0 {
				out = append(out, start[2:end])
				s = start[end+2:]
				continue
			}
		}
		i := strings.IndexFunc(s, unicode.IsSpace)
		if i < 0 {
			i = len(s)
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	return out
}

// cleanTag tidies one tag: without a leading # or a [[link]] around it;
// empty when nothing is left or it cannot be a tag (too long, or with a
// control character).
func cleanTag(t string) string {
	t = strings.TrimSpace(t)
	t = strings.TrimPrefix(t, "#")
	if strings.HasPrefix(t, "[[") && strings.HasSuffix(t, "]]") {
		t = t[2 : len(t)-2]
	}
	t = strings.TrimSpace(t)
	if t == "" || !utf8.ValidString(t) || utf8.RuneCountInString(t) > journal.MaxTagRunes || strings.IndexFunc(t, unicode.IsControl) >= 0 {
		return ""
	}
	return t
}

// inlineTags finds the #tags in one line of text, as Obsidian reads them:
// a # at the start of the line or after a space, then letters, digits, _,
// - and /, not all digits; or Logseq's #[[multi word]]. Code spans, and a
// heading's own #, are not tags; a # inside a URL or a word has no space
// before it.
func inlineTags(line string) []string {
	if !strings.Contains(line, "#") {
		return nil
	}
	line = stripCodeSpans(line)
	var out []string
	closeAt := -1 // where the next "]]" is, once looked for
	for i := 0; i < len(line); i++ {
		if line[i] != '#' {
			continue
		}
		if i > 0 {
			if r, _ := utf8.DecodeLastRuneInString(line[:i]); !unicode.IsSpace(r) {
				continue
			}
		}
		if strings.HasPrefix(line[i+1:], "[[") {
			if closeAt < i+3 && closeAt != len(line) {
				closeAt = len(line) // none
				if k := strings.Index(line[i+3:], "]]"); k >= 0 {
					closeAt = i + 3 + k
				}
			}
			if closeAt < len(line) && closeAt > i+3 {
				out = append(out, line[i+3:closeAt])
				i = closeAt + 1
			}
			continue
		}
		j := i + 1
		letter := false
		for j < len(line) {
			r, n := utf8.DecodeRuneInString(line[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' && r != '/' {
				break
			}
			if !unicode.IsDigit(r) {
				letter = true
			}
			j += n
		}
		if letter {
			out = append(out, strings.TrimRight(line[i+1:j], "/-"))
		}
		i = j - 1
	}
	return out
}

// stripCodeSpans blanks out the code spans of a line (between single
// backticks, or between runs of two or more).
func stripCodeSpans(line string) string {
	if !strings.Contains(line, "`") {
		return line
	}
	var b strings.Builder
	for line != "" {
		i := strings.IndexByte(line, '`')
		if i < 0 {
			b.WriteString(line)
			break
		}
		b.WriteString(line[:i])
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		tick := line[i : i+n]
		end := strings.Index(line[i+n:], tick)
		if end < 0 {
			b.WriteString(line[i:])
			break
		}
		b.WriteString(" ")
		line = line[i+n+end+n:]
	}
	return b.String()
}
