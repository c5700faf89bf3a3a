package journal

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yuin/goldmark"

	"candor/journal/internal/fsx"
)

// trickyEntry makes entries whose fields are hard on YAML and Markdown.
func trickyEntry(rng *rand.Rand, i int) Entry {
	titles := []string{"", "Plain", "a: b # c", "'quoted' \"double\"", "- leading dash", "---", "emoji 🚀 and עברית", "multi\nline title", "[link](x) *star*", "yes", "null", "123"}
	bodies := []string{"", "plain body", "---\nlooks like front matter\n---\n", "# heading\n\nbody", "\n\nleading blank lines", "trailing spaces   \n\n",
		"---\nid: fake\n---\n# x", strings.Repeat("long line ", 3000), "crlf\r\nlines\r\n", "tab\tand unicode ünïcødé"}
	tags := [][]string{{}, {"a"}, {"with space", "colon:tag", "#hash"}, {"- dash", "yes", "🚀"}}
	e := Entry{ID: NewID(time.Unix(int64(i), 0)), Date: Date{2000 + rng.IntN(26), time.Month(1 + rng.IntN(12)), 1 + rng.IntN(28)},
		Created: time.Unix(1700000000+int64(i), int64(rng.IntN(1e9))).UTC(), Title: titles[rng.IntN(len(titles))],
		Body: bodies[rng.IntN(len(bodies))], Area: []Area{"", AreaVision, AreaMotivation, AreaProblemSolving}[rng.IntN(4)],
		Rating: rng.IntN(6), Role: []Role{"", RoleLeader, RoleManager}[rng.IntN(3)], Tags: tags[rng.IntN(len(tags))]}
	if rng.IntN(2) == 0 {
		e.PromptID, e.Prompt = "vision-001", "What: a prompt? # with - odd chars"
	}
	e.Updated = e.Created.Add(time.Hour)
	return e
}

func TestExportImportRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 3))
	j, _ := newJournal(t)
	var want []Entry
	for i := 0; i < 150; i++ {
		e, err := j.Add(trickyEntry(rng, i))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, e)
	}
	out := filepath.Join(t.TempDir(), "export")
	n, err := j.Export(out, ExportOptions{})
	if err != nil || n != len(want) {
		t.Fatalf("Export: %d, %v", n, err)
	}
	// Layout: year folders, index.md, 0600/0700.
	if _, err := os.Stat(filepath.Join(out, "index.md")); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		info, _ := d.Info()
		if d.IsDir() && info.Mode().Perm() != 0o700 || !d.IsDir() && info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %o", p, info.Mode().Perm())
		}
		return nil
	})
	got, err := ReadMarkdownFolder(out)
	if err != nil {
		t.Fatal(err)
	}
	j2, _ := newJournal(t)
	sum, err := j2.Import(got, nil)
	if err != nil || sum.Imported != len(want) {
		t.Fatalf("Import: %+v %v", sum, err)
	}
	md := goldmark.New()
	render := func(s string) string {
		var b bytes.Buffer
		if err := md.Convert([]byte(s), &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, w := range want {
		g, err := j2.Get(w.ID)
		if err != nil || !reflect.DeepEqual(g, w) {
			t.Fatalf("entry did not round-trip:\n got %#v\nwant %#v\n(%v)", g, w, err)
		}
		// The body part of the exported file renders (CommonMark, goldmark)
		// to the same HTML as the stored body.
		file, _ := EntryMarkdown(w)
		rest := string(file)[strings.Index(string(file)[4:], "\n---\n")+4+5:]
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "\n"), headingLine(w.Title))
		if render(rest) != render(w.Body) {
			t.Fatalf("exported body renders differently for %s", w.ID)
		}
	}
	// Importing twice creates no duplicates.
	sum, err = j2.Import(got, nil)
	if err != nil || sum.Unchanged != len(want) || sum.Imported != 0 {
		t.Fatalf("second import: %+v %v", sum, err)
	}
	if c, _ := j2.Count(); c != len(want) {
		t.Fatalf("%d entries after two imports", c)
	}
	// Export never changes the journal, and refuses a non-empty target.
	if _, err := j.Export(out, ExportOptions{}); err == nil {
		t.Fatal("exported over an existing export")
	}
	// Single file.
	single := filepath.Join(t.TempDir(), "journal.md")
	if n, err := j.Export(single, ExportOptions{SingleFile: true, Area: AreaVision}); err != nil || n == 0 {
		t.Fatalf("single file: %d %v", n, err)
	}
	b, _ := os.ReadFile(single)
	if !strings.HasPrefix(string(b), "# Candor journal") || !strings.Contains(string(b), "- Area: vision") || strings.Contains(string(b), "- Area: motivation") {
		t.Fatal("single-file export content")
	}
	if st, _ := os.Stat(single); st.Mode().Perm() != 0o600 {
		t.Fatalf("single file mode %o", st.Mode().Perm())
	}
}

func TestImportOtherMarkdown(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o700)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("2024-03-05 notes.md", "# Retro\n\nWe shipped.\n")
	write("misc/plain.md", "---\ndate: 2023-01-02\ntags: [a, b]\n---\nNo heading here.\n")
	entries, err := ReadMarkdownFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("%d entries", len(entries))
	}
	byTitle := map[string]Entry{}
	for _, e := range entries {
		byTitle[e.Title] = e
	}
	if e := byTitle["Retro"]; e.Date != (Date{2024, 3, 5}) || e.Body != "We shipped.\n" {
		t.Errorf("heading file: %+v", e)
	}
	if e := byTitle[""]; e.Date != (Date{2023, 1, 2}) || strings.Join(e.Tags, ",") != "a,b" || e.Body != "No heading here.\n" {
		t.Errorf("front matter file: %+v", e)
	}
	again, _ := ReadMarkdownFolder(dir)
	if again[0].ID != entries[0].ID {
		t.Error("IDs of other Markdown files are not stable")
	}
	for name, text := range map[string]string{
		"bad-1.md":          "---\ndate: [unclosed\n---\nx",
		"bad-2.md":          "---\nno end",
		"nodate.md":         "just text",
		"2024-01-01-x.md":   "---\nid: notanid\ndate: 2024-01-01\n---\n",
		"2024-01-02-nul.md": "body with \x00 nul",
	} {
		d := t.TempDir()
		os.WriteFile(filepath.Join(d, name), []byte(text), 0o600)
		if _, err := ReadMarkdownFolder(d); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzParseMarkdownEntry(f *testing.F) {
	e := trickyEntry(rand.New(rand.NewPCG(1, 1)), 1)
	b, _ := EntryMarkdown(e)
	f.Add(b)
	f.Add([]byte("---\ndate: 2024-01-01\n---\n# t\nbody"))
	f.Add([]byte("---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ParseMarkdownEntry("2024-01-01-fuzz.md", data)
		if err == nil {
			if verr := e.Validate(); verr != nil {
				t.Fatalf("accepted an invalid entry: %v", verr)
			}
		}
	})
}

func BenchmarkExport10k(b *testing.B) {
	j, err := Open(benchJournal(b), testPass, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	for i := 0; i < b.N; i++ {
		out := filepath.Join(b.TempDir(), fmt.Sprint("x", i))
		// Start from a quiet disk: what earlier iterations left to write back
		// is not the export's cost.
		fsx.FlushFS(filepath.Dir(out))
		// Sample the heap while exporting: it must stay flat.
		var folder time.Duration
		growth := heapGrowthMB(func() {
			t0 := time.Now()
			if _, err := j.Export(out, ExportOptions{}); err != nil {
				b.Fatal(err)
			}
			folder = time.Since(t0)
		})
		b.ReportMetric(growth, "heap_growth_MB")
		single := out + ".md"
		t1 := time.Now()
		if _, err := j.Export(single, ExportOptions{SingleFile: true}); err != nil {
			b.Fatal(err)
		}
		st, _ := os.Stat(single)
		b.ReportMetric(folder.Seconds()*1000, "folder_ms")
		b.ReportMetric(float64(st.Size())/(1<<20)/time.Since(t1).Seconds(), "single_MB/s")
		// The disk's own floor for comparison: as many files of the same
		// size, created the same way without Candor. On some disks creating
		// 10,000 files takes seconds whatever writes them.
		b.ReportMetric(createFloor(b, 10_000).Seconds()*1000, "disk_floor_ms")
		t2 := time.Now()
		entries, err := ReadMarkdownFolder(out)
		if err != nil {
			b.Fatal(err)
		}
		j2, err := Init(filepath.Join(b.TempDir(), fmt.Sprint("i", i)), testPass, cheap())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := j2.Import(entries, nil); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(t2).Seconds()*1000, "import_ms")
		j2.Close()
	}
}

// TestExportSameDayNames checks that entries sharing a date and a title get
// distinct file names, that the same title on another day keeps the plain
// name, and that index.md links every file.
func TestExportSameDayNames(t *testing.T) {
	j, _ := newJournal(t)
	days := []Date{{2024, 3, 1}, {2024, 3, 1}, {2024, 3, 1}, {2024, 3, 2}, {2025, 1, 1}}
	for i, d := range days {
		if _, err := j.Add(Entry{Date: d, Title: "Same title", Body: fmt.Sprint("body ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "export")
	if _, err := j.Export(out, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"2024/2024-03-01-same-title.md", "2024/2024-03-01-same-title-2.md", "2024/2024-03-01-same-title-3.md",
		"2024/2024-03-02-same-title.md", "2025/2025-01-01-same-title.md",
	}
	index, err := os.ReadFile(filepath.Join(out, "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if _, err := os.Stat(filepath.Join(out, w)); err != nil {
			t.Errorf("missing %s: %v", w, err)
		}
		if !bytes.Contains(index, []byte("("+w+")")) {
			t.Errorf("index.md does not link %s", w)
		}
	}
}

// heapGrowthMB runs fn while sampling the live heap (as the last garbage
// collection measured it) every 2 ms, and returns its peak above the live
// heap before fn, in MiB. Garbage not yet collected is not counted.
func heapGrowthMB(fn func()) float64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	live := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	runtime.GC()
	base := live()
	var peak uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			peak = max(peak, live())
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-sampled
	return float64(peak-min(peak, base)) / (1 << 20)
}

// BenchmarkExportMemory exports journals of 10k and 100k entries as folders
// and reports the peak heap growth of each: it must not grow with the
// journal.
func BenchmarkExportMemory(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			dir, _, _ := searchJournalDir(b, n)
			j, err := Open(dir, testPass, nil)
			if err != nil {
				b.Fatal(err)
			}
			defer j.Close()
			// The fixture was just written in one batch: let Badger finish
			// compacting it first, so its table builders are not counted.
			if err := j.db.Flatten(2); err != nil {
				b.Fatal(err)
			}
			for i := 0; i < b.N; i++ {
				out := filepath.Join(b.TempDir(), "x")
				var got int
				growth := heapGrowthMB(func() {
					if got, err = j.Export(out, ExportOptions{}); err != nil {
						b.Fatal(err)
					}
				})
				if got != n {
					b.Fatalf("exported %d of %d", got, n)
				}
				b.ReportMetric(growth, "heap_growth_MB")
				os.RemoveAll(out)
			}
		})
	}
}

// TestExportRemovesLeftovers checks that the plaintext an export cut short
// left under its temporary name is gone once the same export is written.
func TestExportRemovesLeftovers(t *testing.T) {
	j, _ := newJournal(t)
	if _, err := j.Add(Entry{Date: Date{2026, 1, 1}, Body: "x"}); err != nil {
		t.Fatal(err)
	}
	for _, single := range []bool{false, true} {
		parent := t.TempDir()
		out := filepath.Join(parent, "export")
		left := filepath.Join(parent, ".export.tmp-12345")
		os.MkdirAll(filepath.Join(left, "2026"), 0o700)
		os.WriteFile(filepath.Join(left, "2026", "a.md"), []byte("private words"), 0o600)
		if _, err := j.Export(out, ExportOptions{SingleFile: single}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(left); !os.IsNotExist(err) {
			t.Errorf("single=%v: the leftover is still there (%v)", single, err)
		}
	}
}

// createFloor creates n files of 1.3 KB in year folders of a new temporary
// folder with exportWriters goroutines, as Export does, and returns the
// time it took: what the disk alone costs for a folder export.
func createFloor(b *testing.B, n int) time.Duration {
	dir := b.TempDir()
	data := bytes.Repeat([]byte("x"), 1300)
	t0 := time.Now()
	jobs := make(chan int, 64)
	var wg sync.WaitGroup
	dirs := make([]*fsx.DirWriter, n/365+1)
	for y := range dirs {
		p := filepath.Join(dir, fmt.Sprint(2000+y))
		if err := os.Mkdir(p, 0o700); err != nil {
			b.Fatal(err)
		}
		d, err := fsx.OpenDirWriter(p)
		if err != nil {
			b.Fatal(err)
		}
		defer d.Close()
		dirs[y] = d
	}
	for w := 0; w < exportWriters; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := dirs[i/365].Create(fmt.Sprintf("2000-01-01-entry-%d.md", i), data); err != nil {
					b.Error(err)
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := fsx.FlushFS(dir); err != nil {
		b.Fatal(err)
	}
	return time.Since(t0)
}
