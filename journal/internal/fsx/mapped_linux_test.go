package fsx

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// mappedRSS returns the resident kilobytes of this process's mappings of
// path, from /proc/self/smaps.
func mappedRSS(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps")
	}
	defer f.Close()
	kb, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if fields := strings.Fields(line); len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":") {
			in = len(fields) >= 6 && fields[5] == path
			continue
		}
		if in && strings.HasPrefix(line, "Rss:") {
			n, _ := strconv.Atoi(strings.Fields(line)[1])
			kb += n
		}
	}
	return kb
}

// touched keeps the reads of the mapped pages from being optimised away.
var touched int

// TestReleaseMapped maps a table the way Badger does (shared, writable),
// reads all of it, and hands its pages back: they leave the resident set,
// the content is unchanged, and a mapping of another name is left alone.
func TestReleaseMapped(t *testing.T) {
	dir := t.TempDir()
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<19) // 8 MiB
	var maps [][]byte
	for _, name := range []string{"000001.sst", "000001.vlog"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		// On disk, as Badger's tables are: the kernel pages out dirty
		// file pages only after writing them back, which on a busy disk
		// came after the check below.
		if err := f.Sync(); err != nil {
			t.Fatal(err)
		}
		m, err := syscall.Mmap(int(f.Fd()), 0, len(data), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		defer syscall.Munmap(m)
		sum := 0
		for i := 0; i < len(m); i += 4096 {
			sum += int(m[i])
		}
		touched += sum
		maps = append(maps, m)
	}
	table, vlog := filepath.Join(dir, "000001.sst"), filepath.Join(dir, "000001.vlog")
	before, otherBefore := mappedRSS(t, table), mappedRSS(t, vlog)
	if before < 4<<10 {
		t.Skipf("the mapping is not resident after reading it (%d kB)", before)
	}
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, 0, 0, madvPageout); errno == syscall.EINVAL {
		t.Skip("this kernel has no MADV_PAGEOUT")
	}
	ReleaseMapped(dir)
	after, otherAfter := mappedRSS(t, table), mappedRSS(t, vlog)
	if after > before/4 {
		t.Errorf("the table's mapping is still %d kB resident (was %d)", after, before)
	}
	if otherAfter < otherBefore/2 {
		t.Errorf("a value log's mapping was released too (%d → %d kB)", otherBefore, otherAfter)
	}
	if !bytes.Equal(maps[0], data) {
		t.Error("the table's content changed")
	}
}
