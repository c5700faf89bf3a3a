package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

func TestClipWords(t *testing.T) {
	// fitsRunes fits text of at most n runes, as a fixed-width font would.
	fitsRunes := func(n int) func(string) bool {
		return func(s string) bool { return len([]rune(s)) <= n }
	}
	for _, tc := range []struct {
		text string
		n    int
		want string
	}{
		{"Short title", 20, "Short title"},
		{"Quarterly planning with the whole team", 20, "Quarterly planning…"},
		{"Quarterly planning with the whole team", 19, "Quarterly planning…"},
		{"Quarterly planning with the whole team", 18, "Quarterly…"},
		{"Plans, budgets and people", 12, "Plans…"}, // no dangling comma
		{"Réunion d'équipe très longue", 17, "Réunion d'équipe…"},
		{"Supercalifragilistic day", 8, "Superca…"}, // one word too wide: cut inside it
		{"Two  spaces here", 10, "Two…"},
		{"xyz", 0, "x…"}, // never empty
	} {
		k := clipWords(tc.text, fitsRunes(tc.n))
		got := tc.text
		if r := []rune(tc.text); k < len(r) {
			got = string(r[:k]) + "…"
		}
		if got != tc.want {
			t.Errorf("clip %q to %d runes = %q, want %q", tc.text, tc.n, got, tc.want)
		}
	}
}

// segmentsText joins a rich text's segments, with the highlighted ones
// (primary colour) listed apart.
func segmentsText(segs []widget.RichTextSegment) (all string, hi []string) {
	for _, s := range segs {
		ts, ok := s.(*widget.TextSegment)
		if !ok {
			continue
		}
		all += ts.Text
		if ts.Style.ColorName == theme.ColorNamePrimary {
			hi = append(hi, ts.Text)
		}
	}
	return all, hi
}

func TestClippedLineCutsAtWordsAndKeepsMarks(t *testing.T) {
	title := "Budget review with Ana and the whole finance team on Friday"
	marks := []journal.Span{{Start: 0, End: 6}, {Start: 37, End: 44}} // Budget, finance
	line := newClippedLine()
	widgetCanvas(t, themeLight, line, fyne.NewSize(300, 40))
	line.SetText("2026-03-01  ", title, marks)
	all, hi := segmentsText(line.rt.Segments)
	if !strings.HasSuffix(all, "…") {
		t.Fatalf("a title too wide for 300 px is not cut with an ellipsis: %q", all)
	}
	shown := strings.TrimSuffix(strings.TrimPrefix(all, "2026-03-01  "), "…")
	if !strings.HasPrefix(title, shown) || title[len(shown)] != ' ' || strings.HasSuffix(shown, " ") {
		t.Errorf("cut mid-word or before a space: %q", shown)
	}
	if len(hi) != 1 || hi[0] != "Budget" {
		t.Errorf("highlighted %q, want only Budget (finance is cut off)", hi)
	}
	// Wide enough: the whole title, both marks, no ellipsis.
	line.Resize(fyne.NewSize(1200, 40))
	all, hi = segmentsText(line.rt.Segments)
	if all != "2026-03-01  "+title || len(hi) != 2 || hi[1] != "finance" {
		t.Errorf("at 1200 px: %q, marks %q", all, hi)
	}
	// The line never asks for the title's width: the list stays narrow.
	if w := line.MinSize().Width; w > 100 {
		t.Errorf("min width %v", w)
	}
}

// searchRow searches q in the app's Journal view and returns the rendered
// row of the result whose entry has the given title.
func searchRow(t *testing.T, u *App, q, title string) (*fyne.Container, journal.Hit) {
	t.Helper()
	js := u.main.journal
	test.Type(js.search.field, q)
	settle(u)
	for i, h := range js.search.results {
		if h.Entry.Title == title {
			row := js.search.createRow()
			row.Resize(fyne.NewSize(500, 200))
			js.search.updateRow(i, row)
			return row.(*fyne.Container).Objects[0].(*fyne.Container), h
		}
	}
	t.Fatalf("Search(%q) does not find %q: %+v", q, title, js.search.results)
	return nil, journal.Hit{}
}

func TestSearchResultsShowWhyTheyMatched(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "j")
	j, err := journal.Init(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range []journal.Entry{
		{Title: "Quiet afternoon", Body: "Nothing to report.", Tags: []string{"people", "Mentoring plan"}},
		{Title: "Links", Body: "## Plan\n\n> We **met** at [the *café*](https://example.com) to talk `roadmap`."},
		{Body: "# Weekly **sync**\n\nThe café again."},
	} {
		e.Date = journal.Date{Year: 2026, Month: 3, Day: 1 + i}
		if _, err := j.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	u := unlockedIn(t, dir)

	// A tag-only hit shows its tags, the matched one highlighted.
	box, _ := searchRow(t, u, "mentor", "Quiet afternoon")
	tags := box.Objects[1].(*widget.RichText)
	all, hi := segmentsText(tags.Segments)
	if !tags.Visible() || all != "#people   #Mentoring plan" || len(hi) != 1 || hi[0] != "Mentor" {
		t.Errorf("tags %q (visible %v), highlighted %q", all, tags.Visible(), hi)
	}

	// A Markdown body gives a plain snippet with the match highlighted.
	u.main.journal.search.clear()
	box, _ = searchRow(t, u, "cafe", "Links")
	snip, hi := segmentsText(box.Objects[2].(*widget.RichText).Segments)
	if snip != "Plan We met at the café to talk roadmap." || len(hi) != 1 || hi[0] != "café" {
		t.Errorf("snippet %q, highlighted %q", snip, hi)
	}
	if box.Objects[1].(*widget.RichText).Visible() {
		t.Error("an entry without tags shows a tags line")
	}
	// An untitled entry is named by its first line, without Markdown.
	for _, h := range u.main.journal.search.results {
		if h.Entry.Title == "" {
			if got := h.Entry.Headline(200); got != "Weekly sync" {
				t.Errorf("untitled entry named %q", got)
			}
		}
	}
}
