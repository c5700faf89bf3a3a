package journal

import (
	"testing"
)

var testPass = []byte("correct horse battery staple")

// cheap returns options with the test-only KDF.
func cheap() *Options { return &Options{KDF: TestKDF} }

// newJournal creates a journal in a fresh temp dir with the cheap KDF.
func newJournal(t testing.TB) (*Journal, string) {
	t.Helper()
	dir := t.TempDir()
	j, err := Init(dir, testPass, cheap())
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	t.Cleanup(func() { j.Close() })
	return j, dir
}

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
