package sync

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"candor/journal"
	"candor/journal/imports"
	"candor/journal/journaltest"
)

// dirSize adds up the sizes of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// benchJournal makes a journal of n entries of about 150 words.
func benchJournal(b *testing.B, n int) (*journal.Journal, string) {
	b.Helper()
	j, dir := journaltest.New(b)
	// Made-up words drawn with a Zipf distribution, like natural text
	// (text that repeats a few words would compress far better).
	rng := rand.New(rand.NewPCG(3, 4))
	words := make([]string, 20000)
	for i := range words {
		w := make([]byte, 3+rng.IntN(8))
		for k := range w {
			w[k] = "etaoinshrdlcumwfgypbvkjxqz"[min(rng.IntN(26), rng.IntN(26))]
		}
		words[i] = string(w)
	}
	z := rand.NewZipf(rng, 1.1, 2, uint64(len(words)-1))
	items := make([]imports.Incoming, n)
	for i := range items {
		var sb strings.Builder
		for k := 0; k < 150; k++ {
			sb.WriteString(words[z.Uint64()])
			sb.WriteByte(' ')
		}
		t := time.Unix(1700000000+int64(i)*3600, 0).UTC()
		items[i].Entry = journal.Entry{ID: journal.NewID(t), Date: journal.DateOf(t), Title: fmt.Sprint("entry ", i),
			Body: sb.String(), Tags: []string{words[i%len(words)]}, Created: t, Updated: t, Area: journal.AreaVision, Rating: 1 + i%5}
	}
	if _, err := imports.From(j, items, imports.Options{}); err != nil {
		b.Fatal(err)
	}
	return j, dir
}

// BenchmarkSync10k measures the first sync of 10,000 entries into an
// empty folder, a new computer joining from it, an incremental sync of one
// changed entry, and the folder's size against the journal's database.
func BenchmarkSync10k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		j, dir := benchJournal(b, 10_000)
		folder := b.TempDir()
		t0 := time.Now()
		if _, err := Sync(j, folder, &Options{Name: "A"}); err != nil {
			b.Fatal(err)
		}
		first := time.Since(t0)
		t0 = time.Now()
		d, r, err := Join(filepath.Join(b.TempDir(), "d"), folder, journaltest.Passphrase, cheap, &Options{Name: "D"})
		if err != nil || r.Received != 10_000 {
			b.Fatalf("join: %v, %d entries", err, r.Received)
		}
		joined := time.Since(t0)
		d.Close()
		var one []time.Duration
		for k := 0; k < 20; k++ {
			e, err := j.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 5, Day: 1 + k}, Title: "one more", Body: "a change"})
			if err != nil {
				b.Fatal(err)
			}
			_ = e
			t0 = time.Now()
			if r, err := Sync(j, "", &Options{Name: "A"}); err != nil || r.Sent != 1 {
				b.Fatalf("incremental sync: %v, %d sent", err, r.Sent)
			}
			one = append(one, time.Since(t0))
		}
		j.Close()
		db := dirSize(filepath.Join(dir, "db"))
		f := dirSize(folder)
		b.ReportMetric(first.Seconds(), "first_sync_s")
		b.ReportMetric(joined.Seconds(), "join_s")
		b.ReportMetric(float64(median(one).Microseconds())/1000, "one_change_ms")
		b.ReportMetric(float64(f)/float64(db), "folder_vs_db")
		b.ReportMetric(float64(f)/(1<<20), "folder_MB")
	}
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
