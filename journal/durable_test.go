package journal

import (
	"testing"
)

// TestCommitsFlushOnThisSystem runs the journal's real flush after commits
// and a close: on Linux it does nothing and never fails.
func TestCommitsFlushOnThisSystem(t *testing.T) {
	j, _ := newJournal(t)
	if _, err := j.Add(Entry{Date: mustDate(t, "2026-01-02"), Body: "flushed"}); err != nil {
		t.Fatal(err)
	}
	if err := j.FlushError(); err != nil {
		t.Fatal(err)
	}
}
