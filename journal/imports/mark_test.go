package imports

import (
	"testing"

	"candor/journal"
	"candor/journal/journaltest"
)

func TestImportMark(t *testing.T) {
	j, dir := journaltest.New(t)
	if _, _, ok, err := Unfinished(j); ok || err != nil {
		t.Fatalf("a new journal has an unfinished import: %v %v", ok, err)
	}
	if err := End(j); err != nil {
		t.Fatalf("EndImport without a mark: %v", err)
	}
	if err := Begin(j, "/home/me/Day One/Journal.json", 1234); err != nil {
		t.Fatal(err)
	}
	// Cut short: the journal closes with the mark in place.
	j.Close()
	j, err := journal.Open(dir, journaltest.Passphrase, &journal.Options{KDF: journal.TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { j.Close() }()
	src, total, ok, err := Unfinished(j)
	if !ok || err != nil || src != "/home/me/Day One/Journal.json" || total != 1234 {
		t.Fatalf("UnfinishedImport = %q %d %v %v", src, total, ok, err)
	}
	// A new import replaces the mark; its end removes it.
	if err := Begin(j, "notes", 2); err != nil {
		t.Fatal(err)
	}
	if src, _, _, _ := Unfinished(j); src != "notes" {
		t.Fatalf("the mark names %q", src)
	}
	if err := End(j); err != nil {
		t.Fatal(err)
	}
	if _, _, ok, err := Unfinished(j); ok || err != nil {
		t.Fatalf("after EndImport: %v %v", ok, err)
	}
	// The mark is no entry: it is not counted, listed or checked.
	if n, problems, err := j.Check(); n != 0 || len(problems) != 0 || err != nil {
		t.Fatalf("Check: %d %v %v", n, problems, err)
	}
}
