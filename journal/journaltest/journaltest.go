//go:build linux

// Package journaltest helps tests run Candor's journal on a disk that
// misbehaves: one that fills up, or one that turns read-only. It mounts a
// small tmpfs inside a private mount namespace (unshare), so the tests need
// no root and touch nothing outside.
package journaltest

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

const envInside = "CANDOR_JOURNALTEST_NS"

// Inside reports whether the test runs in its own mount namespace. When it
// does not, Inside runs the same test again in a new one (user and mount
// namespaces through unshare), reports that run's result through t, and
// returns false: the caller returns at once. Tests fail, never skip, when
// no namespace can be made.
func Inside(t *testing.T) bool {
	t.Helper()
	if os.Getenv(envInside) == t.Name() {
		return true
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"-test.run=^" + strings.ReplaceAll(t.Name(), "/", "$/^") + "$", "-test.v", "-test.count=1"}
	var lastErr error
	var out []byte
	for _, flags := range [][]string{{"-r", "-m"}, {"-m"}} {
		cmd := exec.Command("unshare", append(append(flags, exe), args...)...)
		cmd.Env = append(os.Environ(), envInside+"="+t.Name())
		out, lastErr = cmd.CombinedOutput()
		if lastErr == nil {
			if !strings.Contains(string(out), "--- PASS: "+t.Name()) {
				t.Fatalf("the test did not run in its namespace:\n%s", out)
			}
			t.Logf("ran in a private mount namespace:\n%s", out)
			return false
		}
		if strings.Contains(string(out), "--- FAIL") {
			break // the test itself failed
		}
	}
	t.Fatalf("in a private mount namespace (unshare, util-linux): %v\n%s", lastErr, out)
	return false
}

// MountTmpfs mounts a tmpfs of size bytes on dir, which must exist.
func MountTmpfs(t *testing.T, dir string, size int64) {
	t.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "mode=0700,size="+strconv.FormatInt(size, 10)); err != nil {
		t.Fatalf("mounting a tmpfs on %s: %v", dir, err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
}

// SetReadOnly remounts the tmpfs on dir read-only, or read-write again.
func SetReadOnly(t *testing.T, dir string, ro bool) {
	t.Helper()
	flags := uintptr(syscall.MS_REMOUNT)
	if ro {
		flags |= syscall.MS_RDONLY
	}
	if err := syscall.Mount("", dir, "", flags, ""); err != nil {
		t.Fatalf("remounting %s (read-only %v): %v", dir, ro, err)
	}
}

// Fill writes a filler file in dir until the file system is full, and
// returns a function that deletes it again.
func Fill(t *testing.T, dir string) (free func()) {
	t.Helper()
	return FillLeaving(t, dir, 0)
}

// FillLeaving fills the file system holding dir up to leave free bytes,
// and returns a function that deletes the filler again.
func FillLeaving(t *testing.T, dir string, leave int64) (free func()) {
	t.Helper()
	f, err := os.CreateTemp(dir, "filler-")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling %s: %v", dir, err)
			}
			break
		}
	}
	// Take the last pages too, down to a single byte.
	for n := 4096; n >= 1; n /= 2 {
		for {
			if _, err := f.Write(buf[:n]); err != nil {
				break
			}
		}
	}
	if leave > 0 {
		info, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(max(info.Size()-leave, 0)); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	return func() { os.Remove(f.Name()) }
}
