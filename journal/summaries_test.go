package journal

import (
	"os"
	"testing"
)

// BenchmarkSummariesJournal100k reads the summaries of an encrypted
// 100k-entry journal, as the statistics do (package stats computes them):
// from the search index when it is built, as in the app after unlock, else
// (CANDOR_BENCH_NO_INDEX set) from the date index.
func BenchmarkSummariesJournal100k(b *testing.B) {
	dir, _, _ := searchJournalDir(b, 100_000)
	j, err := Open(dir, testPass, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	if os.Getenv("CANDOR_BENCH_NO_INDEX") == "" {
		if err := j.BuildIndex(); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sums, err := j.AllSummaries()
		if err != nil || len(sums) != 100_000 {
			b.Fatalf("%d summaries, %v", len(sums), err)
		}
	}
}
