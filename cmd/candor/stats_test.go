package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCLIStats(t *testing.T) {
	dir, pf := newTestJournal(t)
	g := []string{"--journal", dir, "--passphrase-file", pf}
	run := func(code int, args ...string) result {
		t.Helper()
		return candor(t, "", nil, append(append([]string{}, g...), args...)...).want(t, code)
	}
	var empty map[string]any
	if err := json.Unmarshal([]byte(run(0, "stats", "--json").stdout), &empty); err != nil {
		t.Fatal(err)
	}
	if empty["entries"] != 0.0 {
		t.Fatalf("empty journal stats: %v", empty)
	}
	run(0, "add", "--date", "2026-01-05", "--area", "vision", "--rating", "4", "--role", "leader", "--body", "a")
	run(0, "add", "--date", "2026-01-06", "--area", "vision", "--rating", "2", "--body", "b")
	run(0, "add", "--date", "2026-01-06", "--area", "motivation", "--rating", "5", "--role", "manager", "--body", "c")
	var st struct {
		Entries       int `json:"entries"`
		DaysWritten   int `json:"days_written"`
		StreakCurrent int `json:"streak_current"`
		StreakLongest int `json:"streak_longest"`
		Areas         map[string]struct {
			Entries   int     `json:"entries"`
			AvgRating float64 `json:"avg_rating"`
			Weekly    []struct {
				Week      string  `json:"week"`
				Entries   int     `json:"entries"`
				AvgRating float64 `json:"avg_rating"`
			} `json:"weekly"`
		} `json:"areas"`
		Roles struct {
			Leader  int `json:"leader"`
			Manager int `json:"manager"`
		} `json:"roles"`
	}
	out := run(0, "stats", "--json", "--from", "2026-01-01", "--to", "2026-01-31").stdout
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	v := st.Areas["vision"]
	if st.Entries != 3 || st.DaysWritten != 2 || st.StreakLongest != 2 || v.Entries != 2 || v.AvgRating != 3 ||
		len(v.Weekly) != 1 || v.Weekly[0].Week != "2026-W02" || st.Roles.Leader != 1 || st.Roles.Manager != 1 {
		t.Fatalf("stats: %s", out)
	}
	for _, a := range []string{"vision", "motivation", "problem-solving"} {
		if _, ok := st.Areas[a]; !ok {
			t.Errorf("area %s missing", a)
		}
	}
	text := run(0, "stats").stdout
	if !strings.Contains(text, "3 entries on 2 days") || !strings.Contains(text, "vision") {
		t.Errorf("text: %s", text)
	}
	out = t.TempDir() + "/rep"
	if r := run(0, "report", "--out", out, "--from", "2026-01-01", "--to", "2026-01-31"); !strings.Contains(r.stdout, "report.md") {
		t.Errorf("report: %q", r.stdout)
	}
	md, err := os.ReadFile(out + "/report.md")
	if err != nil || !strings.Contains(string(md), "3 entries on 2 days") {
		t.Fatalf("report.md: %v\n%s", err, md)
	}
	run(1, "report", "--out", out) // not over an existing report
	// Nothing that is not an empty folder is touched.
	file := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(file, []byte("keep me"), 0o600)
	link := filepath.Join(t.TempDir(), "link")
	os.Symlink(t.TempDir(), link)
	for _, p := range []string{file, out, link, os.DevNull} {
		r := run(1, "report", "--out", p)
		if !strings.Contains(r.stderr, p) || !strings.Contains(r.stderr, "nothing was changed") {
			t.Errorf("report --out %s: %q", p, r.stderr)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "keep me" {
		t.Errorf("report --out FILE changed it: %q", b)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("report --out LINK replaced it: %v %v", info, err)
	}
	emptyDir := t.TempDir()
	run(0, "report", "--out", emptyDir)
	if _, err := os.Stat(filepath.Join(emptyDir, "report.md")); err != nil {
		t.Errorf("report --out EMPTY-FOLDER: %v", err)
	}
	run(2, "report")
	run(2, "stats", "--from", "2026-02-01", "--to", "2026-01-01")
	run(2, "stats", "--from", "soon")
}
