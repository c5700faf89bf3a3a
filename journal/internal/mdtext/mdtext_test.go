package mdtext

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// plainCases are Markdown texts and the plain text a reader sees.
var plainCases = []struct{ name, md, want string }{
	{"no markdown", "Just words, here.", "Just words, here."},
	{"strong and emphasis", "A **bold** and *soft* _word_.", "A bold and soft word."},
	{"nested emphasis", "***both*** and **strong *inside* it**", "both and strong inside it"},
	{"strong inside a word", "foo**bar**baz", "foobarbaz"},
	{"lone stars", "2 * 3 = 6 and a**b", "2 * 3 = 6 and a**b"},
	{"snake case", "snake_case_name stays", "snake_case_name stays"},
	{"underscore emphasis", "__strong__ _em_", "strong em"},
	{"heading", "## Weekly review ##\nBody", "Weekly review\nBody"},
	{"heading levels", "# One\n###### Six\n####### seven", "One\nSix\n####### seven"},
	{"hash not heading", "#hashtag and C#", "#hashtag and C#"},
	{"quote", "> She said **no**.\n> > Twice.", "She said no.\nTwice."},
	{"bullets", "- one\n* two\n+ three\n  - nested", "one\ntwo\nthree\nnested"},
	{"ordered", "1. first\n2) second", "1. first\n2) second"},
	{"task list", "- [ ] call Ana\n- [x] done", "call Ana\ndone"},
	{"link", "See [the *notes*](https://example.com/a_(b)) now", "See the notes now"},
	{"link title", `[text](http://x.y "Title here")`, "text"},
	{"reference link", "[Ana's plan][plan]\n\n[plan]: https://example.com", "Ana's plan"},
	{"image", "![a calm café](img.png) after", "a calm café after"},
	{"autolink", "<https://example.com/x> and <me@example.com>", "https://example.com/x and me@example.com"},
	{"html tags", "a <b>bold</b> <span class=\"x\">word</span><br/> <!-- hidden --> end", "a bold word  end"},
	{"not html", "a < b > c and 3<4", "a < b > c and 3<4"},
	{"code span", "run `go test ./...` and ``a ` b``", "run go test ./... and a ` b"},
	{"code span keeps stars", "`**not bold**`", "**not bold**"},
	{"fenced code", "before\n```go\nx := *p\n```\nafter", "before\nx := *p\nafter"},
	{"tilde fence", "~~~\n# not a heading\n~~~", "# not a heading"},
	{"thematic break", "above\n\n---\n\n* * *\nbelow", "above\nbelow"},
	{"setext", "Title\n=====\nSub\n---", "Title\nSub"},
	{"escapes", `\*not em\* and \# and \\`, `*not em* and # and \`},
	{"entities", "Tom &amp; Ana &lt;3 &#39;x&#39; &bogus;", "Tom & Ana <3 'x' &bogus;"},
	{"accents", "**Équipe** _réunion_ — *naïve* café", "Équipe réunion — naïve café"},
	{"emphasis across lines", "**one\ntwo**", "one\ntwo"},
	{"unclosed", "**open and [bracket and `tick", "**open and [bracket and `tick"},
	{"crlf", "# Head\r\n**b**\r\n", "Head\nb"},
	{"dash in prose", "one-on-one -- with Ana - fine", "one-on-one -- with Ana - fine"},
	{"empty", "", ""},
}

func TestPlainText(t *testing.T) {
	for _, tc := range plainCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := PlainText(tc.md); got != tc.want {
				t.Errorf("PlainText(%q)\n got %q\nwant %q", tc.md, got, tc.want)
			}
		})
	}
}

// renderedWords walks goldmark's tree of md (the parser Fyne renders
// entries with) and returns the words of its text, code and link labels.
func renderedWords(md string) []string {
	src := []byte(md)
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	var b strings.Builder
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.ListItem: // ordered lists show their numbers
			if l := n.Parent().(*ast.List); l.IsOrdered() {
				k := l.Start
				for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
					k++
				}
				fmt.Fprintf(&b, "%d ", k)
			}
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.URL(src))
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.FieldsFunc(b.String(), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// TestPlainTextMatchesRenderer checks PlainText against goldmark: the same
// words, in the same order, for every case but those where the renderer
// hides raw HTML or shows a task box or an escape differently.
func TestPlainTextMatchesRenderer(t *testing.T) {
	skip := map[string]bool{"html tags": true, "task list": true, "escapes": true, "entities": true}
	checked := 0
	for _, tc := range plainCases {
		if skip[tc.name] {
			continue
		}
		want := strings.Join(renderedWords(tc.md), " ")
		got := strings.Join(strings.FieldsFunc(PlainText(tc.md), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
		if got != want {
			t.Errorf("%s: PlainText words %q, the renderer's %q", tc.name, got, want)
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d cases checked", checked)
	}
}

// TestPlainTextAgreesWithRendererOnRandomText strings Markdown fragments
// together at random (a fixed seed) and compares PlainText's words with
// goldmark's. A few exotic texts (list renumbering, emphasis goldmark splits
// where CommonMark leaves a literal star) may differ; at most 1 % may.
func TestPlainTextAgreesWithRendererOnRandomText(t *testing.T) {
	frags := []string{"alpha", "beta", "gamma", "café", " ", " ", " ", "**", "*", "_", "__", "`", "[", "](http://u.v/w)", "]", "# ", "> ", "- ", "1. ", "\n", "\n\n", "!", "(", ")", ".", ",", "x_y", "```\n", "---"}
	rng := rand.New(rand.NewPCG(1, 2))
	bad := 0
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for k := 0; k < 4+rng.IntN(14); k++ {
			b.WriteString(frags[rng.IntN(len(frags))])
		}
		md := b.String()
		want := strings.Join(renderedWords(md), " ")
		got := strings.Join(strings.FieldsFunc(PlainText(md), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
		if got != want {
			bad++
			if bad <= 5 {
				t.Logf("differs: %q\n got %q\nwant %q", md, got, want)
			}
		}
	}
	if bad > 30 {
		t.Fatalf("%d of 3000 random texts differ from the renderer", bad)
	}
}

func BenchmarkPlainText(b *testing.B) {
	md := strings.Repeat("Met **Ana** about the [budget](https://example.com). We agreed on _three_ things:\n- one\n- two\n\n> a quote\n", 8)
	b.SetBytes(int64(len(md)))
	for b.Loop() {
		PlainText(md)
	}
}
