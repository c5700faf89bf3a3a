package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/journal"
)

// The CLI tests run the command line in-process through env (fast), except
// the few in binary_test.go and pty_test.go that drive the built binary.

const pass = "cli test passphrase"

// newTestJournal makes a journal with the cheap test KDF and returns its
// folder and a passphrase file.
func newTestJournal(t *testing.T) (dir, passFile string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "j")
	j, err := journal.Init(dir, []byte(pass), &journal.Options{KDF: journal.TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	passFile = filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(passFile, []byte(pass+"\nsecond line ignored\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, passFile
}

// result is what one run of the command line gave.
type result struct {
	code           int
	stdout, stderr string
}

// candor runs the command line in-process, as the binary would with no
// terminal, a clean environment (HOME, LANG=C) plus environ, and stdin.
func candor(t *testing.T, stdin string, environ []string, args ...string) result {
	t.Helper()
	vars := map[string]string{"HOME": t.TempDir(), "LANG": "C"}
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	var out, errb bytes.Buffer
	e := &env{
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errb,
		getenv: func(k string) string { return vars[k] },
		prompt: func(string) ([]byte, error) { return nil, errNoTerminal },
		now:    time.Now,
		openApp: func(string) int {
			t.Errorf("candor %v opened the app", args)
			return exitError
		},
	}
	code := func() (code int) {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("candor %v panicked: %v", args, p)
			}
		}()
		return run(args, e)
	}()
	return checkResult(t, args, result{code, out.String(), errb.String()})
}

// checkResult fails the test when a run printed a stack trace or an error
// of more than one line, and returns r.
func checkResult(t *testing.T, args []string, r result) result {
	t.Helper()
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic") {
		t.Fatalf("candor %v printed a stack trace:\n%s", args, r.stderr)
	}
	if r.code != 0 && strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
		t.Errorf("candor %v: error is more than one line:\n%s", args, r.stderr)
	}
	return r
}

func (r result) want(t *testing.T, code int) result {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	return r
}

func TestCLIEntryLifecycle(t *testing.T) {
	dir, pf := newTestJournal(t)
	g := []string{"--journal", dir, "--passphrase-file", pf}
	id := strings.TrimSpace(candor(t, "Body from stdin.\nSecond line.\n", nil, append(g, "add", "--date", "2026-11-20", "--title", "Hard talk", "--area", "problem-solving", "--rating", "4", "--role", "leader", "--tag", "one-on-one", "--tag", "courage", "--prompt", "problem-solving-001")...).want(t, 0).stdout)
	if _, err := journal.ParseID(id); err != nil {
		t.Fatalf("add printed %q, not an ID", id)
	}
	id2 := strings.TrimSpace(candor(t, "", nil, append(g, "add", "--body", "Short.", "--area", "vision", "--date", "2026-11-25")...).want(t, 0).stdout)

	var e map[string]any
	out := candor(t, "", nil, append(g, "show", id, "--json")...).want(t, 0).stdout
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatalf("show --json is not JSON: %v\n%s", err, out)
	}
	want := map[string]any{"id": id, "date": "2026-11-20", "title": "Hard talk", "body": "Body from stdin.\nSecond line.\n", "area": "problem-solving", "rating": 4.0, "role": "leader", "prompt_id": "problem-solving-001", "prompt": "What went wrong this week? Trace it back: when was the first moment it could have been caught?"}
	for k, v := range want {
		if e[k] != v {
			t.Errorf("show --json %s = %v, want %v", k, e[k], v)
		}
	}
	for _, k := range []string{"created", "updated"} {
		if _, err := time.Parse(time.RFC3339, e[k].(string)); err != nil {
			t.Errorf("%s is not RFC 3339: %v", k, e[k])
		}
	}
	if tags, _ := json.Marshal(e["tags"]); string(tags) != `["one-on-one","courage"]` {
		t.Errorf("tags = %s", tags)
	}
	text := candor(t, "", nil, append(g, "show", id)...).want(t, 0).stdout
	for _, s := range []string{"Hard talk", "Body from stdin.", "problem-solving", "★★★★☆", "one-on-one"} {
		if !strings.Contains(text, s) {
			t.Errorf("show lacks %q:\n%s", s, text)
		}
	}

	// edit changes only the fields given.
	candor(t, "", nil, append(g, "edit", id, "--rating", "2", "--tag", "retro")...).want(t, 0)
	out = candor(t, "", nil, append(g, "show", "--json", id)...).want(t, 0).stdout
	var edited journal.Entry
	if err := json.Unmarshal([]byte(out), &edited); err != nil {
		t.Fatal(err)
	}
	if edited.Rating != 2 || edited.Title != "Hard talk" || edited.Body != "Body from stdin.\nSecond line.\n" || len(edited.Tags) != 1 || edited.Tags[0] != "retro" || edited.Area != journal.AreaProblemSolving {
		t.Fatalf("edit changed the wrong fields: %+v", edited)
	}
	candor(t, "New body\n", nil, append(g, "edit", id, "--body", "-")...).want(t, 0)

	// list: oldest first, with filters, text and JSON.
	var list []journal.Entry
	out = candor(t, "", nil, append(g, "list", "--json")...).want(t, 0).stdout
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	if len(list) != 2 || list[0].ID.String() != id || list[1].ID.String() != id2 || list[0].Body != "New body\n" {
		t.Fatalf("list --json order or content wrong: %+v", list)
	}
	for _, tc := range []struct {
		args []string
		n    int
	}{
		{[]string{"--area", "vision"}, 1},
		{[]string{"--from", "2026-11-21"}, 1},
		{[]string{"--to", "2026-11-20"}, 1},
		{[]string{"--tag", "RETRO"}, 1},
		{[]string{"--from", "2026-12-01"}, 0},
	} {
		out = candor(t, "", nil, append(append(g, "list", "--json"), tc.args...)...).want(t, 0).stdout
		list = nil
		if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != tc.n {
			t.Errorf("list %v: %d entries (%v), want %d", tc.args, len(list), err, tc.n)
		}
	}
	text = candor(t, "", nil, append(g, "list")...).want(t, 0).stdout
	if lines := strings.Split(strings.TrimSpace(text), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[0], id) {
		t.Fatalf("list text:\n%s", text)
	}

	candor(t, "", nil, append(g, "delete", id)...).want(t, 0)
	r := candor(t, "", nil, append(g, "show", id)...).want(t, 1)
	if !strings.Contains(r.stderr, "no entry") {
		t.Errorf("show of a deleted entry: %s", r.stderr)
	}
	candor(t, "", nil, append(g, "delete", id)...).want(t, 1)
}

func TestCLIPassphraseSources(t *testing.T) {
	dir, pf := newTestJournal(t)
	candor(t, "", []string{"CANDOR_JOURNAL=" + dir, "CANDOR_PASSPHRASE=" + pass}, "list").want(t, 0)
	// The file wins over the environment.
	candor(t, "", []string{"CANDOR_PASSPHRASE=wrong"}, "--journal", dir, "--passphrase-file", pf, "list").want(t, 0)
	// No passphrase and no terminal: usage error, and nothing asked.
	r := candor(t, "", nil, "--journal", dir, "list").want(t, 2)
	if !strings.Contains(r.stderr, "CANDOR_PASSPHRASE") {
		t.Errorf("no-terminal message does not say how to give the passphrase: %s", r.stderr)
	}
	empty := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(empty, []byte("\nsecret\n"), 0o600)
	candor(t, "", nil, "--journal", dir, "--passphrase-file", empty, "list").want(t, 2)
	candor(t, "", nil, "--journal", dir, "--passphrase-file", filepath.Join(t.TempDir(), "missing"), "list").want(t, 1)
	// A passphrase file others can read works, with a warning.
	if r := candor(t, "", nil, "--journal", dir, "--passphrase-file", pf, "list").want(t, 0); strings.Contains(r.stderr, "warning") {
		t.Errorf("warning for a private passphrase file: %s", r.stderr)
	}
	shared := filepath.Join(t.TempDir(), "shared")
	os.WriteFile(shared, []byte(pass+"\n"), 0o644)
	os.Chmod(shared, 0o644)
	if r := candor(t, "", nil, "--journal", dir, "--passphrase-file", shared, "list").want(t, 0); !strings.Contains(r.stderr, "chmod 600") {
		t.Errorf("no warning for a passphrase file others can read: %q", r.stderr)
	}
}

func TestCLIWrongPassphraseChangesNothing(t *testing.T) {
	dir, pf := newTestJournal(t)
	candor(t, "", nil, "--journal", dir, "--passphrase-file", pf, "add", "--body", "x").want(t, 0)
	before := tree(t, dir)
	r := candor(t, "", []string{"CANDOR_PASSPHRASE=not the passphrase"}, "--journal", dir, "list").want(t, 3)
	if !strings.Contains(strings.ToLower(r.stderr), "wrong passphrase") {
		t.Errorf("stderr: %s", r.stderr)
	}
	candor(t, "", []string{"CANDOR_PASSPHRASE=not the passphrase"}, "--journal", dir, "add", "--body", "y").want(t, 3)
	if after := tree(t, dir); !sameTree(before, after) {
		t.Fatal("a wrong passphrase changed files in the journal")
	}
}

func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "candor.lock" {
			b, _ := os.ReadFile(p)
			m[p] = string(b)
		}
		return err
	})
	return m
}

func sameTree(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestCLIInitAndPasswd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	env := []string{"CANDOR_JOURNAL=" + dir, "CANDOR_PASSPHRASE=first passphrase"}
	candor(t, "", env, "init").want(t, 0)
	st, err := os.Stat(filepath.Join(dir, "journal.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("journal.key: %v %v", st, err)
	}
	before := tree(t, dir)
	r := candor(t, "", env, "init").want(t, 1)
	if !strings.Contains(r.stderr, "already exists") {
		t.Errorf("second init: %s", r.stderr)
	}
	if !sameTree(before, tree(t, dir)) {
		t.Fatal("a refused init changed the journal")
	}
	candor(t, "", []string{"CANDOR_JOURNAL=" + filepath.Join(t.TempDir(), "x")}, "init").want(t, 2)
	id := strings.TrimSpace(candor(t, "", env, "add", "--body", "kept").want(t, 0).stdout)

	newFile := filepath.Join(t.TempDir(), "new")
	os.WriteFile(newFile, []byte("second passphrase\n"), 0o600)
	candor(t, "", env, "passwd", "--new-passphrase-file", newFile).want(t, 0)
	candor(t, "", env, "list").want(t, 3)
	env2 := []string{"CANDOR_JOURNAL=" + dir, "CANDOR_PASSPHRASE=second passphrase"}
	if out := candor(t, "", env2, "show", id).want(t, 0).stdout; !strings.Contains(out, "kept") {
		t.Fatalf("entry lost after passwd: %s", out)
	}
	candor(t, "", append(env2, "CANDOR_NEW_PASSPHRASE=third"), "passwd").want(t, 0)
	candor(t, "", []string{"CANDOR_JOURNAL=" + dir, "CANDOR_PASSPHRASE=third"}, "list").want(t, 0)
	// No new passphrase and no terminal.
	if r := candor(t, "", []string{"CANDOR_JOURNAL=" + dir, "CANDOR_PASSPHRASE=third"}, "passwd").want(t, 2); !strings.Contains(r.stderr, "--new-passphrase-file") {
		t.Errorf("passwd without a new passphrase: %s", r.stderr)
	}
}

func TestCLIUsageErrors(t *testing.T) {
	dir, pf := newTestJournal(t)
	g := []string{"--journal", dir, "--passphrase-file", pf}
	for _, args := range [][]string{
		{"frobnicate"},
		{"--no-such-flag"},
		{"add", "--date", "2026-02-30", "--body", "x"},
		{"add", "--area", "strategy", "--body", "x"},
		{"add", "--rating", "7", "--body", "x"},
		{"add", "--rating", "high", "--body", "x"},
		{"add", "--role", "boss", "--body", "x"},
		{"add", "stray", "--body", "x"},
		{"show"},
		{"show", "not-an-id"},
		{"edit"},
		{"delete", "a", "b"},
		{"list", "--from", "yesterday"},
		{"list", "--from", "2026-02-01", "--to", "2026-01-01"},
		{"list", "--area", "x"},
		{"version", "extra"},
		{"app", "extra"},
	} {
		r := candor(t, "", nil, append(append([]string{}, g...), args...)...)
		if r.code != 2 {
			t.Errorf("candor %v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
		if !strings.HasPrefix(r.stderr, "candor: ") {
			t.Errorf("candor %v: stderr %q", args, r.stderr)
		}
	}
	candor(t, "nul \x00 inside", nil, append(append([]string{}, g...), "add")...).want(t, 2)
	candor(t, "bad \xff utf-8", nil, append(append([]string{}, g...), "add")...).want(t, 2)
	candor(t, "", nil, "--journal", filepath.Join(t.TempDir(), "none"), "--passphrase-file", pf, "list").want(t, 1)
	out := candor(t, "", nil, "version").want(t, 0).stdout
	if !strings.HasPrefix(out, "candor "+version+" ") {
		t.Errorf("version: %q", out)
	}
	if out := candor(t, "", nil, "help").want(t, 0).stdout; !strings.Contains(out, "Exit status") {
		t.Errorf("help: %q", out)
	}
}

func TestFyneAppTomlMatchesVersion(t *testing.T) {
	b, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`ID = "io.candor.journal"`, `Version = "` + version + `"`, `Name = "Candor"`, `Icon = "assets/icon.png"`} {
		if !strings.Contains(s, want) {
			t.Errorf("FyneApp.toml lacks %s", want)
		}
	}
	if appID != "io.candor.journal" {
		t.Errorf("appID = %s", appID)
	}
}

// TestCLIDamagedJournal says in one line that the journal is damaged and
// where to turn, and changes nothing.
func TestCLIDamagedJournal(t *testing.T) {
	dir, pf := newTestJournal(t)
	os.WriteFile(filepath.Join(dir, "candor.opening"), []byte("2"), 0o600)
	r := candor(t, "", nil, "--journal", dir, "--passphrase-file", pf, "list").want(t, 1)
	if !strings.Contains(r.stderr, "damaged") || !strings.Contains(r.stderr, "restore") || !strings.Contains(r.stderr, "backups") {
		t.Errorf("damaged journal: %q", r.stderr)
	}
	os.Remove(filepath.Join(dir, "journal.key"))
	r = candor(t, "", nil, "--journal", dir, "--passphrase-file", pf, "list").want(t, 1)
	if !strings.Contains(r.stderr, "journal.key") || !strings.Contains(r.stderr, "restore") {
		t.Errorf("missing key file: %q", r.stderr)
	}
}
