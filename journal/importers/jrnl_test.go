package importers

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"candor/journal"
	"candor/journal/imports"
)

// parseOne parses a jrnl journal that must hold exactly one entry.
func parseOne(t *testing.T, text string) imports.Incoming {
	t.Helper()
	src, err := ParseJrnl("test.journal", []byte(text))
	if err != nil || len(src.Items) != 1 || len(src.Problems) != 0 {
		t.Fatalf("%q: %d entries, problems %v, %v", text, len(src.Items), src.Problems, err)
	}
	return src.Items[0]
}

// TestJrnlEntries checks titles, bodies, tags, stars and times of jrnl
// entries in the shapes jrnl 1.x and 2.x onwards write.
func TestJrnlEntries(t *testing.T) {
	for _, c := range []struct {
		name, text  string
		title, body string
		tags        []string
		date        string
		clock       string // the wall-clock time, HH:MM:SS
	}{
		// jrnl's own rule: the first line is the title when more lines
		// follow, so a sentence break on the header line stays in it.
		{"first line", "[2024-03-04 09:15] Kickoff went well. The team agreed.\nWe still need a plan.\n", "Kickoff went well. The team agreed.", "We still need a plan.\n", nil, "2024-03-04", "09:15:00"},
		{"blank line after", "[2024-03-04 09:15] Just a title.\n\n", "Just a title.", "", nil, "2024-03-04", "09:15:00"},
		// An entry of one line with no line break after it: the first
		// sentence is the title.
		{"one line", "[2024-03-04 09:15] Short day. Went home early", "Short day.", "Went home early\n", nil, "2024-03-04", "09:15:00"},
		{"one line, question", "[2024-03-04 09:15] Why now?) Because", "Why now?)", "Because\n", nil, "2024-03-04", "09:15:00"},
		{"one line, no stop", "[2024-03-04 09:15] v1.2 shipped", "v1.2 shipped", "", nil, "2024-03-04", "09:15:00"},
		{"starred", "[2024-03-05 18:02] Hard day *\nPriya pushed back.\n", "Hard day", "Priya pushed back.\n", []string{"starred"}, "2024-03-05", "18:02:00"},
		{"starred alone", "[2024-03-05 18:02] Hard day *", "Hard day", "", []string{"starred"}, "2024-03-05", "18:02:00"},
		{"empty header line", "[2024-03-05 18:02] \n\nThe title is here\nand the body\n", "The title is here", "and the body\n", nil, "2024-03-05", "18:02:00"},
		{"header without space", "[2024-03-05 18:02]\nBody only\nmore\n", "Body only", "more\n", nil, "2024-03-05", "18:02:00"},
		{"bracket line in body", "[2019-07-08 05:42] Entry subject\n[1] line starting with 1\n", "Entry subject", "[1] line starting with 1\n", nil, "2019-07-08", "05:42:00"},
		{"body keeps Markdown", "[2024-01-01 10:00] List\n\n    code\n- one\n- two\n\n\n", "List", "    code\n- one\n- two\n", nil, "2024-01-01", "10:00:00"},
		{"seconds", "[2024-01-01 10:00:30] T\nB\n", "T", "B\n", nil, "2024-01-01", "10:00:30"},
		{"12-hour clock", "[2015-08-28 10:27:00 PM] Late\nB\n", "Late", "B\n", nil, "2015-08-28", "22:27:00"},
		{"12-hour clock, lower case", "[2015-08-28 9:05 am] Early\nB\n", "Early", "B\n", nil, "2015-08-28", "09:05:00"},
		{"little-endian date", "[09.06.2013 15:39] My first entry.\nEverything is alright\n", "My first entry.", "Everything is alright\n", nil, "2013-06-09", "15:39:00"},
		{"date only", "[2024-02-29] Leap\nB\n", "Leap", "B\n", nil, "2024-02-29", "09:00:00"},
		{"jrnl 1.x", "2015-08-28 10:27 Old format. Still read\nBody line\n", "Old format. Still read", "Body line\n", nil, "2015-08-28", "10:27:00"},
		{"jrnl 1.x starred", "2015-08-28 10:27 Old star *\nBody line\n", "Old star", "Body line\n", []string{"starred"}, "2015-08-28", "10:27:00"},
		{"CRLF", "[2024-01-01 10:00] T\r\nB\r\n", "T", "B\n", nil, "2024-01-01", "10:00:00"},
		{"tags", "[2013-06-10 15:40] I programmed for @OS/2.\nBack to @C++, though. (Still better than @C#). Mail kyla@example.org, @idea: @done.\n",
			"I programmed for @OS/2.", "Back to @C++, though. (Still better than @C#). Mail kyla@example.org, @idea: @done.\n", []string{"OS/2", "C++", "C#", "idea", "done"}, "2013-06-10", "15:40:00"},
		{"tags, unicode and case", "[2013-06-10 15:40] @Café and @café\n(@not) @ok_1-2\n", "@Café and @café", "(@not) @ok_1-2\n", []string{"Café", "ok_1-2"}, "2013-06-10", "15:40:00"},
		{"control characters", "[2024-01-01 10:00] A\x01B\tC\x00\nbody\x00\n", "AB C\uFFFD", "body\uFFFD\n", nil, "2024-01-01", "10:00:00"},
		{"invalid UTF-8", "[2024-01-01 10:00] A\xffB\nC\n", "A\uFFFDB", "C\n", nil, "2024-01-01", "10:00:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := parseOne(t, c.text)
			e := in.Entry
			if e.Title != c.title || e.Body != c.body {
				t.Errorf("title %q body %q, want %q and %q", e.Title, e.Body, c.title, c.body)
			}
			if c.tags == nil {
				c.tags = []string{}
			}
			if !slices.Equal(e.Tags, c.tags) {
				t.Errorf("tags %q, want %q", e.Tags, c.tags)
			}
			if e.Date.String() != c.date || e.Created.In(time.Local).Format("15:04:05") != c.clock || !e.Updated.Equal(e.Created) {
				t.Errorf("date %s, created %s (local %s), want %s %s", e.Date, e.Created, e.Created.In(time.Local), c.date, c.clock)
			}
			if in.Fields != JrnlFields || !strings.HasPrefix(in.Source, "jrnl:") || e.ID.IsZero() {
				t.Errorf("provenance: %q %b %s", in.Source, in.Fields, e.ID)
			}
			if err := e.Validate(); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestJrnlLongTitleKeepsTheWholeLine checks that a first line too long for
// a title is cut there and kept whole in the body.
func TestJrnlLongTitleKeepsTheWholeLine(t *testing.T) {
	line := strings.Repeat("word ", 150) + "end"
	e := parseOne(t, "[2024-01-01 10:00] "+line+"\nbody\n").Entry
	if n := len([]rune(e.Title)); n > 110 || !strings.HasSuffix(e.Title, "…") || e.Body != line+"\n\nbody\n" {
		t.Errorf("title %q (%d), body %q", e.Title, n, e.Body)
	}
}

// TestJrnlLocalTime checks that jrnl's wall-clock times keep the day as
// written and are read in this computer's zone.
func TestJrnlLocalTime(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	old := time.Local
	time.Local = ny
	defer func() { time.Local = old }()
	e := parseOne(t, "[2024-01-15 23:30] Late\n").Entry
	if e.Date.String() != "2024-01-15" || !e.Created.Equal(time.Date(2024, 1, 16, 4, 30, 0, 0, time.UTC)) || e.Created.Location() != time.UTC {
		t.Errorf("date %s created %s", e.Date, e.Created)
	}
	// In a clock change's gap the day still stays as written.
	e = parseOne(t, "[2024-03-10 02:30] Gap\n").Entry
	if e.Date.String() != "2024-03-10" {
		t.Errorf("gap: %s", e.Date)
	}
}

// TestJrnlSourceKeys checks the source keys and IDs of jrnl entries.
func TestJrnlSourceKeys(t *testing.T) {
	text := "[2019-10-29 11:11] Same.\none\n\n[2019-10-29 11:11] Same.\ntwo\n\n[2019-10-29 11:11] Other.\n\n[2019-10-29 11:13] Same.\n"
	src, err := ParseJrnl("d.journal", []byte(text))
	if err != nil || len(src.Items) != 4 {
		t.Fatalf("%d %v", len(src.Items), err)
	}
	var keys []string
	ids := map[journal.ID]bool{}
	for _, in := range src.Items {
		keys = append(keys, in.Source)
		ids[in.Entry.ID] = true
	}
	want := []string{"jrnl:2019-10-29 11:11:00 Other.", "jrnl:2019-10-29 11:11:00 Same.", "jrnl:2019-10-29 11:11:00 Same. #2", "jrnl:2019-10-29 11:13:00 Same."}
	slices.Sort(keys)
	if !slices.Equal(keys, want) || len(ids) != 4 {
		t.Errorf("keys %q, %d IDs", keys, len(ids))
	}
	// The body and the star are no part of the key: an edit in jrnl
	// updates the entry instead of adding one.
	first := parseOne(t, "[2019-10-29 11:11] Same.\none\n").Entry.ID
	if parseOne(t, "[2019-10-29 11:11] Same. *\nchanged text @tag\n").Entry.ID != first {
		t.Error("editing the body changed the ID")
	}
	if first != imports.StableID("jrnl", "2019-10-29 11:11:00", "Same.", "0") {
		t.Error("the ID is not derived from the source key")
	}
}

// TestJrnlSameDayByTime checks that entries come out by day and time.
func TestJrnlSameDayByTime(t *testing.T) {
	src, _ := ParseJrnl("x", []byte("[2024-01-02 18:00] Evening\n\n[2024-01-02 08:00] Morning\n\n[2024-01-01 12:00] Day before\n\n[2024-01-02 12:00] Noon\n"))
	var got []string
	for _, in := range src.Items {
		got = append(got, in.Entry.Title)
	}
	if want := []string{"Day before", "Morning", "Noon", "Evening"}; !slices.Equal(got, want) {
		t.Errorf("order %q", got)
	}
}

// TestJrnlProblems checks that every part of a jrnl journal that cannot be
// read is listed with its line, and the rest imported.
func TestJrnlProblems(t *testing.T) {
	text := "some words before any entry\nand more\n\n[2019-07-18 14:23] The first entry\nText.\n\n[2019-07 14:23] The third entry\nLost.\n\n[2019-07-19 14:23] Fine\n\n[13-13-2019 10:00] Bad\n\n[9999-12-31 10:00] Fine too\n\n[0999-01-01 10:00] Too early\n"
	src, err := ParseJrnl("bad.journal", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, in := range src.Items {
		titles = append(titles, in.Entry.Title)
	}
	if want := []string{"The first entry", "Fine", "Fine too"}; !slices.Equal(titles, want) {
		t.Errorf("entries %q", titles)
	}
	// The lines of a header whose date cannot be read stay in the entry
	// before, as in jrnl: with --skip-problems nothing is lost.
	if b := src.Items[0].Entry.Body; b != "Text.\n\n[2019-07 14:23] The third entry\nLost.\n" {
		t.Errorf("body %q", b)
	}
	var lines []int
	for _, p := range src.Problems {
		if p.Path != "bad.journal" {
			t.Errorf("problem without its file: %v", p)
		}
		lines = append(lines, p.Line)
	}
	if want := []int{1, 7, 12, 16}; !slices.Equal(lines, want) {
		t.Errorf("problem lines %v, want %v: %v", lines, want, src.Problems)
	}
	if src, err := ParseJrnl("empty", nil); err != nil || len(src.Items)+len(src.Problems) != 0 {
		t.Errorf("an empty journal: %+v %v", src, err)
	}
	if src, _ := ParseJrnl("blank", []byte("\n  \n\n")); len(src.Items)+len(src.Problems) != 0 {
		t.Errorf("a blank journal: %+v", src)
	}
}

// TestJrnlManyProblemsAreBounded checks that a journal of nothing but bad
// headers lists a bounded number of problems.
func TestJrnlManyProblemsAreBounded(t *testing.T) {
	text := "[2019-07-01 14:23] Fine\n" + strings.Repeat("[2019-07 14:23] x\n", 5000)
	src, err := ParseJrnl("bad.journal", []byte(text))
	if err != nil || len(src.Items) != 1 || len(src.Problems) != maxProblems+1 || !strings.Contains(src.Problems[maxProblems].Msg, "4000 more") {
		t.Fatalf("%d problems, %v", len(src.Problems), err)
	}
}

// TestReadJrnlSourceReadsPlainFilesOnly checks that links, FIFOs and
// devices are refused without blocking.
func TestReadJrnlSourceReadsPlainFilesOnly(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "j.txt")
	os.WriteFile(plain, []byte("[2024-01-01 10:00] Hello\n"), 0o600)
	if src, err := ReadJrnlSource(plain); err != nil || len(src.Items) != 1 {
		t.Fatalf("%+v %v", src, err)
	}
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(plain, link); err != nil {
		t.Skip(err)
	}
	fifo := filepath.Join(dir, "fifo.txt")
	if err := mkfifo(fifo); err != nil {
		t.Skip(err)
	}
	for _, p := range []string{link, fifo, "/dev/zero"} {
		done := make(chan imports.Source, 1)
		go func() { src, _ := ReadJrnlSource(p); done <- src }()
		select {
		case src := <-done:
			if len(src.Problems) != 1 || len(src.Items) != 0 || !strings.Contains(src.Problems[0].Msg, "not a plain file") || src.Problems[0].Path != p {
				t.Errorf("%s: %+v", p, src.Problems)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: reading blocked", p)
		}
	}
	if _, err := ReadJrnlSource(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file was read")
	}
	if _, err := ReadJrnlSource(dir); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("a folder: %v", err)
	}
}

// TestJrnlTooManyEntries checks that a journal past MaxEntries is refused
// as a whole, quickly.
func TestJrnlTooManyEntries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large journal")
	}
	var b strings.Builder
	for i := 0; i <= MaxEntries; i++ {
		b.WriteString("[2024-01-01 10:00] x\n")
	}
	start := time.Now()
	_, err := ParseJrnl("huge.journal", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "more than 1000000 entries") {
		t.Fatalf("%v", err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("refusing took %s", d)
	}
}
