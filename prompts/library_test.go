package prompts

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBuiltinLibraryCoverage(t *testing.T) {
	lib := Builtin()
	if n := len(lib.InArea("")); n < 90 {
		t.Errorf("%d prompts, want at least 90", n)
	}
	perArea := map[string]int{}
	perTrait := map[string]int{}
	roleByArea := map[string]int{}
	idForm := regexp.MustCompile(`^(vision|motivation|problem-solving)-\d{3}$`)
	for _, p := range lib.Prompts {
		perArea[p.Area]++
		perTrait[p.Trait]++
		if p.AsksRole {
			roleByArea[p.Area]++
		}
		if !idForm.MatchString(p.ID) || !strings.HasPrefix(p.ID, p.Area+"-") {
			t.Errorf("%s: built-in IDs are <area>-NNN", p.ID)
		}
		if n := utf8.RuneCountInString(p.Text); n < 40 || n > 250 {
			t.Errorf("%s: %d characters; a prompt should take a few seconds to read", p.ID, n)
		}
		if !strings.Contains(p.Text, "?") && !strings.HasPrefix(p.Text, "Write") && !strings.HasPrefix(p.Text, "Describe") {
			t.Errorf("%s: a prompt should ask something", p.ID)
		}
	}
	for _, a := range Areas {
		if perArea[a] < 30 {
			t.Errorf("%s has %d prompts, want at least 30", a, perArea[a])
		}
		if roleByArea[a] < 3 {
			t.Errorf("%s has %d leading-or-managing prompts, want at least 3", a, roleByArea[a])
		}
	}
	// Every trait the article names, with at least three prompts each.
	for _, tr := range []string{"set-direction", "drive-change", "lead-without-title", "inspire", "listen-mentor",
		"circles-of-influence", "align-and-collaborate", "learn-from-failure", "courage", "bold-risks",
		"long-term", "feedback-humility", "extend-capabilities", TraitLeadOrManage} {
		if perTrait[tr] < 3 {
			t.Errorf("trait %s has %d prompts, want at least 3", tr, perTrait[tr])
		}
		if _, ok := lib.Trait(tr); !ok {
			t.Errorf("trait %s is not described", tr)
		}
	}
}

func TestParseRejectsBadLibraries(t *testing.T) {
	good := `traits:
  - {id: t1, area: vision, name: "T one"}
  - {id: lead-or-manage, area: "", name: "L or M"}
prompts:
  - {id: vision-001, area: vision, trait: t1, text: "What did you see today that nobody else saw?"}
`
	if _, err := Parse([]byte(good)); err != nil {
		t.Fatalf("good library: %v", err)
	}
	// Each bad prompt must be refused for its own fault, not for another one
	// the fixture happens to carry, so the error is matched too.
	for _, tc := range []struct {
		name, prompt, why string
	}{
		{"duplicate id", `{id: vision-001, area: vision, trait: t1, text: "A different question entirely, is it?"}`, "used twice"},
		{"unknown area", `{id: x-1, area: strategy, trait: t1, text: "What did you plan for tomorrow today?"}`, "unknown area"},
		{"unknown trait", `{id: x-2, area: vision, trait: nope, text: "What did you plan for tomorrow today?"}`, "unknown trait"},
		{"too short", `{id: x-3, area: vision, trait: t1, text: "Why?"}`, "shorter than"},
		{"too long", `{id: x-4, area: vision, trait: t1, text: "` + strings.Repeat("word ", 80) + `end?"}`, "longer than"},
		{"duplicate text", `{id: x-5, area: vision, trait: t1, text: "what did you see today that  nobody else saw?"}`, "same text as vision-001"},
		{"bad id", `{id: X 6, area: vision, trait: t1, text: "What did you plan for tomorrow today?"}`, "lower-case letters"},
		{"unknown field", `{id: x-7, area: vision, trait: t1, colour: red, text: "What did you plan for tomorrow today?"}`, "colour"},
		{"role flag missing", `{id: x-8, area: vision, trait: lead-or-manage, text: "Did you lead or manage today, and why?"}`, "asks_role"},
		{"multi-line", `{id: x-9, area: vision, trait: t1, text: "What did you plan\nfor tomorrow today?"}`, "one line"},
		{"trait of another area", `{id: x-10, area: motivation, trait: t1, text: "What did you plan for tomorrow today?"}`, "belongs to vision"},
	} {
		_, err := Parse([]byte(good + "  - " + tc.prompt + "\n"))
		if err == nil || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("%s: got error %v, want one saying %q", tc.name, err, tc.why)
		}
	}
	if _, err := Parse([]byte("prompts: [")); err == nil {
		t.Error("broken YAML accepted")
	}
}

func FuzzParse(f *testing.F) {
	f.Add(builtinYAML)
	f.Add([]byte("traits: []\nprompts: []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lib, err := Parse(data)
		if err != nil {
			return
		}
		for _, p := range lib.Prompts {
			if _, ok := lib.Get(p.ID); !ok || !IsArea(p.Area) {
				t.Fatalf("accepted an inconsistent library: %+v", p)
			}
		}
	})
}

func TestNewOwn(t *testing.T) {
	lib := Builtin()
	p, err := lib.NewOwn("own-abc", AreaVision, "", "  What would  I change first if I ran the team?  ")
	if err != nil || p.Trait != TraitOwn || p.Text != "What would I change first if I ran the team?" || !p.Own {
		t.Fatalf("NewOwn: %+v %v", p, err)
	}
	if _, err := lib.NewOwn("own-abd", AreaVision, "courage", "What would I change first if I ran the team?"); err == nil {
		t.Error("a problem-solving trait was accepted for a vision prompt")
	}
	if p, err := lib.NewOwn("own-abe", AreaMotivation, TraitLeadOrManage, "Did I lead or manage in today's one-on-one?"); err != nil || !p.AsksRole {
		t.Errorf("lead-or-manage own prompt: %+v %v", p, err)
	}
	for _, bad := range []string{"", "short?", strings.Repeat("x", MaxTextRunes+1)} {
		if _, err := lib.NewOwn("own-x", AreaVision, "", bad); err == nil {
			t.Errorf("text %q accepted", bad)
		}
	}
	if _, err := lib.NewOwn("own-x", "strategy", "", "What would I change first if I ran the team?"); err == nil {
		t.Error("unknown area accepted")
	}
}

// TestNoEightWordRunFromTheArticle makes sure the prompts are our own words.
func TestNoEightWordRunFromTheArticle(t *testing.T) {
	b, err := os.ReadFile("../../shared/seed-article.txt")
	if err != nil {
		t.Skip("the seed article (../../shared/seed-article.txt, outside the repository) is absent:", err)
	}
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(strings.NewReplacer("’", "'", "‘", "'").Replace(s)), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'')
		})
	}
	const n = 8
	article := map[string]bool{}
	aw := words(string(b))
	for i := 0; i+n <= len(aw); i++ {
		article[strings.Join(aw[i:i+n], " ")] = true
	}
	if len(article) < 1000 {
		t.Fatalf("only %d runs read from the article: the check would prove nothing", len(article))
	}
	for _, p := range Builtin().Prompts {
		pw := words(p.Text)
		for i := 0; i+n <= len(pw); i++ {
			if run := strings.Join(pw[i:i+n], " "); article[run] {
				t.Errorf("%s copies the article: %q", p.ID, run)
			}
		}
	}
}
