package markdown

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"candor/journal"
	"candor/journal/journaltest"
)

// TestCRLFExportImports: a folder export whose files an editor or Git
// (core.autocrlf) rewrote with Windows line endings still imports as
// Candor's own export: the same IDs, dates, titles, tags, fields and
// bodies (Candor writes LF only, so the CRLFs are read back as LF).
func TestCRLFExportImports(t *testing.T) {
	j, _ := journaltest.New(t)
	day := journaltest.Date(t, "2026-02-03")
	var want []journal.Entry
	for i, body := range []string{"One line.", "Two\nlines.\n", "A list:\n\n- a\n- b\n\n---\n\nAfter a rule."} {
		e, err := j.Add(journal.Entry{Date: day.AddDays(i), Title: "Entry " + string(rune('A'+i)), Body: body,
			Area: journal.AreaVision, Rating: 3, Tags: []string{"windows", "crlf"}})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, e)
	}
	out := filepath.Join(t.TempDir(), "export")
	if _, err := Export(j, out, Options{}); err != nil {
		t.Fatal(err)
	}
	converted := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		converted++
		return os.WriteFile(p, bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")), 0o600)
	})
	if err != nil || converted != 4 {
		t.Fatalf("converted %d files: %v", converted, err)
	}
	src, err := ReadSource(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(src.Problems) > 0 || len(src.Items) != len(want) {
		t.Fatalf("read %d entries, problems %v", len(src.Items), src.Problems)
	}
	for i, in := range src.Items {
		got, w := in.Entry, want[i]
		if got.ID != w.ID || got.Date != w.Date || got.Title != w.Title || got.Area != w.Area ||
			got.Rating != w.Rating || strings.Join(got.Tags, ",") != strings.Join(w.Tags, ",") {
			t.Errorf("entry %d: got %+v\nwant %+v", i, got, w)
		}
		if got.Body != w.Body {
			t.Errorf("entry %d body %q, want %q", i, got.Body, w.Body)
		}
	}
}
