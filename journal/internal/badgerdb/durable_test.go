package badgerdb

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestFlushMappedFilesChoosesTheFiles checks, on any system, which files
// each kind of flush touches after a commit and at close: Windows flushes
// every memtable log, the two newest value logs and the tables new since
// the last commit; macOS one log (its F_FULLFSYNC empties the whole drive
// cache); Linux nothing.
func TestFlushMappedFilesChoosesTheFiles(t *testing.T) {
	dir := t.TempDir()
	touch := func(names ...string) {
		for _, n := range names {
			if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	touch("00001.mem", "00002.mem", "000001.vlog", "000002.vlog", "000003.vlog", "000001.sst", "MANIFEST", "KEYREGISTRY")
	var got []string
	flush := func(p string) error { got = append(got, filepath.Base(p)); return nil }
	run := func(how mappedFlush, seen *Flusher) []string {
		got = nil
		if err := flushMappedFiles(dir, how, seen, flush); err != nil {
			t.Fatal(err)
		}
		return got
	}
	var seen Flusher
	if g := run(flushNothing, &seen); g != nil {
		t.Fatalf("Linux flushed %v", g)
	}
	if g, want := run(flushDriveCache, &seen), []string{"00002.mem"}; !reflect.DeepEqual(g, want) {
		t.Fatalf("macOS flushed %v, want %v", g, want)
	}
	want := []string{"00001.mem", "00002.mem", "000002.vlog", "000003.vlog"}
	if g := run(flushEachFile, &seen); !reflect.DeepEqual(g, want) {
		t.Fatalf("Windows, first commit: flushed %v, want %v (tables found at open were flushed at the last close)", g, want)
	}
	touch("000002.sst")
	want = []string{"00001.mem", "00002.mem", "000002.vlog", "000003.vlog", "000002.sst"}
	if g := run(flushEachFile, &seen); !reflect.DeepEqual(g, want) {
		t.Fatalf("Windows, after a new table: flushed %v, want %v", g, want)
	}
	if g := run(flushEachFile, &seen); len(g) != 4 {
		t.Fatalf("Windows flushed a table twice: %v", g)
	}
	got = nil
	if err := flushClosedDB(dir, flushEachFile, flush); err != nil {
		t.Fatal(err)
	}
	if len(got) != 9 {
		t.Fatalf("closing flushed %v, want all 9 files", got)
	}
	got = nil
	if flushClosedDB(dir, flushDriveCache, flush); got != nil {
		t.Fatalf("closing on macOS flushed %v", got)
	}
}
