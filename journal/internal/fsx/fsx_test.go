package fsx

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestWriteFileAtomicReplacesPrivately(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	for _, data := range []string{"first", "second, longer"} {
		if err := WriteFileAtomic(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != data {
			t.Fatalf("read %q, %v; want %q", got, err, data)
		}
		if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
			t.Fatalf("mode %v, want 0600", st.Mode().Perm())
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("%d files left in the folder, want 1", len(ents))
	}
}

func TestWriteNewFileNeverOverwrites(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := WriteNewFile(p, []byte("a"), true); err != nil {
		t.Fatal(err)
	}
	if err := WriteNewFile(p, []byte("b"), false); !errors.Is(err, os.ErrExist) {
		t.Fatalf("second write: %v, want os.ErrExist", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "a" {
		t.Fatalf("the file holds %q, want the first write", got)
	}
}

// TestFilesInTakesNoPatterns lists a folder whose name holds glob
// characters, which filepath.Glob would read as a pattern.
func TestFilesInTakesNoPatterns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a[b]*?")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"2.mem", "1.mem", "x.sst", "mem"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{filepath.Join(dir, "1.mem"), filepath.Join(dir, "2.mem")}
	if got := FilesIn(dir, "", ".mem"); !reflect.DeepEqual(got, want) {
		t.Fatalf("FilesIn = %v, want %v", got, want)
	}
	if got := FilesIn(filepath.Join(dir, "missing"), "", ""); got != nil {
		t.Fatalf("a missing folder lists %v", got)
	}
}

func TestRemoveLeftovers(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "export")
	for _, n := range []string{".export.tmp-123", ".export.tmp-9/", ".other.tmp-1", "export"} {
		p := filepath.Join(dir, n)
		var err error
		if n[len(n)-1] == '/' {
			err = os.MkdirAll(filepath.Join(p, "inner"), 0o700)
		} else {
			err = os.WriteFile(p, []byte("plaintext"), 0o600)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	RemoveLeftovers(out)
	var left []string
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		left = append(left, e.Name())
	}
	if want := []string{".other.tmp-1", "export"}; !reflect.DeepEqual(left, want) {
		t.Fatalf("left %v, want %v", left, want)
	}
}
