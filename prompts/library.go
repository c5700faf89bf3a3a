package prompts

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The areas, as in Candor's contract.
const (
	AreaVision         = "vision"
	AreaMotivation     = "motivation"
	AreaProblemSolving = "problem-solving"
)

// Areas lists the areas in display order.
var Areas = []string{AreaVision, AreaMotivation, AreaProblemSolving}

// TraitLeadOrManage is the trait of prompts that ask whether a moment called
// for leading or managing; entries answering them record a role.
const TraitLeadOrManage = "lead-or-manage"

// TraitOwn is the trait of the user's own prompts when none is given.
const TraitOwn = "own"

// TraitCheckIn is the trait of check-in prompts, which ask about an area the
// user keeps passing over instead of repeating it.
const TraitCheckIn = "check-in"

// KindCheckIn is the Kind of check-in prompts; daily prompts have none.
const KindCheckIn = "check-in"

// MaxFollowUps is how many go-deeper questions a prompt may carry.
const MaxFollowUps = 2

// Prompt is one coaching question. Its JSON form is the contract's
// {"id","area","trait","text","follow_ups","workday_only"}, plus "asks_role",
// "forward", "own" and, for check-ins, "kind".
type Prompt struct {
	// ID is permanent; entries refer to it.
	ID string `json:"id" yaml:"id"`
	// Area is vision, motivation or problem-solving.
	Area string `json:"area" yaml:"area"`
	// Trait is the ID of the leader trait the prompt works on.
	Trait string `json:"trait" yaml:"trait"`
	// Text is the question.
	Text string `json:"text" yaml:"text"`
	// AsksRole marks prompts on leading versus managing.
	AsksRole bool `json:"asks_role" yaml:"asks_role"`
	// FollowUps are one or two go-deeper questions the app reveals on
	// request ("And what else?", "By when?").
	FollowUps []string `json:"follow_ups" yaml:"follow_ups"`
	// WorkdayOnly marks prompts that need a working day (a meeting, the team
	// that day); they are never given on days off.
	WorkdayOnly bool `json:"workday_only" yaml:"workday_only"`
	// Forward marks prompts that look ahead: a plan, a next step, a date.
	Forward bool `json:"forward" yaml:"forward"`
	// Kind is empty for daily prompts and KindCheckIn for check-ins, which
	// are never in the rotation.
	Kind string `json:"kind,omitempty" yaml:"kind"`
	// Own marks the user's own prompts.
	Own bool `json:"own" yaml:"-"`
	// Retired prompts stay in the file (their IDs are taken) but are never
	// chosen.
	Retired bool `json:"-" yaml:"retired"`
}

// Trait is a leader trait the library covers.
type Trait struct {
	ID   string `json:"id" yaml:"id"`
	Area string `json:"area" yaml:"area"` // empty for traits spanning every area
	Name string `json:"name" yaml:"name"`
}

// Library is a set of prompts and the traits they cover.
type Library struct {
	Traits  []Trait  `yaml:"traits"`
	Prompts []Prompt `yaml:"prompts"`

	byID map[string]int
}

//go:embed library.yaml
var builtinYAML []byte

var (
	builtinOnce sync.Once
	builtin     *Library
)

// Builtin returns the library shipped with Candor, parsed on first use (so
// commands that never need it do not pay for it). Callers must not modify it.
// The library is checked by the tests, so a parse failure is a build defect.
func Builtin() *Library {
	builtinOnce.Do(func() {
		lib, err := Parse(builtinYAML)
		if err != nil {
			panic("prompts: the built-in library is invalid: " + err.Error())
		}
		builtin = lib
	})
	return builtin
}

// Limits on prompt text.
const (
	MinTextRunes = 20
	MaxTextRunes = 300
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// Parse reads and validates a library in YAML.
func Parse(data []byte) (*Library, error) {
	var lib Library
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&lib); err != nil {
		return nil, fmt.Errorf("reading the prompt library: %w", err)
	}
	if err := lib.validate(); err != nil {
		return nil, err
	}
	return &lib, nil
}

// IsArea reports whether a is one of the three areas.
func IsArea(a string) bool {
	return a == AreaVision || a == AreaMotivation || a == AreaProblemSolving
}

func (l *Library) validate() error {
	traits := map[string]Trait{}
	for _, t := range l.Traits {
		if !idPattern.MatchString(t.ID) || t.Name == "" {
			return fmt.Errorf("trait %q: needs a lower-case ID and a name", t.ID)
		}
		if t.Area != "" && !IsArea(t.Area) {
			return fmt.Errorf("trait %s: unknown area %q", t.ID, t.Area)
		}
		if _, dup := traits[t.ID]; dup {
			return fmt.Errorf("trait %s: listed twice", t.ID)
		}
		traits[t.ID] = t
	}
	l.byID = map[string]int{}
	texts := map[string]string{}
	for i, p := range l.Prompts {
		if !idPattern.MatchString(p.ID) {
			return fmt.Errorf("prompt %q: the ID must be lower-case letters, digits and dashes", p.ID)
		}
		if _, dup := l.byID[p.ID]; dup {
			return fmt.Errorf("prompt %s: the ID is used twice", p.ID)
		}
		l.byID[p.ID] = i
		if !IsArea(p.Area) {
			return fmt.Errorf("prompt %s: unknown area %q", p.ID, p.Area)
		}
		t, ok := traits[p.Trait]
		if !ok {
			return fmt.Errorf("prompt %s: unknown trait %q", p.ID, p.Trait)
		}
		if t.Area != "" && t.Area != p.Area {
			return fmt.Errorf("prompt %s: trait %s belongs to %s, not %s", p.ID, t.ID, t.Area, p.Area)
		}
		if p.AsksRole != (p.Trait == TraitLeadOrManage) {
			return fmt.Errorf("prompt %s: asks_role must be set exactly on %s prompts", p.ID, TraitLeadOrManage)
		}
		if err := checkText(p.Text); err != nil {
			return fmt.Errorf("prompt %s: %w", p.ID, err)
		}
		if (p.Kind == KindCheckIn) != (p.Trait == TraitCheckIn) || (p.Kind != "" && p.Kind != KindCheckIn) {
			return fmt.Errorf("prompt %s: kind %q must be set exactly on %s prompts", p.ID, p.Kind, TraitCheckIn)
		}
		if err := checkFollowUps(p.FollowUps); err != nil {
			return fmt.Errorf("prompt %s: %w", p.ID, err)
		}
		key := normalise(p.Text)
		if other, dup := texts[key]; dup {
			return fmt.Errorf("prompt %s: same text as %s", p.ID, other)
		}
		texts[key] = p.ID
	}
	return nil
}

// checkText applies the length and form rules every prompt follows.
func checkText(s string) error {
	n := utf8.RuneCountInString(s)
	switch {
	case !utf8.ValidString(s):
		return fmt.Errorf("the text is not valid UTF-8")
	case strings.TrimSpace(s) != s:
		return fmt.Errorf("the text has leading or trailing spaces")
	case strings.ContainsAny(s, "\n\r\t"):
		return fmt.Errorf("the text must be one line")
	case strings.ContainsFunc(s, unsafeRune):
		r, _ := utf8.DecodeRuneInString(s[strings.IndexFunc(s, unsafeRune):])
		return fmt.Errorf("the text contains %s", runeProblem(r))
	case n < MinTextRunes:
		return fmt.Errorf("the text is shorter than %d characters", MinTextRunes)
	case n > MaxTextRunes:
		return fmt.Errorf("the text is longer than %d characters", MaxTextRunes)
	}
	return nil
}

// unsafeRune reports a control character, or one of the invisible
// characters that reorder the text around them (bidirectional embeddings,
// overrides and isolates): either could make a prompt show otherwise than
// it reads, on a terminal or on screen. The direction marks are allowed.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// runeProblem names the unsafe rune r in words.
func runeProblem(r rune) string {
	if unicode.IsControl(r) {
		return fmt.Sprintf("a control character (U+%04X)", r)
	}
	return fmt.Sprintf("a character that changes the text's direction (U+%04X)", r)
}

// checkFollowUps applies the rules of go-deeper questions: at most
// MaxFollowUps, each one line of 5 to 200 characters ending in "?" or ".".
func checkFollowUps(fs []string) error {
	if len(fs) > MaxFollowUps {
		return fmt.Errorf("%d follow-up questions, at most %d", len(fs), MaxFollowUps)
	}
	for _, f := range fs {
		n := utf8.RuneCountInString(f)
		switch {
		case !utf8.ValidString(f) || strings.TrimSpace(f) != f || strings.ContainsAny(f, "\n\r\t"):
			return fmt.Errorf("the follow-up %q must be one line without outer spaces", f)
		case n < 5 || n > 200:
			return fmt.Errorf("the follow-up %q must be 5 to 200 characters", f)
		case !strings.HasSuffix(f, "?") && !strings.HasSuffix(f, "."):
			return fmt.Errorf("the follow-up %q must end with a question mark or a full stop", f)
		}
	}
	return nil
}

// openWords start an open question; openVerbs start an open instruction.
var (
	openWords = map[string]bool{"what": true, "how": true, "which": true, "who": true, "whom": true, "whose": true, "where": true, "when": true, "why": true}
	openVerbs = map[string]bool{"write": true, "describe": true, "name": true, "list": true, "note": true}
	// prepositions may come before an open word: "By when?", "To whom?".
	prepositions = map[string]bool{"by": true, "for": true, "to": true, "on": true, "in": true, "from": true, "with": true, "at": true}
)

// HasOpenQuestion reports whether text asks at least one open question: a
// sentence, or a clause after a comma or colon, that starts with what, how,
// which, who, whom, whose, where, when or why (after an optional "and", "so"
// or "but", or a preposition as in "By when?"), or a sentence that tells the writer to write, describe, name,
// list or note something. "Did you…?" alone is closed: it can be answered
// with one word.
func HasOpenQuestion(text string) bool {
	clauses := strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(".?!:;,", r) })
	for i, c := range clauses {
		w := strings.Fields(strings.ToLower(c))
		if len(w) > 0 && (w[0] == "and" || w[0] == "so" || w[0] == "but") {
			w = w[1:]
		}
		if len(w) > 1 && prepositions[w[0]] && openWords[w[1]] {
			w = w[1:] // "By when…?", "For whom…?", "On what date…?"
		}
		if len(w) == 0 {
			continue
		}
		if openWords[w[0]] {
			return true
		}
		if openVerbs[w[0]] && sentenceStart(text, clauses, i) {
			return true
		}
	}
	return false
}

// sentenceStart reports whether clause i of text begins a sentence.
func sentenceStart(text string, clauses []string, i int) bool {
	if i == 0 {
		return true
	}
	at := strings.Index(text, clauses[i])
	before := strings.TrimRight(text[:max(at, 0)], " ")
	return strings.HasSuffix(before, ".") || strings.HasSuffix(before, "?") || strings.HasSuffix(before, "!") || strings.HasSuffix(before, ":")
}

func normalise(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// Get returns the prompt with id.
func (l *Library) Get(id string) (Prompt, bool) {
	i, ok := l.byID[id]
	if !ok {
		return Prompt{}, false
	}
	return l.Prompts[i], true
}

// Trait returns the trait with id.
func (l *Library) Trait(id string) (Trait, bool) {
	for _, t := range l.Traits {
		if t.ID == id {
			return t, true
		}
	}
	if id == TraitOwn {
		return Trait{ID: TraitOwn, Name: "Your own prompt"}, true
	}
	return Trait{}, false
}

// With returns a new library holding l's prompts and the user's own. An own
// prompt whose ID clashes with a built-in one is skipped.
func (l *Library) With(own []Prompt) *Library {
	out := &Library{Traits: l.Traits, byID: map[string]int{}}
	out.Prompts = append(out.Prompts, l.Prompts...)
	for i, p := range out.Prompts {
		out.byID[p.ID] = i
	}
	sorted := append([]Prompt(nil), own...)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a].ID < sorted[b].ID })
	for _, p := range sorted {
		if _, clash := out.byID[p.ID]; clash {
			continue
		}
		p.Own = true
		out.byID[p.ID] = len(out.Prompts)
		out.Prompts = append(out.Prompts, p)
	}
	return out
}

// InArea returns the active (not retired) daily prompts of area, in library
// order; an empty area means every area. Check-ins are not included.
func (l *Library) InArea(area string) []Prompt {
	var out []Prompt
	for _, p := range l.Prompts {
		if !p.Retired && p.Kind == "" && (area == "" || p.Area == area) {
			out = append(out, p)
		}
	}
	return out
}

// CheckIns returns the active check-in prompts of area, in library order.
func (l *Library) CheckIns(area string) []Prompt {
	var out []Prompt
	for _, p := range l.Prompts {
		if !p.Retired && p.Kind == KindCheckIn && p.Area == area {
			out = append(out, p)
		}
	}
	return out
}

// NewOwn validates a prompt the user writes and returns it with the given ID.
// trait may be empty, or the ID of a trait of that area.
func (l *Library) NewOwn(id, area, trait, text string) (Prompt, error) {
	// Line breaks and tabs become spaces; any other control character, and
	// the characters that change the text's direction, are refused.
	for _, r := range text {
		if r != '\n' && r != '\t' && unsafeRune(r) {
			return Prompt{}, fmt.Errorf("the text contains %s", runeProblem(r))
		}
	}
	text = strings.Join(strings.Fields(text), " ")
	if !IsArea(area) {
		return Prompt{}, fmt.Errorf("%q is not an area (use vision, motivation or problem-solving)", area)
	}
	if trait == "" {
		trait = TraitOwn
	} else if t, ok := l.Trait(trait); !ok || trait == TraitCheckIn || (t.Area != "" && t.Area != area) {
		return Prompt{}, fmt.Errorf("%q is not a trait of %s; 'candor prompts --area %s' lists them", trait, area, area)
	}
	if err := checkText(text); err != nil {
		return Prompt{}, err
	}
	if !idPattern.MatchString(id) {
		return Prompt{}, fmt.Errorf("%q is not a valid prompt ID", id)
	}
	return Prompt{ID: id, Area: area, Trait: trait, Text: text, AsksRole: trait == TraitLeadOrManage, Own: true}, nil
}
