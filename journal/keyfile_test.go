package journal

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"candor/journal/internal/keyfile"
	"candor/journal/internal/layout"
)

func TestKeyFileRightAndWrongPassphrase(t *testing.T) {
	j, dir := newJournal(t)
	if _, err := j.Add(Entry{Date: mustDate(t, "2026-01-02"), Body: "hello"}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	before := snapshot(t, dir)

	for _, tc := range []struct {
		name string
		pass string
		want error
	}{
		{"wrong", "correct horse battery stapler", ErrWrongPassphrase},
		{"empty", "", ErrEmptyPassphrase},
		{"case", "Correct horse battery staple", ErrWrongPassphrase},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(dir, []byte(tc.pass), nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open = %v, want %v", err, tc.want)
			}
		})
	}
	if after := snapshot(t, dir); !equalSnapshots(before, after) {
		t.Fatal("a failed unlock changed files in the journal folder")
	}
	j2, err := Open(dir, testPass, nil)
	if err != nil {
		t.Fatalf("right passphrase: %v", err)
	}
	defer j2.Close()
	if n, _ := j2.Count(); n != 1 {
		t.Fatalf("Count = %d, want 1", n)
	}
}

// snapshot maps every file under dir (but the lock file) to its bytes.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == layout.LockFile {
			return err
		}
		b, err := os.ReadFile(p)
		m[p] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func equalSnapshots(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func TestKeyFileEveryByteChangeAndTruncationRejected(t *testing.T) {
	j, dir := newJournal(t)
	j.Close()
	path := filepath.Join(dir, keyfile.FileName)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	kf, err := keyfile.Parse(orig)
	if err != nil {
		t.Fatalf("pristine file: %v", err)
	}
	if _, err := kf.Open(testPass); err != nil {
		t.Fatalf("pristine file does not open: %v", err)
	}
	check := func(mut []byte, what string) {
		t.Helper()
		k, err := keyfile.Parse(mut)
		if err == nil {
			_, err = k.Open(testPass)
		}
		if err == nil {
			t.Fatalf("%s was accepted", what)
		}
		if !errors.Is(err, ErrKeyFileDamaged) && !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("%s: unexpected error %v", what, err)
		}
	}
	mut := make([]byte, len(orig))
	for i := range orig {
		for v := 0; v < 256; v++ {
			if byte(v) == orig[i] {
				continue
			}
			copy(mut, orig)
			mut[i] = byte(v)
			check(mut, "byte change")
		}
	}
	for n := 0; n < len(orig); n++ {
		check(orig[:n], "truncation")
	}
	check(append(append([]byte{}, orig...), ' '), "an appended byte")
}

func TestKeyFileOversizedParametersRefusedFast(t *testing.T) {
	for _, p := range []KDFParams{
		{Time: 3, MemoryKiB: keyfile.MaxKDFMemoryKiB + 1, Threads: 4},
		{Time: keyfile.MaxKDFTime + 1, MemoryKiB: 64, Threads: 1},
		{Time: 1 << 31, MemoryKiB: 1 << 31, Threads: 255},
		{Time: 0, MemoryKiB: 64, Threads: 1},
		{Time: 1, MemoryKiB: 64, Threads: 0},
	} {
		k, err := keyfile.Seal([16]byte{1}, [32]byte{2}, testPass, TestKDF)
		if err != nil {
			t.Fatal(err)
		}
		// A doctored file with a valid checksum: only the limits stop it.
		k.KDF.KDFParams = p
		k.Rechecksum()
		start := time.Now()
		_, err = keyfile.Parse(k.Encode())
		if !errors.Is(err, ErrKeyFileDamaged) {
			t.Errorf("%+v: got %v, want ErrKeyFileDamaged", p, err)
		}
		if el := time.Since(start); el > time.Second {
			t.Errorf("%+v: refusing took %v", p, el) // generous: refusal does no KDF work at all
		}
		if _, err := Init(t.TempDir(), testPass, &Options{KDF: p}); err == nil {
			t.Errorf("%+v: Init accepted out-of-range parameters", p)
		}
	}
}

func TestForeignKeyFile(t *testing.T) {
	a, dirA := newJournal(t)
	a.Close()
	b, dirB := newJournal(t)
	b.Close()
	kb, err := os.ReadFile(filepath.Join(dirB, keyfile.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dirA, keyfile.FileName), kb, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dirA, testPass, nil)
	if !errors.Is(err, ErrForeignKeyFile) {
		t.Fatalf("Open with another journal's key = %v, want ErrForeignKeyFile", err)
	}
}

func TestMissingAndDamagedKeyFile(t *testing.T) {
	if _, err := Open(t.TempDir(), testPass, nil); !errors.Is(err, ErrNoJournal) {
		t.Fatalf("empty dir: %v, want ErrNoJournal", err)
	}
	j, dir := newJournal(t)
	j.Close()
	if err := os.WriteFile(filepath.Join(dir, keyfile.FileName), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, testPass, nil); !errors.Is(err, ErrKeyFileDamaged) {
		t.Fatalf("damaged key file: %v, want ErrKeyFileDamaged", err)
	}
	if _, err := Init(dir, testPass, cheap()); !errors.Is(err, ErrExists) {
		t.Fatalf("Init over an existing journal: %v, want ErrExists", err)
	}
	if err := os.Remove(filepath.Join(dir, keyfile.FileName)); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(dir, testPass, cheap()); !errors.Is(err, ErrExists) {
		t.Fatalf("Init over a database without key: %v, want ErrExists", err)
	}
}

func TestChangePassphrase(t *testing.T) {
	j, dir := newJournal(t)
	e, err := j.Add(Entry{Date: mustDate(t, "2026-03-04"), Title: "kept"})
	if err != nil {
		t.Fatal(err)
	}
	dbBefore := snapshot(t, filepath.Join(dir, dbDirName))
	if err := j.ChangePassphrase([]byte("not it"), []byte("new")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong old passphrase: %v", err)
	}
	if err := j.ChangePassphrase(testPass, nil); !errors.Is(err, ErrEmptyPassphrase) {
		t.Fatalf("empty new passphrase: %v", err)
	}
	if err := j.ChangePassphrase(testPass, []byte("new passphrase")); err != nil {
		t.Fatal(err)
	}
	if got, err := j.Get(e.ID); err != nil || got.Title != "kept" {
		t.Fatalf("after change, Get = %v, %v", got, err)
	}
	j.Close()
	for _, f := range []string{keyfile.FileName + ".new"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s left behind", f)
		}
	}
	dbAfter := snapshot(t, filepath.Join(dir, dbDirName))
	for p, b := range dbBefore {
		if strings.HasSuffix(p, ".sst") && !bytes.Equal(b, dbAfter[p]) {
			t.Errorf("%s was rewritten by a passphrase change", p)
		}
	}
	if _, err := Open(dir, testPass, nil); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase after change: %v", err)
	}
	j2, err := Open(dir, []byte("new passphrase"), nil)
	if err != nil {
		t.Fatalf("new passphrase: %v", err)
	}
	defer j2.Close()
	if got, err := j2.Get(e.ID); err != nil || got.Title != "kept" {
		t.Fatalf("reopened, Get = %v, %v", got, err)
	}
}

func TestFilePermissions(t *testing.T) {
	if os.PathSeparator != '/' {
		t.Skip("POSIX modes only")
	}
	j, dir := newJournal(t)
	if _, err := j.Add(Entry{Date: Date{2026, 1, 1}, Body: "x"}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	filepath.WalkDir(filepath.Join(dir, dbDirName), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if st, _ := os.Stat(p); st.Mode().Perm()&0o077 != 0 {
				t.Errorf("%s has mode %o: readable by others", p, st.Mode().Perm())
			}
		}
		return err
	})
	for p, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, keyfile.FileName): 0o600, filepath.Join(dir, dbDirName): 0o700} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s has mode %o, want %o", p, got, want)
		}
	}
}

func FuzzParseKeyFile(f *testing.F) {
	k, err := keyfile.Seal([16]byte{1}, [32]byte{2}, testPass, TestKDF)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(k.Encode())
	f.Add([]byte(`{"format":"candor-journal-key"}`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := keyfile.Parse(data)
		if err != nil {
			if !errors.Is(err, ErrKeyFileDamaged) {
				t.Fatalf("error not wrapping ErrKeyFileDamaged: %v", err)
			}
			return
		}
		if k.KDF.MemoryKiB <= 1024 && k.KDF.Time <= 3 { // keep the fuzzer fast
			_, _ = k.Open(testPass)
		}
	})
}

func TestConcurrentPassphraseChanges(t *testing.T) {
	j, dir := newJournal(t)
	for round := 0; round < 20; round++ {
		a, b := []byte(fmt.Sprint("a", round)), []byte(fmt.Sprint("b", round))
		errs := make(chan error, 2)
		for _, p := range [][]byte{a, b} {
			go func(p []byte) { errs <- j.ChangePassphrase(testPass, p) }(p)
		}
		var okCount int
		for i := 0; i < 2; i++ {
			if err := <-errs; err == nil {
				okCount++
			} else if !errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		// The first change succeeds; the second finds the old passphrase gone.
		if okCount != 1 {
			t.Fatalf("round %d: %d changes succeeded", round, okCount)
		}
		kf, err := keyfile.Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		_, errA := kf.Open(a)
		_, errB := kf.Open(b)
		if (errA == nil) == (errB == nil) {
			t.Fatalf("round %d: exactly one new passphrase must open the journal (a: %v, b: %v)", round, errA, errB)
		}
		// Back to the test passphrase for the next round.
		cur := a
		if errA != nil {
			cur = b
		}
		if err := j.ChangePassphrase(cur, testPass); err != nil {
			t.Fatal(err)
		}
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".new") {
			t.Errorf("temp file %s left behind", e.Name())
		}
	}
	if st, _ := os.Stat(filepath.Join(dir, keyfile.FileName)); st.Mode().Perm() != 0o600 {
		t.Errorf("journal.key mode %o", st.Mode().Perm())
	}
}

func TestKeyFileThatIsNotARegularFile(t *testing.T) {
	j, dir := newJournal(t)
	j.Close()
	path := filepath.Join(dir, keyfile.FileName)
	os.Remove(path)
	if err := os.Symlink("/dev/zero", path); err != nil {
		t.Skip("no symlinks:", err)
	}
	if _, err := Open(dir, testPass, nil); !errors.Is(err, ErrKeyFileDamaged) {
		t.Fatalf("journal.key -> /dev/zero: %v", err)
	}
	os.Remove(path)
	if err := os.WriteFile(path, bytes.Repeat([]byte("x"), 10<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, testPass, nil); !errors.Is(err, ErrKeyFileDamaged) {
		t.Fatalf("10 MiB journal.key: %v", err)
	}
}

// TestInitRefusesAForeignFolder: a folder that holds anything but a
// journal is refused, named, and left exactly as it was (its mode too); a
// missing or empty folder is fine.
func TestInitRefusesAForeignFolder(t *testing.T) {
	foreign := filepath.Join(t.TempDir(), "documents")
	os.Mkdir(foreign, 0o755)
	os.Chmod(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "taxes.pdf"), []byte("mine"), 0o644)
	for _, err := range []error{CanInit(foreign), func() error { _, err := Init(foreign, testPass, cheap()); return err }()} {
		if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), foreign) || !strings.Contains(err.Error(), "taxes.pdf") {
			t.Fatalf("Init into a folder of documents: %v", err)
		}
	}
	ents, _ := os.ReadDir(foreign)
	info, _ := os.Stat(foreign)
	if len(ents) != 1 || (runtime.GOOS != "windows" && info.Mode().Perm() != 0o755) {
		t.Fatalf("the refused folder was changed: %v, mode %v", ents, info.Mode())
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	if err := CanInit(file); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Fatalf("CanInit on a file: %v", err)
	}
	empty := t.TempDir()
	if err := CanInit(empty); err != nil {
		t.Fatalf("an empty folder: %v", err)
	}
	// What an earlier Candor left behind (a lock, an empty database
	// folder) does not count.
	os.WriteFile(filepath.Join(empty, layout.LockFile), nil, 0o600)
	os.Mkdir(filepath.Join(empty, dbDirName), 0o700)
	if err := CanInit(filepath.Join(t.TempDir(), "missing", "too")); err != nil {
		t.Fatalf("a missing folder: %v", err)
	}
	j, err := Init(empty, testPass, cheap())
	if err != nil {
		t.Fatalf("Init into an empty folder: %v", err)
	}
	j.Close()
	if err := CanInit(empty); !errors.Is(err, ErrExists) {
		t.Fatalf("CanInit on a journal: %v", err)
	}
}
