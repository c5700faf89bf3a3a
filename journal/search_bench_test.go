package journal

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sahilm/fuzzy"
)

// zipfCorpus makes n entries of about 150 words drawn from a vocabulary of
// 20,000 made-up words with a Zipf distribution, like natural text.
func zipfCorpus(n int) ([]Entry, []string) {
	rng := rand.New(rand.NewPCG(7, 8))
	const letters = "etaoinshrdlcumwfgypbvkjxqz"
	vocab := make([]string, 20000)
	for i := range vocab {
		l := 3 + rng.IntN(8)
		b := make([]byte, l)
		for k := range b {
			b[k] = letters[min(rng.IntN(26), rng.IntN(26))]
		}
		vocab[i] = string(b)
	}
	z := rand.NewZipf(rng, 1.1, 2, uint64(len(vocab)-1))
	start := Date{1990, 1, 1}
	out := make([]Entry, n)
	for i := range out {
		var sb strings.Builder
		for k := 0; k < 150; k++ {
			sb.WriteString(vocab[z.Uint64()])
			sb.WriteByte(' ')
		}
		out[i] = Entry{ID: NewID(time.Unix(int64(i), 0)), Date: start.AddDays(i % 12000), Title: vocab[z.Uint64()] + " " + vocab[z.Uint64()],
			Body: sb.String(), Tags: []string{}, Created: time.Unix(int64(i), 0).UTC(), Updated: time.Unix(int64(i), 0).UTC()}
	}
	return out, vocab
}

var searchFixtures sync.Map // n -> string (journal dir)

// searchJournalDir stores a zipfCorpus of n entries in an encrypted journal.
func searchJournalDir(b *testing.B, n int) (string, []Entry, []string) {
	docs, vocab := zipfCorpus(n)
	if d, ok := searchFixtures.Load(n); ok {
		return d.(string), docs, vocab
	}
	tmp, err := os.MkdirTemp("", "candor-search-bench-")
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(tmp, "j")
	j, err := Init(dir, testPass, cheap())
	if err != nil {
		b.Fatal(err)
	}
	wb := j.db.NewWriteBatch()
	for i := range docs {
		if err := j.writeBatchEntry(wb, &docs[i]); err != nil {
			b.Fatal(err)
		}
	}
	if err := wb.Flush(); err != nil {
		b.Fatal(err)
	}
	j.Close()
	searchFixtures.Store(n, dir)
	return dir, docs, vocab
}

func heapMB() float64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// benchQueries mixes exact words, prefixes, typos and two-word queries.
func benchQueries(vocab []string) []string {
	rng := rand.New(rand.NewPCG(9, 10))
	var qs []string
	for i := 0; i < 60; i++ {
		w := vocab[rng.IntN(2000)]
		switch i % 4 {
		case 0:
			qs = append(qs, w)
		case 1:
			qs = append(qs, w[:min(len(w), 3)])
		case 2:
			r := []byte(w)
			r[len(r)/2] = 'q'
			qs = append(qs, string(r))
		default:
			qs = append(qs, w+" "+vocab[rng.IntN(2000)])
		}
	}
	return qs
}

func pct(d []time.Duration, p float64) float64 {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(a, b int) bool { return s[a] < s[b] })
	return float64(s[int(p*float64(len(s)-1))].Microseconds()) / 1000
}

func benchSearch(b *testing.B, n int) {
	dir, docs, vocab := searchJournalDir(b, n)
	j, err := Open(dir, testPass, nil)
	if err != nil {
		b.Fatal(err)
	}
	// A build from the entries, as on the first open after an upgrade,
	// then storing it.
	j.dropStoredIndex()
	t0 := time.Now()
	x, err := j.buildIndex()
	if err != nil {
		b.Fatal(err)
	}
	build := time.Since(t0)
	j.index.Set(x)
	t0 = time.Now()
	if err := j.persistIndex(x); err != nil {
		b.Fatal(err)
	}
	store := time.Since(t0)
	stored := x.AppendBinary(nil)
	j.Close()
	x = nil
	// Every later open loads it.
	j, err = Open(dir, testPass, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	queries := benchQueries(vocab)
	before := heapMB()
	t0 = time.Now()
	if err := j.BuildIndex(); err != nil {
		b.Fatal(err)
	}
	load := time.Since(t0)
	mem := heapMB() - before

	b.ResetTimer()
	var ours []time.Duration
	for i := 0; i < b.N; i++ {
		for _, q := range queries {
			t := time.Now()
			if _, err := j.Search(q, 20); err != nil {
				b.Fatal(err)
			}
			ours = append(ours, time.Since(t))
		}
	}
	b.StopTimer()

	// Baselines, side by side in the same run.
	lower := make([]string, len(docs))
	bodies := make([]string, len(docs))
	for i, d := range docs {
		lower[i] = strings.ToLower(d.Body)
		bodies[i] = d.Body
	}
	var contains, fz []time.Duration
	for _, q := range queries {
		t := time.Now()
		lq := strings.ToLower(q)
		hits := 0
		for _, body := range lower {
			if strings.Contains(body, lq) {
				hits++
			}
		}
		contains = append(contains, time.Since(t))
	}
	for _, q := range queries[:8] { // fuzzy over whole bodies is slow
		t := time.Now()
		fuzzy.Find(q, bodies)
		fz = append(fz, time.Since(t))
	}
	p50 := pct(ours, 0.5)
	b.ReportMetric(build.Seconds()*1000, "build_ms")
	b.ReportMetric(store.Seconds()*1000, "store_ms")
	b.ReportMetric(load.Seconds()*1000, "load_ms")
	b.ReportMetric(float64(len(stored))/(1<<20), "stored_MB")
	b.ReportMetric(mem, "index_MB")
	b.ReportMetric(p50, "q_p50_ms")
	b.ReportMetric(pct(ours, 0.99), "q_p99_ms")
	b.ReportMetric(pct(contains, 0.5), "contains_p50_ms")
	b.ReportMetric(pct(fz, 0.5), "fuzzy_p50_ms")
	b.ReportMetric(pct(contains, 0.5)/p50, "x_vs_contains")
	b.ReportMetric(pct(fz, 0.5)/p50, "x_vs_fuzzy")
}

func BenchmarkSearch10k(b *testing.B)  { benchSearch(b, 10_000) }
func BenchmarkSearch100k(b *testing.B) { benchSearch(b, 100_000) }

// benchOpenSearch measures what a command line search costs over a bare
// unlock (with the test key derivation, so the database dominates): open,
// search, close, against open and close alone.
func benchOpenSearch(b *testing.B, n int) {
	dir, _, vocab := searchJournalDir(b, n)
	j, err := Open(dir, testPass, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := j.BuildIndex(); err != nil { // stores it if need be
		b.Fatal(err)
	}
	j.Close()
	q := vocab[3]
	var bare, search []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, withSearch := range []bool{false, true} {
			t0 := time.Now()
			j, err := Open(dir, testPass, nil)
			if err != nil {
				b.Fatal(err)
			}
			if withSearch {
				if _, err := j.Search(q, 20); err != nil {
					b.Fatal(err)
				}
			}
			j.Close()
			if withSearch {
				search = append(search, time.Since(t0))
			} else {
				bare = append(bare, time.Since(t0))
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(pct(bare, 0.5), "open_ms")
	b.ReportMetric(pct(search, 0.5), "open_search_ms")
	b.ReportMetric(pct(search, 0.5)-pct(bare, 0.5), "search_over_open_ms")
}

func BenchmarkOpenSearch10k(b *testing.B)  { benchOpenSearch(b, 10_000) }
func BenchmarkOpenSearch100k(b *testing.B) { benchOpenSearch(b, 100_000) }

// BenchmarkLoadIndex100k reads the stored index of 100,000 entries.
func BenchmarkLoadIndex100k(b *testing.B) {
	dir, _, _ := searchJournalDir(b, 100_000)
	j, err := Open(dir, testPass, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	if err := j.BuildIndex(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := j.loadIndex(); err != nil {
			b.Fatal(err)
		}
	}
}
