//go:build unix

package fsx

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestBudgetRefusesWhatIsNotAPlainFile(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "a.md")
	os.WriteFile(plain, []byte("hello"), 0o600)
	outside := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(outside, []byte("private"), 0o600)
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "x.md")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	b := NewBudget(1 << 20)
	if got, err := b.ReadFile(plain, 100); err != nil || string(got) != "hello" {
		t.Fatalf("plain file: %q, %v", got, err)
	}
	for _, p := range []string{link, fifo, "/dev/zero", dir} {
		done := make(chan error, 1)
		go func() { _, err := b.ReadFile(p, 100); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s: %v, want ErrNotRegular", p, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: reading blocked", p)
		}
	}
}

func TestBudgetLimits(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.md")
	os.WriteFile(p, []byte(strings.Repeat("x", 1000)), 0o600)
	if _, err := NewBudget(1<<20).ReadFile(p, 999); !errors.Is(err, ErrTooBig) || !strings.Contains(err.Error(), "one file") {
		t.Fatalf("per-file cap: %v", err)
	}
	b := NewBudget(1500)
	if _, err := b.ReadFile(p, 1<<20); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ReadFile(p, 1<<20); !errors.Is(err, ErrTooBig) || !strings.Contains(err.Error(), "one import") {
		t.Fatalf("total budget: %v", err)
	}
}
