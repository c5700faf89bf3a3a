package report

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/journal"
	"candor/journal/journaltest"
	"candor/journal/stats"
)

func TestWriteReport(t *testing.T) {
	j, _ := journaltest.New(t)
	today := journaltest.Date(t, "2026-11-27")
	for i := 0; i < 60; i++ {
		if _, err := j.Add(journal.Entry{Date: today.AddDays(-i), Area: journal.Areas[i%3], Rating: 1 + i%5, Role: []journal.Role{journal.RoleLeader, journal.RoleManager, journal.RoleNone}[i%3], Body: "private words"}); err != nil {
			t.Fatal(err)
		}
	}
	st, err := stats.Read(j, today.AddDays(-90), today, today)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "report")
	if err := Write(out, st, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(out, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"60 entries on 60 days", "| vision | 20 |", "ratings.png", "entries.png", "20 leading (50%) and 20 managing (50%)"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	for _, absent := range []string{"Follow-through", "Decisions", "## Calibration", "## Traits"} {
		if strings.Contains(string(md), absent) {
			t.Errorf("report.md has %q with nothing to say", absent)
		}
	}
	if strings.Contains(string(md), "private words") {
		t.Error("the report quotes entry text")
	}
	for _, name := range []string{reportRatingsPNG, reportEntriesPNG} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s := img.Bounds().Size(); s.X != reportChartWidth || s.Y != reportChartHeight {
			t.Errorf("%s is %v", name, s)
		}
		// Not blank: count the pixels in area colours.
		coloured := 0
		for y := 0; y < img.Bounds().Dy(); y++ {
			for x := 0; x < img.Bounds().Dx(); x++ {
				r, g, b, _ := img.At(x, y).RGBA()
				for _, c := range reportColours {
					if uint8(r>>8) == c.R && uint8(g>>8) == c.G && uint8(b>>8) == c.B {
						coloured++
					}
				}
			}
		}
		if coloured < 200 {
			t.Errorf("%s has only %d coloured pixels", name, coloured)
		}
	}
	for _, p := range []string{out, filepath.Join(out, reportFile), filepath.Join(out, reportRatingsPNG)} {
		st, _ := os.Stat(p)
		want := os.FileMode(0o600)
		if st.IsDir() {
			want = 0o700
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s mode %o", p, st.Mode().Perm())
		}
	}
	if err := Write(out, st, time.Now()); !errors.Is(err, journal.ErrOutputExists) {
		t.Errorf("second report into the same folder: %v", err)
	}
	ents, _ := os.ReadDir(filepath.Dir(out))
	if len(ents) != 1 {
		t.Errorf("temporary folders left behind: %v", ents)
	}
	// An empty journal still gives a report.
	j2, _ := journaltest.New(t)
	st2, _ := stats.Read(j2, journal.Date{}, journal.Date{}, today)
	if err := Write(filepath.Join(t.TempDir(), "empty"), st2, time.Now()); err != nil {
		t.Fatal(err)
	}
}

// TestWriteRefusesWhatIsNotAnEmptyFolder: a file, a folder that holds
// anything, a symbolic link (even to an empty folder) and a device are all
// refused, and nothing of them is touched; an empty folder is filled.
func TestWriteRefusesWhatIsNotAnEmptyFolder(t *testing.T) {
	st := stats.Compute(nil, journal.Date{}, journal.Date{}, journal.Date{Year: 2026, Month: 11, Day: 27})
	base := t.TempDir()
	file := filepath.Join(base, "notes.txt")
	os.WriteFile(file, []byte("keep me"), 0o644)
	full := filepath.Join(base, "full")
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "mine.md"), []byte("keep me too"), 0o644)
	empty := filepath.Join(base, "empty")
	os.Mkdir(empty, 0o755)
	link := filepath.Join(base, "link")
	if err := os.Symlink(empty, link); err != nil {
		t.Fatal(err)
	}
	cases := []string{file, full, link}
	if info, err := os.Lstat(os.DevNull); err == nil && info.Mode()&os.ModeDevice != 0 {
		cases = append(cases, os.DevNull)
	}
	for _, out := range cases {
		before, _ := os.Lstat(out)
		err := Write(out, st, time.Now())
		if !errors.Is(err, journal.ErrOutputExists) || !strings.Contains(err.Error(), out) {
			t.Errorf("Write(%s) = %v, want a refusal naming it", out, err)
		}
		after, lerr := os.Lstat(out)
		if lerr != nil || after.Mode() != before.Mode() || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
			t.Errorf("%s was touched: %v %v", out, after, lerr)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "keep me" {
		t.Errorf("the file now holds %q", b)
	}
	if ents, _ := os.ReadDir(empty); len(ents) != 0 {
		t.Errorf("the report went through the link into %s: %v", empty, ents)
	}
	// Nothing was left beside them either.
	if ents, _ := os.ReadDir(base); len(ents) != 4 {
		t.Errorf("%d names in %s, want 4", len(ents), base)
	}
	if err := Write(empty, st, time.Now()); err != nil {
		t.Fatalf("an empty folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(empty, reportFile)); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkReportCharts365(b *testing.B) {
	sums := make([]journal.Summary, 0, 365)
	today := journal.Date{Year: 2026, Month: 11, Day: 27}
	for i := 0; i < 365; i++ {
		sums = append(sums, journal.Summary{Date: today.AddDays(-364 + i), Area: journal.Areas[i%3], Rating: 1 + i%5})
	}
	st := stats.Compute(sums, today.AddDays(-364), today, today)
	weeks := reportWeeks(st)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ratingsChart(st, weeks)
		entriesChart(st, weeks)
	}
}

func TestReportCoaching(t *testing.T) {
	st := stats.Stats{Areas: map[journal.Area]*stats.AreaStats{}, Traits: map[string]int{"purpose": 3, "pace": 0, "feedback": 5},
		FollowThrough: stats.FollowThrough{Due: 4, Done: 2, Partly: 1, Open: 1},
		Decisions:     stats.Decisions{Made: 7, Reviewed: 6, Right: 4, Wrong: 1, Mixed: 1, Calibration: []stats.Band{{Band: "60-69", Reviewed: 3, Right: 1}, {Band: "90-100", Reviewed: 2, Right: 2}}}}
	for _, a := range journal.Areas {
		st.Areas[a] = &stats.AreaStats{}
	}
	md := reportMarkdown(st, nil, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	for _, want := range []string{"Follow-through: of 4 next steps that came due, 2 done, 1 partly, 0 not done, 1 still open.",
		"Decisions: 7 made, 6 reviewed (4 right, 1 wrong, 1 mixed).", "| 60-69 % | 3 | 1 |", "| 90-100 % | 2 | 2 |",
		"| feedback | 5 |\n| purpose | 3 |\n| pace | 0 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	// Too few reviews: no calibration table.
	st.Decisions.Calibration = st.Decisions.Calibration[:1]
	if md := reportMarkdown(st, nil, time.Now()); strings.Contains(md, "## Calibration") {
		t.Errorf("calibration from 3 reviews:\n%s", md)
	}
}
