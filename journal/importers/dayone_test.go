package importers

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"candor/journal"
	"candor/journal/imports"
)

// writeFiles writes files (name → content) under dir, making folders.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// zipOf writes a zip of files (in the order given: name, content, ...).
func zipOf(t testing.TB, p string, files ...string) {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		f, err := w.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(files[i+1]))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// exportJSON is a Day One JSON export of the given entries.
func exportJSON(entries ...map[string]any) string {
	b, _ := json.MarshalIndent(map[string]any{"metadata": map[string]any{"version": "1.0"}, "entries": entries}, "", "  ")
	return string(b)
}

// idOf is the entry ID of a Day One UUID: its own 16 bytes, as Candor
// has always derived it.
func idOf(t testing.TB, uuid string) journal.ID {
	t.Helper()
	b, err := hex.DecodeString(uuid)
	var id journal.ID
	if err != nil || len(b) != len(id) {
		t.Fatalf("%q is no UUID", uuid)
	}
	copy(id[:], b)
	return id
}

// readJSON reads a Day One JSON export given as text.
func readJSON(t testing.TB, text string) imports.Source {
	t.Helper()
	p := filepath.Join(t.TempDir(), "Journal.json")
	writeFiles(t, filepath.Dir(p), map[string]string{"Journal.json": text})
	src, err := ReadDayOneSource(p)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// Entries in the shapes Day One's JSON export has had: Day One 2's first
// exports (uuid, creationDate, text, tags, starred, timeZone, photos with
// identifier and md5) and later ones (richText, modifiedDate,
// creationDeviceType, videos, audios, pdfAttachments).
var (
	dayOneEarly = map[string]any{
		"uuid": "0F6D1A2B3C4D4E5F8A9B0C1D2E3F4A5B", "creationDate": "2017-02-10T22:30:00Z", "timeZone": "America/New_York",
		"text": "# Offsite\n\nWe wrote the plan on a whiteboard\\. It felt good\\!\n\n\\- one\n\\- two", "tags": []string{"team"}, "starred": true,
		"location": map[string]any{"localityName": "Boston", "latitude": 42.36}, "weather": map[string]any{"temperatureCelsius": 3},
	}
	dayOneLate = map[string]any{
		"uuid": "A1B2C3D4E5F60718293A4B5C6D7E8F90", "creationDate": "2023-06-01T05:30:00Z", "modifiedDate": "2023-06-02T07:00:00Z",
		"timeZone": "Asia/Tokyo", "creationDeviceType": "iPhone", "creationDevice": "Sam's iPhone", "isPinned": false, "editingTime": 42.5,
		"richText":       `{"meta":{"version":1},"contents":[{"text":"Tokyo\n","attributes":{"line":{"header":1}}},{"embeddedObjects":[{"type":"photo","identifier":"9D2C"}]}]}`,
		"text":           "![](dayone-moment://9D2C)\n\nTokyo at night\\.\n\n![](dayone-moment:/video/7E11)\n\nThen ![](dayone-moment:/audio/AB12) and [ticket](dayone-moment:/pdfAttachment/CD34)\\.",
		"photos":         []map[string]any{{"identifier": "9D2C", "md5": "0cc175b9c0f1b6a831c399e269772661", "type": "jpeg"}, {"identifier": "FFFF", "md5": "92eb5ffee6ae2fec3ad71c777531578f", "type": "heic"}},
		"videos":         []map[string]any{{"identifier": "7E11", "md5": "4a8a08f09d37b73795649038408b5f33"}},
		"audios":         []map[string]any{{"identifier": "AB12", "md5": "8277e0910d750195b448797616e091ad"}},
		"pdfAttachments": []map[string]any{{"identifier": "CD34", "md5": "e1671797c52e15f763380b45e841ec32"}},
	}
)

// TestDayOneJSON reads entries in the shapes of an early and a late Day One
// JSON export.
func TestDayOneJSON(t *testing.T) {
	src := readJSON(t, exportJSON(dayOneLate, dayOneEarly))
	if len(src.Items) != 2 || len(src.Problems)+len(src.Skipped) != 0 {
		t.Fatalf("%d entries, %v %v", len(src.Items), src.Problems, src.Skipped)
	}
	early, late := src.Items[0], src.Items[1]
	e := early.Entry
	if e.Title != "Offsite" || e.Body != "We wrote the plan on a whiteboard. It felt good!\n\n- one\n- two\n" || !e.HasTag("team") || !e.HasTag("starred") {
		t.Errorf("early entry: %q %q %q", e.Title, e.Body, e.Tags)
	}
	// 22:30 UTC is 17:30 in New York: the same day.
	if e.Date.String() != "2017-02-10" || !e.Created.Equal(time.Date(2017, 2, 10, 22, 30, 0, 0, time.UTC)) || !e.Updated.Equal(e.Created) {
		t.Errorf("early times: %s %s %s", e.Date, e.Created, e.Updated)
	}
	if early.Source != "dayone:0F6D1A2B3C4D4E5F8A9B0C1D2E3F4A5B" || early.Fields != DayOneFields || e.ID != idOf(t, "0F6D1A2B3C4D4E5F8A9B0C1D2E3F4A5B") {
		t.Errorf("provenance: %q %b %s", early.Source, early.Fields, e.ID)
	}
	e = late.Entry
	// 05:30 UTC is 14:30 in Tokyo; the media line never gives the title.
	wantBody := "*(Day One photo not imported)*\n\n*(Day One video not imported)*\n\nThen *(Day One audio not imported)* and *(Day One PDF not imported)*.\n\n*(Day One photo not imported)*\n"
	if e.Title != "Tokyo at night." || e.Body != wantBody {
		t.Errorf("late entry: %q\n%s", e.Title, e.Body)
	}
	if e.Date.String() != "2023-06-01" || !e.Updated.Equal(time.Date(2023, 6, 2, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("late times: %s %s", e.Date, e.Updated)
	}
}

// TestDayOneTitles checks that a Day One entry is titled by its first line
// with text, as Day One does.
func TestDayOneTitles(t *testing.T) {
	long := "This first line goes on and on about the day, the weather, the people we met on the way and what they told us about the road ahead"
	for _, c := range []struct {
		name, text, title, body string
	}{
		{"heading", "# Trip\nBody", "Trip", "Body\n"},
		{"heading with closing marks", "## Trip ##\n\nBody", "Trip", "Body\n"},
		{"first line, all of it", "All packed up finally .. still checking on weather ... Maybe rain!\nMore", "All packed up finally .. still checking on weather ... Maybe rain!", "More\n"},
		{"one line only", "Short note without a title line", "Short note without a title line", ""},
		{"escapes in the title", "Plan A\\. Or B\\? \\#1 \\(maybe\\)\nx", "Plan A. Or B? #1 (maybe)", "x\n"},
		{"blank lines first", "\n\n  \nHello\n", "Hello", ""},
		{"photo first", "![](dayone-moment://1A2B)\n\n# Rome\nWe walked.", "Rome", "*(Day One photo not imported)*\n\nWe walked.\n"},
		{"video then text on the line", "![](dayone-moment:/video/1A2B) Rome by night\nWe walked.", "*(Day One video not imported)* Rome by night", "We walked.\n"},
		{"several media lines", "![](dayone-moment://1A)\n![](dayone-moment://2B) ![](dayone-moment:/audio/3C)\nText", "Text", "*(Day One photo not imported)*\n*(Day One photo not imported)* *(Day One audio not imported)*\n"},
		{"only media", "![](dayone-moment://1A)\n\n![](dayone-moment:/pdfAttachment/2B)", "", "*(Day One photo not imported)*\n\n*(Day One PDF not imported)*\n"},
		{"empty heading skipped", "#\nReal title\nbody", "Real title", "#\nbody\n"},
		{"long first line", long + "\nSecond", "This first line goes on and on about the day, the weather, the people we met on the way and what…", long + "\nSecond\n"},
		{"long word", strings.Repeat("x", 150), strings.Repeat("x", 100) + "…", strings.Repeat("x", 150) + "\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := readJSON(t, exportJSON(map[string]any{"uuid": "0F6D1A2B3C4D4E5F8A9B0C1D2E3F4A5B", "creationDate": "2024-01-01T10:00:00Z", "timeZone": "UTC", "text": c.text}))
			if len(src.Items) != 1 {
				t.Fatalf("%+v", src)
			}
			if e := src.Items[0].Entry; e.Title != c.title || e.Body != c.body {
				t.Errorf("title %q body %q, want %q and %q", e.Title, e.Body, c.title, c.body)
			}
		})
	}
}

// TestUnescapeMarkdown checks which of Day One's backslashes are undone.
func TestUnescapeMarkdown(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`whiteboard\. It felt good\! \(really\) a\-b c\+d e\=f \#3 \{x\} \~ \| \? \, \: \' \"`, `whiteboard. It felt good! (really) a-b c+d e=f #3 {x} ~ | ? , : ' "`},
		{`\- one`, `- one`},
		{`\* keep \*emphasis\* and \_this\_ and \` + "`" + ` and \\ and \[not a link\]\(x\)`, `\* keep \*emphasis\* and \_this\_ and \` + "`" + ` and \\ and \[not a link\](x)`},
		{`\# not a heading`, `\# not a heading`},
		{`  \> not a quote`, `  \> not a quote`},
		{`1\. not a list`, `1\. not a list`},
		{`12\) not a list either`, `12\) not a list either`},
		{`in 2023\. it rained`, `in 2023. it rained`},
		{`\-\-\-`, `\-\-\-`},
		{`\=\=\=`, `\=\=\=`},
		{`\![not an image]`, `\![not an image]`},
		{`C:\Users\sam`, `C:\Users\sam`},
		{`trailing \`, `trailing \`},
	} {
		if got := unescapeMarkdown(c.in); got != c.want {
			t.Errorf("unescapeMarkdown(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestDayOneEmptyEntriesAreSkipped checks that an entry with no text is
// imported only when it has an attachment, and listed otherwise.
func TestDayOneEmptyEntriesAreSkipped(t *testing.T) {
	src := readJSON(t, exportJSON(
		map[string]any{"uuid": "11111111111111111111111111111111", "creationDate": "2024-01-01T10:00:00Z", "text": ""},
		map[string]any{"uuid": "22222222222222222222222222222222", "creationDate": "2024-01-01T11:00:00Z", "text": "  \n\n", "tags": []string{"x"}},
		map[string]any{"uuid": "33333333333333333333333333333333", "creationDate": "2024-01-01T12:00:00Z", "photos": []map[string]any{{"identifier": "AA", "md5": "x"}}},
		map[string]any{"uuid": "44444444444444444444444444444444", "creationDate": "2024-01-01T13:00:00Z", "text": "kept"},
	))
	if len(src.Items) != 2 || len(src.Skipped) != 2 || len(src.Problems) != 0 {
		t.Fatalf("%d entries, skipped %v, problems %v", len(src.Items), src.Skipped, src.Problems)
	}
	if e := src.Items[0].Entry; e.Title != "" || e.Body != "*(Day One photo not imported)*\n" {
		t.Errorf("media only: %q %q", e.Title, e.Body)
	}
	for _, s := range src.Skipped {
		if !strings.Contains(s.Msg, "no text") || !strings.HasSuffix(s.Path, "Journal.json") || s.Line == 0 {
			t.Errorf("skipped: %v", s)
		}
	}
}

// TestDayOneTimeZones checks that an entry's day is the one in its own
// time zone.
func TestDayOneTimeZones(t *testing.T) {
	for _, c := range []struct{ created, zone, date string }{
		{"2024-02-10T23:30:00Z", "Asia/Tokyo", "2024-02-11"},
		{"2024-02-11T05:00:00Z", "America/Los_Angeles", "2024-02-10"},
		{"2023-12-31T23:30:00Z", "Europe/Berlin", "2024-01-01"},
		{"2024-07-01T03:00:00.250Z", "Australia/Adelaide", "2024-07-01"},
		{"2024-02-11T05:00:00Z", "UTC", "2024-02-11"},
	} {
		src := readJSON(t, exportJSON(map[string]any{"uuid": "0F6D1A2B3C4D4E5F8A9B0C1D2E3F4A5B", "creationDate": c.created, "timeZone": c.zone, "text": "x"}))
		if len(src.Items) != 1 || src.Items[0].Entry.Date.String() != c.date {
			t.Errorf("%s in %s: %+v", c.created, c.zone, src)
		}
	}
	// Without a zone (or with one Candor does not know) the day is the
	// one on this computer's clock.
	ny, _ := time.LoadLocation("America/New_York")
	old := time.Local
	time.Local = ny
	defer func() { time.Local = old }()
	for _, zone := range []string{"", "Mars/Olympus_Mons"} {
		src := readJSON(t, exportJSON(map[string]any{"uuid": "0F6D1A2B3C4D4E5F8A9B0C1D2E3F4A5B", "creationDate": "2024-02-11T03:00:00Z", "timeZone": zone, "text": "x"}))
		if src.Items[0].Entry.Date.String() != "2024-02-10" {
			t.Errorf("zone %q: %s", zone, src.Items[0].Entry.Date)
		}
	}
}

// TestDayOneJSONProblems checks that every entry that cannot be read is
// listed with its line, and the rest imported.
func TestDayOneJSONProblems(t *testing.T) {
	text := `{
  "metadata": {"version": "1.0"},
  "entries": [
    {"uuid": "11111111111111111111111111111111", "creationDate": "yesterday", "text": "a"},
    {"uuid": "22222222222222222222222222222222", "creationDate": "2024-01-01T10:00:00Z", "text": "fine"},
    {"uuid": "33333333333333333333333333333333", "creationDate": "2024-01-01T10:00:00Z", "tags": "not a list", "text": "b"},
    {"uuid": "44444444444444444444444444444444", "creationDate": "0999-01-01T10:00:00Z", "text": "too early"},
    "not an entry",
    {"creationDate": "2024-01-02T10:00:00Z", "text": "no uuid"},
    {"creationDate": "2024-01-02T10:00:00Z", "text": "no uuid either"}
  ]
}`
	src := readJSON(t, text)
	var lines []int
	for _, p := range src.Problems {
		lines = append(lines, p.Line)
	}
	if len(src.Items) != 3 || !slices.Equal(lines, []int{4, 6, 7, 8}) || !strings.Contains(src.Problems[1].Msg, "its tags is not") || !strings.Contains(src.Problems[3].Msg, "entry 5 is not a Day One entry") {
		t.Fatalf("%d entries, problems %v", len(src.Items), src.Problems)
	}
	if src.Items[1].Source != "dayone:created 2024-01-02T10:00:00Z" || src.Items[2].Source != "dayone:created 2024-01-02T10:00:00Z #2" || src.Items[1].Entry.ID == src.Items[2].Entry.ID {
		t.Errorf("entries without a UUID: %q %q", src.Items[1].Source, src.Items[2].Source)
	}
	for _, c := range []struct{ text, msg string }{
		{"{\n\"entries\": [oops", "line 2"},
		{`[]`, "entries"},
		{`{"metadata": {}}`, `no "entries"`},
		{`{"entries": {}}`, "not a list"},
		{"", "ends too soon"},
	} {
		src := readJSON(t, c.text)
		if len(src.Problems) != 1 || !strings.Contains(src.Problems[0].Error(), c.msg) || !strings.Contains(src.Problems[0].Error(), "Journal.json") {
			t.Errorf("%q: %v", c.text, src.Problems)
		}
	}
}

// classicEntry is a Day One Classic .doentry property list.
func classicEntry(uuid, created, zone, text string, tags ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Creation Date</key>
	<date>` + created + `</date>
	<key>Creator</key>
	<dict>
		<key>Device Agent</key>
		<string>Macintosh/MacBookAir5,2</string>
		<key>UUID</key>
		<string>NOT-THE-ENTRY</string>
	</dict>
	<key>Entry Text</key>
	<string>` + xmlEscape(text) + `</string>
	<key>Starred</key>
	<false/>
	<key>Tags</key>
	<array>
`)
	for _, tag := range tags {
		b.WriteString("\t\t<string>" + xmlEscape(tag) + "</string>\n")
	}
	b.WriteString("\t</array>\n")
	if zone != "" {
		b.WriteString("\t<key>Time Zone</key>\n\t<string>" + zone + "</string>\n")
	}
	b.WriteString("\t<key>UUID</key>\n\t<string>" + uuid + "</string>\n</dict>\n</plist>\n")
	return b.String()
}

// xmlEscape escapes text for an XML element.
func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Two UUIDs of Day One entries.
const (
	uuidA = "3C2D1E0F9A8B4C7D6E5F4A3B2C1D0E9F"
	uuidB = "B40EE704E15846DE8D45C44118A4D511"
)

// TestDayOneClassic reads a Day One Classic folder with a photo and an
// AppleDouble file.
func TestDayOneClassic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Journal.dayone")
	writeFiles(t, dir, map[string]string{
		"entries/" + uuidA + ".doentry":   classicEntry(uuidA, "2023-12-31T23:30:00Z", "Europe/Berlin", "New year thoughts. Mentoring @Sam paid off & more.\nMore next year.", "reflection"),
		"entries/" + uuidB + ".doentry":   classicEntry(uuidB, "2013-10-27T02:27:27Z", "", "", "lonely"),
		"photos/" + uuidB + ".jpg":        "not really a photo",
		"entries/._" + uuidA + ".doentry": "\x00\x05\x16\x07 AppleDouble junk",
	})
	src, err := ReadDayOneSource(dir)
	if err != nil || len(src.Items) != 2 || len(src.Problems)+len(src.Skipped) != 0 {
		t.Fatalf("%+v %v", src, err)
	}
	photo, e := src.Items[0].Entry, src.Items[1].Entry
	// 23:30 UTC on 31 December is already 1 January in Berlin.
	if e.Date.String() != "2024-01-01" || e.Title != "New year thoughts. Mentoring @Sam paid off & more." || e.Body != "More next year.\n" ||
		!slices.Equal(e.Tags, []string{"reflection", "Sam"}) || src.Items[1].Source != "dayone:"+uuidA || e.ID != idOf(t, uuidA) {
		t.Errorf("classic entry: %+v %q", e, src.Items[1].Source)
	}
	if photo.Title != "" || photo.Body != "*(Day One photo not imported)*\n" || !photo.HasTag("lonely") {
		t.Errorf("photo entry: %+v", photo)
	}
	// The entries folder itself, and a single .doentry file, read the same.
	for _, p := range []string{filepath.Join(dir, "entries"), filepath.Join(dir, "entries", uuidA+".doentry")} {
		again, err := ReadDayOneSource(p)
		if err != nil || len(again.Items) == 0 || again.Items[len(again.Items)-1].Entry.ID != e.ID {
			t.Errorf("%s: %+v %v", p, again, err)
		}
	}
}

// TestDayOneClassicSameUUID checks that a sync tool's conflicted copy of a
// .doentry file is imported beside the original, whichever sorts first,
// stably from one import to the next, and listed.
func TestDayOneClassicSameUUID(t *testing.T) {
	for _, copyName := range []string{uuidA + " (conflicted copy).doentry", "0-copy.doentry", "Z-copy.doentry"} {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{
			"entries/" + uuidA + ".doentry": classicEntry(uuidA, "2024-01-01T10:00:00Z", "UTC", "Original text"),
			"entries/" + copyName:           classicEntry(uuidA, "2024-01-01T10:00:00Z", "UTC", "Edited on the other machine"),
		})
		var first []imports.Incoming
		for range 2 {
			src, err := ReadDayOneSource(dir)
			if err != nil || len(src.Items) != 2 || len(src.Skipped) != 1 {
				t.Fatalf("%s: %+v %v", copyName, src, err)
			}
			byTitle := map[string]imports.Incoming{}
			for _, in := range src.Items {
				byTitle[in.Entry.Title] = in
			}
			orig, cp := byTitle["Original text"], byTitle["Edited on the other machine"]
			if orig.Source != "dayone:"+uuidA || orig.Entry.ID != idOf(t, uuidA) ||
				cp.Source != "dayone:"+uuidA+"#"+copyName || cp.Entry.ID == orig.Entry.ID || cp.Entry.ID.IsZero() {
				t.Errorf("%s: %q %q", copyName, orig.Source, cp.Source)
			}
			if s := src.Skipped[0]; !strings.HasSuffix(s.Path, copyName) || s.Msg != "same UUID as "+uuidA+".doentry ("+uuidA+"); imported as a separate entry" {
				t.Errorf("%s: skipped %v", copyName, s)
			}
			if first == nil {
				first = src.Items
			} else if !slices.EqualFunc(first, src.Items, func(a, b imports.Incoming) bool { return a.Source == b.Source && a.Entry.ID == b.Entry.ID }) {
				t.Errorf("%s: the second import differs", copyName)
			}
		}
	}
	// Two copies, neither named after the UUID: the first by name keeps it.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b.doentry": classicEntry(uuidA, "2024-01-01T10:00:00Z", "UTC", "B"),
		"a.doentry": classicEntry(uuidA, "2024-01-01T10:00:00Z", "UTC", "A"),
	})
	src, _ := ReadDayOneSource(dir)
	if len(src.Items) != 2 || src.Items[0].Entry.Title != "A" || src.Items[0].Source != "dayone:"+uuidA || src.Items[1].Source != "dayone:"+uuidA+"#b.doentry" {
		t.Errorf("unnamed copies: %+v", src.Items)
	}
}

// TestDayOneClassicProblems checks that each .doentry file that cannot be
// read is listed, without blocking on a FIFO or following a link.
func TestDayOneClassicProblems(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"entries/1.doentry": classicEntry("11111111111111111111111111111111", "2024-01-01T10:00:00Z", "UTC", "fine"),
		"entries/2.doentry": "<dict>\n<key>Entry Text</key>\n<string>broken</string>\n</plist>\n",
		"entries/3.doentry": "<plist><dict><key>Entry Text</key><string>no date</string></dict></plist>",
		"entries/4.doentry": "<plist><dict><key>Creation Date</key><date>soon</date></dict></plist>",
		"entries/5.doentry": "",
	})
	fifo := filepath.Join(dir, "entries", "6.doentry")
	if err := mkfifo(fifo); errors.Is(err, errors.ErrUnsupported) {
		t.Skip("no FIFOs on this system")
	} else if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "entries", "7.doentry")); err != nil {
		t.Fatal(err)
	}
	done := make(chan imports.Source, 1)
	go func() { src, _ := ReadDayOneSource(dir); done <- src }()
	var src imports.Source
	select {
	case src = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading blocked")
	}
	if len(src.Items) != 1 || len(src.Problems) != 6 {
		t.Fatalf("%d entries, problems %v", len(src.Items), src.Problems)
	}
	for i, want := range []string{"2.doentry, line 4: not a readable Day One entry", "3.doentry: not a readable Day One entry: it has no Creation Date", "4.doentry, line 1: not a readable Day One entry: Creation Date is not a date",
		"5.doentry: not a readable Day One entry", "6.doentry: not a plain file (a FIFO)", "7.doentry: not a plain file (a symbolic link)"} {
		if got := src.Problems[i].Error(); !strings.Contains(got, want) {
			t.Errorf("problem %d: %q, want %q", i, got, want)
		}
	}
}

// TestDayOneZip reads a Day One export zip, the folder it unzips to, a
// zipped Classic journal, and sources that are none of these.
func TestDayOneZip(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "export.zip")
	zipOf(t, p,
		"__MACOSX/._Journal.json", "\x00\x05\x16\x07junk",
		"__MACOSX/photos/._a.jpeg", "junk",
		"._Journal.json", "junk",
		"Journal.json", exportJSON(dayOneEarly),
		"Travel.json", exportJSON(dayOneLate),
		"photos/0cc175b9c0f1b6a831c399e269772661.jpeg", "jpeg",
		"videos/4a8a08f09d37b73795649038408b5f33.mov", "mov",
		"photos/", "",
	)
	src, err := ReadDayOneSource(p)
	if err != nil || len(src.Items) != 2 || len(src.Problems)+len(src.Skipped) != 0 {
		t.Fatalf("%+v %v", src, err)
	}
	if src.Items[0].Entry.Title != "Offsite" || src.Items[1].Entry.Title != "Tokyo at night." {
		t.Errorf("%q %q", src.Items[0].Entry.Title, src.Items[1].Entry.Title)
	}
	// Unzipped, the same export reads the same.
	un := filepath.Join(dir, "unzipped")
	writeFiles(t, un, map[string]string{"Journal.json": exportJSON(dayOneEarly), "Travel.json": exportJSON(dayOneLate), "photos/0cc175b9c0f1b6a831c399e269772661.jpeg": "jpeg", "._Journal.json": "junk"})
	again, err := ReadDayOneSource(un)
	if err != nil || len(again.Items) != 2 || len(again.Problems) != 0 || again.Items[1].Entry.Body != src.Items[1].Entry.Body {
		t.Fatalf("unzipped: %+v %v", again, err)
	}
	// A zipped Classic journal reads too, with its photos.
	cz := filepath.Join(dir, "classic.zip")
	zipOf(t, cz, "Journal.dayone/entries/"+uuidA+".doentry", classicEntry(uuidA, "2024-01-01T10:00:00Z", "UTC", "Hi"), "Journal.dayone/photos/"+uuidA+".jpg", "jpg")
	if src, err := ReadDayOneSource(cz); err != nil || len(src.Items) != 1 || src.Items[0].Entry.Body != "*(Day One photo not imported)*\n" {
		t.Errorf("classic zip: %+v %v", src, err)
	}
	// A folder with neither says what it expected.
	empty := filepath.Join(dir, "empty")
	writeFiles(t, empty, map[string]string{"notes.txt": "x"})
	if _, err := ReadDayOneSource(empty); err == nil || !strings.Contains(err.Error(), "Journal.json") || !strings.Contains(err.Error(), ".doentry") {
		t.Errorf("empty folder: %v", err)
	}
	if _, err := ReadDayOneSource(filepath.Join(dir, "missing.zip")); err == nil {
		t.Error("a missing file was read")
	}
	for name, files := range map[string][]string{
		"nojson.zip": {"photos/a.jpeg", "x", "__MACOSX/Journal.json", exportJSON(dayOneEarly)},
		"bad.zip":    nil,
	} {
		q := filepath.Join(dir, name)
		if files == nil {
			os.WriteFile(q, []byte("PK\x03\x04 not really a zip"), 0o600)
		} else {
			zipOf(t, q, files...)
		}
		if src, err := ReadDayOneSource(q); err != nil || len(src.Problems) != 1 || len(src.Items) != 0 {
			t.Errorf("%s: %+v %v", name, src, err)
		}
	}
}

// TestDayOneZipBombs checks that the caps hold whatever the zip claims:
// a member that inflates past its cap, too many members, and a table of
// contents too big to read.
func TestDayOneZipBombs(t *testing.T) {
	dir := t.TempDir()
	defer func(n int, d, f int64) { maxZipMembers, maxZipDirectoryBytes, journalFileCap = n, d, f }(maxZipMembers, maxZipDirectoryBytes, journalFileCap)
	journalFileCap = 1 << 20
	bomb := filepath.Join(dir, "bomb.zip")
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, _ := w.Create("Journal.json")
	f.Write(bytes.Repeat([]byte(" "), 8<<20))
	w.Close()
	os.WriteFile(bomb, buf.Bytes(), 0o600)
	src, err := ReadDayOneSource(bomb)
	if err != nil || len(src.Problems) != 1 || !strings.Contains(src.Problems[0].Msg, "too big: more than 1 MiB") || src.Problems[0].Path != bomb+"/Journal.json" {
		t.Fatalf("bomb: %+v %v", src.Problems, err)
	}

	many := filepath.Join(dir, "many.zip")
	var files []string
	for i := range 30 {
		files = append(files, fmt.Sprintf("photos/%d.jpeg", i), "x")
	}
	zipOf(t, many, append(files, "Journal.json", exportJSON(dayOneEarly))...)
	maxZipMembers = 20
	if src, _ := ReadDayOneSource(many); len(src.Problems) != 1 || !strings.Contains(src.Problems[0].Msg, "31 files") {
		t.Errorf("many members: %+v", src.Problems)
	}
	maxZipMembers, maxZipDirectoryBytes = 1000, 1024
	if src, _ := ReadDayOneSource(many); len(src.Problems) != 1 || !strings.Contains(src.Problems[0].Msg, "table of contents") {
		t.Errorf("big table of contents: %+v", src.Problems)
	}
}

// TestDayOneJSONSameUUID checks that entries of a JSON export sharing a
// UUID, or lacking one, all get their own source key and ID.
func TestDayOneJSONSameUUID(t *testing.T) {
	var entries []map[string]any
	for i := range 3 {
		entries = append(entries,
			map[string]any{"uuid": uuidA, "creationDate": "2024-01-01T10:00:00Z", "text": fmt.Sprint("same ", i)},
			map[string]any{"creationDate": "2024-01-01T10:00:00Z", "text": fmt.Sprint("none ", i)})
	}
	src := readJSON(t, exportJSON(entries...))
	keys := map[string]bool{}
	ids := map[journal.ID]bool{}
	for _, in := range src.Items {
		keys[in.Source], ids[in.Entry.ID] = true, true
	}
	if len(src.Items) != 6 || len(keys) != 6 || len(ids) != 6 || len(src.Skipped) != 2 ||
		!keys["dayone:"+uuidA+"#Journal.json@2024-01-01T10:00:00Z #2"] || !keys["dayone:created 2024-01-01T10:00:00Z #3"] {
		t.Errorf("%d entries, keys %v, skipped %v", len(src.Items), keys, src.Skipped)
	}
}

// TestDayOneRichTextOnly checks that an entry whose text field is empty
// is read from its richText, attachments included.
func TestDayOneRichTextOnly(t *testing.T) {
	rich := `{"meta":{"version":1},"contents":[{"text":"Lisbon\n","attributes":{"line":{"header":1}}},{"embeddedObjects":[{"type":"photo","identifier":"P1"}]},{"text":"Trams. 1. not escaped \\ here\n"}]}`
	src := readJSON(t, exportJSON(map[string]any{"uuid": uuidA, "creationDate": "2024-05-01T10:00:00Z", "timeZone": "Europe/Lisbon", "text": "",
		"richText": rich, "photos": []map[string]any{{"identifier": "P1", "md5": "x"}}}))
	if len(src.Items) != 1 {
		t.Fatalf("%+v", src)
	}
	if e := src.Items[0].Entry; e.Title != "Lisbon" || e.Body != "*(Day One photo not imported)*\nTrams. 1. not escaped \\ here\n" {
		t.Errorf("%q %q", e.Title, e.Body)
	}
}
