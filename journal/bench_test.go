package journal

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/badgerdb"
	"candor/journal/internal/dbcheck"
	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
)

// The benchmark journal: 10k entries of about 150 words, sealed with the
// shipped KDF, built once per run.
var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

const benchEntries = 10_000

var benchWords = strings.Fields("team vision goal listen mentor courage feedback decision risk change meeting plan coach trust people problem root cause learn growth direction clarity story energy focus priority customer quality delivery retro hiring conflict")

func benchBody(rng *rand.Rand) string {
	var b strings.Builder
	for i := 0; i < 150; i++ {
		b.WriteString(benchWords[rng.IntN(len(benchWords))])
		b.WriteByte(' ')
	}
	return b.String()
}

// benchJournal returns the folder of the shared 10k-entry journal.
func benchJournal(b *testing.B) string {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "candor-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchDir = filepath.Join(dir, "journal")
		j, err := Init(benchDir, testPass, nil) // the shipped KDF
		if err != nil {
			benchErr = err
			return
		}
		defer j.Close()
		rng := rand.New(rand.NewPCG(1, 2))
		wb := j.db.NewWriteBatch()
		start := Date{2000, 1, 1}
		for i := 0; i < benchEntries; i++ {
			e := Entry{ID: NewID(time.Now()), Date: start.AddDays(i), Created: time.Now().UTC(), Title: fmt.Sprint("Entry ", i), Body: benchBody(rng), Area: Areas[i%3], Rating: 1 + i%5, Tags: []string{"bench"}}
			e.Updated = e.Created
			if err := j.writeBatchEntry(wb, &e); err != nil {
				benchErr = err
				return
			}
		}
		benchErr = wb.Flush()
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

func (j *Journal) writeBatchEntry(wb *badger.WriteBatch, e *Entry) error {
	txnLike := &batchSetter{wb}
	return j.putEntryTo(txnLike, e)
}

type batchSetter struct{ wb *badger.WriteBatch }

func (s *batchSetter) Set(k, v []byte) error { return s.wb.Set(k, v) }

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(a, b int) bool { return s[a] < s[b] })
	i := int(p * float64(len(s)-1))
	return s[i]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkUnlockToFirstPage measures what a user waits for after typing the
// passphrase: Argon2id with the shipped parameters, opening Badger, and the
// newest 50 entries. kdf_ms is Argon2id alone; overhead_ms is the rest.
func BenchmarkUnlockToFirstPage(b *testing.B) {
	dir := benchJournal(b)
	kf, err := keyfile.Read(dir)
	if err != nil {
		b.Fatal(err)
	}
	salt, _ := keyfile.Encoding.DecodeString(kf.KDF.Salt)
	var total, kdf []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		keyfile.DeriveKEK(testPass, salt, kf.KDF.KDFParams)
		kdf = append(kdf, time.Since(t0))

		t1 := time.Now()
		j, err := Open(dir, testPass, nil)
		if err != nil {
			b.Fatal(err)
		}
		page, err := j.List(Query{NewestFirst: true, Limit: 50})
		if err != nil || len(page) != 50 {
			b.Fatalf("first page: %d entries, %v", len(page), err)
		}
		total = append(total, time.Since(t1))
		b.StopTimer()
		j.Close()
		b.StartTimer()
	}
	k, t := percentile(kdf, 0.5), percentile(total, 0.5)
	b.ReportMetric(ms(k), "kdf_ms")
	b.ReportMetric(ms(t), "unlock_ms")
	b.ReportMetric(ms(t-k), "overhead_ms")
}

// BenchmarkFirstPage is the newest 50 of 10k entries on an open journal.
func BenchmarkFirstPage(b *testing.B) {
	j, err := Open(benchJournal(b), testPass, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if page, err := j.List(Query{NewestFirst: true, Limit: 50}); err != nil || len(page) != 50 {
			b.Fatal(err)
		}
	}
}

// BenchmarkSave adds one entry with fsync (SyncWrites) per operation and
// reports the 50th and 99th percentiles.
func BenchmarkSave(b *testing.B) {
	j, err := Open(benchJournal(b), testPass, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	rng := rand.New(rand.NewPCG(3, 4))
	body := benchBody(rng)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := j.Add(Entry{Date: Date{2026, 11, 27}, Title: "saved", Body: body, Area: AreaVision, Rating: 3}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.ReportMetric(ms(percentile(lat, 0.5)), "p50_ms")
	b.ReportMetric(ms(percentile(lat, 0.99)), "p99_ms")
}

// BenchmarkList10k reads and decrypts every entry of the 10k journal.
func BenchmarkList10k(b *testing.B) {
	j, err := Open(benchJournal(b), testPass, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		if err := j.Each(Query{To: Date{2030, 1, 1}}, func(Entry) error { n++; return nil }); err != nil || n < benchEntries {
			b.Fatalf("listed %d: %v", n, err)
		}
	}
}

// BenchmarkScan10k visits every entry in storage order.
func BenchmarkScan10k(b *testing.B) {
	j, err := Open(benchJournal(b), testPass, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		if err := j.Scan(func(Entry) error { n++; return nil }); err != nil || n < benchEntries {
			b.Fatalf("scanned %d: %v", n, err)
		}
	}
}

// BenchmarkCheckTables10k is the check every open runs before Badger opens
// the database (dbcheck.CheckManifest, then CheckTables with the database
// key: footers, indexes and every block), on the 10k-entry journal;
// table_MB is how much it reads.
func BenchmarkCheckTables10k(b *testing.B) {
	dir := benchJournal(b)
	j, err := Open(dir, testPass, nil)
	if err != nil {
		b.Fatal(err)
	}
	key := deriveKey(j.root, j.journalID[:], "badger")
	defer clear(key)
	j.Close()
	db := filepath.Join(dir, dbDirName)
	var size int64
	for _, p := range fsx.FilesIn(db, "", ".sst") {
		if st, err := os.Stat(p); err == nil {
			size += st.Size()
		}
	}
	for b.Loop() {
		mf, err := dbcheck.CheckManifest(db, badgerdb.Options(dir, nil))
		if err != nil {
			b.Fatal(err)
		}
		if err := dbcheck.CheckTables(db, mf, key); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size)/(1<<20), "table_MB")
}
