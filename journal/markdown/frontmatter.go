package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file writes the front matter of an exported entry without the YAML
// encoder, byte for byte as go.yaml.in/yaml/v3 writes it, for the values
// whose YAML form is easy to tell: one line of printable characters of the
// Basic Multilingual Plane that YAML reads as a string (written plain, or
// in single quotes when plain would read otherwise, as after "- " or with
// ": " inside), a date or time (in double quotes), a number. The encoder
// took 20 to 40 times as long (60-180 µs an entry on a loaded two-core
// machine, against 3-7 µs) and was most of a folder export's own work.
// When any value is of another kind (a line break, a tab, an emoji, a
// leading digit, a word YAML would read as a boolean or null),
// writeFrontMatter reports false and Render runs the encoder for the whole
// entry. The tests (and FuzzFrontMatter) compare both ways on tricky and
// random values.

// yamlIndent is the indentation the encoder is set to, in Render.
const yamlIndent = 2

// writeFrontMatter appends fm to b as "key: value" lines, in the order and
// form the YAML encoder writes them, and reports whether it could; when it
// reports false, b holds a partial write the caller must drop.
func writeFrontMatter(b *bytes.Buffer, fm *frontMatter) bool {
	ok := idValue(b, "id", fm.ID) &&
		timeValue(b, "date", fm.Date, "2006-1-2") &&
		timeValue(b, "created", fm.Created, time.RFC3339Nano) &&
		timeValue(b, "updated", fm.Updated, time.RFC3339Nano) &&
		stringValue(b, "title: ", fm.Title) &&
		stringValue(b, "area: ", fm.Area)
	if !ok {
		return false
	}
	intValue(b, "rating", fm.Rating)
	if !stringValue(b, "role: ", fm.Role) {
		return false
	}
	if len(fm.Tags) == 0 {
		b.WriteString("tags: []\n")
	} else {
		b.WriteString("tags:\n")
		item := strings.Repeat(" ", yamlIndent) + "- "
		for _, t := range fm.Tags {
			if !stringValue(b, item, t) {
				return false
			}
		}
	}
	ok = stringValue(b, "prompt_id: ", fm.PromptID) &&
		stringValue(b, "prompt: ", fm.Prompt) &&
		(fm.Kind == "" || stringValue(b, "kind: ", fm.Kind)) &&
		(fm.NextStep == "" || stringValue(b, "next_step: ", fm.NextStep)) &&
		(fm.CheckOn == "" || timeValue(b, "check_on", fm.CheckOn, "2006-1-2")) &&
		(fm.Decision == "" || stringValue(b, "decision: ", fm.Decision))
	if !ok {
		return false
	}
	if fm.Confidence != nil {
		intValue(b, "confidence", *fm.Confidence)
	}
	return (fm.ReviewOn == "" || timeValue(b, "review_on", fm.ReviewOn, "2006-1-2")) &&
		(fm.Follows == "" || idValue(b, "follows", fm.Follows)) &&
		(fm.Outcome == "" || stringValue(b, "outcome: ", fm.Outcome))
}

// intValue writes key and n.
func intValue(b *bytes.Buffer, key string, n int) {
	b.WriteString(key)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(n))
	b.WriteByte('\n')
}

// stringValue writes prefix ("key: " or "  - "), s and a line break: the
// empty string as "" (YAML would read nothing as null), s plain when YAML
// reads it back as the same string, else in single quotes. It reports
// false, having written nothing, when s needs the encoder: when it holds a
// character outside quickRune, or might read as something else than a
// string (a number, a date, a boolean, null).
func stringValue(b *bytes.Buffer, prefix, s string) bool {
	if s == "" {
		b.WriteString(prefix)
		b.WriteString("\"\"\n")
		return true
	}
	if !readsAsString(s) || !utf8.ValidString(s) {
		return false
	}
	plain := true
	prevSpace := true // the start counts as a space before '#'
	for i, r := range s {
		if !quickRune(r) {
			return false
		}
		next := byte(' ') // the end counts as a space after ':'
		if i+1 < len(s) {
			next = s[i+1]
		}
		switch r {
		case ':':
			plain = plain && next != ' '
		case '#':
			plain = plain && !prevSpace
		}
		prevSpace = r == ' '
	}
	plain = plain && s[0] != ' ' && s[len(s)-1] != ' ' && !indicatorStart(s)
	b.WriteString(prefix)
	if plain {
		b.WriteString(s)
	} else {
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(s, "'", "''"))
		b.WriteByte('\'')
	}
	b.WriteByte('\n')
	return true
}

// quickRune reports whether r may stand in a value stringValue writes: a
// printable ASCII character (a tab is not), or a printable character of
// the Basic Multilingual Plane that YAML counts as neither a line break nor
// a byte-order mark. The encoder escapes the others in double quotes.
func quickRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0x20 && r <= 0x7e
	}
	return r >= 0xa0 && r <= 0xfffd && r != 0xfeff && r != 0x2028 && r != 0x2029 && unicode.IsGraphic(r)
}

// readsAsString reports whether YAML surely reads s, written plain, as a
// string: its first character is not one that may start a number, a date,
// a special float or a merge key, and it is not one of the words YAML 1.1
// or 1.2 reads as a boolean or null (in any letter case, to be safe).
func readsAsString(s string) bool {
	if strings.IndexByte("+-.0123456789~<", s[0]) >= 0 {
		return false
	}
	if len(s) > 5 {
		return true
	}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null":
		return false
	}
	return true
}

// indicatorStart reports whether s starts with a character YAML reads as
// syntax when it begins a plain value ("#", "&", "'", "? " and the like).
// A leading "-" or "." never gets here (see readsAsString).
func indicatorStart(s string) bool {
	switch s[0] {
	case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return true
	case '?', ':':
		return len(s) == 1 || s[1] == ' '
	}
	return false
}

// idValue writes key and an entry ID, plain: it reports false when the ID
// is not of lower-case letters and digits or holds no letter that no
// number uses (such an ID might read as a number).
func idValue(b *bytes.Buffer, key, id string) bool {
	if !strings.ContainsAny(id, "ghjkmqrstvwyz") || strings.ContainsFunc(id, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z')
	}) {
		return false
	}
	b.WriteString(key)
	b.WriteString(": ")
	b.WriteString(id)
	b.WriteByte('\n')
	return true
}

// timeValue writes key and s in double quotes, as the encoder writes a
// string it would otherwise read as a timestamp; it reports false unless s
// is one: a four-digit year, then the rest of layout.
func timeValue(b *bytes.Buffer, key, s, layout string) bool {
	if len(s) < 5 || s[4] != '-' || strings.ContainsFunc(s[:4], func(r rune) bool { return r < '0' || r > '9' }) {
		return false
	}
	if _, err := time.Parse(layout, s); err != nil || strings.ContainsAny(s, "\"\\") {
		return false
	}
	b.WriteString(key)
	b.WriteString(": \"")
	b.WriteString(s)
	b.WriteString("\"\n")
	return true
}
