//go:build unix

package journal

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"candor/journal/internal/badgerdb"
	"candor/journal/internal/dbcheck"
	"candor/journal/internal/keyfile"
	"candor/journal/internal/layout"
)

// openChild opens the journal in dir in this test binary as a child process
// and checks it; Badger's goroutine panics then only kill the child.
func openChild(dir string) {
	j, err := Open(dir, testPass, nil)
	if err != nil {
		kind := "other"
		switch {
		case errors.Is(err, ErrDamaged):
			kind = "damaged"
		case errors.Is(err, ErrKeyFileDamaged):
			kind = "keyfile"
		case errors.Is(err, ErrNoJournal):
			kind = "nojournal"
		case errors.Is(err, ErrForeignKeyFile):
			kind = "foreign"
		}
		fmt.Printf("ERR %s %v\n", kind, err)
		os.Exit(0)
	}
	n, problems, err := j.Check()
	j.Close()
	if err != nil || len(problems) > 0 {
		fmt.Printf("PROBLEMS %d %v %v\n", n, problems, err)
		os.Exit(0)
	}
	fmt.Printf("OK %d\n", n)
	os.Exit(0)
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// copyWAL replaces the journal in d with the copy taken while it was open.
func copyWAL(t *testing.T, walDir, d string) {
	os.RemoveAll(d)
	copyDir(t, walDir, d)
}

func filesLike(t *testing.T, dir, suffix string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, dbDirName, "*"+suffix))
	sort.Strings(m)
	if len(m) == 0 {
		t.Fatalf("no %s file in this journal", suffix)
	}
	return m
}

func TestCorruptionMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	src, dir := newJournal(t)
	for i := 0; i < 300; i++ {
		if _, err := src.Add(Entry{Date: Date{2026, 1, 1 + i%28}, Title: fmt.Sprint("entry ", i), Body: strings.Repeat("words ", 200)}); err != nil {
			t.Fatal(err)
		}
	}
	backup := filepath.Join(t.TempDir(), "good.backup")
	if err := src.Backup(backup); err != nil {
		t.Fatal(err)
	}
	// A copy taken while the journal is open still has its entries in the
	// memtable's write-ahead log (*.mem), as after a crash or power cut.
	walDir := filepath.Join(t.TempDir(), "wal")
	copyDir(t, dir, walDir)
	os.Remove(filepath.Join(walDir, layout.LockFile))
	src.Close()
	if m, _ := filepath.Glob(filepath.Join(walDir, dbDirName, "*.mem")); len(m) == 0 {
		t.Fatal("the open copy has no write-ahead log")
	}

	flip := func(p string, at float64) func(t *testing.T) {
		return func(t *testing.T) {
			b, _ := os.ReadFile(p)
			if len(b) == 0 {
				t.Skip("empty file")
			}
			b[int(float64(len(b)-1)*at)] ^= 0x5a
			os.WriteFile(p, b, 0o600)
		}
	}
	cases := map[string]func(t *testing.T, d string){
		"flipped byte in a table": func(t *testing.T, d string) { flip(filesLike(t, d, ".sst")[0], 0.5)(t) },
		"zeroed table": func(t *testing.T, d string) {
			p := filesLike(t, d, ".sst")[0]
			st, _ := os.Stat(p)
			os.WriteFile(p, make([]byte, st.Size()), 0o600)
		},
		"table: footer's checksum length": func(t *testing.T, d string) {
			p := filesLike(t, d, ".sst")[0]
			b, _ := os.ReadFile(p)
			b[len(b)-4] ^= 0x5a
			os.WriteFile(p, b, 0o600)
		},
		"table: cut in half": func(t *testing.T, d string) {
			p := filesLike(t, d, ".sst")[0]
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o600)
		},
		"table: zero length":            func(t *testing.T, d string) { os.WriteFile(filesLike(t, d, ".sst")[0], nil, 0o600) },
		"flipped byte in the value log": func(t *testing.T, d string) { flip(filesLike(t, d, ".vlog")[0], 0.3)(t) },
		"truncated KEYREGISTRY": func(t *testing.T, d string) {
			p := filepath.Join(d, dbDirName, "KEYREGISTRY")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o600)
		},
		"truncated MANIFEST": func(t *testing.T, d string) {
			p := filepath.Join(d, dbDirName, "MANIFEST")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o600)
		},
		"deleted journal.key": func(t *testing.T, d string) { os.Remove(filepath.Join(d, keyfile.FileName)) },
		"WAL: flipped byte": func(t *testing.T, d string) {
			copyWAL(t, walDir, d)
			flip(filesLike(t, d, ".mem")[0], 0.02)(t)
		},
		"WAL: truncated": func(t *testing.T, d string) {
			copyWAL(t, walDir, d)
			p := filesLike(t, d, ".mem")[0]
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/3], 0o600)
		},
		"WAL: key ID in its header zeroed": func(t *testing.T, d string) {
			copyWAL(t, walDir, d)
			p := filesLike(t, d, ".mem")[0]
			b, _ := os.ReadFile(p)
			clear(b[:8])
			os.WriteFile(p, b, 0o600)
		},
		"WAL: flipped byte two thirds in": func(t *testing.T, d string) {
			copyWAL(t, walDir, d)
			p := filesLike(t, d, ".mem")[0]
			b, _ := os.ReadFile(p)
			end := len(b)
			for end > 0 && b[end-1] == 0 {
				end--
			}
			b[end*2/3] ^= 0x5a // well before the last batch
			os.WriteFile(p, b, 0o600)
		},
		"damaged journal.key": func(t *testing.T, d string) { flip(filepath.Join(d, keyfile.FileName), 0.6)(t) },
	}
	for name, corrupt := range cases {
		t.Run(name, func(t *testing.T) {
			d := filepath.Join(t.TempDir(), "j")
			copyDir(t, dir, d)
			os.Remove(filepath.Join(d, layout.LockFile))
			corrupt(t, d)
			// A damaged table is found before Badger reads it: the first
			// open answers, with no panic.
			firstOpen := strings.Contains(name, "table")
			var last string
			for attempt := 1; attempt <= badgerdb.MaxUnfinishedOpens+1; attempt++ {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), "CANDOR_OPEN_CHILD="+d)
				out, _ := cmd.CombinedOutput()
				hung := errors.Is(ctx.Err(), context.DeadlineExceeded)
				cancel()
				if hung {
					t.Fatalf("attempt %d hung", attempt)
				}
				last = string(out)
				clean := strings.HasPrefix(last, "OK ") || strings.HasPrefix(last, "ERR ") || strings.HasPrefix(last, "PROBLEMS ")
				if firstOpen && (!clean || strings.Contains(last, "panic") || strings.Contains(last, "goroutine ")) {
					t.Fatalf("attempt %d: no clean answer: %q", attempt, last)
				}
				if clean {
					break // a clean answer; a crash (Badger panic) tries again
				}
			}
			switch {
			case strings.HasPrefix(last, "OK 300"):
				t.Logf("harmless: %s", strings.TrimSpace(last))
			case strings.HasPrefix(last, "ERR damaged"), strings.HasPrefix(last, "ERR keyfile"), strings.HasPrefix(last, "ERR nojournal"), strings.HasPrefix(last, "PROBLEMS "):
				t.Logf("reported: %s", strings.TrimSpace(strings.SplitN(last, "\n", 2)[0]))
			default:
				t.Fatalf("no clean answer after %d attempts: %q", badgerdb.MaxUnfinishedOpens+1, last)
			}
			// And the backup made before restores in place of the damage.
			kept, err := RestoreInPlace(d, backup, testPass, time.Now())
			if err != nil {
				t.Fatalf("restoring over the damage: %v", err)
			}
			j, err := Open(d, testPass, nil)
			if err != nil {
				t.Fatalf("opening the restored journal: %v", err)
			}
			n, problems, err := j.Check()
			j.Close()
			if n != 300 || len(problems) > 0 || err != nil {
				t.Fatalf("restored journal: %d entries, %v, %v", n, problems, err)
			}
			if _, err := os.Stat(kept); err != nil {
				t.Fatalf("the damaged journal was not kept: %v", err)
			}
		})
	}
	// And the backup restores into a fresh folder.
	fresh := filepath.Join(t.TempDir(), "restored")
	if err := Restore(backup, fresh, testPass); err != nil {
		t.Fatal(err)
	}
	j, err := Open(fresh, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if n, p, _ := j.Check(); n != 300 || len(p) != 0 {
		t.Fatalf("restored journal: %d entries, %v", n, p)
	}
}

// TestManifestLongUnreadableTail damages a record length in a MANIFEST so
// that the rest reads as one record cut short: far longer than any append a
// crash can cut, so it is damage, not a torn tail.
func TestManifestLongUnreadableTail(t *testing.T) {
	j, dir := newJournal(t)
	if _, err := j.Add(Entry{Date: Date{2026, 1, 1}, Body: "x"}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	p := filepath.Join(dir, dbDirName, "MANIFEST")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	tail := make([]byte, 8+dbcheck.ManifestTornMax+100)
	binary.BigEndian.PutUint32(tail, uint32(len(b)+len(tail)-1)) // longer than what follows
	if err := os.WriteFile(p, append(b, tail...), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := dbcheck.CheckManifest(filepath.Join(dir, dbDirName), badgerdb.Options(dir, nil)); !errors.Is(err, ErrDamaged) {
		t.Fatalf("CheckManifest = %v, want ErrDamaged", err)
	}
	// A short torn tail is what a crash leaves: fine.
	short := make([]byte, 8+20)
	binary.BigEndian.PutUint32(short, 50) // a 50-byte record, 20 bytes of it written
	os.WriteFile(p, append(b, short...), 0o600)
	if _, err := dbcheck.CheckManifest(filepath.Join(dir, dbDirName), badgerdb.Options(dir, nil)); err != nil {
		t.Fatalf("a short torn tail: %v", err)
	}
}
