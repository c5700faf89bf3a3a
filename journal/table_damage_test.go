//go:build unix

package journal

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/journal/internal/badgerdb"
	"candor/journal/internal/dbcheck"
)

// tableDamage is one way a table file gets damaged, and the part of it the
// check must name.
type tableDamage struct {
	name, part string
	damage     func(b []byte) []byte
}

// tableFooter returns the lengths at the end of a table: its checksum's and
// its index's.
func tableFooter(b []byte) (chkLen, idxLen int) {
	n := len(b)
	chkLen = int(binary.BigEndian.Uint32(b[n-4:]))
	idxLen = int(binary.BigEndian.Uint32(b[n-8-chkLen : n-4-chkLen]))
	return chkLen, idxLen
}

// flipAt returns a damage that flips the byte at where(len, checksum length,
// index length).
func flipAt(where func(n, chkLen, idxLen int) int) func([]byte) []byte {
	return func(b []byte) []byte {
		chkLen, idxLen := tableFooter(b)
		b[where(len(b), chkLen, idxLen)] ^= 0x5a
		return b
	}
}

// tableDamages damages each part of a table: the footer (checksum length,
// checksum, index length), the index, blocks at the start, middle and end,
// and the whole file (cut, emptied, zeroed).
var tableDamages = []tableDamage{
	{"footer: checksum length", "the footer", flipAt(func(n, _, _ int) int { return n - 4 })},
	{"footer: checksum length, low byte", "the footer", flipAt(func(n, _, _ int) int { return n - 1 })},
	{"footer: checksum", "the index", flipAt(func(n, c, _ int) int { return n - 4 - c/2 - 1 })},
	{"footer: index length", "the footer", flipAt(func(n, c, _ int) int { return n - 8 - c })},
	{"footer: index length, low byte", "the index", flipAt(func(n, c, _ int) int { return n - 5 - c })},
	{"index: middle", "the index", flipAt(func(n, c, i int) int { return n - 8 - c - i/2 })},
	{"index: its IV", "the index", flipAt(func(n, c, _ int) int { return n - 9 - c })},
	{"block: first byte", "block 0", flipAt(func(int, int, int) int { return 0 })},
	{"block: middle", "block ", flipAt(func(n, c, i int) int { return (n - 8 - c - i) / 2 })},
	{"block: last one's entry count", "block ", flipAt(func(n, c, i int) int { return n - 8 - c - i - 30 })},
	{"block: last byte", "block ", flipAt(func(n, c, i int) int { return n - 8 - c - i - 1 })},
	{"truncated to half", "the footer", func(b []byte) []byte { return b[:len(b)/2] }},
	{"last 3 bytes cut", "the footer", func(b []byte) []byte { return b[:len(b)-3] }},
	{"zero length", "the file", func([]byte) []byte { return nil }},
	{"zeroed", "the footer", func(b []byte) []byte { return make([]byte, len(b)) }},
}

// tableJournal makes a closed journal of n entries whose first table holds
// them all, and returns its folder and the table's path.
func tableJournal(t *testing.T, n int, opts *Options) (dir, table string) {
	t.Helper()
	dir = t.TempDir()
	j, err := Init(dir, testPass, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := j.Add(Entry{Date: Date{2026, 1, 1 + i%28}, Title: fmt.Sprint("entry ", i), Body: strings.Repeat("words ", 200)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, filesLike(t, dir, ".sst")[0]
}

// damaged copies the journal in dir and damages the table named like
// table in the copy.
func damaged(t *testing.T, dir, table string, d tableDamage) string {
	t.Helper()
	cp := filepath.Join(t.TempDir(), "j")
	copyDir(t, dir, cp)
	p := filepath.Join(cp, dbDirName, filepath.Base(table))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, d.damage(b), 0o600); err != nil {
		t.Fatal(err)
	}
	return cp
}

// TestCheckTables damages each part of a table of an encrypted journal and
// of one without encryption: dbcheck.CheckTables names the table and the
// part, and an undamaged journal passes, also with a wrong key (which it
// leaves to Badger to report).
func TestCheckTables(t *testing.T) {
	for _, insecure := range []bool{false, true} {
		dir, table := tableJournal(t, 300, &Options{KDF: TestKDF, insecure: insecure})
		var key []byte
		if !insecure {
			j, err := Open(dir, testPass, nil)
			if err != nil {
				t.Fatal(err)
			}
			key = deriveKey(j.root, j.journalID[:], "badger")
			j.Close()
		}
		check := func(dir string, key []byte) error {
			db := filepath.Join(dir, dbDirName)
			mf, err := dbcheck.CheckManifest(db, badgerdb.Options(dir, nil))
			if err != nil {
				t.Fatal(err)
			}
			return dbcheck.CheckTables(db, mf, key)
		}
		if err := check(dir, key); err != nil {
			t.Fatalf("insecure=%v: an undamaged journal: %v", insecure, err)
		}
		if !insecure {
			if err := check(dir, bytes.Repeat([]byte{7}, len(key))); err != nil {
				t.Fatalf("a wrong key: %v", err)
			}
		}
		for _, d := range tableDamages {
			err := check(damaged(t, dir, table, d), key)
			var te *dbcheck.TableError
			if !errors.As(err, &te) || !errors.Is(err, ErrDamaged) {
				t.Errorf("insecure=%v, %s: %v, want a TableError", insecure, d.name, err)
				continue
			}
			if te.File != filepath.Base(table) || !strings.HasPrefix(te.Part, d.part) {
				t.Errorf("insecure=%v, %s: %q in %q, want %s", insecure, d.name, te.Part, te.File, d.part)
			}
		}
	}
}

// TestDamagedTableFirstOpen opens a journal with each kind of damaged table
// in a child process: the first open must report ErrDamaged in one sentence
// naming the table and the way out, and print nothing on stderr (Badger's
// goroutines used to panic there, twice, before the journal was called
// damaged); the undamaged journal still opens.
func TestDamagedTableFirstOpen(t *testing.T) {
	dir, table := tableJournal(t, 300, cheap())
	openChildOnce := func(d string) (stdout, stderr string) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "CANDOR_OPEN_CHILD="+d)
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		if err := cmd.Run(); err != nil {
			t.Errorf("the child failed: %v", err)
		}
		return so.String(), se.String()
	}
	if out, errOut := openChildOnce(dir); !strings.HasPrefix(out, "OK 300") || errOut != "" {
		t.Fatalf("the undamaged journal: %q, stderr %q", out, errOut)
	}
	for _, d := range tableDamages {
		out, errOut := openChildOnce(damaged(t, dir, table, d))
		want := "ERR damaged " + ErrDamaged.Error() + ": its table " + filepath.Base(table) + " is unreadable (" + d.part
		if !strings.HasPrefix(out, want) || !strings.Contains(out, "restore a backup") || strings.Count(out, "\n") != 1 {
			t.Errorf("%s: %q, want %q… restore a backup", d.name, out, want)
		}
		if errOut != "" {
			t.Errorf("%s: stderr %q", d.name, errOut)
		}
	}
}
