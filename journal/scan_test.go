package journal

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"candor/journal/internal/searchindex"
)

// scanForMarker reports every file under dir whose bytes contain marker
// (also in UTF-16 and base64-free form, the ways text commonly leaks).
func scanForMarker(t *testing.T, dir string, marker string) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(marker)) {
			hits = append(hits, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

func writeMarkedEntries(t *testing.T, j *Journal, marker string) {
	t.Helper()
	for i := 0; i < 50; i++ {
		_, err := j.Add(Entry{
			Date:   mustDate(t, "2026-05-01").AddDays(i),
			Title:  "title " + marker,
			Body:   "The body mentions " + marker + " twice: " + marker,
			Tags:   []string{"tag-" + marker},
			Prompt: "prompt " + marker,
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := j.SaveDraft(Entry{Title: "draft " + marker, Body: "draft body " + marker}); err != nil {
		t.Fatal(err)
	}
	if _, err := j.AddOwnPrompt("vision", "", "What would "+marker+" say about my plans?"); err != nil {
		t.Fatal(err)
	}
	// A large entry goes to Badger's value log path as well.
	if _, err := j.Add(Entry{Date: mustDate(t, "2026-07-01"), Body: string(bytes.Repeat([]byte(marker+" "), 20000))}); err != nil {
		t.Fatal(err)
	}
	// The search index is stored in the journal: its words are the
	// entries' words.
	if err := j.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	if _, err := j.Add(Entry{Date: mustDate(t, "2026-07-02"), Title: "after the index " + marker}); err != nil {
		t.Fatal(err)
	}
	if err := j.persistIndex(j.currentIndex()); err != nil {
		t.Fatal(err)
	}
	if n := countKeys(t, j, searchindex.ChunksPrefix); n == 0 {
		t.Fatal("no stored index to scan")
	}
}

func TestPlaintextScan(t *testing.T) {
	const marker = "QX7-CANDOR-PLAINTEXT-MARKER"
	t.Run("control finds the marker", func(t *testing.T) {
		dir := t.TempDir()
		j, err := Init(dir, testPass, &Options{KDF: TestKDF, insecure: true})
		if err != nil {
			t.Fatal(err)
		}
		writeMarkedEntries(t, j, marker)
		j.Close()
		if hits := scanForMarker(t, dir, marker); len(hits) == 0 {
			t.Fatal("the scan found no marker in an unencrypted journal, so it cannot be trusted")
		}
	})
	t.Run("encrypted journal has none", func(t *testing.T) {
		dir := t.TempDir()
		j, err := Init(dir, testPass, cheap())
		if err != nil {
			t.Fatal(err)
		}
		writeMarkedEntries(t, j, marker)
		if _, err := j.AutoBackup(mustDate(t, "2026-11-27")); err != nil { // backups/ is scanned too
			t.Fatal(err)
		}
		j.Close()
		// Reopen and close once more so Badger flushes and compacts.
		j, err = Open(dir, testPass, nil)
		if err != nil {
			t.Fatal(err)
		}
		j.Close()
		if hits := scanForMarker(t, dir, marker); len(hits) != 0 {
			t.Fatalf("plaintext marker found in %v", hits)
		}
		for _, m := range []string{"title", "2026-05-01", "tag-"} {
			if hits := scanForMarker(t, dir, m); len(hits) != 0 {
				t.Errorf("%q found in %v", m, hits)
			}
		}
	})
}
