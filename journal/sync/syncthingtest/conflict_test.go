package syncthingtest

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// conflictName is how Syncthing 1.19 names the side of a conflict that
// lost: the name, .sync-conflict-, the date and time, the first seven
// characters of a device ID, the extension. The device is the one whose
// write won, not the one whose write the copy holds.
var conflictName = regexp.MustCompile(`^a\.sync-conflict-\d{8}-\d{6}-([A-Z0-9]{7})\.bin$`)

// TestPairKeepsBothSidesOfAConflict shows what Candor's sync must expect
// when both computers write one file before either has seen the other's:
// Syncthing keeps one write under the file's name (most often the later
// one, not always) and the other in a .sync-conflict- copy beside it, on
// both computers.
func TestPairKeepsBothSidesOfAConflict(t *testing.T) {
	dirA, dirB := t.TempDir(), t.TempDir()
	p := Start(t, dirA, dirB)
	const rel = "candor-sync/x/a.bin"
	a := writeRandom(t, dirA, rel, 10<<10)
	b := writeRandom(t, dirB, rel, 10<<10)
	start := time.Now()
	p.Rescan(t)
	p.WaitSame(t, syncTimeout)
	t.Logf("settled in %v", time.Since(start).Round(time.Millisecond))

	sub := filepath.Join(dirA, "candor-sync", "x")
	es, err := os.ReadDir(sub)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].Name() != "a.bin" || !conflictName.MatchString(es[1].Name()) {
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		t.Fatalf("after the conflict the folder holds %q, not a.bin and one conflict copy", names)
	}
	kept, err := os.ReadFile(filepath.Join(sub, "a.bin"))
	if err != nil {
		t.Fatal(err)
	}
	copied, err := os.ReadFile(filepath.Join(sub, es[1].Name()))
	if err != nil {
		t.Fatal(err)
	}
	loser := p.B
	if bytes.Equal(kept, b) {
		loser = p.A
	}
	switch {
	case !bytes.Equal(kept, a) && !bytes.Equal(kept, b):
		t.Fatal("a.bin holds neither side's write")
	case !bytes.Equal(copied, a) && !bytes.Equal(copied, b) || bytes.Equal(copied, kept):
		t.Fatalf("%s does not hold the other side's write", es[1].Name())
	}
	if id := conflictName.FindStringSubmatch(es[1].Name())[1]; id != p.other(loser).DeviceID[:7] {
		t.Logf("the conflict copy is named after device %s, not %s whose write won", id, p.other(loser).DeviceID[:7])
	}
	t.Logf("kept %s's write; %s holds %s's", p.other(loser).Name, es[1].Name(), loser.Name)
}
