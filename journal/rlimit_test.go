//go:build unix

package journal

import (
	"syscall"
	"testing"
)

func TestCoreDumpsOffWhileOpen(t *testing.T) {
	var before syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_CORE, &before); err != nil {
		t.Skip("no RLIMIT_CORE here:", err)
	}
	j, _ := newJournal(t)
	var during syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_CORE, &during)
	if during.Cur != 0 {
		t.Fatalf("RLIMIT_CORE is %d while the journal is open, want 0", during.Cur)
	}
	j.Close()
	var after syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_CORE, &after)
	if after != before {
		t.Fatalf("RLIMIT_CORE not restored: %+v, was %+v", after, before)
	}
}
