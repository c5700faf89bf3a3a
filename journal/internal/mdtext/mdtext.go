// Package mdtext turns Markdown into the plain text a reader sees when it is
// rendered, for search, snippets and headlines. It is a small, forgiving
// scanner, not a renderer: it never fails and is cheap on text with no
// Markdown in it.
package mdtext

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// markdownBytes are the bytes that can start Markdown syntax; text without
// any of them is already plain.
const markdownBytes = "*_`#>[]<!\\&-+=~|"

// PlainText returns the words a reader sees when the Markdown text md is
// rendered, as plain text: heading #s, quote >s, list bullets, emphasis
// markers, code backticks and fences, HTML tags and comments, and link and
// image syntax are dropped ([text](url) keeps its text, ![alt](url) its
// alt text, <https://…> its address); backslash escapes and character
// references are resolved. Block elements end up on lines of their own;
// ordered list numbers stay, as they are shown. It follows CommonMark
// closely enough for search and snippets, never fails, and is cheap: text
// without any Markdown character is returned as it is.
func PlainText(md string) string {
	if !strings.ContainsAny(md, markdownBytes) {
		return md
	}
	var out strings.Builder
	out.Grow(len(md))
	var para []string // lines of the paragraph being read
	var scratch []piece
	flush := func() {
		if len(para) > 0 {
			writeInline(&out, strings.Join(para, "\n"), &scratch)
			out.WriteByte('\n')
			para = para[:0]
		}
	}
	var fence byte // '`' or '~' inside a fenced code block
	fenceLen := 0
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimRight(line, "\r")
		if fence != 0 {
			if c, n, rest := fenceOf(strings.TrimLeft(line, " \t")); c == fence && n >= fenceLen && strings.TrimSpace(rest) == "" {
				fence = 0
				continue
			}
			out.WriteString(line) // code is shown as it is
			out.WriteByte('\n')
			continue
		}
		line, block := stripBlockMarkers(line)
		switch {
		case block == blockFence:
			flush()
			fence, fenceLen, _ = fenceOf(line)
		case block == blockDrop:
			flush()
		case block == blockHeading:
			flush()
			writeInline(&out, line, &scratch)
			out.WriteByte('\n')
		case strings.TrimSpace(line) == "":
			flush()
		case block == blockItem:
			flush()
			para = append(para, line)
		default:
			para = append(para, line)
		}
	}
	flush()
	return strings.TrimRight(out.String(), "\n")
}

// Kinds of line stripBlockMarkers recognises.
const (
	blockText    = iota
	blockItem    // a list item starts a block of its own
	blockHeading // an ATX heading
	blockFence   // a code fence opens
	blockDrop    // a thematic break, setext underline or link definition
)

// stripBlockMarkers removes a line's quote markers, list bullet and heading
// #s, and says what kind of line it is.
func stripBlockMarkers(line string) (string, int) {
	kind := blockText
	for {
		line = strings.TrimLeft(line, " \t")
		switch {
		case strings.HasPrefix(line, ">"):
			line = line[1:]
			continue
		case len(line) >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && (line[1] == ' ' || line[1] == '\t') && !isBreak(line):
			line = line[2:]
			kind = blockItem
			if t := strings.TrimLeft(line, " \t"); len(t) >= 3 && t[0] == '[' && t[2] == ']' && strings.ContainsRune(" xX", rune(t[1])) {
				line = t[3:] // a task box
			}
			continue
		}
		break
	}
	if c, _, _ := fenceOf(line); c != 0 {
		return line, blockFence
	}
	if isBreak(line) || isLinkDefinition(line) {
		return "", blockDrop
	}
	if n := strings.IndexFunc(line, func(r rune) bool { return r != '#' }); n >= 1 && n <= 6 && (line[n] == ' ' || line[n] == '\t') || line != "" && len(line) <= 6 && strings.Trim(line, "#") == "" {
		line = strings.TrimSpace(strings.TrimLeft(line, "#"))
		// A closing sequence of #s after a space goes too.
		if t := strings.TrimRight(line, "#"); t != line && (t == "" || t[len(t)-1] == ' ' || t[len(t)-1] == '\t') {
			line = strings.TrimSpace(t)
		}
		return line, blockHeading
	}
	if orderedItem(line) {
		kind = blockItem
	}
	return line, kind
}

// orderedItem reports whether line starts an ordered list item ("1. ",
// "2) "); its number stays, as it is shown.
func orderedItem(line string) bool {
	i := 0
	for i < len(line) && i < 9 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && (line[i+1] == ' ' || line[i+1] == '\t')
}

// fenceOf returns the fence character and length if line opens or closes
// a fenced code block, and what follows the fence.
func fenceOf(line string) (byte, int, string) {
	if len(line) < 3 || line[0] != '`' && line[0] != '~' {
		return 0, 0, ""
	}
	c := line[0]
	n := 0
	for n < len(line) && line[n] == c {
		n++
	}
	if n < 3 || c == '`' && strings.IndexByte(line[n:], '`') >= 0 {
		return 0, 0, ""
	}
	return c, n, line[n:]
}

// isBreak reports whether line is a thematic break (---, * * *, ___) or a
// setext heading underline (===, ---): a line of one repeated marker.
func isBreak(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" {
		return false
	}
	c := line[0]
	if c != '-' && c != '*' && c != '_' && c != '=' {
		return false
	}
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3 || c == '=' || c == '-' && !strings.ContainsAny(line, " \t")
}

// isLinkDefinition reports whether line defines a link reference:
// "[label]: destination".
func isLinkDefinition(line string) bool {
	if !strings.HasPrefix(line, "[") || strings.HasPrefix(line, "[^") {
		return false
	}
	end := strings.Index(line, "]:")
	return end > 1 && !strings.ContainsAny(line[1:end], "[]") && strings.TrimSpace(line[end+2:]) != ""
}

// inlineBytes are the bytes that can start inline syntax.
const inlineBytes = "\\`![<*_&"

// piece is a run of inline text, or a run of emphasis delimiters that
// may yet be paired.
type piece struct {
	text     string
	delim    byte // '*' or '_' for a delimiter run
	n        int  // delimiters left unpaired
	canOpen  bool
	canClose bool
}

// writeInline writes s without its inline Markdown syntax; scratch is
// reused between calls.
func writeInline(out *strings.Builder, s string, scratch *[]piece) {
	if !strings.ContainsAny(s, inlineBytes) {
		out.WriteString(s)
		return
	}
	*scratch = inlinePieces(s, (*scratch)[:0])
	for _, p := range *scratch {
		if p.delim != 0 {
			out.WriteString(strings.Repeat(string(p.delim), p.n))
		} else {
			out.WriteString(p.text)
		}
	}
}

// inlinePieces splits s into text and delimiter runs, then pairs the
// delimiters that open and close emphasis, which leaves them with n = 0.
func inlinePieces(s string, ps []piece) []piece {
	text := func(t string) {
		if t != "" {
			ps = append(ps, piece{text: t})
		}
	}
	start := 0 // of plain text not yet added
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '\\', '`', '!', '[', '<', '*', '_', '&':
		default:
			i++
			continue
		}
		text(s[start:i])
		switch c {
		case '\\':
			if i+1 < len(s) && isASCIIPunct(s[i+1]) {
				text(s[i+1 : i+2])
				i += 2
			} else {
				text("\\")
				i++
			}
		case '`':
			n := runOf(s, i, '`')
			if end := closingTicks(s, i+n, n); end >= 0 {
				code := strings.ReplaceAll(s[i+n:end], "\n", " ")
				if len(code) >= 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.TrimSpace(code) != "" {
					code = code[1 : len(code)-1]
				}
				text(code)
				i = end + n
			} else {
				text(s[i : i+n])
				i += n
			}
		case '!', '[':
			at := i
			if c == '!' {
				at++
			}
			if label, end, ok := linkAt(s, at); ok && (c == '[' || at < len(s) && s[at] == '[') {
				var b strings.Builder
				var inner []piece // ps is still being filled
				writeInline(&b, label, &inner)
				text(b.String())
				i = end
			} else {
				text(s[i : i+1])
				i++
			}
		case '<':
			if inner, end, kind := angleAt(s, i); kind != angleNone {
				if kind == angleAutolink {
					text(inner)
				}
				i = end
			} else {
				text("<")
				i++
			}
		case '&':
			if end := strings.IndexByte(s[i:], ';'); end > 1 && end <= 32 && isEntityName(s[i+1:i+end]) {
				text(html.UnescapeString(s[i : i+end+1]))
				i += end + 1
			} else {
				text("&")
				i++
			}
		case '*', '_':
			n := runOf(s, i, c)
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+n:])
			if i == 0 {
				before = ' '
			}
			if i+n == len(s) {
				after = ' '
			}
			left := !unicode.IsSpace(after) && (!isPunct(after) || unicode.IsSpace(before) || isPunct(before))
			right := !unicode.IsSpace(before) && (!isPunct(before) || unicode.IsSpace(after) || isPunct(after))
			p := piece{delim: c, n: n, canOpen: left, canClose: right}
			if c == '_' { // no emphasis inside a word with underscores
				p.canOpen = left && (!right || isPunct(before))
				p.canClose = right && (!left || isPunct(after))
			}
			ps = append(ps, p)
			i += n
		}
		start = i
	}
	text(s[start:])
	pairDelimiters(ps)
	return ps
}

// pairDelimiters pairs each closing delimiter run with the nearest open run
// of the same character before it, as CommonMark's emphasis does; runs
// between a pair can no longer open.
func pairDelimiters(ps []piece) {
	for c := range ps {
		if ps[c].delim == 0 || !ps[c].canClose {
			continue
		}
		for o := c - 1; o >= 0 && ps[c].n > 0; o-- {
			if ps[o].delim != ps[c].delim || !ps[o].canOpen || ps[o].n == 0 {
				continue
			}
			k := min(ps[o].n, ps[c].n)
			ps[o].n -= k
			ps[c].n -= k
			for m := o + 1; m < c; m++ {
				ps[m].canOpen = false
			}
		}
	}
}

// runOf counts the bytes c from s[i].
func runOf(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// closingTicks finds a run of exactly n backticks from s[from], or -1.
func closingTicks(s string, from, n int) int {
	for i := from; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		m := runOf(s, i, '`')
		if m == n {
			return i
		}
		i += m
	}
	return -1
}

// linkAt reads a link or image from the '[' at s[i]: "[label](dest)" or
// "[label][ref]". It returns the label and where the link ends.
func linkAt(s string, i int) (label string, end int, ok bool) {
	if i >= len(s) || s[i] != '[' {
		return "", 0, false
	}
	close := matching(s, i, '[', ']')
	if close < 0 || close+1 >= len(s) {
		return "", 0, false
	}
	label = s[i+1 : close]
	switch s[close+1] {
	case '(':
		if e := matching(s, close+1, '(', ')'); e >= 0 {
			return label, e + 1, true
		}
	case '[':
		if e := matching(s, close+1, '[', ']'); e >= 0 && !strings.Contains(s[close+2:e], "\n") {
			return label, e + 1, true
		}
	}
	return "", 0, false
}

// matching finds the closer of the opener at s[i], skipping nested pairs
// and backslash escapes, or -1.
func matching(s string, i int, open, close byte) int {
	depth := 0
	for k := i; k < len(s); k++ {
		switch s[k] {
		case '\\':
			k++
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// What angleAt found.
const (
	angleNone     = iota
	angleAutolink // <https://…> or <name@host>: its text is shown
	angleHTML     // a tag or comment: hidden
)

// angleAt reads an autolink, HTML tag or HTML comment from the '<' at s[i].
func angleAt(s string, i int) (inner string, end, kind int) {
	if strings.HasPrefix(s[i:], "<!--") {
		if e := strings.Index(s[i+4:], "-->"); e >= 0 {
			return "", i + 4 + e + 3, angleHTML
		}
		return "", 0, angleNone
	}
	e := strings.IndexAny(s[i+1:], "<>\n")
	if e < 0 || s[i+1+e] != '>' {
		return "", 0, angleNone
	}
	inner = s[i+1 : i+1+e]
	end = i + 1 + e + 1
	if inner == "" {
		return "", 0, angleNone
	}
	if !strings.ContainsAny(inner, " \t") {
		if c := strings.IndexByte(inner, ':'); c >= 2 && isScheme(inner[:c]) {
			return inner, end, angleAutolink
		}
		if a := strings.IndexByte(inner, '@'); a > 0 && strings.Contains(inner[a:], ".") {
			return inner, end, angleAutolink
		}
	}
	name := strings.TrimPrefix(inner, "/")
	if name == "" || !isASCIILetter(name[0]) {
		return "", 0, angleNone
	}
	k := 1
	for k < len(name) && (isASCIILetter(name[k]) || name[k] >= '0' && name[k] <= '9' || name[k] == '-') {
		k++
	}
	if k < len(name) && name[k] != ' ' && name[k] != '\t' && name[k] != '/' {
		return "", 0, angleNone
	}
	return "", end, angleHTML
}

// isScheme reports whether s is a URI scheme: a letter, then letters,
// digits, "+", "." or "-", 2 to 32 in all.
func isScheme(s string) bool {
	if len(s) < 2 || len(s) > 32 || !isASCIILetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isASCIILetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// isEntityName reports whether s can name a character reference: "amp",
// "#39", "#x27".
func isEntityName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isASCIILetter(c) && !(c >= '0' && c <= '9') && !(i == 0 && c == '#') {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// isPunct is CommonMark's punctuation: ASCII punctuation and Unicode
// punctuation and symbols.
func isPunct(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIPunct(byte(r))
	}
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}
