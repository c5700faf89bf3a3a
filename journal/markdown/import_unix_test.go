//go:build unix

package markdown

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadSourceRefusesLinksAndFIFOs checks that a folder walk follows no
// symbolic link (to a file or to a folder), never blocks on a FIFO, and
// lists a folder it may not read, while the rest is read.
func TestReadSourceRefusesLinksAndFIFOs(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(p, text string) {
		os.MkdirAll(filepath.Dir(p), 0o700)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "2021-01-05.md"), "The one good note.\n")
	write(filepath.Join(outside, "2021-01-06-secret.md"), "Outside the folder the user chose.\n")
	if err := os.Symlink(filepath.Join(outside, "2021-01-06-secret.md"), filepath.Join(dir, "2021-01-06-link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "linked folder")); err != nil {
		t.Fatal(err)
	}
	os.Symlink(filepath.Join(outside, "missing.png"), filepath.Join(dir, "dangling.png")) // not Markdown: ignored
	if err := syscall.Mkfifo(filepath.Join(dir, "2021-01-07-pipe.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o600) // not Markdown: never opened
	locked := filepath.Join(dir, "locked")
	write(filepath.Join(locked, "2021-01-08.md"), "x")
	os.Chmod(locked, 0)
	defer os.Chmod(locked, 0o700)
	asRoot := os.Geteuid() == 0 // root reads any folder

	done := make(chan struct{})
	var problems, skipped []string
	var items int
	go func() {
		defer close(done)
		src, err := ReadSource(dir)
		if err != nil {
			t.Error(err)
			return
		}
		items = len(src.Items)
		for _, p := range src.Problems {
			problems = append(problems, strings.TrimPrefix(p.Error(), dir+string(filepath.Separator)))
		}
		skipped = paths(dir, src.Skipped)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("ReadSource blocked (on a FIFO?)")
	}
	want := []string{
		"2021-01-06-link.md: not read: it is a symbolic link; only plain files are read",
		"2021-01-07-pipe.md: not read: it is a FIFO; only plain files are read",
	}
	if !asRoot {
		want = append(want, "locked: cannot be read: permission denied")
		slices.Sort(want)
	}
	if !slices.Equal(problems, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
	if !slices.Equal(skipped, []string{"linked folder"}) {
		t.Errorf("skipped %q", skipped)
	}
	if wantItems := map[bool]int{true: 2, false: 1}[asRoot]; items != wantItems {
		t.Errorf("%d notes read, want %d", items, wantItems)
	}
}
