package markdown

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// checkFrontMatter writes fm both ways and fails when the quick writer
// accepts it but writes other bytes than the YAML encoder. It reports
// whether the quick writer took it.
func checkFrontMatter(t *testing.T, fm *frontMatter) bool {
	t.Helper()
	var quick, enc bytes.Buffer
	if err := encodeFrontMatter(&enc, fm); err != nil {
		t.Fatal(err)
	}
	if !writeFrontMatter(&quick, fm) {
		return false
	}
	if quick.String() != enc.String() {
		t.Fatalf("front matter differs from the encoder's\nquick:\n%s\nencoder:\n%s", quick.String(), enc.String())
	}
	return true
}

// TestFrontMatterTricky checks values at the edges of the plain form: each
// is either written as the encoder writes it or left to the encoder.
func TestFrontMatterTricky(t *testing.T) {
	conf := 0
	values := []string{
		"", "a", "Entry 0", "yes", "No", "TRUE", "null", "Null", "tRuE", "y", "offset", "on the way",
		"Retro: week 3", "ends with colon:", "a#b", "a #b", "a: b", "- dash", "dash - inside", "#tag",
		"'quoted'", "it's", "\"x\"", "back\\slash", "[link]", "{x}", "a, b", "what? now!", "%percent",
		"@at", "`tick`", "pipe | and > more", "star *bold*", "amp & co", "ends with space ", " starts",
		"two  spaces", "tab\there", "line\nbreak", "café", "Straße", "naïve — dash", "curly ’quote’",
		"nbsp\u00a0here", "ideographic\u3000space", "emoji 🙂", "lrm\u200emark", "bom\ufeff", "nel\u0085",
		"ls\u2028", "控制", "日本語のタイトル", "12 angry men", "2024-01-01", "1e3", ".5", "0x1f", "~",
		strings.Repeat("word ", 30) + "end",
		strings.Repeat("a", 79) + " b c", strings.Repeat("a", 78) + " b c", strings.Repeat("a", 80) + " b c",
		strings.Repeat("a", 81) + "  b", strings.Repeat("é", 85) + " x y",
		"A " + strings.Repeat("longword ", 40),
		strings.Repeat("x", 200),
	}
	took := 0
	for _, v := range values {
		// The value in every field at once, then in each field alone.
		fm := frontMatter{ID: "06h2t36mhja1kwqcfdq0eb0qb0", Date: "2024-03-01", Created: "2024-03-01T10:00:00Z",
			Updated: "2024-03-01T10:00:00.5Z", Title: v, Area: "vision", Rating: 3, Role: v, Tags: []string{v},
			PromptID: v, Prompt: v, Kind: v, NextStep: v, CheckOn: "2024-03-15", Decision: v, Confidence: &conf,
			ReviewOn: "2024-04-01", Follows: "06h2t36mhja1kwqcfdq0eb0qb1", Outcome: v}
		checkFrontMatter(t, &fm)
		for field := range 6 {
			fm := frontMatter{ID: "06h2t36mhja1kwqcfdq0eb0qb0", Date: "2024-03-01", Created: "2024-03-01T10:00:00Z",
				Updated: "2024-03-01T10:00:00Z", Title: "Title", Area: "people", Tags: []string{"a", "b"}}
			switch field {
			case 0:
				fm.Title = v
			case 1:
				fm.Tags = []string{"a", v, "b"}
			case 2:
				fm.Prompt = v
			case 3:
				fm.Role = v
			case 4:
				fm.NextStep = v
			case 5:
				fm.Outcome = v
			}
			if checkFrontMatter(t, &fm) && field == 0 {
				took++
			}
		}
	}
	if took < len(values)/2 {
		t.Errorf("the quick writer took only %d of %d", took, len(values))
	}
	// Odd IDs, dates and times go to the encoder, or match it.
	for _, id := range []string{"00000000000000000000000000", "0x1f0000000000000000000000", "0b10", "1e10", "06h2t36mhja1kwqcfdq0eb0qb0"} {
		checkFrontMatter(t, &frontMatter{ID: id, Date: "2024-03-01", Created: "x", Tags: []string{}})
		checkFrontMatter(t, &frontMatter{ID: id, Date: "2024-03-01", Created: "2024-03-01T10:00:00+02:00", Updated: "0001-01-01T00:00:00Z", Tags: []string{}})
	}
	for _, d := range []string{"10000-01-01", "-001-01-01", "2024-13-01", "2024-3-1", "0000-01-01"} {
		checkFrontMatter(t, &frontMatter{ID: "06h2t36mhja1kwqcfdq0eb0qb0", Date: d, Created: d, Updated: d, CheckOn: d, Tags: []string{}})
	}
}

// TestFrontMatterRandom writes random front matter both ways: whatever the
// quick writer takes must match the encoder byte for byte, and ordinary
// text must mostly be taken.
func TestFrontMatterRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	pieces := []string{"a", "b", "Z", "é", "ß", "—", "’", "1", "9", " ", " ", " ", "  ", ":", ": ", "#", " #",
		"-", "- ", "'", "\"", "?", ",", "[", "}", "!", "&", "*", "|", ">", "%", "@", "`", ".", "\\", "\t",
		"\n", "\u00a0", "🙂", "\u200e", "yes", "no", "true", "null", "word", "leadership", "0", "x"}
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	plainish := func() string {
		// Words and single spaces, of any length up to 700, some with
		// ": " or " #" inside.
		var b strings.Builder
		n := rng.IntN(60)
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString([]string{"team", "Goal", "a", "listen", "café", "feedback", "x", "longerword", "1:1s", "it's", "Retro:", "#tag", "naïve", "(aside)"}[rng.IntN(14)])
		}
		return b.String()
	}
	took, quoted, total := 0, 0, 0
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 20000 {
		// Each field is ordinary text or a random mix, independently.
		pick := func(n int) string {
			if rng.IntN(4) == 0 {
				return word(n)
			}
			return plainish()
		}
		created := base.Add(time.Duration(rng.Int64N(1e18))).Format(time.RFC3339Nano)
		fm := frontMatter{ID: "06h2t36mhja1kwqcfdq0eb0qb0", Date: "2024-03-01", Created: created, Updated: created,
			Title: pick(rng.IntN(12)), Area: "people", Rating: rng.IntN(6), Role: pick(rng.IntN(3)),
			PromptID: pick(rng.IntN(3)), Prompt: pick(rng.IntN(20))}
		for range rng.IntN(4) {
			fm.Tags = append(fm.Tags, pick(1+rng.IntN(3)))
		}
		if fm.Tags == nil {
			fm.Tags = []string{}
		}
		if rng.IntN(3) == 0 {
			c := rng.IntN(101)
			fm.Kind, fm.NextStep, fm.Decision, fm.Confidence = "weekly-review", pick(rng.IntN(10)), pick(rng.IntN(10)), &c
			fm.CheckOn, fm.ReviewOn, fm.Follows, fm.Outcome = "2024-04-01", "2024-05-01", "06h2t36mhja1kwqcfdq0eb0qb1", "done"
		}
		total++
		if checkFrontMatter(t, &fm) {
			took++
			var b bytes.Buffer
			writeFrontMatter(&b, &fm)
			if strings.Contains(b.String(), ": '") {
				quoted++
			}
		}
	}
	if quoted == 0 {
		t.Error("no value was written in single quotes")
	}
	t.Logf("the quick writer took %d of %d", took, total)
	if took < total/4 {
		t.Errorf("the quick writer took only %d of %d", took, total)
	}
}

// BenchmarkRender renders one ordinary entry's front matter each way.
func BenchmarkRender(b *testing.B) {
	fm := frontMatter{ID: "06h2t36mhja1kwqcfdq0eb0qb0", Date: "2024-03-01", Created: "2024-03-01T10:00:00Z",
		Updated: "2024-03-01T10:00:00Z", Title: "A hard conversation with the team", Area: "people", Rating: 4,
		Tags: []string{"feedback", "one-on-one"}, PromptID: "p12", Prompt: "What did you learn from the last hard conversation you had?"}
	b.Run("quick", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			if !writeFrontMatter(&buf, &fm) {
				b.Fatal("not taken")
			}
		}
	})
	b.Run("encoder", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			encodeFrontMatter(&buf, &fm)
		}
	})
}

// FuzzFrontMatter checks that whatever the quick writer takes it writes as
// the YAML encoder does.
func FuzzFrontMatter(f *testing.F) {
	f.Add("Entry 0", "bench", "What did you learn?", "2024-03-01T10:00:00Z")
	f.Add("Retro: week 3", "#tag", " x ", "0001-01-01T00:00:00Z")
	f.Fuzz(func(t *testing.T, title, tag, prompt, created string) {
		fm := frontMatter{ID: "06h2t36mhja1kwqcfdq0eb0qb0", Date: "2024-03-01", Created: created, Updated: created,
			Title: title, Tags: []string{tag}, Prompt: prompt, NextStep: title, Outcome: tag}
		checkFrontMatter(t, &fm)
	})
}
