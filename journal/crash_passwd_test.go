//go:build unix

package journal

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
)

var newTestPass = []byte("a brand new passphrase")

// passwdChild changes the passphrase of the journal in dir and is killed by
// SIGKILL at the step named in CANDOR_KILL_AT.
func passwdChild(dir string) {
	at := os.Getenv("CANDOR_KILL_AT")
	fsx.CrashPoint = func(step string) {
		if step == at {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	}
	j, err := Open(dir, testPass, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(1)
	}
	if err := j.ChangePassphrase(testPass, newTestPass); err != nil {
		fmt.Fprintln(os.Stderr, "child passwd:", err)
		os.Exit(1)
	}
	j.Close()
	fmt.Println("changed")
}

// opensWith reports whether pass unlocks the journal in dir, failing the
// test on any error other than a wrong passphrase.
func opensWith(t *testing.T, dir string, pass []byte) bool {
	t.Helper()
	j, err := Open(dir, pass, nil)
	if errors.Is(err, ErrWrongPassphrase) {
		return false
	}
	if err != nil {
		t.Fatalf("the journal does not open: %v", err)
	}
	defer j.Close()
	if n, err := j.Count(); err != nil || n != 3 {
		t.Fatalf("entries after the kill: %d, %v", n, err)
	}
	return true
}

// TestPassphraseChangeKilledAtEveryStep kills a passphrase change at each
// step of writing the new key file: afterwards exactly one of the old and
// the new passphrase opens the journal, the new one once the rename is done.
func TestPassphraseChangeKilledAtEveryStep(t *testing.T) {
	base := t.TempDir()
	src := filepath.Join(base, "src")
	j, err := Init(src, testPass, cheap())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := j.Add(Entry{Date: Date{2026, 2, 1 + i}, Body: "kept"}); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	steps := []struct {
		at     string
		newOne bool // the new passphrase is the one that opens
	}{
		{keyfile.FileName + ".*.new:created", false},
		{keyfile.FileName + ".*.new:half-written", false},
		{keyfile.FileName + ".*.new:written", false},
		{keyfile.FileName + ".*.new:synced", false},
		{keyfile.FileName + ":verified", false},
		{keyfile.FileName + ":renamed", true},
		{keyfile.FileName + ":done", true},
		{"", true}, // not killed: the change completes
	}
	for _, s := range steps {
		name := s.at
		if name == "" {
			name = "not killed"
		}
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "j")
			copyDir(t, src, dir)
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "CANDOR_PASSWD_CHILD="+dir, "CANDOR_KILL_AT="+s.at)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			killed := false
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
				killed = true
			}
			if s.at != "" && !killed {
				t.Fatalf("the child was not killed at %s: %v %s %s", s.at, err, out, stderr.String())
			}
			if s.at == "" && (err != nil || !strings.Contains(string(out), "changed")) {
				t.Fatalf("the change failed: %v %s", err, stderr.String())
			}
			oldOK := opensWith(t, dir, testPass)
			newOK := opensWith(t, dir, newTestPass)
			if oldOK == newOK {
				t.Fatalf("old opens: %v, new opens: %v; want exactly one", oldOK, newOK)
			}
			if newOK != s.newOne {
				t.Errorf("new passphrase opens: %v, want %v", newOK, s.newOne)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, keyfile.FileName+".*")); len(left) > 0 {
				t.Errorf("temporary key files left after reopening: %q", left)
			}
		})
	}
}
