//go:build unix

package journal

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The mixed crash test kills a child that adds, edits and deletes entries,
// compacts the database, exports, backs up and changes the passphrase at
// random. The child prints a lower-case line before each step and the
// upper-case line once it returned; the parent holds it to what was
// acknowledged.

func mixBody(n, v int) string {
	return fmt.Sprintf("entry %d v%d: %s", n, v, strings.Repeat("steady ", 1+(n+v)%300))
}

// mixChild runs the workload on the journal in dir until it is killed.
func mixChild(dir string) {
	pass := []byte(os.Getenv("CANDOR_MIX_PASS"))
	other := []byte(os.Getenv("CANDOR_MIX_OTHER"))
	out := os.Getenv("CANDOR_MIX_OUT")
	round, _ := strconv.Atoi(os.Getenv("CANDOR_MIX_ROUND"))
	j, err := Open(dir, pass, cheap())
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	say := func(format string, args ...any) {
		fmt.Fprintf(w, format+"\n", args...)
		w.Flush()
	}
	fail := func(what string, err error) {
		fmt.Fprintf(os.Stderr, "child %s: %v\n", what, err)
		os.Exit(1)
	}
	var ids []ID
	if err := j.Each(Query{}, func(e Entry) error { ids = append(ids, e.ID); return nil }); err != nil {
		fail("list", err)
	}
	if round%2 == 0 { // the app makes the index ready at unlock; the CLI does not
		if err := j.BuildIndex(); err != nil {
			fail("index", err)
		}
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(round)))
	for k := 0; ; k++ {
		n := round*100_000 + k
		switch r := rng.IntN(100); {
		case r < 50 || len(ids) == 0:
			e, err := j.Add(Entry{Date: Date{2026, 1, 1}.AddDays(n % 365), Title: fmt.Sprint("mix ", n), Body: mixBody(n, 0)})
			if err != nil {
				fail("add", err)
			}
			ids = append(ids, e.ID)
			say("A %s %d", e.ID, n)
		case r < 72:
			id := ids[rng.IntN(len(ids))]
			e, err := j.Get(id)
			if err != nil {
				fail("get", err)
			}
			var en, v int
			fmt.Sscanf(e.Body, "entry %d v%d:", &en, &v)
			e.Body = mixBody(en, v+1)
			if _, err := j.Update(e); err != nil {
				fail("update", err)
			}
			say("E %s %d %d", id, en, v+1)
		case r < 78:
			i := rng.IntN(len(ids))
			id := ids[i]
			say("d %s", id)
			if err := j.Delete(id); err != nil {
				fail("delete", err)
			}
			ids = append(ids[:i], ids[i+1:]...)
			say("D %s", id)
		case r < 81:
			say("s")
			if err := j.BuildIndex(); err != nil {
				fail("index", err)
			}
			if err := j.persistIndex(j.currentIndex()); err != nil {
				fail("store index", err)
			}
			say("S")
		case r < 84:
			say("c")
			if err := j.db.Flatten(2); err != nil {
				fail("flatten", err)
			}
			_ = j.db.RunValueLogGC(0.1) // ErrNoRewrite is fine
			say("C")
		case r < 90:
			p := filepath.Join(out, fmt.Sprintf("export-%d-%d", round, k))
			from := Date{2026, 1, 1}.AddDays(rng.IntN(365))
			say("x %s", p)
			got, err := MixExport(j, p, from, from.AddDays(20))
			if err != nil {
				fail("export", err)
			}
			say("X %s %d", p, got)
		case r < 96:
			p := filepath.Join(out, fmt.Sprintf("backup-%d-%d.backup", round, k))
			say("b %s %s", p, pass)
			if err := j.Backup(p); err != nil {
				fail("backup", err)
			}
			say("B %s %s", p, pass)
		default:
			say("p %s", other)
			if err := j.ChangePassphrase(pass, other); err != nil {
				fail("passwd", err)
			}
			pass, other = other, pass
			say("P %s", pass)
		}
	}
}

type mixVersion struct{ n, v int }

// TestCrashMixedWorkload kills the mixed workload at random moments, then
// checks that the journal opens with exactly one passphrase (the last one
// acknowledged, or the one a cut-off change was moving to), that every
// acknowledged add, edit and delete is there, and that every export and
// backup that exists is complete.
func TestCrashMixedWorkload(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "j")
	out := filepath.Join(base, "out")
	os.Mkdir(out, 0o700)
	passA, passB := "mix passphrase A", "mix passphrase B"
	j, err := Init(dir, []byte(passA), cheap())
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	cur, other := passA, passB
	entries := map[ID]mixVersion{} // acknowledged, newest version
	deleted := map[ID]bool{}       // delete acknowledged
	tried := map[ID]bool{}         // delete started
	exports := map[string]int{}    // path: count, or -1 when not acknowledged
	backups := map[string]string{} // path: passphrase in force
	counts := map[string]int{}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	for round := 0; round < *crashRounds; round++ {
		passChanging := ""
		handle := func(l string) {
			f := strings.Fields(l)
			if len(f) == 0 {
				return
			}
			counts[f[0][:1]]++
			switch {
			case f[0] == "A" && len(f) == 3, f[0] == "E" && len(f) == 4:
				id, err := ParseID(f[1])
				if err != nil {
					return // a line cut by the kill
				}
				n, _ := strconv.Atoi(f[2])
				v := 0
				if f[0] == "E" {
					v, _ = strconv.Atoi(f[3])
				}
				entries[id] = mixVersion{n, v}
			case f[0] == "d" && len(f) == 2:
				if id, err := ParseID(f[1]); err == nil {
					tried[id] = true
				}
			case f[0] == "D" && len(f) == 2:
				if id, err := ParseID(f[1]); err == nil {
					deleted[id] = true
				}
			case f[0] == "x" && len(f) == 2:
				exports[f[1]] = -1
			case f[0] == "X" && len(f) == 3:
				exports[f[1]], _ = strconv.Atoi(f[2])
			case f[0] == "b" && len(f) >= 3, f[0] == "B" && len(f) >= 3:
				backups[f[1]] = strings.Join(f[2:], " ")
			case f[0] == "p":
				passChanging = strings.Join(f[1:], " ")
			case f[0] == "P":
				if p := strings.Join(f[1:], " "); p == passChanging {
					cur, other = other, cur
					passChanging = ""
				}
			}
		}
		env := []string{"CANDOR_MIX_CHILD=" + dir, "CANDOR_MIX_PASS=" + cur, "CANDOR_MIX_OTHER=" + other,
			"CANDOR_MIX_OUT=" + out, fmt.Sprint("CANDOR_MIX_ROUND=", round+1)}
		stderr := killChild(t, env, time.Duration(30+rng.IntN(300))*time.Millisecond, false, handle)
		if strings.Contains(stderr, "child") {
			t.Fatalf("round %d: child failed: %s", round, stderr)
		}
		// Exactly one passphrase opens: the current one, or the one a
		// change cut short was moving to.
		okCur := mixOpens(t, dir, cur)
		okOther := mixOpens(t, dir, other)
		if okCur == okOther {
			t.Fatalf("round %d: %q opens: %v, %q opens: %v; want exactly one", round, cur, okCur, other, okOther)
		}
		if okOther {
			if passChanging != other {
				t.Fatalf("round %d: an unrequested passphrase opens", round)
			}
			cur, other = other, cur
		}
	}
	j, err = Open(dir, []byte(cur), nil)
	if err != nil {
		t.Fatalf("the journal does not open after %d kills: %v", *crashRounds, err)
	}
	defer j.Close()
	for id, want := range entries {
		e, err := j.Get(id)
		if deleted[id] {
			if err == nil {
				t.Errorf("entry %d was deleted, and is back", want.n)
			}
			continue
		}
		if err != nil {
			if tried[id] {
				continue // deleted just before the kill
			}
			t.Fatalf("acknowledged entry %d lost: %v", want.n, err)
		}
		var n, v int
		fmt.Sscanf(e.Body, "entry %d v%d:", &n, &v)
		if n != want.n || v < want.v || e.Body != mixBody(n, v) {
			t.Fatalf("entry %d: holds version %d of entry %d, want at least %d (intact: %v)", want.n, v, n, want.v, e.Body == mixBody(n, v))
		}
	}
	if _, problems, err := j.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check after the kills: %v %v", problems, err)
	}
	// The stored search index, brought up to date, is the journal's.
	x, replayed, err := j.loadIndex()
	if err != nil {
		t.Fatalf("the stored index does not load after the kills: %v", err)
	}
	j.index.Set(x)
	live := 0
	for id, want := range entries {
		if deleted[id] || tried[id] {
			continue
		}
		live++
		hits, err := j.Search(fmt.Sprint(want.n), 1000)
		found := 0
		for _, h := range hits {
			if h.Entry.Title == fmt.Sprint("mix ", want.n) {
				found++
				if h.Entry.ID != id {
					t.Fatalf("entry %d is found under another ID", want.n)
				}
			}
		}
		if err != nil || found != 1 {
			t.Fatalf("entry %d is not found by its number in the stored index: %v, %d hits", want.n, err, len(hits))
		}
	}
	if x.Len() < live {
		t.Fatalf("the stored index holds %d entries, %d are acknowledged", x.Len(), live)
	}
	t.Logf("the stored index loaded with %d entries read again", replayed)
	for p, n := range exports {
		index, err := os.ReadFile(filepath.Join(p, "index.md"))
		if n < 0 && os.IsNotExist(err) {
			if _, serr := os.Stat(p); os.IsNotExist(serr) {
				continue // cut short: nothing at the target
			}
		}
		if err != nil {
			t.Fatalf("export %s is incomplete: %v", p, err)
		}
		links := bytes.Count(index, []byte("\n- "))
		if n >= 0 && links != n {
			t.Errorf("export %s: index lists %d entries, %d were acknowledged", p, links, n)
		}
		files, _ := filepath.Glob(filepath.Join(p, "*", "*.md"))
		if len(files) != links {
			t.Errorf("export %s: %d files for %d index lines", p, len(files), links)
		}
	}
	restored := 0
	for p, pass := range backups {
		if _, err := os.Stat(p); os.IsNotExist(err) {
			continue // cut short, or not acknowledged
		}
		target := filepath.Join(t.TempDir(), "r")
		if err := Restore(p, target, []byte(pass)); err != nil {
			t.Fatalf("backup %s does not restore: %v", p, err)
		}
		restored++
	}
	t.Logf("%d rounds; lines seen per kind: %v; %d entries, %d exports, %d backups restored", *crashRounds, counts, len(entries), len(exports), restored)
	for _, kind := range strings.Split("A E D C S X B P", " ") {
		if counts[kind] == 0 && *crashRounds >= 20 {
			t.Errorf("no %q step was ever acknowledged: the test did not exercise it", kind)
		}
	}
}

// mixOpens reports whether pass opens the journal in dir.
func mixOpens(t *testing.T, dir, pass string) bool {
	t.Helper()
	j, err := Open(dir, []byte(pass), nil)
	if err == nil {
		j.Close()
		return true
	}
	if err != ErrWrongPassphrase && !strings.Contains(err.Error(), ErrWrongPassphrase.Error()) {
		t.Fatalf("the journal does not open: %v", err)
	}
	return false
}

// MixExport is the folder export the mixed crash test runs. Export lives in
// package markdown, which imports this one, so the external test package
// sets it (crash_export_test.go).
var MixExport func(j *Journal, out string, from, to Date) (int, error)
