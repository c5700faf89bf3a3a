// Package markdown turns journal entries into Markdown and back: one file
// per entry with YAML front matter holding every field (an exact round
// trip), folder and single-file exports written atomically through the
// journal's public API, and the reading of Markdown folders for import
// (Candor's own exports and other tools' notes).
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"candor/journal"
	"candor/journal/internal/fsx"
	"candor/journal/internal/textindex"
)

// Options choose what Export writes and how.
type Options struct {
	// SingleFile writes one Markdown document instead of a folder.
	SingleFile bool
	// From, To and Area filter the entries, as in Query.
	From, To journal.Date
	Area     journal.Area
	// Progress, when set, is called after each entry with the count so far.
	Progress func(done int)
}

// frontMatter is an entry's YAML front matter: every field of the JSON shape
// but the body, which follows the front matter byte for byte.
type frontMatter struct {
	ID       string   `yaml:"id"`
	Date     string   `yaml:"date"`
	Created  string   `yaml:"created"`
	Updated  string   `yaml:"updated"`
	Title    string   `yaml:"title"`
	Area     string   `yaml:"area"`
	Rating   int      `yaml:"rating"`
	Role     string   `yaml:"role"`
	Tags     []string `yaml:"tags"`
	PromptID string   `yaml:"prompt_id"`
	Prompt   string   `yaml:"prompt"`
	// The coaching loop, written only when used.
	Kind       string `yaml:"kind,omitempty"`
	NextStep   string `yaml:"next_step,omitempty"`
	CheckOn    string `yaml:"check_on,omitempty"`
	Decision   string `yaml:"decision,omitempty"`
	Confidence *int   `yaml:"confidence,omitempty"`
	ReviewOn   string `yaml:"review_on,omitempty"`
	Follows    string `yaml:"follows,omitempty"`
	Outcome    string `yaml:"outcome,omitempty"`
}

// dateOrEmpty is d as YYYY-MM-DD, or empty for the zero Date.
func dateOrEmpty(d journal.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// Render renders one entry as an exported file: front matter between
// --- lines, a "# title" heading when there is a title, then the body.
func Render(e journal.Entry) ([]byte, error) {
	var b bytes.Buffer
	if err := renderTo(&b, e); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// renderTo appends what Render returns to b, so that a folder export's
// writers reuse one buffer each.
func renderTo(b *bytes.Buffer, e journal.Entry) error {
	fm := frontMatter{ID: e.ID.String(), Date: e.Date.String(), Created: e.Created.Format(time.RFC3339Nano),
		Updated: e.Updated.Format(time.RFC3339Nano), Title: e.Title, Area: string(e.Area), Rating: e.Rating,
		Role: string(e.Role), Tags: e.Tags, PromptID: e.PromptID, Prompt: e.Prompt,
		Kind: string(e.Kind), NextStep: e.NextStep, CheckOn: dateOrEmpty(e.CheckOn), Decision: e.Decision,
		Confidence: e.Confidence, ReviewOn: dateOrEmpty(e.ReviewOn), Outcome: string(e.Outcome)}
	if !e.Follows.IsZero() {
		fm.Follows = e.Follows.String()
	}
	if fm.Tags == nil {
		fm.Tags = []string{}
	}
	b.Grow(len(e.Body) + len(e.Title) + len(e.Prompt) + 512)
	start := b.Len()
	b.WriteString("---\n")
	if !writeFrontMatter(b, &fm) {
		b.Truncate(start + len("---\n"))
		if err := encodeFrontMatter(b, &fm); err != nil {
			return err
		}
	}
	b.WriteString("---\n\n")
	b.WriteString(headingLine(e.Title))
	b.WriteString(e.Body)
	return nil
}

// encodeFrontMatter appends fm to b through the YAML encoder.
func encodeFrontMatter(b *bytes.Buffer, fm *frontMatter) error {
	enc := yaml.NewEncoder(b)
	enc.SetIndent(yamlIndent)
	if err := enc.Encode(fm); err != nil {
		return err
	}
	return enc.Close()
}

// headingLine is "# title" on one line and a blank line, or nothing.
func headingLine(title string) string {
	if title == "" {
		return ""
	}
	return "# " + strings.Join(strings.Fields(title), " ") + "\n\n"
}

// slug turns a title into a short file-name part.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range foldWordKeepSpaces(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		return "entry"
	}
	return s
}

// foldWordKeepSpaces folds each word of s as the search index does and
// joins them with single spaces.
func foldWordKeepSpaces(s string) string {
	var b strings.Builder
	textindex.EachWord(s, func(w string, _, _ int) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(textindex.FoldWord(w))
	})
	return b.String()
}

// exportWriters is how many goroutines render and create the files of a
// folder export. Creating a file waits on the kernel's locks and the disk,
// so more writers than cores still help a little; on the two-core test
// machine 2, 3, 4 and 8 were within the noise of each other.
const exportWriters = 8

// Export writes the selected entries of j as Markdown to out: a folder with one
// file per entry in year folders and an index.md, or with SingleFile one
// document. Everything is written under a temporary name beside out and
// renamed into place, so an interrupted export leaves nothing half-written;
// files are 0600 and folders 0700. Entries stream through, so memory stays
// flat however large the journal. It returns how many entries it wrote.
func Export(j *journal.Journal, out string, opt Options) (int, error) {
	out = filepath.Clean(out)
	if info, err := os.Stat(out); err == nil {
		if !info.IsDir() || !fsx.IsEmptyDir(out) {
			return 0, fmt.Errorf("%w: %s", journal.ErrOutputExists, out)
		}
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return 0, fmt.Errorf("creating %s: %w", parent, err)
	}
	fsx.RemoveLeftovers(out)
	q := journal.Query{From: opt.From, To: opt.To, Area: opt.Area}
	if opt.SingleFile {
		return exportSingle(j, out, q, opt.Progress)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return 0, fmt.Errorf("creating the export: %w", err)
	}
	defer os.RemoveAll(tmp)
	// index.md is written as the entries go by, and names are unique per
	// day (every name starts with its date), so memory does not grow with
	// the journal.
	indexFile, err := os.OpenFile(filepath.Join(tmp, "index.md"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, exportError(err)
	}
	defer indexFile.Close()
	index := bufio.NewWriter(indexFile)
	index.WriteString("# Candor journal\n\nExported " + time.Now().Format("2 January 2006 15:04") + ". One file per entry, by date.\n\n")
	taken := map[string]bool{}
	var takenDay journal.Date
	var day, year string   // takenDay as written in names, and its year
	var dir *fsx.DirWriter // the year's folder
	n := 0
	// Files are rendered and created by a few goroutines while this one
	// reads and decrypts the next entries: creating a file is mostly the
	// kernel's work, and more writers than cores only take turns on the
	// folder's lock and starve the reader. The queue is short, so memory
	// stays flat.
	type job struct {
		dir  *fsx.DirWriter
		name string
		e    journal.Entry
	}
	jobs := make(chan job, 64)
	var werr error
	var wmu sync.Mutex
	var wg sync.WaitGroup
	for range exportWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for jb := range jobs {
				buf.Reset()
				err := renderTo(&buf, jb.e)
				if err == nil {
					err = jb.dir.Create(jb.name, buf.Bytes())
				}
				if err != nil {
					wmu.Lock()
					if werr == nil {
						werr = err
					}
					wmu.Unlock()
				}
			}
		}()
	}
	years := map[string]*fsx.DirWriter{}
	defer func() {
		for _, d := range years {
			d.Close()
		}
	}()
	err = j.Each(q, func(e journal.Entry) error {
		wmu.Lock()
		failed := werr
		wmu.Unlock()
		if failed != nil {
			return failed
		}
		if e.Date != takenDay || dir == nil {
			// Entries come by date: the day's name, year and folder are
			// worked out once a day.
			clear(taken)
			takenDay, day, year = e.Date, e.Date.String(), fmt.Sprintf("%04d", e.Date.Year)
			if dir = years[year]; dir == nil {
				p := filepath.Join(tmp, year)
				if err := os.Mkdir(p, 0o700); err != nil {
					return err
				}
				var err error
				if dir, err = fsx.OpenDirWriter(p); err != nil {
					return err
				}
				years[year] = dir
			}
		}
		base := day + "-" + slug(e.Title)
		name := base + ".md"
		for k := 2; taken[name]; k++ {
			name = fmt.Sprintf("%s-%d.md", base, k)
		}
		taken[name] = true
		// No fsync per file: one flush of everything before the rename.
		jobs <- job{dir, name, e}
		label := e.Headline(80)
		if label == "" {
			label = "(empty)"
		}
		// "- day: [label](year/name)"
		index.WriteString("- ")
		index.WriteString(day)
		index.WriteString(": [")
		bracketEscaper.WriteString(index, label)
		index.WriteString("](")
		index.WriteString(year)
		index.WriteByte('/')
		index.WriteString(name)
		index.WriteString(")\n")
		n++
		if opt.Progress != nil {
			opt.Progress(n)
		}
		return nil
	})
	close(jobs)
	wg.Wait()
	if err == nil {
		err = werr
	}
	if err != nil {
		return 0, exportError(err)
	}
	if err := index.Flush(); err != nil {
		return 0, exportError(err)
	}
	if err := indexFile.Close(); err != nil {
		return 0, exportError(err)
	}
	if err := fsx.FlushFS(tmp); err != nil {
		return 0, exportError(err)
	}
	if err := fsx.SyncDir(tmp); err != nil {
		return 0, exportError(err)
	}
	os.Remove(out) // an empty folder may stand in the way
	if err := fsx.Rename(tmp, out); err != nil {
		return 0, fmt.Errorf("moving the export into place: %w", err)
	}
	return n, fsx.SyncDir(parent)
}

// bracketEscaper escapes the brackets of a link's label in index.md.
var bracketEscaper = strings.NewReplacer("[", "\\[", "]", "\\]")

// exportError words an error of an export for people, the disk being full
// said plainly.
func exportError(err error) error {
	if fsx.IsNoSpace(err) {
		return fmt.Errorf("the disk is full; nothing was exported: %w", err)
	}
	return fmt.Errorf("exporting: %w", err)
}

// exportSingle writes every entry under a heading of its date and title,
// its fields as a short list, then its body.
func exportSingle(j *journal.Journal, out string, q journal.Query, progress func(int)) (int, error) {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return 0, exportError(err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return 0, exportError(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintf(w, "# Candor journal\n\nExported %s.\n", time.Now().Format("2 January 2006 15:04"))
	n := 0
	err = j.Each(q, func(e journal.Entry) error {
		title := strings.Join(strings.Fields(e.Title), " ")
		if title == "" {
			title = "Untitled"
		}
		fmt.Fprintf(w, "\n## %s: %s\n\n", e.Date, title)
		var meta []string
		if e.Area != "" {
			meta = append(meta, "- Area: "+string(e.Area))
		}
		if e.Rating > 0 {
			meta = append(meta, fmt.Sprintf("- Rating: %d of 5", e.Rating))
		}
		if e.Role != "" {
			meta = append(meta, "- Role: "+string(e.Role))
		}
		if len(e.Tags) > 0 {
			meta = append(meta, "- Tags: "+strings.Join(e.Tags, ", "))
		}
		if e.Prompt != "" {
			meta = append(meta, "- Prompt: "+strings.Join(strings.Fields(e.Prompt), " "))
		}
		meta = append(meta, "- ID: "+e.ID.String())
		w.WriteString(strings.Join(meta, "\n") + "\n\n")
		w.WriteString(e.Body)
		if !strings.HasSuffix(e.Body, "\n") {
			w.WriteString("\n")
		}
		n++
		if progress != nil {
			progress(n)
		}
		return nil
	})
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, exportError(err)
	}
	if err := fsx.Rename(tmp, out); err != nil {
		return 0, exportError(err)
	}
	return n, fsx.SyncDir(filepath.Dir(out))
}

// coachingFields copies the coaching loop's fields of the front matter fm
// onto e.
func coachingFields(e *journal.Entry, fm *frontMatter) error {
	e.Kind, e.NextStep, e.Decision, e.Outcome = journal.Kind(fm.Kind), fm.NextStep, fm.Decision, journal.Outcome(fm.Outcome)
	if fm.Confidence != nil {
		e.Confidence = journal.ConfidenceOf(*fm.Confidence)
	}
	for _, f := range []struct {
		name, v string
		dst     *journal.Date
	}{{"check_on", fm.CheckOn, &e.CheckOn}, {"review_on", fm.ReviewOn, &e.ReviewOn}} {
		if f.v == "" {
			continue
		}
		d, err := journal.ParseDate(f.v)
		if err != nil {
			return fmt.Errorf("%s: %v", f.name, err)
		}
		*f.dst = d
	}
	if fm.Follows != "" {
		id, err := journal.ParseID(fm.Follows)
		if err != nil {
			return fmt.Errorf("follows: %v", err)
		}
		e.Follows = id
	}
	return nil
}

// Parse reads one Markdown file, named path in problems, as ReadSource
// reads each file of a folder (the note's path in the folder being its
// base name): a file of Candor's own export comes back exactly as exported;
// any other note takes its date from its front matter or its name, its
// title from its front matter or first heading or line, and its tags from
// its front matter and text. A note with no date anywhere is an error too
// here. Every error is an *imports.Problem.
func Parse(path string, data []byte) (journal.Entry, error) {
	in, p, _ := readNote(path, filepath.Base(path), data)
	if p != nil {
		return journal.Entry{}, p
	}
	return in.Entry, nil
}

// yamlErrLine is the line number a YAML error message names, or 0.
func yamlErrLine(msg string) int {
	var n int
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i+5:], "%d", &n)
	}
	return n
}

// ReadFolder reads a folder, or the one file dir names, as ReadSource
// does and returns its entries, leaving out notes with no date. It fails
// with the first problem (an *imports.Problem) when any file cannot
// be read. The entries lose where they came from: import a folder of other
// tools' notes through ReadSource and imports.From.
func ReadFolder(dir string) ([]journal.Entry, error) {
	src, err := ReadSource(dir)
	if err != nil {
		return nil, err
	}
	if len(src.Problems) > 0 {
		return nil, src.Problems[0]
	}
	out := make([]journal.Entry, len(src.Items))
	for i, in := range src.Items {
		out[i] = in.Entry
	}
	return out, nil
}
