package journal

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// rssMiB returns the process's resident set size in MiB, read from
// /proc/self/status, and false where there is no such file.
func rssMiB() (float64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024, err == nil
		}
	}
	return 0, false
}

// BenchmarkUnlockMemory10k measures what unlocking costs in memory, as the
// app does it: opening the 10,000-entry journal with the shipped KDF, then
// building the search index. added_MiB is the growth of the resident set
// from a collected heap before to the index built (the median over the
// runs); heap_MiB is the Go heap in use then.
func BenchmarkUnlockMemory10k(b *testing.B) {
	if _, ok := rssMiB(); !ok {
		b.Skip("the resident set size is read from /proc/self/status")
	}
	dir := benchJournal(b)
	var added, heap []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runtime.GC()
		debug.FreeOSMemory()
		before, _ := rssMiB()
		j, err := Open(dir, testPass, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := j.BuildIndex(); err != nil {
			b.Fatal(err)
		}
		after, _ := rssMiB()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		added = append(added, after-before)
		heap = append(heap, float64(m.HeapInuse)/(1<<20))
		if err := j.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(median(added), "added_MiB")
	b.ReportMetric(median(heap), "heap_MiB")
}

// median returns the middle value of v (which it sorts).
func median(v []float64) float64 {
	sort.Float64s(v)
	return v[len(v)/2]
}
