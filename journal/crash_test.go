//go:build unix

package journal

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

var crashRounds = flag.Int("crash.rounds", 20, "SIGKILL rounds in TestCrashKeepsAcknowledgedEntries")

func TestMain(m *testing.M) {
	if dir := os.Getenv("CANDOR_CRASH_CHILD"); dir != "" {
		crashChild(dir)
		return
	}
	if dir := os.Getenv("CANDOR_MIX_CHILD"); dir != "" {
		mixChild(dir)
		return
	}
	if dir := os.Getenv("CANDOR_PASSWD_CHILD"); dir != "" {
		passwdChild(dir)
		return
	}
	if dir := os.Getenv("CANDOR_OPEN_CHILD"); dir != "" {
		openChild(dir)
		return
	}
	code := m.Run()
	// The benchmarks' journals are big: none is left behind.
	searchFixtures.Range(func(_, dir any) bool {
		os.RemoveAll(filepath.Dir(dir.(string)))
		return true
	})
	os.Exit(code)
}

// crashBody is what every crash-test entry holds, so the parent can check it.
func crashBody(n int) string {
	return fmt.Sprintf("entry %d: %s", n, strings.Repeat("durable ", 1+n%400))
}

// crashChild adds entries forever, printing each ID only once Add returned.
func crashChild(dir string) {
	j, err := Open(dir, testPass, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	for n := 0; ; n++ {
		e, err := j.Add(Entry{Date: Date{2026, 1, 1 + n%28}, Title: fmt.Sprint("crash ", n), Body: crashBody(n)})
		if err != nil {
			fmt.Fprintln(os.Stderr, "child add:", err)
			os.Exit(1)
		}
		fmt.Fprintf(w, "%s %d\n", e.ID, n)
		w.Flush()
	}
}

// killChild runs this test binary as a child with env added, hands each
// line it prints to handle, and kills it with SIGKILL once delay has passed
// (and, with waitFirst, once it has printed a line), or lets it end by
// itself. Lines printed before the kill are still handled. It returns what
// the child wrote to standard error.
func killChild(t *testing.T, env []string, delay time.Duration, waitFirst bool, handle func(line string)) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(delay)
	seen := false
read:
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				break read
			}
			seen = true
			handle(l)
		case <-deadline:
			if waitFirst && !seen {
				deadline = time.After(10 * time.Millisecond)
				continue
			}
			_ = cmd.Process.Signal(syscall.SIGKILL)
			for l := range lines { // what was acknowledged before the kill
				handle(l)
			}
			break read
		}
	}
	_ = cmd.Wait()
	return stderr.String()
}

func TestCrashKeepsAcknowledgedEntries(t *testing.T) {
	dir := t.TempDir()
	j, err := Init(dir, testPass, cheap())
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	acked := map[ID]int{}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for round := 0; round < *crashRounds; round++ {
		// Wait for the first acknowledgement, then kill at a random moment.
		stderr := killChild(t, []string{"CANDOR_CRASH_CHILD=" + dir}, time.Duration(20+rng.IntN(200))*time.Millisecond, true, func(l string) {
			var idText string
			var n int
			if _, err := fmt.Sscanf(l, "%s %d", &idText, &n); err != nil {
				return // a line cut by the kill
			}
			if id, err := ParseID(idText); err == nil {
				acked[id] = n
			}
		})
		if strings.Contains(stderr, "child") {
			t.Fatalf("round %d: child failed: %s", round, stderr)
		}
	}
	j, err = Open(dir, testPass, nil)
	if err != nil {
		t.Fatalf("journal does not open after %d kills: %v", *crashRounds, err)
	}
	defer j.Close()
	for id, n := range acked {
		e, err := j.Get(id)
		if err != nil {
			t.Fatalf("acknowledged entry %d lost: %v", n, err)
		}
		if e.Body != crashBody(n) || e.Title != fmt.Sprint("crash ", n) {
			t.Fatalf("acknowledged entry %d damaged", n)
		}
	}
	t.Logf("%d rounds, %d acknowledged entries all intact", *crashRounds, len(acked))
	if len(acked) < *crashRounds {
		t.Fatalf("only %d acknowledgements in %d rounds: the test did not exercise anything", len(acked), *crashRounds)
	}
}

// TestEmptyWALAfterCrashStillOpens reproduces what a kill just after Badger
// created a memtable file leaves behind.
func TestEmptyWALAfterCrashStillOpens(t *testing.T) {
	// A kill just after Badger created a new memtable log, or a new value
	// log (a rotation, or value-log GC), leaves it empty.
	for _, name := range []string{"00099.mem", "000099.vlog"} {
		t.Run(name, func(t *testing.T) {
			j, dir := newJournal(t)
			e, err := j.Add(Entry{Date: Date{2026, 1, 1}, Body: "kept"})
			if err != nil {
				t.Fatal(err)
			}
			j.Close()
			if err := os.WriteFile(dir+"/db/"+name, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			j, err = Open(dir, testPass, nil)
			if err != nil {
				t.Fatalf("an empty %s blocks opening: %v", name, err)
			}
			defer j.Close()
			if got, err := j.Get(e.ID); err != nil || got.Body != "kept" {
				t.Fatalf("entry lost: %v", err)
			}
		})
	}
}
