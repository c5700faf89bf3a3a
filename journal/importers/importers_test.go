package importers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/journal"
)

func TestParseJrnlSample(t *testing.T) {
	data, err := os.ReadFile("../../testdata/import/sample.journal")
	if err != nil {
		t.Fatal(err)
	}
	es, err := ParseJrnl("sample.journal", data)
	if err != nil || len(es) != 3 {
		t.Fatalf("%d entries, %v", len(es), err)
	}
	if e := es[0]; e.Title != "Kickoff went well." || !strings.HasPrefix(e.Body, "The team agreed") || e.Date != (journal.Date{Year: 2024, Month: 3, Day: 4}) ||
		strings.Join(e.Tags, ",") != "roadmap,hiring" {
		t.Errorf("first: %+v", e)
	}
	if e := es[1]; e.Title != "Hard day" || !e.HasTag(starredTag) {
		t.Errorf("starred: %+v", e)
	}
	if e := es[2]; e.Title != "[1] a line that starts with a bracket" {
		t.Errorf("brackets: %+v", e)
	}
	again, _ := ParseJrnl("sample.journal", data)
	if again[0].ID != es[0].ID {
		t.Error("jrnl IDs are not stable")
	}
	if _, err := ParseJrnl("bad.journal", []byte("no header here\n[2024-01-01 10:00] x")); err == nil || !strings.Contains(err.Error(), "bad.journal, line 1") {
		t.Errorf("malformed: %v", err)
	}
}

func TestReadDayOneSamples(t *testing.T) {
	es, err := ReadDayOne("../../testdata/import/dayone.json")
	if err != nil || len(es) != 2 {
		t.Fatalf("%d, %v", len(es), err)
	}
	e := es[0]
	if e.Title != "Offsite" || !strings.Contains(e.Body, "whiteboard. It felt good!") || !strings.Contains(e.Body, "- one") ||
		e.Date != (journal.Date{Year: 2024, Month: 2, Day: 10}) || !e.HasTag("team") || !e.HasTag(starredTag) || e.ID.String() != mustID(t, "0F6D1A2B3C4D4E5F8A9B0C1D2E3F4A5B") {
		t.Errorf("json entry: %+v", e)
	}
	cl, err := ReadDayOne("../../testdata/import/classic")
	if err != nil || len(cl) != 1 {
		t.Fatalf("classic: %d %v", len(cl), err)
	}
	// 23:30 UTC on 31 December is already 1 January in Berlin.
	if e := cl[0]; e.Date != (journal.Date{Year: 2024, Month: 1, Day: 1}) || e.Title != "New year thoughts." || !e.HasTag("Sam") || !e.HasTag("reflection") {
		t.Errorf("classic entry: %+v", e)
	}
	if _, err := ReadDayOne(t.TempDir()); err == nil {
		t.Error("an empty folder was accepted")
	}
	bad := filepath.Join(t.TempDir(), "x.json")
	os.WriteFile(bad, []byte("{\n\"entries\": [oops"), 0o600)
	if _, err := ReadDayOne(bad); err == nil || !strings.Contains(err.Error(), "x.json") {
		t.Errorf("bad json: %v", err)
	}
}

func mustID(t *testing.T, hexUUID string) string {
	t.Helper()
	e, err := dayOneEntry(hexUUID, journal.Date{Year: 2024, Month: 1, Day: 1}.Time(time.UTC), "", "x", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	return e.ID.String()
}

// TestSharedFixtures imports the real jrnl and Day One journals in
// ../shared/fixtures (skipped when that folder is absent).
func TestSharedFixtures(t *testing.T) {
	root := "../../../shared/fixtures/jrnl-tests"
	if _, err := os.Stat(root); err != nil {
		t.Skip("../shared/fixtures is absent")
	}
	simple, err := os.ReadFile(filepath.Join(root, "simple.journal"))
	if err != nil {
		t.Fatal(err)
	}
	es, err := ParseJrnl("simple.journal", simple)
	if err != nil || len(es) != 2 || es[0].Title != "My first entry." || es[0].Body != "Everything is alright\n" || es[1].Date != (journal.Date{Year: 2013, Month: 6, Day: 10}) {
		t.Fatalf("simple.journal: %+v %v", es, err)
	}
	tags, _ := os.ReadFile(filepath.Join(root, "tags.journal"))
	es, err = ParseJrnl("tags.journal", tags)
	if err != nil || len(es) < 2 || !es[0].HasTag("idea") || !es[0].HasTag("journal") || !es[1].HasTag("dan") {
		t.Fatalf("tags.journal: %+v %v", es, err)
	}
	little, _ := os.ReadFile(filepath.Join(root, "little_endian_dates.journal"))
	if es, err := ParseJrnl("little", little); err != nil || es[1].Date != (journal.Date{Year: 2013, Month: 7, Day: 10}) {
		t.Errorf("little-endian dates: %v %v", es, err)
	}
	unreadable, _ := os.ReadFile(filepath.Join(root, "unreadabledates.journal"))
	if _, err := ParseJrnl("unreadabledates.journal", unreadable); err == nil {
		t.Error("unreadable dates were accepted")
	}
	for _, name := range []string{"basic_onefile.journal", "brackets.journal", "multiline.journal", "deletion.journal", "markdown-headings-335.journal", "multiline-tags.journal", "tags-216.journal", "tags-237.journal", "mostlyreadabledates.journal"} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		es, err := ParseJrnl(name, data)
		if err != nil || len(es) == 0 {
			t.Errorf("%s: %d entries, %v", name, len(es), err)
		}
	}
	if es, err := ParseJrnl("work.journal", nil); err != nil || len(es) != 0 {
		t.Errorf("an empty journal: %v %v", es, err)
	}
	// bug153 holds one entry that is not a valid plist: the import is
	// refused, naming that file, and nothing is written.
	if _, err := ReadDayOne(filepath.Join(root, "bug153.dayone")); err == nil || !strings.Contains(err.Error(), "B40EE704E15846DE8D45C44118A4D512.doentry") {
		t.Errorf("bug153: %v", err)
	}
	for _, d := range []string{"basic_dayone.dayone", "bug780.dayone", "dayone.dayone"} {
		es, err := ReadDayOne(filepath.Join(root, d))
		if err != nil || len(es) == 0 {
			t.Errorf("%s: %d entries, %v", d, len(es), err)
		}
	}
	es, _ = ReadDayOne(filepath.Join(root, "dayone.dayone"))
	found := false
	for _, e := range es {
		if e.Title == "This entry has tags!" && e.HasTag("work") && e.HasTag("PLaY") && e.Date == (journal.Date{Year: 2013, Month: 5, Day: 17}) {
			found = true
		}
	}
	if !found {
		t.Errorf("the tagged Day One entry is missing or wrong")
	}
}

func FuzzParseJrnl(f *testing.F) {
	f.Add([]byte("[2024-03-04 09:15] Title. Body @tag\nmore\n\n[2024-03-05 10:00] Next *"))
	f.Add([]byte("[x] y"))
	f.Fuzz(func(t *testing.T, data []byte) {
		es, err := ParseJrnl("fuzz.journal", data)
		if err == nil {
			for _, e := range es {
				if e.Validate() != nil {
					t.Fatal("invalid entry accepted")
				}
			}
		}
	})
}

func FuzzParsePlist(f *testing.F) {
	b, _ := os.ReadFile("../../testdata/import/classic/3C2D1E0F9A8B4C7D6E5F4A3B2C1D0E9F.doentry")
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = parsePlist(data)
	})
}

// TestMarkAttachments checks that Day One attachment references become a
// visible note and that ordinary links and images are left alone.
func TestMarkAttachments(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Before\n![](dayone-moment://7A3C2B1D0E9F4A8B)\nafter", "Before\n*(Day One photo not imported)*\nafter"},
		{"![](dayone-moment:/video/ABC-123) and ![](dayone-moment:/audio/DEF)", "*(Day One video not imported)* and *(Day One audio not imported)*"},
		{"[doc](dayone-moment:/pdfAttachment/F00D)", "*(Day One PDF not imported)*"},
		{"![cat](https://example.com/cat.png) [link](dayone://view?entryId=X)", "![cat](https://example.com/cat.png) [link](dayone://view?entryId=X)"},
		{"![](dayone-moment://)", "![](dayone-moment://)"},
	} {
		if got := markAttachments(c.in); got != c.want {
			t.Errorf("markAttachments(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
