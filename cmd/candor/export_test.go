package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"candor/journal"
	"candor/journal/imports"
)

func TestCLIExportImport(t *testing.T) {
	dir, pf := newTestJournal(t)
	g := func(d string) []string { return []string{"--journal", d, "--passphrase-file", pf} }
	run := func(d string, code int, args ...string) result {
		t.Helper()
		return candor(t, "", nil, append(g(d), args...)...).want(t, code)
	}
	run(dir, 0, "add", "--date", "2026-01-05", "--title", "a: b # c", "--tag", "x:y", "--area", "vision", "--body", "---\nnot front matter\n---\n")
	run(dir, 0, "add", "--date", "2025-12-31", "--title", "Old", "--body", "old body")
	out := filepath.Join(t.TempDir(), "exp")
	if r := run(dir, 0, "export", "--out", out); !strings.Contains(r.stdout, "Exported 2 entries") {
		t.Fatalf("export: %q", r.stdout)
	}
	for _, p := range []string{"index.md", "2026/2026-01-05-a-b-c.md", "2025/2025-12-31-old.md"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	run(dir, 1, "export", "--out", out)
	single := filepath.Join(t.TempDir(), "all.md")
	run(dir, 0, "export", "--out", single, "--single-file", "--from", "2026-01-01")
	if b, _ := os.ReadFile(single); !strings.Contains(string(b), "2026-01-05") || strings.Contains(string(b), "old body") {
		t.Errorf("single file with --from:\n%s", b)
	}

	dir2, _ := newTestJournal(t)
	if r := run(dir2, 0, "import", "--format", "markdown", out); !strings.Contains(r.stdout, "Imported 2 new entries") {
		t.Fatalf("import: %q", r.stdout)
	}
	if r := run(dir2, 0, "import", "--format", "markdown", out); !strings.Contains(r.stdout, "2 unchanged") {
		t.Fatalf("second import: %q", r.stdout)
	}
	var a, b []map[string]any
	json.Unmarshal([]byte(run(dir, 0, "list", "--json").stdout), &a)
	json.Unmarshal([]byte(run(dir2, 0, "list", "--json").stdout), &b)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatalf("round trip differs:\n%s\n%s", ja, jb)
	}
	bad := filepath.Join(t.TempDir(), "bad")
	os.MkdirAll(bad, 0o700)
	os.WriteFile(filepath.Join(bad, "2026-01-01-x.md"), []byte("---\ndate: [oops\n---\n"), 0o600)
	if r := run(dir2, 1, "import", "--format", "markdown", bad); !strings.Contains(r.stderr, "2026-01-01-x.md, line") {
		t.Errorf("malformed import: %q", r.stderr)
	}
	run(dir2, 2, "import", "x")
	run(dir2, 2, "import", "--format", "word", "x")
	run(dir2, 1, "import", "--format", "jrnl", "x") // no such file
	if r := run(dir2, 0, "import", "--format", "jrnl", "../../testdata/import/sample.journal"); !strings.Contains(r.stdout, "Imported 3 new") {
		t.Errorf("jrnl: %q", r.stdout)
	}
	if r := run(dir2, 0, "import", "--format", "jrnl", "../../testdata/import/sample.journal"); !strings.Contains(r.stdout, "3 unchanged") {
		t.Errorf("jrnl again: %q", r.stdout)
	}
	if r := run(dir2, 0, "import", "--format", "dayone", "../../testdata/import/dayone.json"); !strings.Contains(r.stdout, "Imported 2 new") {
		t.Errorf("dayone: %q", r.stdout)
	}
	if r := run(dir2, 0, "import", "--format", "dayone", "../../testdata/import/classic"); !strings.Contains(r.stdout, "Imported 1 new") {
		t.Errorf("dayone classic: %q", r.stdout)
	}
	run(dir2, 2, "export")
}

// TestCLIUnfinishedImport: an import cut short leaves a mark; every
// command then says so on stderr, naming the source, until the same import
// runs to its end. A dry run leaves no mark.
func TestCLIUnfinishedImport(t *testing.T) {
	dir, pf := newTestJournal(t)
	g := []string{"--journal", dir, "--passphrase-file", pf}
	src, err := filepath.Abs("../../testdata/import/sample.journal")
	if err != nil {
		t.Fatal(err)
	}
	candor(t, "", nil, append(g, "import", "--format", "jrnl", "--dry-run", src)...).want(t, 0)
	if r := candor(t, "", nil, append(g, "list")...).want(t, 0); r.stderr != "" {
		t.Fatalf("a dry run left a mark: %s", r.stderr)
	}
	// An import of 3 entries that was cut short (the process died).
	j, err := journal.Open(dir, []byte(pass), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := imports.Begin(j, src, 3); err != nil {
		t.Fatal(err)
	}
	j.Close()
	r := candor(t, "", nil, append(g, "list")...).want(t, 0)
	if !strings.Contains(r.stderr, "an import of "+src+" (3 entries) was cut short") || !strings.Contains(r.stderr, "run the same import again") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("list after a cut-short import: %q", r.stderr)
	}
	// Running it again says nothing of it, completes it and clears the mark.
	r = candor(t, "", nil, append(g, "import", "--format", "jrnl", "../../testdata/import/sample.journal")...).want(t, 0)
	if strings.Contains(r.stderr, "cut short") || !strings.Contains(r.stdout, "Imported 3 new") {
		t.Fatalf("import again: %q %q", r.stdout, r.stderr)
	}
	if r := candor(t, "", nil, append(g, "list")...).want(t, 0); r.stderr != "" {
		t.Fatalf("the mark stayed after a complete import: %s", r.stderr)
	}
}
