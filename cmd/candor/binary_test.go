package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"candor/journal"
)

// These tests drive the built binary end to end: exit statuses, a lock held
// by another process, stdin, and no terminal at all. Everything else runs
// in-process (see candor in cli_test.go).

var (
	binDir   string
	buildBin sync.Once
	binPath  string
	binErr   error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// candorBinary builds candor once, with the build tags of this test binary,
// and returns its path.
func candorBinary(t *testing.T) string {
	t.Helper()
	buildBin.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "candor-cli-test-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "candor")
		if runtime.GOOS == "windows" {
			binPath += ".exe" // Windows runs nothing without its extension
		}
		args := []string{"build", "-o", binPath}
		if headlessBuild {
			args = append(args, "-tags", "ci")
		}
		build := exec.Command("go", append(args, ".")...)
		var out bytes.Buffer
		build.Stdout, build.Stderr = &out, &out
		if err := build.Run(); err != nil {
			binErr = errors.New(err.Error() + "\n" + out.String())
		}
	})
	if binErr != nil {
		t.Fatalf("building candor for the CLI tests failed: %v", binErr)
	}
	return binPath
}

// candorExec runs the built binary with no terminal, a clean environment
// plus environ, and stdin.
func candorExec(t *testing.T, stdin string, environ []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(candorBinary(t), args...)
	cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "LANG=C"}, environ...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	detachTerminal(cmd)
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return checkResult(t, args, result{code, out.String(), errb.String()})
}

// TestBinaryEndToEnd runs the real program: a body on stdin, every exit
// status but 4 (TestCLIInUse), no terminal to ask on, and help on stdout.
func TestBinaryEndToEnd(t *testing.T) {
	dir, _ := newTestJournal(t)
	env := []string{"CANDOR_JOURNAL=" + dir, "CANDOR_PASSPHRASE=" + pass}
	id := strings.TrimSpace(candorExec(t, "A body read from stdin.\n", env, "add", "--title", "Piped").want(t, 0).stdout)
	if _, err := journal.ParseID(id); err != nil {
		t.Fatalf("add printed %q, not an ID", id)
	}
	if out := candorExec(t, "", env, "show", id).want(t, 0).stdout; !strings.Contains(out, "A body read from stdin.") || !strings.Contains(out, "Piped") {
		t.Errorf("show after add from stdin:\n%s", out)
	}
	// No passphrase, and no terminal to ask on: exit 2, saying how to give one.
	if r := candorExec(t, "", []string{"CANDOR_JOURNAL=" + dir}, "list").want(t, 2); !strings.Contains(r.stderr, "CANDOR_PASSPHRASE") {
		t.Errorf("no-terminal message does not say how to give the passphrase: %s", r.stderr)
	}
	if r := candorExec(t, "", []string{"CANDOR_JOURNAL=" + dir, "CANDOR_PASSPHRASE=wrong"}, "list").want(t, 3); !strings.Contains(strings.ToLower(r.stderr), "wrong passphrase") {
		t.Errorf("wrong passphrase: %s", r.stderr)
	}
	candorExec(t, "", env, "show", "not-an-id").want(t, 2)
	candorExec(t, "", []string{"CANDOR_JOURNAL=" + filepath.Join(t.TempDir(), "none"), "CANDOR_PASSPHRASE=x"}, "list").want(t, 1)
	if r := candorExec(t, "", nil, "frobnicate").want(t, 2); !strings.HasPrefix(r.stderr, "candor: ") || r.stdout != "" {
		t.Errorf("unknown command: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if r := candorExec(t, "", nil, "prompt", "--help").want(t, 0); !strings.Contains(r.stdout, "--date") || r.stderr != "" {
		t.Errorf("prompt --help: stdout %q, stderr %q", r.stdout, r.stderr)
	}
}

func TestCLIInUse(t *testing.T) {
	dir, pf := newTestJournal(t)
	c, err := journal.ClaimDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// No passphrase is given: exit 4 must come before any is asked for.
	r := candorExec(t, "", nil, "--journal", dir, "list").want(t, 4)
	if !strings.Contains(r.stderr, "in use by another process") {
		t.Errorf("stderr: %s", r.stderr)
	}
	candorExec(t, "", nil, "--journal", dir, "--passphrase-file", pf, "add", "--body", "x").want(t, 4)
	c.Release()
	candorExec(t, "", nil, "--journal", dir, "--passphrase-file", pf, "list").want(t, 0)
}

// TestCLIAppNeedsDisplay: the app needs a display; without one it says so
// in one line.
func TestCLIAppNeedsDisplay(t *testing.T) {
	if headlessBuild {
		t.Skip("with -tags ci the app runs headless and needs no display")
	}
	dir, _ := newTestJournal(t)
	r := candorExec(t, "", []string{"CANDOR_JOURNAL=" + dir}, "app")
	if r.code != 1 || !strings.Contains(r.stderr, "display") {
		t.Errorf("app without display: %d %s", r.code, r.stderr)
	}
}
