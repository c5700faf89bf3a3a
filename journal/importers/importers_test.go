package importers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"candor/journal"
	"candor/journal/imports"
)

// TestSamples reads the samples in testdata/import, which the command
// line's and the app's tests import too.
func TestSamples(t *testing.T) {
	src, err := ReadJrnlSource("../../testdata/import/sample.journal")
	if err != nil || len(src.Items) != 3 || len(src.Problems) != 0 {
		t.Fatalf("jrnl: %+v %v", src, err)
	}
	if e := src.Items[0].Entry; e.Title != "Kickoff went well. The team agreed on @roadmap priorities." || e.Body != "We still need a plan for @hiring.\n" ||
		e.Date != (journal.Date{Year: 2024, Month: 3, Day: 4}) || strings.Join(e.Tags, ",") != "roadmap,hiring" {
		t.Errorf("first: %+v", e)
	}
	if e := src.Items[1].Entry; e.Title != "Hard day" || !e.HasTag(starredTag) {
		t.Errorf("starred: %+v", e)
	}
	if e := src.Items[2].Entry; e.Title != "[1] a line that starts with a bracket" {
		t.Errorf("brackets: %+v", e)
	}
	again, _ := ReadJrnlSource("../../testdata/import/sample.journal")
	if again.Items[0].Entry.ID != src.Items[0].Entry.ID {
		t.Error("jrnl IDs are not stable")
	}

	src, err = ReadDayOneSource("../../testdata/import/dayone.json")
	if err != nil || len(src.Items) != 2 {
		t.Fatalf("Day One: %+v %v", src, err)
	}
	if e := src.Items[0].Entry; e.Title != "Offsite" || !strings.Contains(e.Body, "whiteboard. It felt good!") || !strings.Contains(e.Body, "- one") ||
		e.Date != (journal.Date{Year: 2024, Month: 2, Day: 10}) || !e.HasTag("team") || !e.HasTag(starredTag) || e.ID != idOf(t, "0F6D1A2B3C4D4E5F8A9B0C1D2E3F4A5B") {
		t.Errorf("json entry: %+v", e)
	}
	src, err = ReadDayOneSource("../../testdata/import/classic")
	if err != nil || len(src.Items) != 1 {
		t.Fatalf("classic: %+v %v", src, err)
	}
	// 23:30 UTC on 31 December is already 1 January in Berlin; Day One
	// titles an entry by its whole first line.
	if e := src.Items[0].Entry; e.Date != (journal.Date{Year: 2024, Month: 1, Day: 1}) || e.Title != "New year thoughts. Mentoring @Sam paid off." || !e.HasTag("Sam") || !e.HasTag("reflection") {
		t.Errorf("classic entry: %+v", e)
	}
}

// sharedFixtures is the folder of real journals written by jrnl and Day
// One, beside the project; tests that use it skip when it is absent.
const sharedFixtures = "../../../shared/fixtures/jrnl-tests"

// TestSharedFixtures imports the real jrnl and Day One journals in
// ../shared/fixtures (skipped when that folder is absent).
func TestSharedFixtures(t *testing.T) {
	if _, err := os.Stat(sharedFixtures); err != nil {
		t.Skip("../shared/fixtures is absent")
	}
	jrnl := func(name string) imports.Source {
		t.Helper()
		src, err := ReadJrnlSource(filepath.Join(sharedFixtures, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return src
	}
	src := jrnl("simple.journal")
	if es := src.Items; len(es) != 2 || es[0].Entry.Title != "My first entry." || es[0].Entry.Body != "Everything is alright\n" || es[1].Entry.Date != (journal.Date{Year: 2013, Month: 6, Day: 10}) {
		t.Fatalf("simple.journal: %+v", src)
	}
	src = jrnl("tags.journal")
	if es := src.Items; len(es) != 2 || !es[0].Entry.HasTag("idea") || !es[0].Entry.HasTag("journal") || !es[1].Entry.HasTag("dan") {
		t.Errorf("tags.journal: %+v", src)
	}
	src = jrnl("tags-216.journal")
	if e := src.Items[0].Entry; strings.Join(e.Tags, " ") != "OS/2 C++ C#" {
		t.Errorf("tags-216.journal: %q", e.Tags)
	}
	src = jrnl("tags-237.journal")
	if e := src.Items[0].Entry; strings.Join(e.Tags, " ") != "Newline email" {
		t.Errorf("tags-237.journal: %q", e.Tags)
	}
	src = jrnl("multiline-tags.journal")
	if e := src.Items[0].Entry; strings.Join(e.Tags, " ") != "line tags punctuation TagOnLineAloneWithOutPunctuation TagOnLineAloneWithPunctuation tag hi" {
		t.Errorf("multiline-tags.journal: %q", e.Tags)
	}
	if src := jrnl("little_endian_dates.journal"); len(src.Items) != 2 || src.Items[1].Entry.Date != (journal.Date{Year: 2013, Month: 7, Day: 10}) {
		t.Errorf("little-endian dates: %+v", src)
	}
	if src := jrnl("unreadabledates.journal"); len(src.Items) != 0 || len(src.Problems) != 1 || src.Problems[0].Line != 1 {
		t.Errorf("unreadable dates: %+v", src)
	}
	if src := jrnl("mostlyreadabledates.journal"); len(src.Items) != 2 || len(src.Problems) != 1 || src.Problems[0].Line != 7 {
		t.Errorf("mostly readable dates: %+v", src.Problems)
	}
	if src := jrnl("deletion.journal"); len(src.Items) != 3 || src.Items[0].Entry.Title != "First entry." || src.Items[1].Entry.Title != "Second entry." {
		t.Errorf("deletion.journal: %+v", src)
	}
	if src := jrnl("basic_onefile.journal"); len(src.Items) != 3 || !src.Items[1].Entry.HasTag(starredTag) || src.Items[0].Entry.HasTag(starredTag) {
		t.Errorf("basic_onefile.journal: %+v", src)
	}
	for _, name := range []string{"brackets.journal", "multiline.journal", "markdown-headings-335.journal"} {
		if src := jrnl(name); len(src.Items) != 1 || len(src.Problems) != 0 {
			t.Errorf("%s: %+v", name, src)
		}
	}
	if src := jrnl("work.journal"); len(src.Items)+len(src.Problems) != 0 {
		t.Errorf("an empty journal: %+v", src)
	}

	dayOne := func(name string) imports.Source {
		t.Helper()
		src, err := ReadDayOneSource(filepath.Join(sharedFixtures, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return src
	}
	// bug153 holds one entry that is not a valid plist, with the UUID of
	// the other: that file is listed, naming it, and the other imported.
	src = dayOne("bug153.dayone")
	if len(src.Items) != 1 || len(src.Problems) != 1 || !strings.Contains(src.Problems[0].Error(), "B40EE704E15846DE8D45C44118A4D512.doentry") {
		t.Errorf("bug153: %+v", src)
	}
	// bug780's entry has no text at all: it is skipped and listed.
	if src := dayOne("bug780.dayone"); len(src.Items) != 0 || len(src.Skipped) != 1 {
		t.Errorf("bug780: %+v", src)
	}
	src = dayOne("dayone.dayone")
	found := false
	for _, in := range src.Items {
		e := in.Entry
		if e.Title == "This entry has tags!" && e.HasTag("work") && e.HasTag("PLaY") && e.Date == (journal.Date{Year: 2013, Month: 5, Day: 17}) {
			found = true
		}
	}
	if len(src.Items) != 4 || !found {
		t.Errorf("dayone.dayone: %+v", src)
	}
	// jrnl's Day One Classic copy of basic_onefile: the same entries, on
	// the day of their own time zone.
	src = dayOne("basic_dayone.dayone")
	if len(src.Items) != 3 || src.Items[2].Entry.Title != "The third entry finally after weeks without writing." || src.Items[0].Entry.Date != (journal.Date{Year: 2020, Month: 8, Day: 29}) ||
		!src.Items[2].Entry.HasTag(starredTag) {
		t.Errorf("basic_dayone.dayone: %+v", src)
	}
}

// TestShortTitle checks where long titles are cut.
func TestShortTitle(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"short", "short"},
		{strings.Repeat("a", 100), strings.Repeat("a", 100)},
		{strings.Repeat("word ", 30), strings.TrimSpace(strings.Repeat("word ", 20)) + "…"},
		{strings.Repeat("x", 70) + " " + strings.Repeat("y", 50), strings.Repeat("x", 70) + "…"},
		{strings.Repeat("x", 105) + " tail", strings.Repeat("x", 105) + "…"},
		{strings.Repeat("é", 150), strings.Repeat("é", 100) + "…"},
		{strings.Repeat("x", 80) + ", and then " + strings.Repeat("y", 40), strings.Repeat("x", 80) + ", and then…"},
	} {
		got, cut := shortTitle(c.in)
		if got != c.want || cut != (got != c.in) || !utf8.ValidString(got) {
			t.Errorf("shortTitle(%q) = %q, %v; want %q", c.in, got, cut, c.want)
		}
	}
}

// TestMarkAttachments checks that Day One attachment references become a
// visible note and that ordinary links and images are left alone.
func TestMarkAttachments(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Before\n![](dayone-moment://7A3C2B1D0E9F4A8B)\nafter", "Before\n*(Day One photo not imported)*\nafter"},
		{"![](dayone-moment:/video/ABC-123) and ![](dayone-moment:/audio/DEF)", "*(Day One video not imported)* and *(Day One audio not imported)*"},
		{"[doc](dayone-moment:/pdfAttachment/F00D) !\\[\\](dayone-moment://AB)", "*(Day One PDF not imported)* *(Day One photo not imported)*"},
		{"![](dayone-moment:/sketch/AB)", "*(Day One sketch not imported)*"},
		{"![cat](https://example.com/cat.png) [link](dayone://view?entryId=X)", "![cat](https://example.com/cat.png) [link](dayone://view?entryId=X)"},
		{"![](dayone-moment://)", "![](dayone-moment://)"},
		{"[a [b](dayone-moment://X1) c", "[a *(Day One photo not imported)* c"},
		{"[a\nb](dayone-moment://X1) [x](dayone-moment://X2", "[a\nb](dayone-moment://X1) [x](dayone-moment://X2"},
		{"](dayone-moment://X1) ![](dayone-moment:///X2) ![](dayone-moment:/video/X 3)", "](dayone-moment://X1) ![](dayone-moment:///X2) ![](dayone-moment:/video/X 3)"},
	} {
		if got, _ := markAttachments(c.in); got != c.want {
			t.Errorf("markAttachments(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzParseJrnl checks that any jrnl journal gives valid entries with
// distinct IDs, or problems naming the file.
func FuzzParseJrnl(f *testing.F) {
	f.Add([]byte("[2024-03-04 09:15] Title. Body @tag\nmore\n\n[2024-03-05 10:00] Next *"))
	f.Add([]byte("[x] y"))
	f.Add([]byte("2015-08-28 10:27 Old *\nbody @C++ @OS/2.\n2015-08-28 10:27 Old *\n"))
	f.Add([]byte("[2019-07 14:23] bad\n[2024-01-01 10:00:00 PM] \n\n  Title! Rest\n[0999-01-01 10:00] x"))
	f.Add([]byte("[2024-01-01 10:00] " + strings.Repeat("long ", 200) + "\x00\xff\r\n@"))
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := ParseJrnl("fuzz.journal", data)
		if err != nil {
			return
		}
		ids := map[journal.ID]bool{}
		for _, in := range src.Items {
			e := in.Entry
			if e.Validate() != nil || e.ID.IsZero() || in.Source == "" || in.Fields != JrnlFields || ids[e.ID] {
				t.Fatalf("bad entry %+v", in)
			}
			ids[e.ID] = true
		}
		for _, p := range src.Problems {
			if p.Path != "fuzz.journal" {
				t.Fatalf("problem without its file: %v", p)
			}
		}
	})
}

// FuzzParsePlist checks that any .doentry file is read without a panic and
// gives only valid entries.
func FuzzParsePlist(f *testing.F) {
	b, _ := os.ReadFile("../../testdata/import/classic/3C2D1E0F9A8B4C7D6E5F4A3B2C1D0E9F.doentry")
	f.Add(b)
	f.Add([]byte(classicEntry(uuidA, "2024-01-01T10:00:00Z", "Europe/Berlin", "Title\n![](dayone-moment://AB)", "a", "b")))
	f.Add([]byte("<dict><key>Tags</key><array><array><string>x</string></array></array></dict>"))
	f.Add([]byte("<dict>\n<key>Entry Text</key>\n<string>broken</string>\n</plist>\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = parsePlist(data)
		d := &dayOneReader{zones: map[string]*time.Location{}}
		d.parseClassic("fuzz.doentry", data, nil)
		if err := d.build(); err != nil {
			t.Fatal(err)
		}
		for _, in := range d.c.src.Items {
			if in.Entry.Validate() != nil || in.Source == "" {
				t.Fatalf("bad entry %+v", in)
			}
		}
	})
}

// FuzzDayOneJSON checks that any Day One JSON export gives valid entries
// with distinct IDs.
func FuzzDayOneJSON(f *testing.F) {
	f.Add([]byte(exportJSON(dayOneEarly, dayOneLate)))
	f.Add([]byte(`{"entries":[{"uuid":"x","creationDate":"2024-01-01T10:00:00Z","text":"![](dayone-moment://A)\n\\# t\\.","richText":"{}"}]}`))
	f.Add([]byte(`{"entries":[{"creationDate":"2024-01-01T10:00:00Z","richText":"{\"contents\":[{\"text\":\"T\\n\"},{\"embeddedObjects\":[{\"type\":\"video\",\"identifier\":\"V\"}]}]}"}]}`))
	f.Add([]byte(`{"entries":[1,{"tags":3},{"creationDate":"2024-01-01T10:00:00Z","uuid":"` + uuidA + `"},{"creationDate":"2024-01-01T10:00:00Z","uuid":"` + uuidA + `","text":"x"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := &dayOneReader{zones: map[string]*time.Location{}}
		if err := d.parseJSON("fuzz.json", "fuzz.json", data); err != nil {
			return
		}
		if err := d.build(); err != nil {
			t.Fatal(err)
		}
		ids := map[journal.ID]bool{}
		for _, in := range d.c.src.Items {
			if in.Entry.Validate() != nil || in.Source == "" || in.Fields != DayOneFields || ids[in.Entry.ID] {
				t.Fatalf("bad entry %+v", in)
			}
			ids[in.Entry.ID] = true
		}
	})
}
