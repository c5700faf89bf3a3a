package journal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"candor/journal/internal/backupfmt"
	"candor/journal/internal/keyfile"
	"candor/journal/internal/layout"
)

func TestBackupRestore(t *testing.T) {
	j, dir := newJournal(t)
	const marker = "BACKUP-PLAINTEXT-MARKER"
	var want []Entry
	for i := 0; i < 40; i++ {
		e, err := j.Add(Entry{Date: Date{2026, 1, 1 + i%28}, Title: "t " + marker, Body: strings.Repeat(marker+" ", 100+i*50), Tags: []string{"x"}})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, e)
	}
	if _, err := j.AddOwnPrompt("vision", "", "What did the backup teach me today?"); err != nil {
		t.Fatal(err)
	}
	bk := filepath.Join(t.TempDir(), "j.backup")
	if err := j.Backup(bk); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(bk)
	if bytes.Contains(data, []byte(marker)) || bytes.Contains(data, []byte("t BACKUP")) {
		t.Fatal("the backup holds plaintext")
	}
	if st, _ := os.Stat(bk); st.Mode().Perm() != 0o600 {
		t.Fatalf("backup mode %o", st.Mode().Perm())
	}
	if err := j.Backup(bk); err == nil {
		t.Fatal("a backup overwrote an existing file")
	}
	j.Close()

	// Wrong passphrase: nothing is created.
	target := filepath.Join(t.TempDir(), "restored")
	if err := Restore(bk, target, []byte("nope")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if _, err := os.Stat(filepath.Join(target, keyfile.FileName)); err == nil {
		t.Fatal("a failed restore left a key file")
	}
	if err := Restore(bk, dir, testPass); !errors.Is(err, ErrExists) {
		t.Fatalf("restore over a journal: %v", err)
	}
	if err := Restore(bk, target, testPass); err != nil {
		t.Fatal(err)
	}
	r, err := Open(target, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, _ := r.List(Query{})
	if len(got) != len(want) {
		t.Fatalf("%d entries restored, want %d", len(got), len(want))
	}
	for _, w := range want {
		g, err := r.Get(w.ID)
		if err != nil || !reflect.DeepEqual(g, w) {
			t.Fatalf("entry %s differs after restore", w.ID)
		}
	}
	if own, _ := r.OwnPrompts(); len(own) != 1 {
		t.Fatal("own prompt not restored")
	}
	if n, problems, err := r.Check(); err != nil || len(problems) != 0 || n != len(want) {
		t.Fatalf("check after restore: %d %v %v", n, problems, err)
	}

	// Damaged backups are refused cleanly, and leave nothing behind.
	for name, mut := range map[string]func([]byte) []byte{
		"truncated":  func(b []byte) []byte { return b[:len(b)-100] },
		"flipped":    func(b []byte) []byte { c := append([]byte(nil), b...); c[len(c)-500] ^= 1; return c },
		"not backup": func(b []byte) []byte { return []byte("hello") },
		"extra":      func(b []byte) []byte { return append(append([]byte(nil), b...), 0) },
	} {
		p := filepath.Join(t.TempDir(), "bad.backup")
		os.WriteFile(p, mut(data), 0o600)
		to := filepath.Join(t.TempDir(), "r")
		err := Restore(p, to, testPass)
		if !errors.Is(err, ErrBackupDamaged) {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := os.Stat(filepath.Join(to, keyfile.FileName)); err == nil {
			t.Errorf("%s: a key file was left behind", name)
		}
	}
}

func TestAutoBackupKeepsTen(t *testing.T) {
	j, dir := newJournal(t)
	if _, err := j.Add(Entry{Date: Date{2026, 1, 1}, Body: "x"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 12; i++ {
		p, err := j.AutoBackup(Date{2026, 2, 1}.AddDays(i))
		if err != nil || p == "" {
			t.Fatalf("day %d: %q %v", i, p, err)
		}
	}
	if p, _ := j.AutoBackup(Date{2026, 2, 12}); p != "" {
		t.Fatal("a second backup on the same day")
	}
	ents, _ := os.ReadDir(filepath.Join(dir, layout.BackupsDir))
	if len(ents) != 10 || ents[0].Name() != "candor-2026-02-03.backup" {
		t.Fatalf("kept %d backups, oldest %s", len(ents), ents[0].Name())
	}
}

func TestCheckFindsProblems(t *testing.T) {
	j, _ := newJournal(t)
	e, _ := j.Add(Entry{Date: Date{2026, 1, 1}, Body: "x"})
	if n, p, err := j.Check(); n != 1 || len(p) != 0 || err != nil {
		t.Fatalf("healthy journal: %d %v %v", n, p, err)
	}
	// Break the date index behind the store's back.
	j.mu.RLock()
	db := j.db
	j.mu.RUnlock()
	txn := db.NewTransaction(true)
	txn.Delete(dateKey(e.Date, e.ID))
	txn.Commit()
	if _, p, _ := j.Check(); len(p) != 1 || !strings.Contains(p[0], "missing from the date index") {
		t.Fatalf("problems: %v", p)
	}
}

func TestUnfinishedOpensMeanDamage(t *testing.T) {
	j, dir := newJournal(t)
	j.Close()
	if _, err := os.Stat(filepath.Join(dir, layout.OpeningMarker)); err == nil {
		t.Fatal("a finished open left its marker")
	}
	// One open that died (power cut, kill): the next one still goes ahead.
	os.WriteFile(filepath.Join(dir, layout.OpeningMarker), []byte("1"), 0o600)
	j, err := Open(dir, testPass, nil)
	if err != nil {
		t.Fatalf("after one unfinished open: %v", err)
	}
	j.Close()
	// Two in a row: the journal is reported damaged, with where the backups are.
	os.WriteFile(filepath.Join(dir, layout.OpeningMarker), []byte("2"), 0o600)
	_, err = Open(dir, testPass, nil)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "backups") {
		t.Fatalf("after two unfinished opens: %v", err)
	}
}

// TestBackupChunksCannotBeSpliced puts the chunks of one backup behind the
// header of another backup of the same journal: each backup has its own
// chunk key, so the result is refused.
func TestBackupChunksCannotBeSpliced(t *testing.T) {
	j, _ := newJournal(t)
	if _, err := j.Add(Entry{Date: Date{2026, 1, 1}, Body: "first"}); err != nil {
		t.Fatal(err)
	}
	a := filepath.Join(t.TempDir(), "a.backup")
	if err := j.Backup(a); err != nil {
		t.Fatal(err)
	}
	if _, err := j.Add(Entry{Date: Date{2026, 1, 2}, Body: "second"}); err != nil {
		t.Fatal(err)
	}
	b := filepath.Join(t.TempDir(), "b.backup")
	if err := j.Backup(b); err != nil {
		t.Fatal(err)
	}
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	hl := len(backupfmt.Magic) + backupfmt.SaltLen
	hl += 4 + int(binary.BigEndian.Uint32(da[hl:]))
	spliced := append(bytes.Clone(da[:hl]), db[hl:]...)
	p := filepath.Join(t.TempDir(), "spliced.backup")
	os.WriteFile(p, spliced, 0o600)
	if err := Restore(p, filepath.Join(t.TempDir(), "r"), testPass); !errors.Is(err, ErrBackupDamaged) {
		t.Fatalf("spliced backup: %v, want ErrBackupDamaged", err)
	}
	// Each one alone restores.
	for _, f := range []string{a, b} {
		if err := Restore(f, filepath.Join(t.TempDir(), "r"), testPass); err != nil {
			t.Fatal(err)
		}
	}
}
