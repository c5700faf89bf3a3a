package fsx

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// madvPageout is MADV_PAGEOUT (Linux 5.4): reclaim the pages of a range
// now. Unlike MADV_DONTNEED it never changes what a range holds, so it is
// harmless on any mapping, even one that took the place of a file mapping
// since /proc/self/maps was read.
const madvPageout = 21

// ReleaseMapped hands back to the system the pages of this process's
// mappings of the database's tables in dbDir (*.sst). Badger reads them
// through memory maps (shared, and writable since it writes a new table
// through one; a table never changes once written), so a backup or a
// build of the search index, which read the whole database once, left
// every page they touched counted in the process's resident memory (some
// 260 MB for 100,000 entries) though nothing will read most of them again
// soon. The pages stay in the page cache; a later read maps them again. It
// does nothing where the kernel cannot (before Linux 5.4), and reports
// nothing: it only saves memory.
func ReleaseMapped(dbDir string) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return
	}
	defer f.Close()
	prefix := filepath.Clean(dbDir) + string(filepath.Separator)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// start-end perms offset dev inode path
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || !strings.HasPrefix(fields[5], prefix) || !strings.HasSuffix(fields[5], ".sst") {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), madvPageout)
	}
}
