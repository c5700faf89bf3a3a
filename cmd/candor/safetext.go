package main

import (
	"fmt"
	"strings"
	"unicode"
)

// safeText makes text from a journal or a file safe to print on a
// terminal, on one line: control characters (escape sequences among them,
// which could write the clipboard or clear the screen), line breaks and
// the bidirectional overrides that reorder what is shown are written as
// visible escapes such as \x1b or \u202e.
func safeText(s string) string { return escapeControls(s, false) }

// safeBlock is safeText for text of several lines (an entry's body): line
// breaks and tabs stay.
func safeBlock(s string) string { return escapeControls(s, true) }

func escapeControls(s string, lines bool) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unsafeRune(r, lines) }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unsafeRune(r, lines):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// unsafeRune reports whether r must not reach a terminal as it is.
func unsafeRune(r rune, lines bool) bool {
	if lines && (r == '\n' || r == '\t') {
		return false
	}
	switch {
	case r == unicode.ReplacementChar:
		return false
	case unicode.IsControl(r):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidirectional embeddings, overrides and isolates
	}
	return false
}
