package sync

import (
	"path/filepath"
	"testing"
	"time"

	"candor/journal"
	"candor/journal/journaltest"
	"candor/journal/sync/syncthingtest"
)

// TestThroughSyncthing syncs two computers through real Syncthing: an
// entry added and synced on A appears on B after B syncs, within 30 s, and
// back. It fails, never skips, when Syncthing cannot start.
func TestThroughSyncthing(t *testing.T) {
	dirA, dirB := t.TempDir(), t.TempDir()
	pair := syncthingtest.Start(t, dirA, dirB)
	a, _ := journaltest.New(t)
	first := add(t, a, "written on A before B joined")
	mustSync(t, a, dirA, "A")
	pair.Rescan(t)
	pair.WaitSame(t, 30*time.Second)
	b, _, err := Join(filepath.Join(t.TempDir(), "b"), dirB, journaltest.Passphrase, cheap, &Options{Name: "B"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Get(first.ID); err != nil {
		t.Fatalf("B joined without A's entry: %v", err)
	}
	arrives := func(from, to *journal.Journal, name string) time.Duration {
		t.Helper()
		e := add(t, from, "written on "+name)
		mustSync(t, from, "", name)
		start := time.Now()
		pair.Rescan(t)
		for time.Since(start) < 30*time.Second {
			if _, err := Sync(to, "", nil); err != nil {
				t.Fatal(err)
			}
			if _, err := to.Get(e.ID); err == nil {
				return time.Since(start)
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("the entry written on %s did not arrive in 30 s", name)
		return 0
	}
	t.Logf("A to B in %v", arrives(a, b, "A"))
	t.Logf("B to A in %v", arrives(b, a, "B"))
	same(t, a, b)
}
