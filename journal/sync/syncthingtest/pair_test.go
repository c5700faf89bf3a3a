package syncthingtest

import (
	"bytes"
	"crypto/rand"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// syncTimeout is how long a change may take to reach the other computer.
const syncTimeout = 30 * time.Second

// writeRandom writes n random bytes at rel under dir and returns them.
func writeRandom(t *testing.T, dir, rel string, n int) []byte {
	t.Helper()
	data := make([]byte, n)
	rand.Read(data)
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return data
}

// sameBytes fails the test unless the file at rel under dir holds want.
func sameBytes(t *testing.T, dir, rel string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s in %s: %d bytes, not the %d written", rel, dir, len(got), len(want))
	}
}

// onlyOurFiles fails the test when dir holds anything but the folder marker
// and the names listed (slash-separated, directories included).
func onlyOurFiles(t *testing.T, dir string, ours ...string) {
	t.Helper()
	allowed := map[string]bool{".": true, ".stfolder": true}
	for _, o := range ours {
		allowed[o] = true
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, ".stfolder/") {
			return nil
		}
		if !allowed[rel] {
			t.Errorf("%s holds %s, which the test did not write", dir, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPairCarriesAFile(t *testing.T) {
	dirA, dirB := t.TempDir(), t.TempDir()
	start := time.Now()
	p := Start(t, dirA, dirB)
	t.Logf("pair ready in %v", time.Since(start).Round(time.Millisecond))
	for _, dir := range []string{dirA, dirB} {
		if fi, err := os.Stat(filepath.Join(dir, ".stfolder")); err != nil || !fi.IsDir() {
			t.Errorf("%s has no folder marker .stfolder: %v", dir, err)
		}
	}
	const rel = "candor-sync/x/a.bin"

	data := writeRandom(t, dirA, rel, 100<<10)
	start = time.Now()
	p.Rescan(t)
	p.WaitFile(t, rel, syncTimeout)
	t.Logf("A to B: %v", time.Since(start).Round(time.Millisecond))
	sameBytes(t, dirB, rel, data)

	data = writeRandom(t, dirB, rel, 100<<10)
	start = time.Now()
	p.Rescan(t)
	p.WaitFile(t, rel, syncTimeout)
	t.Logf("B to A: %v", time.Since(start).Round(time.Millisecond))
	sameBytes(t, dirA, rel, data)

	if err := os.Remove(filepath.Join(dirA, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	p.Rescan(t)
	p.WaitGone(t, rel, syncTimeout)
	t.Logf("deletion A to B: %v", time.Since(start).Round(time.Millisecond))

	p.WaitInSync(t, syncTimeout)
	for _, dir := range []string{dirA, dirB} {
		onlyOurFiles(t, dir, "candor-sync", "candor-sync/x")
	}
}

// TestStartFailsWithoutSyncthing runs itself again with no syncthing on
// PATH: Start must fail the test, not skip it, and say what to install.
func TestStartFailsWithoutSyncthing(t *testing.T) {
	if os.Getenv("SYNCTHINGTEST_INNER") == "1" {
		Start(t, t.TempDir(), t.TempDir())
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestStartFailsWithoutSyncthing$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "SYNCTHINGTEST_INNER=1", "PATH="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("Start did not fail without syncthing:\n%s", out)
	}
	for _, want := range []string{"--- FAIL: TestStartFailsWithoutSyncthing", "make deps-test", "apt-get install syncthing"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the failure does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "SKIP") {
		t.Errorf("Start skipped:\n%s", out)
	}
}
