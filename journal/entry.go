package journal

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"candor/journal/internal/mdtext"
)

// Area is one of the three areas of leadership Candor tracks.
type Area string

// The areas, with the IDs fixed by Candor's contract.
const (
	AreaNone           Area = ""
	AreaVision         Area = "vision"
	AreaMotivation     Area = "motivation"
	AreaProblemSolving Area = "problem-solving"
)

// Areas lists the areas in display order.
var Areas = []Area{AreaVision, AreaMotivation, AreaProblemSolving}

// ParseArea accepts an area ID; the empty string means no area.
func ParseArea(s string) (Area, error) {
	switch a := Area(s); a {
	case AreaNone, AreaVision, AreaMotivation, AreaProblemSolving:
		return a, nil
	}
	return "", fmt.Errorf("%q is not an area (use vision, motivation or problem-solving)", clip(s, 40))
}

// Role says whether the moment an entry describes was one of leading or of
// managing; empty means the entry does not say.
type Role string

// The roles.
const (
	RoleNone    Role = ""
	RoleLeader  Role = "leader"
	RoleManager Role = "manager"
)

// ParseRole accepts a role ID; the empty string means no role.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleNone, RoleLeader, RoleManager:
		return r, nil
	}
	return "", fmt.Errorf("%q is not a role (use leader or manager)", clip(s, 40))
}

// Limits on entry fields.
const (
	MaxBodyBytes  = 1 << 20 // 1 MiB
	MaxTitleRunes = 500
	MaxTags       = 50
	MaxTagRunes   = 64
	MaxPromptRune = 2000
)

var promptIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// Entry is one journal entry. Its JSON form is the one Candor's contract
// fixes for `show --json` and the Markdown export's front matter.
type Entry struct {
	// ID is assigned by the store when the entry is added.
	ID ID `json:"id"`
	// Date is the day the entry is about.
	Date Date `json:"date"`
	// Created and Updated are set by the store, in UTC, to the second.
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// Title is optional; it may not hold control characters.
	Title string `json:"title"`
	// Body is Markdown, kept byte for byte, at most 1 MiB.
	Body string `json:"body"`
	// Area is the area of leadership the entry reflects on, or empty.
	Area Area `json:"area"`
	// Rating is how well the user led that day, 1 to 5, or 0 for none.
	Rating int `json:"rating"`
	// Role says whether the moment was one of leading or managing, or empty.
	Role Role `json:"role"`
	// Tags are free labels; never nil in a stored entry.
	Tags []string `json:"tags"`
	// PromptID and Prompt record the prompt the entry answers, if any.
	PromptID string `json:"prompt_id"`
	Prompt   string `json:"prompt"`
}

// Normalize tidies an entry in place the way the store does before saving:
// it trims the title and tags, drops empty and repeated tags (compared
// without regard to case) and makes Tags non-nil. The body is never touched.
func (e *Entry) Normalize() {
	e.Title = strings.TrimSpace(e.Title)
	e.PromptID = strings.TrimSpace(e.PromptID)
	tags := make([]string, 0, len(e.Tags))
	seen := make(map[string]bool, len(e.Tags))
	for _, t := range e.Tags {
		t = strings.TrimSpace(t)
		k := strings.ToLower(t)
		if t == "" || seen[k] {
			continue
		}
		seen[k] = true
		tags = append(tags, t)
	}
	e.Tags = tags
}

// Validate checks every field and returns a *ValidationError for the first
// one that is wrong. It does not check the ID or the timestamps, which the
// store assigns.
func (e *Entry) Validate() error {
	bad := func(field, format string, a ...any) error {
		return &ValidationError{Field: field, Problem: fmt.Sprintf(format, a...)}
	}
	if !e.Date.Valid() {
		return bad("date", "must be a real day between years %d and %d", minYear, maxYear)
	}
	if !utf8.ValidString(e.Title) {
		return bad("title", "is not valid UTF-8 text")
	}
	if n := utf8.RuneCountInString(e.Title); n > MaxTitleRunes {
		return bad("title", "has %d characters; at most %d are allowed", n, MaxTitleRunes)
	}
	if hasControl(e.Title, false) {
		return bad("title", "contains control characters")
	}
	if !utf8.ValidString(e.Body) {
		return bad("body", "is not valid UTF-8 text")
	}
	if len(e.Body) > MaxBodyBytes {
		return bad("body", "is %d bytes; at most 1 MiB is allowed", len(e.Body))
	}
	if strings.ContainsRune(e.Body, 0) {
		return bad("body", "contains a NUL character")
	}
	if _, err := ParseArea(string(e.Area)); err != nil {
		return bad("area", "must be vision, motivation, problem-solving or empty")
	}
	if e.Rating < 0 || e.Rating > 5 {
		return bad("rating", "must be from 1 to 5, or 0 for none")
	}
	if _, err := ParseRole(string(e.Role)); err != nil {
		return bad("role", "must be leader, manager or empty")
	}
	if len(e.Tags) > MaxTags {
		return bad("tags", "has %d tags; at most %d are allowed", len(e.Tags), MaxTags)
	}
	for _, t := range e.Tags {
		if !utf8.ValidString(t) {
			return bad("tags", "a tag is not valid UTF-8 text")
		}
		if strings.TrimSpace(t) == "" {
			return bad("tags", "a tag is empty")
		}
		if utf8.RuneCountInString(t) > MaxTagRunes {
			return bad("tags", "a tag is longer than %d characters", MaxTagRunes)
		}
		if hasControl(t, true) {
			return bad("tags", "a tag contains a line break or control character")
		}
	}
	if e.PromptID != "" && !promptIDPattern.MatchString(e.PromptID) {
		return bad("prompt_id", "must be lower-case letters, digits and dashes")
	}
	if !utf8.ValidString(e.Prompt) {
		return bad("prompt", "is not valid UTF-8 text")
	}
	if n := utf8.RuneCountInString(e.Prompt); n > MaxPromptRune {
		return bad("prompt", "has %d characters; at most %d are allowed", n, MaxPromptRune)
	}
	return nil
}

// hasControl reports control characters other than tab and, unless strict,
// line breaks (titles imported from other journals may span lines).
func hasControl(s string, strict bool) bool {
	for _, r := range s {
		if r == '\t' || (!strict && (r == '\n' || r == '\r')) {
			continue
		}
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// Clone returns a deep copy of e.
func (e Entry) Clone() Entry {
	e.Tags = append([]string(nil), e.Tags...)
	if e.Tags == nil {
		e.Tags = []string{}
	}
	return e
}

// HasTag reports whether e carries tag, compared without regard to case.
func (e *Entry) HasTag(tag string) bool {
	for _, t := range e.Tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}

// Headline is the title, or else the first non-empty line of the body as
// the reader sees it (without Markdown, see PlainText), for lists; it is
// cut to about n characters.
func (e *Entry) Headline(n int) string {
	s := e.Title
	if s == "" {
		for _, line := range strings.Split(mdtext.PlainText(e.Body), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				s = line
				break
			}
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	return clip(s, n)
}
