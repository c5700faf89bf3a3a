package sync

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

	"candor/journal"
	"candor/journal/journaltest"
)

var crashRounds = flag.Int("crash.rounds", 12, "how many times the sync crash test kills a syncing child")

func TestMain(m *testing.M) {
	if dir := os.Getenv("CANDOR_SYNC_CHILD"); dir != "" {
		syncChild(dir, os.Getenv("CANDOR_SYNC_FOLDER"))
		return
	}
	os.Exit(m.Run())
}

// syncChild edits and syncs a journal until it is killed, printing "A ID
// BODY" once an edit is saved and "S" once a sync has ended.
func syncChild(dir, folder string) {
	j, err := journal.Open(dir, journaltest.Passphrase, cheap)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	var ids []journal.ID
	j.Each(journal.Query{}, func(e journal.Entry) error { ids = append(ids, e.ID); return nil })
	for n := 0; ; n++ {
		body := fmt.Sprintf("crash body %d %d", time.Now().UnixNano(), n)
		if len(ids) == 0 || rng.IntN(3) == 0 {
			e, err := j.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 2, Day: 1 + n%28}, Title: "crash", Body: body})
			if err != nil {
				fmt.Fprintln(os.Stderr, "child add:", err)
				os.Exit(1)
			}
			ids = append(ids, e.ID)
			fmt.Fprintf(w, "A %s %s\n", e.ID, body)
		} else {
			e, err := j.Get(ids[rng.IntN(len(ids))])
			if err == nil {
				e.Body = body
				if _, err := j.Update(e); err != nil {
					fmt.Fprintln(os.Stderr, "child edit:", err)
					os.Exit(1)
				}
				fmt.Fprintf(w, "A %s %s\n", e.ID, body)
			}
		}
		w.Flush()
		if n%3 == 0 {
			if _, err := Sync(j, folder, &Options{Name: "child"}); err != nil {
				fmt.Fprintln(os.Stderr, "child sync:", err)
				os.Exit(1)
			}
			fmt.Fprintln(w, "S")
			w.Flush()
		}
	}
}

// TestSyncKilled kills a computer while it edits and syncs, at random
// moments, then checks that every saved edit is still there, that the next
// sync completes, and that a computer joining afterwards gets exactly the
// same journal.
func TestSyncKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	base := t.TempDir()
	dir, folder := filepath.Join(base, "j"), filepath.Join(base, "folder")
	os.Mkdir(folder, 0o700)
	j, err := journal.Init(dir, journaltest.Passphrase, cheap)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	latest := map[journal.ID]string{}
	syncs := 0
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	for round := 0; round < *crashRounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "CANDOR_SYNC_CHILD="+dir, "CANDOR_SYNC_FOLDER="+folder)
		out, _ := cmd.StdoutPipe()
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Killed once the journal is open (two kills in a row while it
		// opens make the journal say it is damaged, by design).
		delay := time.Duration(20+rng.IntN(400)) * time.Millisecond
		armed := false
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if !armed {
				armed = true
				time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
			}
			f := strings.SplitN(sc.Text(), " ", 3)
			switch {
			case f[0] == "A" && len(f) == 3:
				if id, err := journal.ParseID(f[1]); err == nil {
					latest[id] = f[2]
				}
			case f[0] == "S":
				syncs++
			}
		}
		cmd.Wait()
		if strings.Contains(stderr.String(), "child") {
			t.Fatalf("round %d: %s", round, stderr.String())
		}
	}
	j, err = journal.Open(dir, journaltest.Passphrase, cheap)
	if err != nil {
		t.Fatalf("the journal does not open after the kills: %v", err)
	}
	defer j.Close()
	for id, body := range latest {
		e, err := j.Get(id)
		if err != nil {
			t.Fatalf("a saved entry is gone: %v", err)
		}
		// The last edit acknowledged, or one made after it that was
		// saved just before a kill.
		var want, got int64
		fmt.Sscanf(body, "crash body %d", &want)
		fmt.Sscanf(e.Body, "crash body %d", &got)
		if got < want || got == 0 {
			t.Fatalf("entry %s holds %q, older than the acknowledged %q", id, e.Body, body)
		}
	}
	if _, err := Sync(j, "", nil); err != nil {
		t.Fatalf("the sync after the kills: %v", err)
	}
	if r, err := Sync(j, "", nil); err != nil || r.Sent != 0 {
		t.Fatalf("a second sync sent %d versions (%v): the first did not complete", r.Sent, err)
	}
	d, _, err := Join(filepath.Join(base, "d"), folder, journaltest.Passphrase, cheap, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	same(t, j, d)
	t.Logf("%d rounds, %d syncs acknowledged, %d entries", *crashRounds, syncs, len(latest))
	if syncs == 0 {
		t.Error("no sync was ever acknowledged: the test did not exercise it")
	}
}
