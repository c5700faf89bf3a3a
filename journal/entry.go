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
	// Title is optional; it may not hold control characters (a line break
	// excepted) nor characters that reverse the text's direction.
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

	// The coaching loop: each field is empty (and absent from JSON) when
	// unused.

	// Kind is KindEntry, or KindWeeklyReview for a weekly review.
	Kind Kind `json:"kind,omitempty"`
	// NextStep is a commitment the entry ends with; CheckOn is the day to
	// ask what became of it (by default DefaultCheckOnDays after Date).
	NextStep string `json:"next_step,omitempty"`
	CheckOn  Date   `json:"check_on,omitzero"`
	// Decision is a decision the entry records, with what the writer
	// expects to happen; Confidence is how sure they were, 0 to 100, or nil
	// when they did not say; ReviewOn is the day to review the call (by
	// default DefaultReviewOnDays after Date).
	Decision   string `json:"decision,omitempty"`
	Confidence *int   `json:"confidence,omitempty"`
	ReviewOn   Date   `json:"review_on,omitzero"`
	// Follows is the entry whose next step or decision this entry answers;
	// Outcome is the answer: done, partly or not for a next step, right,
	// wrong or mixed for a decision. An entry that follows another with an
	// outcome closes that follow-up.
	Follows ID      `json:"follows,omitzero"`
	Outcome Outcome `json:"outcome,omitempty"`
}

// Kind tells an ordinary entry from a weekly review.
type Kind string

// The kinds of entry.
const (
	KindEntry        Kind = ""
	KindWeeklyReview Kind = "weekly-review"
)

// ParseKind accepts a kind ID; the empty string means an ordinary entry.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(s); k {
	case KindEntry, KindWeeklyReview:
		return k, nil
	}
	return "", fmt.Errorf("%q is not a kind of entry (use weekly-review, or nothing for an ordinary entry)", clip(s, 40))
}

// Outcome is what became of a next step or a decision that an entry
// follows up.
type Outcome string

// The outcomes: the first three answer a next step, the last three a
// decision.
const (
	OutcomeNone   Outcome = ""
	OutcomeDone   Outcome = "done"
	OutcomePartly Outcome = "partly"
	OutcomeNot    Outcome = "not"
	OutcomeRight  Outcome = "right"
	OutcomeWrong  Outcome = "wrong"
	OutcomeMixed  Outcome = "mixed"
)

// outcomeCodes numbers the outcomes for the binary forms; the order is
// stored and must never change.
var outcomeCodes = []Outcome{OutcomeNone, OutcomeDone, OutcomePartly, OutcomeNot, OutcomeRight, OutcomeWrong, OutcomeMixed}

// ParseOutcome accepts an outcome ID; the empty string means none.
func ParseOutcome(s string) (Outcome, error) {
	for _, o := range outcomeCodes {
		if string(o) == s {
			return o, nil
		}
	}
	return "", fmt.Errorf("%q is not an outcome (use done, partly or not for a next step; right, wrong or mixed for a decision)", clip(s, 40))
}

// OfCommitment reports whether o answers a next step.
func (o Outcome) OfCommitment() bool {
	return o == OutcomeDone || o == OutcomePartly || o == OutcomeNot
}

// OfDecision reports whether o answers a decision.
func (o Outcome) OfDecision() bool {
	return o == OutcomeRight || o == OutcomeWrong || o == OutcomeMixed
}

// Defaults of the coaching loop, in days after the entry's date.
const (
	DefaultCheckOnDays  = 7
	DefaultReviewOnDays = 30
)

// MaxStepRunes limits a next step and a decision.
const MaxStepRunes = 2000

// ConfidenceOf returns a pointer to c, for Entry.Confidence.
func ConfidenceOf(c int) *int { return &c }

// Normalize tidies an entry in place the way the store does before saving:
// it trims the title, tags, next step and decision, drops empty and
// repeated tags (compared without regard to case), makes Tags non-nil, and
// gives a next step without a check-on date the default one
// (DefaultCheckOnDays after the entry's date) and a decision without a
// review date the default one (DefaultReviewOnDays after). The body is
// never touched.
func (e *Entry) Normalize() {
	e.Title = strings.TrimSpace(e.Title)
	e.PromptID = strings.TrimSpace(e.PromptID)
	e.NextStep = strings.TrimSpace(e.NextStep)
	e.Decision = strings.TrimSpace(e.Decision)
	if e.NextStep != "" && e.CheckOn.IsZero() && e.Date.Valid() {
		e.CheckOn = e.Date.AddDays(DefaultCheckOnDays)
	}
	if e.Decision != "" && e.ReviewOn.IsZero() && e.Date.Valid() {
		e.ReviewOn = e.Date.AddDays(DefaultReviewOnDays)
	}
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
	if p := unsafeText(e.Title, false); p != "" {
		return bad("title", "contains %s", p)
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
		if p := unsafeText(t, true); p != "" {
			return bad("tags", "a tag contains %s", p)
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
	return e.validateCoaching(bad)
}

// validateCoaching checks the fields of the coaching loop.
func (e *Entry) validateCoaching(bad func(field, format string, a ...any) error) error {
	if _, err := ParseKind(string(e.Kind)); err != nil {
		return bad("kind", "must be weekly-review or empty")
	}
	for _, f := range []struct{ name, text string }{{"next_step", e.NextStep}, {"decision", e.Decision}} {
		if !utf8.ValidString(f.text) {
			return bad(f.name, "is not valid UTF-8 text")
		}
		if n := utf8.RuneCountInString(f.text); n > MaxStepRunes {
			return bad(f.name, "has %d characters; at most %d are allowed", n, MaxStepRunes)
		}
		if p := unsafeText(f.text, false); p != "" {
			return bad(f.name, "contains %s", p)
		}
	}
	for _, f := range []struct {
		name, needs string
		day         Date
		set         bool
	}{{"check_on", "next step", e.CheckOn, e.NextStep != ""}, {"review_on", "decision", e.ReviewOn, e.Decision != ""}} {
		if f.day.IsZero() {
			continue
		}
		if !f.set {
			return bad(f.name, "needs a %s to go with it", f.needs)
		}
		if !f.day.Valid() {
			return bad(f.name, "must be a real day between years %d and %d", minYear, maxYear)
		}
		if e.Date.Valid() && f.day.Before(e.Date) {
			return bad(f.name, "is %s, before the entry's date %s", f.day, e.Date)
		}
	}
	if e.Confidence != nil {
		if e.Decision == "" {
			return bad("confidence", "needs a decision to go with it")
		}
		if c := *e.Confidence; c < 0 || c > 100 {
			return bad("confidence", "is %d; it must be from 0 to 100", c)
		}
	}
	if _, err := ParseOutcome(string(e.Outcome)); err != nil {
		return bad("outcome", "must be done, partly, not, right, wrong, mixed or empty")
	}
	if e.Outcome != OutcomeNone && e.Follows.IsZero() {
		return bad("outcome", "needs the entry it follows up (follows)")
	}
	if !e.Follows.IsZero() && e.Follows == e.ID {
		return bad("follows", "names the entry itself")
	}
	return nil
}

// CheckAnswers checks that the outcome of e fits what the entry it follows,
// followed, records: done, partly or not need a next step there, right,
// wrong or mixed a decision. It returns a *ValidationError or nil.
func (e *Entry) CheckAnswers(followed *Entry) error {
	bad := func(problem string) error { return &ValidationError{Field: "outcome", Problem: problem} }
	switch {
	case e.Outcome.OfCommitment() && followed.NextStep == "":
		return bad(fmt.Sprintf("is %q, but entry %s records no next step", e.Outcome, followed.ID))
	case e.Outcome.OfDecision() && followed.Decision == "":
		return bad(fmt.Sprintf("is %q, but entry %s records no decision", e.Outcome, followed.ID))
	}
	return nil
}

// unsafeText says what s holds that a one-line field must not: a control
// character (a tab excepted and, unless strict, a line feed, since titles
// imported from other journals may span lines; never a carriage return,
// which lets text overwrite itself on a terminal), or a character that
// changes the direction text is shown in (the bidirectional embeddings,
// overrides, isolates and marks), which can make text read otherwise than
// it is stored. It returns "" when s is fine.
func unsafeText(s string, strict bool) string {
	for _, r := range s {
		switch {
		case r == '\t' || (!strict && r == '\n'):
		case r == '\n':
			return "a line break"
		case unicode.IsControl(r):
			return fmt.Sprintf("a control character (U+%04X)", r)
		case isBidiControl(r):
			return fmt.Sprintf("a character that changes the text's direction (U+%04X)", r)
		}
	}
	return ""
}

// isBidiControl reports whether r is one of the invisible characters that
// reorder the text around them: the bidirectional embeddings and overrides
// (U+202A to U+202E) and isolates (U+2066 to U+2069). The marks (U+200E,
// U+200F, U+061C) only set the direction of the character beside them, and
// right-to-left writing needs them: they are allowed.
func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// Clone returns a deep copy of e.
func (e Entry) Clone() Entry {
	e.Tags = append([]string(nil), e.Tags...)
	if e.Tags == nil {
		e.Tags = []string{}
	}
	if e.Confidence != nil {
		e.Confidence = ConfidenceOf(*e.Confidence)
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
