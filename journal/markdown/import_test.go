package markdown

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"candor/journal"
	"candor/journal/imports"
	"candor/journal/journaltest"
)

// localAt is the moment a time written without a zone names: local time.
func localAt(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04:05", s, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	return at.UTC()
}

// utcAt parses an RFC 3339 time.
func utcAt(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return at.UTC()
}

// TestParseWhen covers every form a date in front matter may take.
func TestParseWhen(t *testing.T) {
	type want struct {
		date string
		at   time.Time
		ok   bool
		err  string
	}
	d := func(date string) want { return want{date: date, ok: true} }
	dt := func(date string, at time.Time) want { return want{date: date, at: at, ok: true} }
	bad := func(err string) want { return want{ok: true, err: err} }
	none := want{}
	for in, w := range map[string]want{
		// YAML timestamps and their near relations.
		"2021-01-05":                {date: "2021-01-05", ok: true},
		"2021-1-5":                  d("2021-01-05"),
		"2021-01-05T09:30:00+02:00": dt("2021-01-05", utcAt(t, "2021-01-05T07:30:00Z")),
		"2021-01-05T23:30:00-05:00": dt("2021-01-05", utcAt(t, "2021-01-06T04:30:00Z")), // the day as written
		"2021-01-05T09:30:00.25Z":   dt("2021-01-05", utcAt(t, "2021-01-05T09:30:00.25Z")),
		"2021-01-05t09:30:00z":      dt("2021-01-05", utcAt(t, "2021-01-05T09:30:00Z")),
		"2021-01-05 09:30":          dt("2021-01-05", localAt(t, "2021-01-05 09:30:00")),
		"2021-01-05 09:30:15":       dt("2021-01-05", localAt(t, "2021-01-05 09:30:15")),
		"2021-01-05 09:30:00 +0200": dt("2021-01-05", utcAt(t, "2021-01-05T07:30:00Z")), // Jekyll
		"2021-01-05 09:30 -07:00":   dt("2021-01-05", utcAt(t, "2021-01-05T16:30:00Z")),
		"2021-01-05 09:30 UTC":      dt("2021-01-05", utcAt(t, "2021-01-05T09:30:00Z")),
		"2021-01-05 9:30 pm":        dt("2021-01-05", localAt(t, "2021-01-05 21:30:00")),
		"2021-01-05 12:05 AM":       dt("2021-01-05", localAt(t, "2021-01-05 00:05:00")),
		"2021/01/05":                d("2021-01-05"),
		"2021_01_05":                d("2021-01-05"),
		"2021.01.05":                d("2021-01-05"),
		"20210105":                  d("2021-01-05"),
		"202101050930":              dt("2021-01-05", localAt(t, "2021-01-05 09:30:00")),
		"20210105T093015":           dt("2021-01-05", localAt(t, "2021-01-05 09:30:15")),
		// Day first.
		"05.01.2021":       d("2021-01-05"),
		"05-01-2021":       d("2021-01-05"),
		"5.1.2021":         d("2021-01-05"),
		"01-13-2021":       d("2021-01-13"), // only month first is a date
		"13/01/2021":       d("2021-01-13"),
		"01/13/2021":       d("2021-01-13"),
		"05.01.2021 18:45": dt("2021-01-05", localAt(t, "2021-01-05 18:45:00")),
		// English words.
		"Jan 1, 2026":                d("2026-01-01"),
		"January 1, 2026":            d("2026-01-01"),
		"Sep 14th, 2020":             d("2020-09-14"),
		"Sept. 14 2020":              d("2020-09-14"),
		"1 January 2026":             d("2026-01-01"),
		"1st of January, 2026":       d("2026-01-01"),
		"Tuesday, January 5, 2021":   d("2021-01-05"),
		"Tue Jan 5 2021":             d("2021-01-05"),
		"january 5 2021":             d("2021-01-05"),
		"[[Jan 7th, 2021]]":          d("2021-01-07"),
		"January 5, 2021 at 9:30 pm": dt("2021-01-05", localAt(t, "2021-01-05 21:30:00")),
		"5 January 2021 18:45":       dt("2021-01-05", localAt(t, "2021-01-05 18:45:00")),
		// Dates that are no real day or time.
		"2021-02-30":                bad("is not a real day"),
		"2021-02-29":                bad("is not a real day"),
		"20210230":                  bad("is not a real day"),
		"30.02.2021":                bad("is not a real day"),
		"February 30, 2021":         bad("is not a real day"),
		"2021-01-05 25:00":          bad("is not a real time of day"),
		"2021-01-05 13:00 pm":       bad("is not a real time of day"),
		"2021-01-05T10:00:00+15:00": bad("time zone"),
		"05/01/2021":                bad("day first or month first"),
		"0999-01-01":                bad("is not a real day"),
		// Not dates at all.
		"":                 none,
		"next tuesday":     none,
		"Februray 3, 2021": none,
		"2021":             none,
		"12345678":         none,
		"2021-13-05":       none,
		"A good day":       none,
		"January 2021":     none,
		"May the 4th":      none,
	} {
		got, ok, err := parseWhen(in)
		switch {
		case ok != w.ok:
			t.Errorf("%q: ok %v, want %v", in, ok, w.ok)
		case w.err != "":
			if err == nil || !strings.Contains(err.Error(), w.err) {
				t.Errorf("%q: error %v, want one saying %q", in, err, w.err)
			}
		case err != nil:
			t.Errorf("%q: %v", in, err)
		case ok && (got.date.String() != w.date || !got.at.Equal(w.at)):
			t.Errorf("%q: %s %v, want %s %v", in, got.date, got.at, w.date, w.at)
		}
	}
}

// TestNameWhen covers the dates file names carry, whole or with text
// around them.
func TestNameWhen(t *testing.T) {
	for stem, want := range map[string]string{
		"2021-01-05":                      "2021-01-05",
		"2021_01_05":                      "2021-01-05", // Logseq journals
		"2021.01.05":                      "2021-01-05",
		"20210105":                        "2021-01-05",
		"05-01-2021":                      "2021-01-05",
		"05.01.2021":                      "2021-01-05",
		"2021-01-05-Tuesday":              "2021-01-05",
		"2021-01-05 Some title":           "2021-01-05",
		"2021-01-05-10-reasons":           "2021-01-05",
		"Diary-20210105":                  "2021-01-05",
		"Diary 05.01.2021 evening":        "2021-01-05",
		"notes-2021_01_05":                "2021-01-05",
		"Jan 5th, 2021":                   "2021-01-05",
		"Tuesday, January 5, 2021":        "2021-01-05",
		"2021-01-05 to 2021-01-09 trip":   "2021-01-05",
		"Invoice 12345678 then 20210105":  "2021-01-05",
		"2021-01-05 09.30 standup":        "2021-01-05 09:30",
		"202101050930 Zettel":             "2021-01-05 09:30",
		"Project idea":                    "",
		"v1.2.3 notes":                    "",
		"Invoice 2021":                    "",
		"12345678":                        "",
		"2021-02-30":                      "error",
		"Diary-20210230":                  "error",
		"2021-02-30-Tuesday":              "error",
		"Meeting 31.04.2021":              "error",
		"room 1-2-2021 and 2021-01-05 ok": "2021-02-01",
	} {
		w, text, ok, err := nameWhen(stem)
		got := ""
		switch {
		case err != nil:
			got = "error"
			if !strings.Contains(stem, text) || text == "" {
				t.Errorf("%q: error names %q", stem, text)
			}
		case ok && w.at.IsZero():
			got = w.date.String()
		case ok:
			got = w.date.String() + " " + w.at.In(time.Local).Format("15:04")
		}
		if got != want {
			t.Errorf("%q: %q, want %q", stem, got, want)
		}
	}
}

// TestNoteTitleAndBody covers where a note's title comes from and that a
// heading taken as the title is not left in the body.
func TestNoteTitleAndBody(t *testing.T) {
	long := strings.Repeat("word ", 40) + "end"
	for _, c := range []struct{ text, title, body string }{
		{"# Title\n\nBody\n", "Title", "Body\n"},
		{"### Deep heading\nBody", "Deep heading", "Body"},
		{"###### Six\nBody", "Six", "Body"},
		{"# Title ##\nx", "Title", "x"},
		{"\n\n# Title\n\nBody", "Title", "Body"},
		{"# Title\r\n\r\nBody\r\n", "Title", "Body\r\n"},
		{"---\ntitle: FM title\n---\n# FM title\n\nBody\n", "FM title", "Body\n"},
		{"---\ntitle: FM title\n---\n# Other heading\n\nBody\n", "FM title", "# Other heading\n\nBody\n"},
		{"---\ntitle: 2021-01-05\n---\n# Real title\nBody", "Real title", "Body"},
		{"---\ntitle: \"Tuesday, January 5, 2021\"\n---\nFirst line\n", "First line", "First line\n"},
		{"First line only\nsecond\n", "First line only", "First line only\nsecond\n"},
		{"- Logseq bullet\n", "Logseq bullet", "- Logseq bullet\n"},
		{"- [ ] a task\n", "a task", "- [ ] a task\n"},
		{"> quoted words\n", "quoted words", "> quoted words\n"},
		{"- # Logseq heading\n- block\n", "Logseq heading", "- block\n"},
		{"title:: Page title\n\n- block\n", "Page title", "title:: Page title\n\n- block\n"},
		{"tags:: x\n\n# After properties\nBody\n", "After properties", "tags:: x\n\nBody\n"},
		{"# 2021-01-05\n\nWhat happened.\n", "What happened.", "# 2021-01-05\n\nWhat happened.\n"},
		{"#tag at start\nBody", "#tag at start", "#tag at start\nBody"},
		{"```\ncode\n```\n", "", "```\ncode\n```\n"},
		{"", "", ""},
		{"---\ndate: 2021-01-05\n---\n", "", ""},
		{"Text first\n\n# A section\n", "Text first", "Text first\n\n# A section\n"},
		{long, strings.TrimSpace(strings.Repeat("word ", 20)) + "…", long},
	} {
		e, err := Parse("2021-01-05-note.md", []byte(c.text))
		if err != nil {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		if e.Title != c.title || e.Body != c.body {
			t.Errorf("%q:\n got title %q body %q\nwant title %q body %q", c.text, e.Title, e.Body, c.title, c.body)
		}
	}
	e, _ := Parse("2021-01-05.md", []byte(strings.Repeat("abcdefghij", 30)))
	if n := len([]rune(e.Title)); n > titleRunes {
		t.Errorf("a title of %d characters from an unbroken first line", n)
	}
}

// TestNoteTags covers every way a note carries tags, and what is no tag.
func TestNoteTags(t *testing.T) {
	for _, c := range []struct {
		text string
		tags []string
	}{
		{"---\ntags: work_log, work_log2\n---\nx", []string{"work_log", "work_log2"}},
		{"---\ntags: a b\n---\nx", []string{"a", "b"}},
		{"---\ntags: \"#a #b\"\n---\nx", []string{"a", "b"}},
		{"---\ntags: [a, '#b']\n---\nx", []string{"a", "b"}},
		{"---\ntags:\n  - one\n  - two words\n---\nx", []string{"one", "two words"}},
		{"---\ntag: solo\n---\nx", []string{"solo"}},
		{"---\nTags: Upper\n---\nx", []string{"Upper"}},
		{"---\ntags:\n---\nx", []string{}},
		{"---\ntags: [A]\n---\n#a", []string{"A"}},
		{"tags:: a, [[b c]]\n\n- x", []string{"a", "b c"}},
		{"tags:: #a #[[b c]]\n\n- x", []string{"a", "b c"}},
		{"- block\n  tags:: later\n", []string{"later"}},
		{"Text #inline and #nested/tag and #with-dash_1.", []string{"inline", "nested/tag", "with-dash_1"}},
		{"#start of a line", []string{"start"}},
		{"# Heading, not a tag\nx", []string{}},
		{"## Heading #in-heading\nx", []string{"in-heading"}},
		{"`#code` and ``#code2 `x` `` and #real", []string{"real"}},
		{"```\n#fenced\n```\n#after", []string{"after"}},
		{"~~~md\n#fenced\n~~~\n", []string{}},
		{"- ```\n  #fenced\n  ```\n- #after", []string{"after"}},
		{"https://x.com/#frag word#not (#paren) [l](#anchor) &#123;", []string{}},
		{"#123 #2021 #v2", []string{"v2"}},
		{"#[[multi word]] and #[[]]", []string{"multi word"}},
		{"Un #café à #Zürich", []string{"café", "Zürich"}},
		{"#" + strings.Repeat("x", 70) + " #ok", []string{"ok"}},
		{"#trailing/ #dash-", []string{"trailing", "dash"}},
	} {
		e, err := Parse("2021-01-05.md", []byte(c.text))
		if err != nil {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		if !slices.Equal(e.Tags, c.tags) {
			t.Errorf("%q: tags %q, want %q", c.text, e.Tags, c.tags)
		}
	}
	// At most journal.MaxTags, never a problem.
	var many strings.Builder
	for i := 0; i < 80; i++ {
		fmt.Fprintf(&many, "#t%d ", i)
	}
	if e, err := Parse("2021-01-05.md", []byte(many.String())); err != nil || len(e.Tags) != journal.MaxTags {
		t.Errorf("80 tags: %d, %v", len(e.Tags), err)
	}
}

// noteWant is what a test expects of one imported note.
type noteWant struct {
	date, title string
	tags        []string
	at          time.Time // zero: no time given
}

// checkNotes compares the items of src with want, by Source.
func checkNotes(t *testing.T, src imports.Source, want map[string]noteWant) {
	t.Helper()
	got := map[string]imports.Incoming{}
	for _, in := range src.Items {
		got[in.Source] = in
	}
	for source, w := range want {
		in, ok := got[source]
		if !ok {
			t.Errorf("%s: not read", source)
			continue
		}
		e := in.Entry
		if e.Date.String() != w.date || e.Title != w.title || !slices.Equal(e.Tags, append([]string{}, w.tags...)) || !e.Created.Equal(w.at) {
			t.Errorf("%s:\n got %s %q %q %v\nwant %s %q %q %v", source, e.Date, e.Title, e.Tags, e.Created, w.date, w.title, w.tags, w.at)
		}
		rel := strings.TrimPrefix(source, SourcePrefix)
		fields := noteFields
		id := imports.StableID("markdown", rel)
		if !w.at.IsZero() {
			fields |= imports.FieldTimes
			var stamp [8]byte
			binary.BigEndian.PutUint64(stamp[:], uint64(w.at.UnixMilli()))
			copy(id[:6], stamp[2:])
		}
		if in.Fields != fields || in.Fields&(imports.FieldArea|imports.FieldRating|imports.FieldRole) != 0 {
			t.Errorf("%s: fields %b, want %b", source, in.Fields, fields)
		}
		if e.ID != id {
			t.Errorf("%s: ID %s, want %s", source, e.ID, id)
		}
		if err := e.Validate(); err != nil {
			t.Errorf("%s: %v", source, err)
		}
	}
	if len(src.Items) != len(want) {
		t.Errorf("%d notes read, want %d", len(src.Items), len(want))
	}
}

// paths lists the paths of problems, relative to dir.
func paths(dir string, ps []*imports.Problem) []string {
	var out []string
	for _, p := range ps {
		rel, _ := filepath.Rel(dir, p.Path)
		out = append(out, filepath.ToSlash(rel))
	}
	return out
}

// TestReadSourceObsidian reads a small vault as Obsidian keeps one.
func TestReadSourceObsidian(t *testing.T) {
	dir := filepath.Join("testdata", "obsidian")
	src, err := ReadSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkNotes(t, src, map[string]noteWant{
		"markdown:Daily/2021-01-05.md": {"2021-01-05", "Tuesday", []string{"work_log", "work_log2", "planning", "team/leads"}, time.Time{}},
		"markdown:Daily/2021-01-06.md": {"2021-01-06", "Hard conversation with Sam about the deadline. #feedback", []string{"feedback"}, time.Time{}},
		"markdown:Daily/2021-01-07.md": {"2021-01-07", "Retro notes", []string{"retro", "people"}, utcAt(t, "2021-01-07T07:30:00Z")},
		"markdown:Notes/Offsite.md":    {"2026-01-01", "Team offsite", []string{"offsite", "travel"}, time.Time{}},
		"markdown:Notes/Reading.md":    {"2021-01-05", `Started "The Making of a Manager".`, nil, time.Time{}},
	})
	if got := paths(dir, src.Skipped); !slices.Equal(got, []string{"Notes/Project idea.md"}) {
		t.Errorf("skipped %q", got)
	}
	if len(src.Problems) > 0 {
		t.Errorf("problems: %v", src.Problems)
	}
	for _, in := range src.Items {
		if in.Source == "markdown:Daily/2021-01-05.md" && !strings.HasPrefix(in.Entry.Body, "Planned the quarter") {
			t.Errorf("the heading stayed in the body: %q", in.Entry.Body)
		}
		if in.Source == "markdown:Notes/Offsite.md" && in.Entry.Body != "Booked the venue.\n" {
			t.Errorf("the heading repeating the title stayed in the body: %q", in.Entry.Body)
		}
	}
}

// TestReadSourceLogseq reads a small graph as Logseq keeps one.
func TestReadSourceLogseq(t *testing.T) {
	dir := filepath.Join("testdata", "logseq")
	src, err := ReadSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkNotes(t, src, map[string]noteWant{
		"markdown:journals/2021_01_05.md": {"2021-01-05", "Met with Sam about the #hiring plan", []string{"work", "deep work", "hiring", "next steps"}, time.Time{}},
		"markdown:journals/2021_01_06.md": {"2021-01-06", "Standup", []string{"standup"}, time.Time{}},
		"markdown:pages/Reading list.md":  {"2021-01-07", "Reading list", []string{"books", "learning"}, time.Time{}},
	})
	if got := paths(dir, src.Skipped); !slices.Equal(got, []string{"pages/Some page.md", "pages/contents.md"}) {
		t.Errorf("skipped %q", got)
	}
	if len(src.Problems) > 0 {
		t.Errorf("problems: %v", src.Problems)
	}
}

// TestReadSourceBlog reads a diary kept as a blog: Jekyll posts and files
// named by date in every form.
func TestReadSourceBlog(t *testing.T) {
	dir := filepath.Join("testdata", "blog")
	src, err := ReadSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkNotes(t, src, map[string]noteWant{
		"markdown:_posts/2021-01-05-Tuesday.md": {"2021-01-05", "A good day", []string{"a", "b"}, utcAt(t, "2021-01-05T07:30:00Z")},
		"markdown:_posts/2021-01-08-first.md":   {"2021-01-08", "Morning", nil, localAt(t, "2021-01-08 08:15:00")},
		"markdown:_posts/2021-01-08-second.md":  {"2021-01-08", "Evening", nil, localAt(t, "2021-01-08 18:00:00")},
		"markdown:Diary-20210105.md":            {"2021-01-05", "Another entry for the fifth, with no heading at all, and a first line long enough that it has to be…", nil, time.Time{}},
		"markdown:2021-01-05 Some title.md":     {"2021-01-05", "Some title", nil, time.Time{}},
		"markdown:06-01-2021.md":                {"2021-01-06", "Day first, with dashes.", nil, time.Time{}},
		"markdown:07.01.2021.md":                {"2021-01-07", "Day first, with dots.", nil, time.Time{}},
		"markdown:Sep 14th, 2020.md":            {"2020-09-14", "A name that is a date in words.", nil, time.Time{}},
	})
	if got := paths(dir, src.Skipped); !slices.Equal(got, []string{"about.md"}) {
		t.Errorf("skipped %q", got)
	}
	if len(src.Problems) > 0 {
		t.Errorf("problems: %v", src.Problems)
	}
}

// copyDir copies a test folder to a new temporary one.
func copyDir(t testing.TB, from string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), filepath.Base(from))
	if err := os.CopyFS(dir, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestReadSourceProblems checks that every file that cannot be read is
// listed at once, with what is wrong with it, and that the rest is read.
func TestReadSourceProblems(t *testing.T) {
	dir := copyDir(t, filepath.Join("testdata", "broken"))
	big := bytes.Repeat([]byte("x"), imports.MaxFileBytes+1)
	if err := os.WriteFile(filepath.Join(dir, "2021-01-09-big.md"), big, 0o600); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, ".hidden.md"), []byte("---\n[broken"), 0o600)
	src, err := ReadSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"2021-01-05-unreadable.md": `date: "next tuesday" cannot be read as a date`,
		"2021-01-09-big.md":        "more than 4 MiB",
		"2021-02-30.md":            `the date "2021-02-30" in its name is not a real day`,
		"bad-yaml.md":              "the front matter is not valid YAML",
		"impossible.md":            `date: "2021-02-30" is not a real day`,
		"sub/bad-time.md":          `created: "2021-01-05 25:70" is not a real time of day`,
		"sub/typo.md":              `date: "Februray 3, 2021" cannot be read as a date`,
		"unclosed.md":              "the front matter is not closed",
	}
	got := map[string]string{}
	for _, p := range src.Problems {
		rel, _ := filepath.Rel(dir, p.Path)
		got[filepath.ToSlash(rel)] = p.Error()
		if strings.Contains(p.Msg, "give it a date") || strings.Contains(p.Msg, "no date") {
			t.Errorf("%s tells the user to give it a date", p)
		}
	}
	for rel, msg := range want {
		if !strings.Contains(got[rel], msg) {
			t.Errorf("%s: problem %q, want one saying %q", rel, got[rel], msg)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems %q", got)
	}
	if s := paths(dir, src.Skipped); !slices.Equal(s, []string{"nodate.md"}) {
		t.Errorf("skipped %q", s)
	}
	if len(src.Items) != 1 || src.Items[0].Source != "markdown:2021-01-05.md" {
		t.Errorf("items %+v", src.Items)
	}
	// The problem of a broken front matter names its line.
	for _, p := range src.Problems {
		if strings.HasSuffix(p.Path, "impossible.md") && p.Line != 2 {
			t.Errorf("%s: line %d, want 2", p.Path, p.Line)
		}
	}
}

// TestReadSourceBudget checks that the budget of one import holds over a
// whole folder: past it, the files left are not read, and one problem
// says how many.
func TestReadSourceBudget(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 40; i++ {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("2021-01-%02d-x%d.md", 1+i%28, i)), bytes.Repeat([]byte("word "), 100), 0o600)
	}
	old := importBudget
	importBudget = 5000
	defer func() { importBudget = old }()
	src, err := ReadSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(src.Problems) != 1 || !strings.Contains(src.Problems[0].Msg, "not read") || !strings.Contains(src.Problems[0].Msg, "the most one import may read") {
		t.Fatalf("problems %v", src.Problems)
	}
	if n := len(src.Items); n == 0 || n > 10 {
		t.Errorf("%d notes read within a budget of 10", n)
	}
}

// TestReadSourceOneFile reads a single Markdown file given as the path.
func TestReadSourceOneFile(t *testing.T) {
	p := filepath.Join("testdata", "blog", "_posts", "2021-01-05-Tuesday.md")
	src, err := ReadSource(p)
	if err != nil {
		t.Fatal(err)
	}
	checkNotes(t, src, map[string]noteWant{
		"markdown:2021-01-05-Tuesday.md": {"2021-01-05", "A good day", []string{"a", "b"}, utcAt(t, "2021-01-05T07:30:00Z")},
	})
	// A file of Candor's own export, alone.
	j, _ := journaltest.New(t)
	e, err := j.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 2, Day: 3}, Title: "Alone", Body: "x\n", Rating: 3})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := Render(e)
	one := filepath.Join(t.TempDir(), "2026-02-03-alone.md")
	os.WriteFile(one, data, 0o600)
	src, err = ReadSource(one)
	if err != nil || len(src.Items) != 1 || src.Items[0].Source != "" || !reflect.DeepEqual(src.Items[0].Entry, e) {
		t.Fatalf("%+v %v", src, err)
	}
	if _, err := ReadSource(filepath.Join(t.TempDir(), "missing.md")); err == nil {
		t.Error("a missing path is no error")
	}
}

// exportTree reads every file of a folder export, the export time in
// index.md left out.
func exportTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		if rel == "index.md" {
			lines := strings.Split(string(b), "\n")
			lines = slices.DeleteFunc(lines, func(l string) bool { return strings.HasPrefix(l, "Exported ") })
			b = []byte(strings.Join(lines, "\n"))
		}
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestExportImportExportIdentical checks the contract's exact round trip
// through ReadSource: export, import into an empty journal, export again:
// the same files byte for byte; importing again changes nothing.
func TestExportImportExportIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 5))
	j, _ := journaltest.New(t)
	var want []journal.Entry
	for i := 0; i < 80; i++ {
		e := trickyEntry(rng, i)
		e.Created = time.Date(2021, 1, 5, 9, 30, 15, 123456789, time.UTC).Add(time.Duration(i) * time.Minute)
		e.Updated = e.Created.Add(36 * time.Hour)
		e, err := j.Add(e)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, e)
	}
	first := filepath.Join(t.TempDir(), "first")
	if _, err := Export(j, first, Options{}); err != nil {
		t.Fatal(err)
	}
	src, err := ReadSource(first)
	if err != nil || len(src.Problems)+len(src.Skipped) > 0 || len(src.Items) != len(want) {
		t.Fatalf("%d items, problems %v, skipped %v, %v", len(src.Items), src.Problems, src.Skipped, err)
	}
	for _, in := range src.Items {
		if in.Source != "" || in.Fields != imports.AllFields {
			t.Fatalf("an entry of Candor's own export came back as a foreign note: %q %b", in.Source, in.Fields)
		}
	}
	j2, _ := journaltest.New(t)
	sum, err := imports.From(j2, src.Items, imports.Options{})
	if err != nil || sum.Imported != len(want) {
		t.Fatalf("%+v %v", sum, err)
	}
	for _, w := range want {
		g, err := j2.Get(w.ID)
		if err != nil || !reflect.DeepEqual(g, w) {
			t.Fatalf("entry did not round-trip:\n got %#v\nwant %#v\n(%v)", g, w, err)
		}
	}
	second := filepath.Join(t.TempDir(), "second")
	if _, err := Export(j2, second, Options{}); err != nil {
		t.Fatal(err)
	}
	a, b := exportTree(t, first), exportTree(t, second)
	if !reflect.DeepEqual(a, b) {
		for k := range a {
			if a[k] != b[k] {
				t.Errorf("%s differs:\n%s\n---\n%s", k, a[k], b[k])
				break
			}
		}
		t.Fatalf("the second export differs (%d and %d files)", len(a), len(b))
	}
	src, _ = ReadSource(second)
	sum, err = imports.From(j2, src.Items, imports.Options{})
	if err != nil || sum.Unchanged != len(want) || sum.Imported+sum.Updated+len(sum.Conflicts) != 0 {
		t.Fatalf("second import: %+v %v", sum, err)
	}
}

// TestReimportUnchanged imports each sample folder twice: the second time
// everything is unchanged. Candor's own export of the imported notes then
// imports as unchanged too.
func TestReimportUnchanged(t *testing.T) {
	for _, name := range []string{"obsidian", "logseq", "blog"} {
		t.Run(name, func(t *testing.T) {
			j, _ := journaltest.New(t)
			dir := filepath.Join("testdata", name)
			src, err := ReadSource(dir)
			if err != nil {
				t.Fatal(err)
			}
			sum, err := imports.From(j, src.Items, imports.Options{})
			if err != nil || sum.Imported != len(src.Items) {
				t.Fatalf("%+v %v", sum, err)
			}
			for i := 0; i < 2; i++ {
				again, _ := ReadSource(dir)
				sum, err = imports.From(j, again.Items, imports.Options{})
				if err != nil || sum.Unchanged != len(src.Items) || sum.Imported+sum.Updated+sum.Kept+len(sum.Conflicts) != 0 {
					t.Fatalf("import %d: %+v %v", i+2, sum, err)
				}
			}
			out := filepath.Join(t.TempDir(), "export")
			if _, err := Export(j, out, Options{}); err != nil {
				t.Fatal(err)
			}
			own, _ := ReadSource(out)
			sum, err = imports.From(j, own.Items, imports.Options{})
			if err != nil || sum.Unchanged != len(src.Items) || len(own.Items) != len(src.Items) {
				t.Fatalf("Candor's export of the imported notes: %+v %v", sum, err)
			}
		})
	}
}

// TestRatingSurvivesReimport changes a note in its file after the user
// rated it in Candor: the re-import takes the new body and keeps the
// rating, area and the tag the user added; a tag added in the file is
// added too.
func TestRatingSurvivesReimport(t *testing.T) {
	dir := copyDir(t, filepath.Join("testdata", "obsidian"))
	j, _ := journaltest.New(t)
	src, _ := ReadSource(dir)
	if _, err := imports.From(j, src.Items, imports.Options{}); err != nil {
		t.Fatal(err)
	}
	id := imports.StableID("markdown", "Daily/2021-01-06.md")
	e, err := j.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	e.Rating, e.Area, e.Tags = 4, journal.AreaMotivation, append(e.Tags, "mine")
	if _, err := j.Update(e); err != nil {
		t.Fatal(err)
	}
	note := filepath.Join(dir, "Daily", "2021-01-06.md")
	if err := os.WriteFile(note, []byte("Hard conversation with Sam about the deadline. #feedback\nIt went well in the end. #growth\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src, _ = ReadSource(dir)
	sum, err := imports.From(j, src.Items, imports.Options{})
	if err != nil || sum.Updated != 1 || sum.Unchanged != len(src.Items)-1 || len(sum.Conflicts) != 0 {
		t.Fatalf("%+v %v", sum, err)
	}
	got, _ := j.Get(id)
	if !strings.Contains(got.Body, "It went well") || got.Rating != 4 || got.Area != journal.AreaMotivation || !slices.Equal(got.Tags, []string{"feedback", "mine", "growth"}) {
		t.Errorf("after the re-import: %+v", got)
	}
	if c, _ := j.Count(); c != len(src.Items) {
		t.Errorf("%d entries, want %d", c, len(src.Items))
	}
}

// TestSameDayOrder checks that notes of one day list in the order of
// their times, whatever their names.
func TestSameDayOrder(t *testing.T) {
	dir := t.TempDir()
	times := []string{"18:00", "07:05", "12:30", "09:15", "23:59", "00:01", "15:45"}
	for i, at := range times {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("note-%c.md", 'a'+i)), []byte("---\ndate: 2021-03-04 "+at+"\n---\n# At "+at+"\n"), 0o600)
	}
	j, _ := journaltest.New(t)
	src, _ := ReadSource(dir)
	if _, err := imports.From(j, src.Items, imports.Options{}); err != nil {
		t.Fatal(err)
	}
	list, _ := j.List(journal.Query{})
	var got []string
	for _, e := range list {
		got = append(got, strings.TrimPrefix(e.Title, "At "))
	}
	want := slices.Clone(times)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("listed %q, want %q", got, want)
	}
	for _, e := range list {
		if e.Date.String() != "2021-03-04" || e.Created.In(time.Local).Format("15:04") != strings.TrimPrefix(e.Title, "At ") {
			t.Errorf("%s: %s %v", e.Title, e.Date, e.Created)
		}
	}
}

// BenchmarkReadImport10k reads a folder of 10,000 small notes and imports
// them into a new journal; read_import_ms must stay under 2,000.
func BenchmarkReadImport10k(b *testing.B) {
	dir := b.TempDir()
	for i := 0; i < 10_000; i++ {
		day := journal.Date{Year: 2000, Month: 1, Day: 1}.AddDays(i)
		var name, text string
		switch i % 4 {
		case 0:
			name, text = day.String()+".md", "# Day "+fmt.Sprint(i)+"\n\nMet the team. #work\n"
		case 1:
			name, text = fmt.Sprintf("journals/%04d_%02d_%02d.md", day.Year, day.Month, day.Day), "- A bullet block\n\t- nested #[[deep work]]\n"
		case 2:
			name, text = fmt.Sprintf("posts/note-%d.md", i), "---\ntitle: Post\ndate: "+day.String()+" 09:30:00 +0200\ntags: [a, b]\n---\nBody text.\n"
		default:
			name, text = fmt.Sprintf("Diary-%04d%02d%02d.md", day.Year, day.Month, day.Day), "Plain text for the day.\n"
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o700)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		j, err := journal.Init(filepath.Join(b.TempDir(), "j"), journaltest.Passphrase, &journal.Options{KDF: journal.TestKDF})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		src, err := ReadSource(dir)
		if err != nil || len(src.Items) != 10_000 {
			b.Fatalf("%d notes, %v", len(src.Items), err)
		}
		read := time.Since(t0)
		sum, err := imports.From(j, src.Items, imports.Options{})
		if err != nil || sum.Imported != 10_000 {
			b.Fatalf("%+v %v", sum, err)
		}
		total := time.Since(t0)
		b.StopTimer()
		j.Close()
		b.StartTimer()
		b.ReportMetric(float64(read.Milliseconds()), "read_ms")
		b.ReportMetric(float64(total.Milliseconds()), "read_import_ms")
		if total > 2*time.Second {
			b.Errorf("reading and importing 10,000 notes took %v, more than 2 s", total)
		}
	}
}

// TestReimportFindsNotesOfEarlierVersions imports a note into a journal
// that holds it under the ID an earlier Candor gave it (a hash of the file
// name and content): no duplicate is made and Candor's rating stays.
func TestReimportFindsNotesOfEarlierVersions(t *testing.T) {
	j, _ := journaltest.New(t)
	dir := t.TempDir()
	text := "# Offsite\n\nPlanned the offsite.\n"
	os.WriteFile(filepath.Join(dir, "2021-01-05.md"), []byte(text), 0o600)
	old := journal.Entry{ID: imports.StableID("markdown", "2021-01-05.md", text), Date: journal.Date{Year: 2021, Month: 1, Day: 5},
		Title: "Offsite", Body: "Planned the offsite.\n", Rating: 3, Tags: []string{}}
	if _, err := imports.Entries(j, []journal.Entry{old}, nil); err != nil {
		t.Fatal(err)
	}
	src, err := ReadSource(dir)
	if err != nil || len(src.Items) != 1 {
		t.Fatalf("%+v %v", src, err)
	}
	sum, err := imports.From(j, src.Items, imports.Options{})
	if err != nil || sum.Imported != 0 {
		t.Fatalf("%+v %v", sum, err)
	}
	if n, _ := j.Count(); n != 1 {
		t.Fatalf("%d entries", n)
	}
	if got, _ := j.Get(old.ID); got.Rating != 3 {
		t.Fatalf("rating %d", got.Rating)
	}
}
