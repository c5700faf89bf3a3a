//go:build linux

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY returns the two ends of a new pseudo-terminal.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("opening /dev/ptmx: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlocking the pty: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("naming the pty: %v", err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("opening the pty: %v", err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	return m, s
}

// ptySession runs candor with a pseudo-terminal as its controlling
// terminal, answers each prompt that contains a key of answers, and
// returns everything the terminal showed and the exit status.
func ptySession(t *testing.T, stdin string, answers [][2]string, args ...string) (string, int) {
	t.Helper()
	master, slave := openPTY(t)
	cmd := exec.Command(candorBinary(t), args...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "LANG=C"}
	cmd.Stdin = strings.NewReader(stdin) // the body; the passphrase comes from the terminal
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.ExtraFiles = []*os.File{slave} // fd 3
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 3}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	var screen bytes.Buffer
	buf := make([]byte, 4096)
	deadline := time.After(20 * time.Second)
	next := 0
	for {
		master.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		n, _ := master.Read(buf)
		screen.Write(buf[:n])
		if next < len(answers) && strings.Count(screen.String(), answers[next][0]) > countBefore(answers[:next], answers[next][0]) {
			// A person answers after the prompt is shown, by which time
			// echo is off; answering at once would race the switch.
			time.Sleep(100 * time.Millisecond)
			master.Write([]byte(answers[next][1] + "\r"))
			next++
		}
		select {
		case <-exited:
			return screen.String() + stdout.String() + stderr.String(), cmd.ProcessState.ExitCode()
		case <-deadline:
			cmd.Process.Kill()
			<-exited
			t.Fatalf("candor %v did not finish on the terminal; it showed:\n%s", args, screen.String())
		default:
		}
	}
}

// countBefore counts how many earlier answers wait for the same prompt.
func countBefore(earlier [][2]string, prompt string) int {
	n := 0
	for _, a := range earlier {
		if a[0] == prompt {
			n++
		}
	}
	return n
}

// TestTerminalPrompt asks for the passphrase on a real (pseudo-)terminal:
// init asks twice, the typed passphrase is never echoed, a mismatch changes
// nothing, and stdin stays free for the entry's body.
func TestTerminalPrompt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "j")
	const secret = "typed on a terminal 42"
	out, code := ptySession(t, "", [][2]string{{"assphrase", secret}, {"Repeat", "something else"}}, "--journal", dir, "init")
	if code != 2 || strings.Contains(out, secret) || strings.Contains(out, "something else") {
		t.Fatalf("init with two different passphrases: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "journal.key")); err == nil {
		t.Fatal("a journal was made from two different passphrases")
	}
	out, code = ptySession(t, "", [][2]string{{"assphrase", secret}, {"Repeat", secret}}, "--journal", dir, "init")
	if code != 0 || strings.Contains(out, secret) {
		t.Fatalf("init: exit %d\n%s", code, out)
	}
	out, code = ptySession(t, "body read from stdin\n", [][2]string{{"assphrase", secret}}, "--journal", dir, "add", "--title", "From a terminal")
	if code != 0 || strings.Contains(out, secret) {
		t.Fatalf("add: exit %d\n%s", code, out)
	}
	out, code = ptySession(t, "", [][2]string{{"assphrase", secret}}, "--journal", dir, "list")
	if code != 0 || !strings.Contains(out, "From a terminal") {
		t.Fatalf("list: exit %d\n%s", code, out)
	}
	out, code = ptySession(t, "", [][2]string{{"assphrase", "wrong"}}, "--journal", dir, "list")
	if code != 3 {
		t.Fatalf("wrong passphrase on the terminal: exit %d\n%s", code, out)
	}
}
