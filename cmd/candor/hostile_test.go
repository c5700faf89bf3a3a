package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/journal"
)

// hostile holds what must never reach a terminal raw: a screen clear, an
// OSC 52 clipboard write, a carriage return that lets text overwrite a
// line, and a right-to-left override.
var hostile = []string{"\x1b[2J", "\x1b]52;c;ZXZpbA==\x07", "\r", "\u202e"}

// rawHostile returns the first hostile sequence (or lone escape, bell or
// C1 control) found in out, or "".
func rawHostile(out string) string {
	for _, h := range append(hostile, "\x1b", "\x07", "\u009b") {
		if strings.Contains(out, h) {
			return h
		}
	}
	return ""
}

func TestSafeText(t *testing.T) {
	for in, want := range map[string]string{
		"plain — ünïcødé 日本語":        "plain — ünïcødé 日本語",
		"a\x1b[2Jb":                  `a\x1b[2Jb`,
		"a\x1b]52;c;ZXZp\x07":        `a\x1b]52;c;ZXZp\x07`,
		"over\rwrite":                `over\x0dwrite`,
		"abc\u202egnp.exe":           `abc\u202egnp.exe`,
		"a\u2066b\u2069\u200e\u061c": "a\\u2066b\\u2069\u200e\u061c",
		"two\nlines\tand a tab":      `two\x0alines\x09and a tab`,
		"c1 \u009b control":          `c1 \x9b control`,
	} {
		if got := safeText(in); got != want {
			t.Errorf("safeText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := safeBlock("line one\n\tline two\r\n\x1b[2J"); got != "line one\n\tline two\\x0d\n\\x1b[2J" {
		t.Errorf("safeBlock = %q", got)
	}
	// Escaping twice changes nothing more: the escapes are plain text.
	if s := safeText("a\x1b[2J"); safeText(s) != s {
		t.Errorf("safeText is not idempotent on %q", s)
	}
}

// TestPrintEntryEscapesEverything shows an entry whose every text field is
// hostile (as an entry stored before validation was tightened could be).
func TestPrintEntryEscapesEverything(t *testing.T) {
	h := strings.Join(hostile, "x")
	conf := 70
	e := journal.Entry{
		Date: journal.Date{Year: 2026, Month: 3, Day: 4}, Title: "title " + h, Body: "body " + h + "\nsecond line\n",
		Tags: []string{"tag" + h, "other"}, PromptID: "own-" + h, Prompt: "prompt " + h,
		NextStep: "step " + h, CheckOn: journal.Date{Year: 2026, Month: 3, Day: 11},
		Decision: "decision " + h, Confidence: &conf, ReviewOn: journal.Date{Year: 2026, Month: 4, Day: 4},
		Kind: journal.Kind("kind" + h), Created: time.Now(), Updated: time.Now(),
	}
	var b bytes.Buffer
	printEntry(&b, e)
	out := b.String()
	if r := rawHostile(out); r != "" {
		t.Fatalf("show printed %q raw:\n%q", r, out)
	}
	for _, want := range []string{`# title \x1b[2Jx\x1b]52;c;ZXZpbA==\x07x\x0dx\u202e`, `tags: tag\x1b[2J`, `next step: step \x1b[2J`, `decision: decision \x1b[2J`, `prompt: own-\x1b`, "\nsecond line\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("show output lacks %q:\n%s", want, out)
		}
	}
}

// TestTextOutputCarriesNoControls stores a body full of hostile text and
// runs every command that shows it as text.
func TestTextOutputCarriesNoControls(t *testing.T) {
	dir, pf := newTestJournal(t)
	g := []string{"--journal", dir, "--passphrase-file", pf}
	body := "hostile\x1b[2J first\x1b]52;c;ZXZpbA==\x07 line\r with an override \u202e inside\n\nmore hostile words\x1b[31m here\r\n"
	id := strings.TrimSpace(candor(t, body, nil, append(g, "add", "--date", "2026-03-04", "--area", "vision", "--next-step", "call Sam back")...).want(t, 0).stdout)
	for _, args := range [][]string{
		{"show", id},
		{"list"},
		{"search", "hostile"},
		{"search", "inside"},
		{"followups", "--date", "2026-12-31"},
		{"stats"},
		{"prompt", "--date", "2026-03-11"},
		{"prompts"},
	} {
		r := candor(t, "", nil, append(g, args...)...).want(t, 0)
		if h := rawHostile(r.stdout + r.stderr); h != "" {
			t.Errorf("candor %s printed %q raw:\n%q", strings.Join(args, " "), h, r.stdout)
		}
	}
	// The body is shown, escaped, line breaks kept.
	out := candor(t, "", nil, append(g, "show", id)...).stdout
	if !strings.Contains(out, `hostile\x1b[2J first\x1b]52;c;ZXZpbA==\x07 line\x0d with an override \u202e inside`+"\n\nmore") {
		t.Errorf("show does not print the escaped body:\n%s", out)
	}
	// JSON keeps the text as it is, in valid JSON.
	js := candor(t, "", nil, append(g, "show", id, "--json")...).want(t, 0).stdout
	if strings.Contains(js, "\x1b") || !strings.Contains(js, `\u001b[2J`) {
		t.Errorf("show --json does not escape the body as JSON does:\n%s", js)
	}
}

// TestHighlightEscapesAroundMarks checks that marks (counted in runes of
// the stored text) still land on the right words once the text is escaped.
func TestHighlightEscapesAroundMarks(t *testing.T) {
	s := "a\x1b[2J word \u202e b"
	start := len([]rune("a\x1b[2J "))
	got := highlight(s, []journal.Span{{Start: start, End: start + 4}}, false)
	if got != `a\x1b[2J «word» \u202e b` {
		t.Errorf("highlight = %q", got)
	}
	if got := highlight(s, []journal.Span{{Start: start, End: start + 4}}, true); strings.Count(got, "\x1b") != 2 || strings.Contains(got, "\x1b[2J") {
		t.Errorf("highlight on a terminal = %q: only its own bold on and off may be escapes", got)
	}
}

// TestErrorsAreEscaped: an error that quotes a file name or user text
// reaches stderr escaped, whatever built it.
func TestErrorsAreEscaped(t *testing.T) {
	var errb bytes.Buffer
	c := &cli{env: &env{stderr: &errb}}
	if code := c.fail(errors.New("cannot read /tmp/evil\x1b]52;c;ZXZpbA==\x07name\u202e.md: no such file")); code != exitError {
		t.Fatalf("exit %d", code)
	}
	if h := rawHostile(errb.String()); h != "" {
		t.Fatalf("the error printed %q raw: %q", h, errb.String())
	}
	// Through the command line: a passphrase file whose name is hostile.
	dir, _ := newTestJournal(t)
	r := candor(t, "", nil, "--journal", dir, "--passphrase-file", dir+"/no\x1b[2Jsuch\u202e", "list").want(t, 1)
	if h := rawHostile(r.stderr); h != "" || !strings.Contains(r.stderr, `no\x1b[2Jsuch\u202e`) {
		t.Fatalf("stderr %q", r.stderr)
	}
}

// TestCLIInitRefusesAForeignFolder: init never takes over a folder that
// holds anything but a journal, and says which folder before asking for a
// passphrase.
func TestCLIInitRefusesAForeignFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "documents")
	os.Mkdir(dir, 0o755)
	os.Chmod(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "taxes.pdf"), []byte("mine"), 0o644)
	before := tree(t, dir)
	r := candor(t, "", nil, "--journal", dir, "init").want(t, 1) // no passphrase given: it was not asked for
	if !strings.Contains(r.stderr, dir) || !strings.Contains(r.stderr, "not a Candor journal") {
		t.Errorf("init into a folder of documents: %s", r.stderr)
	}
	if info, _ := os.Stat(dir); !sameTree(before, tree(t, dir)) || info.Mode().Perm() != 0o755 {
		t.Fatalf("a refused init changed the folder (mode %v)", info.Mode())
	}
	empty := t.TempDir()
	candor(t, "", []string{"CANDOR_PASSPHRASE=p"}, "--journal", empty, "init").want(t, 0)
	candor(t, "", []string{"CANDOR_PASSPHRASE=p"}, "--journal", filepath.Join(t.TempDir(), "a", "b"), "init").want(t, 0)
}

// TestCLIEmptyJournalFlag: --journal "" is a usage error wherever it is
// given, never the default journal; an empty $CANDOR_JOURNAL is unset.
func TestCLIEmptyJournalFlag(t *testing.T) {
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_DATA_HOME=", "CANDOR_PASSPHRASE=p"}
	for _, args := range [][]string{
		{"--journal", "", "init"},
		{"--journal=", "list"},
		{"list", "--journal", ""},
		{"--journal", "  ", "add", "--body", "x"},
		{"--journal", ""}, // the app
	} {
		r := candor(t, "", env, args...).want(t, 2)
		if !strings.Contains(r.stderr, "--journal names no folder") {
			t.Errorf("candor %q: %s", args, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(home, ".local")); err == nil {
		t.Fatal("an empty --journal fell back to the default journal")
	}
	candor(t, "", append(env, "CANDOR_JOURNAL=   "), "list").want(t, 2)
	// An empty $CANDOR_JOURNAL is unset: the default folder.
	candor(t, "", append(env, "CANDOR_JOURNAL="), "init").want(t, 0)
	if !journal.HasKeyFile(filepath.Join(home, ".local", "share", "candor")) {
		t.Fatal("an empty $CANDOR_JOURNAL did not mean the default folder")
	}
}
