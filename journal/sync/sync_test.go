package sync

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"candor/journal"
	"candor/journal/journaltest"
)

var cheap = &journal.Options{KDF: journal.TestKDF}

// contents returns every entry of j by ID, as its stored record.
func contents(t *testing.T, j *journal.Journal) map[journal.ID]string {
	t.Helper()
	out := map[journal.ID]string{}
	if err := j.Each(journal.Query{}, func(e journal.Entry) error {
		out[e.ID] = string(journal.MarshalEntry(&e))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustSync(t *testing.T, j *journal.Journal, folder string, name string) Report {
	t.Helper()
	r, err := Sync(j, folder, &Options{Name: name})
	if err != nil {
		t.Fatalf("sync of %s: %v", name, err)
	}
	return r
}

func same(t *testing.T, a, b *journal.Journal) {
	t.Helper()
	ca, cb := contents(t, a), contents(t, b)
	if len(ca) != len(cb) {
		for id := range ca {
			if _, ok := cb[id]; !ok {
				e, _ := a.Get(id)
				se, _ := syncEntry(a, id)
				st, _ := decodeState(id, se.State)
				sb, _ := syncEntry(b, id)
				stb, _ := decodeState(id, sb.State)
				t.Logf("only in the first: %s %q %v copyOf=%v live=%d; second's state: copyOf=%v live=%d", id, e.Title, e.Tags, st.CopyOf, len(st.Live), stb.CopyOf, len(stb.Live))
			}
		}
		for id := range cb {
			if _, ok := ca[id]; !ok {
				e, _ := b.Get(id)
				se, _ := syncEntry(b, id)
				st, _ := decodeState(id, se.State)
				sa, _ := syncEntry(a, id)
				sta, _ := decodeState(id, sa.State)
				t.Logf("only in the second: %s %q %v copyOf=%v live=%d; first's state: copyOf=%v live=%d", id, e.Title, e.Tags, st.CopyOf, len(st.Live), sta.CopyOf, len(sta.Live))
			}
		}
		t.Fatalf("the journals differ: %d entries against %d", len(ca), len(cb))
	}
	for id, x := range ca {
		if cb[id] != x {
			e, _ := a.Get(id)
			t.Fatalf("entry %s (%q) differs between the journals", id, e.Title)
		}
	}
}

func add(t *testing.T, j *journal.Journal, title string) journal.Entry {
	t.Helper()
	e, err := j.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 3, Day: 1}, Title: title, Body: "body of " + title})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestTwoComputersOneFolder(t *testing.T) {
	folder := t.TempDir()
	a, _ := journaltest.New(t)
	e1 := add(t, a, "first")
	e2 := add(t, a, "second")
	e3 := add(t, a, "third")
	r := mustSync(t, a, folder, "A")
	if r.Sent != 3 {
		t.Fatalf("first sync sent %d versions, want 3", r.Sent)
	}
	bdir := filepath.Join(t.TempDir(), "b")
	b, rb, err := Join(bdir, folder, journaltest.Passphrase, cheap, &Options{Name: "B"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if rb.Received != 3 {
		t.Fatalf("join received %d entries, want 3", rb.Received)
	}
	same(t, a, b)

	// Changes on B reach A.
	x, _ := b.Get(e1.ID)
	x.Body = "edited on B"
	if _, err := b.Update(x); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(e2.ID); err != nil {
		t.Fatal(err)
	}
	add(t, b, "fourth, from B")
	mustSync(t, b, "", "B")
	mustSync(t, a, "", "A")
	same(t, a, b)
	if _, err := a.Get(e2.ID); err == nil {
		t.Fatal("the deletion did not reach A")
	}

	// Both edit the same entry before seeing each other's change: both
	// versions survive, the same way on both computers.
	ya, _ := a.Get(e3.ID)
	ya.Body = "A's version"
	a.Update(ya)
	time.Sleep(2 * time.Millisecond)
	yb, _ := b.Get(e3.ID)
	yb.Body = "B's version, written later"
	b.Update(yb)
	mustSync(t, a, "", "A")
	mustSync(t, b, "", "B")
	mustSync(t, a, "", "A")
	same(t, a, b)
	got, _ := a.Get(e3.ID)
	if got.Body != "B's version, written later" {
		t.Fatalf("the newer edit did not win: %q", got.Body)
	}
	copies := conflictCopies(t, a)
	if len(copies) != 1 || copies[0].Body != "A's version" || !copies[0].HasTag(ConflictTag) {
		t.Fatalf("conflict copies: %+v", copies)
	}
	st, _ := StatusOf(a)
	if st.Conflicts != 1 || len(st.Computers) != 1 || st.Computers[0].Name != "B" {
		t.Fatalf("status: %+v", st)
	}
	// A keeps the copy's version; B learns it, and the copy goes on both.
	if err := KeepThisOne(a, copies[0].ID); err != nil {
		t.Fatal(err)
	}
	mustSync(t, a, "", "A")
	mustSync(t, b, "", "B")
	same(t, a, b)
	if got, _ := b.Get(e3.ID); got.Body != "A's version" || len(conflictCopies(t, b)) != 0 {
		t.Fatalf("after keeping A's version, B holds %q and %d copies", got.Body, len(conflictCopies(t, b)))
	}
	// Own prompts travel too: added on A, removed on B.
	p, err := a.AddOwnPrompt("vision", "", "What did I make clearer for the team today?")
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, a, "", "A")
	mustSync(t, b, "", "B")
	if own, _ := b.OwnPrompts(); len(own) != 1 || own[0].Text != p.Text {
		t.Fatalf("B's own prompts: %+v", own)
	}
	if err := b.RemoveOwnPrompt(p.ID); err != nil {
		t.Fatal(err)
	}
	mustSync(t, b, "", "B")
	mustSync(t, a, "", "A")
	if own, _ := a.OwnPrompts(); len(own) != 0 {
		t.Fatalf("A still has %d own prompts", len(own))
	}
	// Nothing changed: a sync sends nothing.
	if r := mustSync(t, a, "", "A"); r.Sent != 0 || r.Received != 0 {
		t.Fatalf("an idle sync sent %d and received %d", r.Sent, r.Received)
	}
}

func conflictCopies(t *testing.T, j *journal.Journal) []journal.Entry {
	var out []journal.Entry
	j.Each(journal.Query{}, func(e journal.Entry) error {
		if _, ok, _ := ConflictOf(j, e.ID); ok {
			out = append(out, e)
		}
		return nil
	})
	sort.Slice(out, func(a, b int) bool { return out[a].Body < out[b].Body })
	return out
}

// TestDeletionAgainstEdit checks that a deletion wins over an older
// concurrent edit, and loses to a newer one.
func TestDeletionAgainstEdit(t *testing.T) {
	for _, deleteLast := range []bool{true, false} {
		t.Run(fmt.Sprint("delete last ", deleteLast), func(t *testing.T) {
			folder := t.TempDir()
			a, _ := journaltest.New(t)
			e := add(t, a, "contested")
			mustSync(t, a, folder, "A")
			b, _, err := Join(filepath.Join(t.TempDir(), "b"), folder, journaltest.Passphrase, cheap, &Options{Name: "B"})
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			edit := func() {
				x, _ := b.Get(e.ID)
				x.Body = "edited"
				b.Update(x)
			}
			if deleteLast {
				edit()
				time.Sleep(2 * time.Millisecond)
				a.Delete(e.ID)
			} else {
				a.Delete(e.ID)
				time.Sleep(2 * time.Millisecond)
				edit()
			}
			mustSync(t, a, "", "A")
			mustSync(t, b, "", "B")
			mustSync(t, a, "", "A")
			same(t, a, b)
			_, err = a.Get(e.ID)
			if deleteLast != (err != nil) {
				t.Fatalf("entry exists: %v", err == nil)
			}
			if n := len(conflictCopies(t, a)); n != 0 {
				t.Fatalf("%d conflict copies", n)
			}
		})
	}
}

// TestFolderHoldsNoPlaintext scans the folder after syncs for the words
// written.
func TestFolderHoldsNoPlaintext(t *testing.T) {
	folder := t.TempDir()
	a, _ := journaltest.New(t)
	const marker = "PLAINTEXTMARKER42"
	for i := 0; i < 30; i++ {
		a.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 1, Day: 1 + i}, Title: marker, Body: marker + " body", Tags: []string{marker}})
	}
	for i := 0; i < 20; i++ {
		add(t, a, fmt.Sprint(marker, i))
		mustSync(t, a, folder, "A")
	}
	if hits := scan(t, folder, marker); len(hits) > 0 {
		t.Fatalf("plaintext in %v", hits)
	}
	if hits := scan(t, folder, "body of"); len(hits) > 0 {
		t.Fatalf("plaintext in %v", hits)
	}
}

func scan(t *testing.T, dir, marker string) []string {
	var hits []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(marker)) {
				hits = append(hits, p)
			}
		}
		return nil
	})
	return hits
}

// TestUnreadableFiles checks that a damaged file, a file of another
// journal and a stray file are reported once by name and skipped.
func TestUnreadableFiles(t *testing.T) {
	folder := t.TempDir()
	a, _ := journaltest.New(t)
	add(t, a, "one")
	mustSync(t, a, folder, "A")
	other, _ := journaltest.New(t)
	add(t, other, "another journal's")
	ofolder := t.TempDir()
	mustSync(t, other, ofolder, "O")
	root := func(f string) string {
		ents, _ := os.ReadDir(filepath.Join(f, syncDirName))
		return filepath.Join(f, syncDirName, ents[0].Name())
	}
	// Another journal's change file, dropped among A's peers' folders.
	var foreign string
	filepath.WalkDir(root(ofolder), func(p string, d os.DirEntry, err error) error {
		if strings.HasPrefix(d.Name(), "c-") {
			foreign = p
		}
		return nil
	})
	peerDir := filepath.Join(root(folder), strings.Repeat("ab", 16))
	os.MkdirAll(peerDir, 0o700)
	b, _ := os.ReadFile(foreign)
	os.WriteFile(filepath.Join(peerDir, "c-0000000000000001.cnd"), b, 0o600)
	os.WriteFile(filepath.Join(peerDir, "notes.txt"), []byte("hello"), 0o600)
	damaged := append([]byte(nil), b...)
	damaged[len(damaged)-3] ^= 1
	os.WriteFile(filepath.Join(peerDir, "c-0000000000000002.cnd"), damaged, 0o600)
	r := mustSync(t, a, "", "A")
	if len(r.Unreadable) != 3 {
		t.Fatalf("unreadable: %v", r.Unreadable)
	}
	if r := mustSync(t, a, "", "A"); len(r.Unreadable) != 0 {
		t.Fatalf("reported twice: %v", r.Unreadable)
	}
	if n := len(contents(t, a)); n != 1 {
		t.Fatalf("the journal holds %d entries", n)
	}
}

// TestRestoredJournalSyncsAsANewComputer checks that a journal restored
// from a backup takes a device ID of its own, and loses nothing.
func TestRestoredJournalSyncsAsANewComputer(t *testing.T) {
	folder := t.TempDir()
	a, _ := journaltest.New(t)
	add(t, a, "before the backup")
	mustSync(t, a, folder, "A")
	bk := filepath.Join(t.TempDir(), "a.backup")
	if err := a.Backup(bk); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "r")
	if err := journal.Restore(bk, target, journaltest.Passphrase); err != nil {
		t.Fatal(err)
	}
	r, err := journal.Open(target, journaltest.Passphrase, cheap)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	add(t, r, "after the restore")
	mustSync(t, r, folder, "R")
	mustSync(t, a, "", "A")
	same(t, a, r)
	sa, _ := StatusOf(a)
	sr, _ := StatusOf(r)
	if sa.Device == sr.Device {
		t.Fatal("the restored journal syncs with the device ID of the one backed up")
	}
}
