package journaltest

import (
	"testing"

	"candor/journal"
)

// Passphrase is the passphrase of the journals New makes.
var Passphrase = []byte("correct horse battery staple")

// New creates a journal in a fresh temporary folder with the test-only KDF
// and closes it when the test ends. It returns the journal and its folder.
func New(t testing.TB) (*journal.Journal, string) {
	t.Helper()
	dir := t.TempDir()
	j, err := journal.Init(dir, Passphrase, &journal.Options{KDF: journal.TestKDF})
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	t.Cleanup(func() { j.Close() })
	return j, dir
}

// Date parses a YYYY-MM-DD date or fails the test.
func Date(t testing.TB, s string) journal.Date {
	t.Helper()
	d, err := journal.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
