package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestCLISyncAndJoin(t *testing.T) {
	a, pf := newTestJournal(t)
	folder := t.TempDir()
	b := filepath.Join(t.TempDir(), "b")
	run := func(d string, code int, args ...string) result {
		t.Helper()
		return candor(t, "", nil, append([]string{"--journal", d, "--passphrase-file", pf}, args...)...).want(t, code)
	}
	id := strings.TrimSpace(run(a, 0, "add", "--title", "from A", "--body", "written on A").stdout)
	run(a, 2, "sync")                                               // no folder yet
	run(a, 1, "sync", "--folder", filepath.Join(folder, "missing")) // not a folder
	if r := run(a, 0, "sync", "--folder", folder); !strings.Contains(r.stdout, "1 change sent") {
		t.Fatalf("sync: %q", r.stdout)
	}
	run(b, 2, "join")
	if r := run(b, 0, "join", "--folder", folder); !strings.Contains(r.stdout, "1 entry") {
		t.Fatalf("join: %q", r.stdout)
	}
	run(b, 1, "join", "--folder", folder) // not over a journal
	if r := run(b, 0, "show", id); !strings.Contains(r.stdout, "written on A") {
		t.Fatalf("the joined journal: %q", r.stdout)
	}
	run(b, 0, "add", "--title", "from B", "--body", "written on B")
	run(b, 0, "sync")
	if r := run(a, 0, "sync"); !strings.Contains(r.stdout, "1 change received") {
		t.Fatalf("sync on A: %q", r.stdout)
	}
	if r := run(a, 0, "search", "written"); !strings.Contains(r.stdout, "from B") {
		t.Fatalf("B's entry on A: %q", r.stdout)
	}
	var st struct {
		Folder    string `json:"folder"`
		Computers []struct {
			Name string `json:"name"`
		} `json:"computers"`
		Pending   int `json:"pending"`
		Conflicts int `json:"conflicts"`
	}
	r := run(a, 0, "sync", "--status", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || st.Folder != folder || len(st.Computers) != 1 || st.Pending != 0 {
		t.Fatalf("status: %v %s", err, r.stdout)
	}
	run(a, 0, "add", "--title", "pending", "--body", "not synced yet")
	if r := run(a, 0, "sync", "--status"); !strings.Contains(r.stdout, "1 entry changed here") {
		t.Fatalf("status: %q", r.stdout)
	}
	run(a, 2, "sync", "--json")
	// A wrong passphrase joins nothing and leaves nothing behind.
	c := filepath.Join(t.TempDir(), "c")
	candor(t, "", []string{"CANDOR_PASSPHRASE=wrong"}, "--journal", c, "join", "--folder", folder).want(t, 3)
	run(c, 0, "join", "--folder", folder)
}
