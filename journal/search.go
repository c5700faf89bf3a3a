package journal

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/fsx"
	"candor/journal/internal/searchindex"
	"candor/journal/internal/textindex"
)

// Span is a range of runes [Start, End) in a title or snippet.
type Span = textindex.Span

// Hit is one search result. Every hit shows why it matched: in its title
// marks, its tag marks or its snippet.
type Hit struct {
	Entry Entry
	// Score ranks hits: higher is better.
	Score float64
	// TitleMarks are the matched runes of Entry.Title.
	TitleMarks []Span
	// TagMarks[i] are the matched runes of Entry.Tags[i], nil for a tag
	// that did not match; TagMarks is nil when no tag matched.
	TagMarks [][]Span
	// Snippet is a piece of the body's plain text (see PlainText) around
	// the first match, and SnippetMarks its matched runes. When only the
	// prompt text matched, the snippet is cut from the prompt text and
	// SnippetFromPrompt is set.
	Snippet           string
	SnippetMarks      []Span
	SnippetFromPrompt bool
}

// BuildIndex makes the search index ready: it reads the one stored in the
// journal and reads again the entries changed since it was written, or,
// when there is none or it cannot be used, builds it from every entry and
// stores it. Search does this on first use; the app calls it right after
// unlock, off the UI thread. A build cuts the key space into one range per
// core (at table boundaries Badger reports), and each range is read,
// decrypted, decoded and indexed in parallel.
func (j *Journal) BuildIndex() error {
	if !j.index.Start() {
		return nil
	}
	x, replayed, err := j.loadIndex()
	loaded := err == nil
	if err != nil && !errors.Is(err, ErrLocked) {
		x, err = j.buildIndex()
	}
	// Changes committed while the store was read are applied again; put
	// and remove are idempotent, so overlap does no harm. Not j.mu: Close
	// holds it while it waits for the index's lock, which Finish holds.
	// Close clears the index after it anyway.
	if err := j.index.Finish(x, err, func() error { return indexDB{j}.Stop() }); err != nil {
		return err
	}
	switch {
	case !loaded:
		if x.Len() >= releaseAfterIndexing {
			// Reading and merging the parts left about as much garbage
			// as the index itself, which Go would keep for a long while.
			debug.FreeOSMemory()
			fsx.ReleaseMapped(filepath.Join(j.dir, dbDirName)) // the tables read
		}
		// Stored at once, so the next open does not build it again. A
		// failure to store costs only time.
		_ = j.persistIndex(x)
	case replayed >= searchindex.PersistAfter(x.Len()):
		_ = j.persistIndex(x)
	case replayed > 0:
		j.changed.Add(int64(replayed))
	}
	if loaded && x.Len() >= releaseAfterIndexing {
		// The sealed chunks read are garbage now (as big as the index).
		debug.FreeOSMemory()
	}
	return nil
}

// releaseAfterIndexing is the number of entries from which BuildIndex hands
// the garbage of the build back to the operating system: a forced collection
// costs a few milliseconds, small next to building such an index.
const releaseAfterIndexing = 1000

// VerifyIndex checks the search index against the entries: when it does
// not hold exactly as many, it is dropped, rebuilt from the entries and
// stored again. The app runs it in the background after unlock; the stored
// index is sealed and kept up to date in the same transactions as the
// entries, so a mismatch means damage or a bug, and costs a rebuild.
func (j *Journal) VerifyIndex() error {
	j.changeMu.Lock()
	x := j.index.Current()
	j.mu.RLock()
	db := j.db
	j.mu.RUnlock()
	if x == nil || db == nil {
		j.changeMu.Unlock()
		return nil
	}
	want := x.Len()
	txn := db.NewTransaction(false)
	j.changeMu.Unlock()
	defer txn.Discard()
	n, err := searchindex.Count(indexDB{j}, txn, kindEntry, 17)
	if err != nil || n == want {
		return err
	}
	j.index.Drop(x)
	if err := j.dropStoredIndex(); err != nil {
		return err
	}
	return j.BuildIndex()
}

// buildIndex builds the search index from every entry, reading a range
// of the entries per core (see searchindex.Build).
func (j *Journal) buildIndex() (*entryIndex, error) {
	var tables []badger.TableInfo
	j.mu.RLock()
	if j.db != nil {
		tables = j.db.Tables()
	}
	j.mu.RUnlock()
	x, err := searchindex.Build(indexDB{j}, tables, kindEntry, 17, max(1, runtime.GOMAXPROCS(0)), func(p *searchindex.Part, k []byte, item *badger.Item) error {
		var e Entry
		err := item.Value(func(v []byte) error {
			plain, err := j.open(v, k)
			if err == nil {
				err = decodeEntry(plain, &e)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("%w: an entry failed its integrity check", ErrDamaged)
		}
		p.Add(entryTexts(&e), docOf(&e))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &entryIndex{x}, nil
}

// Search finds entries matching every word of query (in titles, tags, prompt
// texts and bodies, ignoring case and accents) and returns the best limit
// of them, best first. A query word matches a word it is or begins; a word
// of five or more letters that no entry holds, whole or as a beginning,
// also matches words one typo away (a wrong, missing, extra or swapped
// letter). Hits rank by how many query words needed a typo (fewer first),
// then how many matched exactly (more first), then by field (title, tags,
// body, prompt text), then the more recent date.
func (j *Journal) Search(query string, limit int) ([]Hit, error) {
	return j.search(query, limit, Filter{})
}

func (j *Journal) search(query string, limit int, f Filter) ([]Hit, error) {
	if len(textindex.Terms(query)) == 0 {
		return nil, ErrEmptyQuery
	}
	j.mu.RLock()
	open := j.db != nil
	j.mu.RUnlock()
	if !open {
		return nil, ErrLocked
	}
	x, err := j.readyIndex()
	if err != nil {
		return nil, err
	}
	var keep func(*searchindex.Doc) bool
	if !f.IsZero() {
		keep = func(d *searchindex.Doc) bool { return f.keepsDoc(d, summaryOfDoc(d)) }
	}
	ids, scores, m := x.Search(query, limit, keep)
	hits := make([]Hit, 0, len(ids))
	err = j.view(func(txn *badger.Txn) error {
		for i, id := range ids {
			e, err := j.getEntry(txn, id)
			if errors.Is(err, ErrNotFound) {
				continue // deleted since
			}
			if err != nil {
				return err
			}
			shown := m.Show(entryTexts(&e))
			h := Hit{Entry: e, Score: scores[i], TitleMarks: shown.TitleMarks, Snippet: shown.Snippet,
				SnippetMarks: shown.SnippetMarks, SnippetFromPrompt: shown.SnippetFromPrompt}
			for t, tag := range e.Tags {
				if mk := m.Mark(tag); len(mk) > 0 {
					if h.TagMarks == nil {
						h.TagMarks = make([][]Span, len(e.Tags))
					}
					h.TagMarks[t] = mk
				}
			}
			hits = append(hits, h)
		}
		return nil
	})
	return hits, err
}

// readyIndex returns the search index, made ready first if need be.
func (j *Journal) readyIndex() (*entryIndex, error) {
	if x := j.index.Current(); x != nil {
		return x, nil
	}
	if err := j.BuildIndex(); err != nil {
		return nil, err
	}
	if x := j.index.Current(); x != nil {
		return x, nil
	}
	return nil, ErrLocked
}

// currentIndex returns the search index when it is ready, else nil.
func (j *Journal) currentIndex() *entryIndex { return j.index.Current() }
