package journal

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/mdtext"
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

// entryIndex is the journal's search index: entries keyed by ID.
type entryIndex = textindex.Index[ID, Entry]

// entryTexts are the fields of an entry that search looks in. The body is
// searched as the reader sees it rendered, so every match can be shown in
// a snippet: a link's address or a ** is not a word of the entry.
func entryTexts(e *Entry) textindex.Texts {
	return textindex.Texts{e.Title, strings.Join(e.Tags, " "), e.Prompt, mdtext.PlainText(e.Body)}
}

// entrySchema tells the index how to read entries: among hits of equal
// score, the more recent date ranks first, then the greater ID.
var entrySchema = textindex.Schema[ID, Entry]{
	Key:   func(e *Entry) ID { return e.ID },
	Texts: entryTexts,
	Before: func(a, b *Entry) bool {
		if a.Date != b.Date {
			return a.Date.After(b.Date)
		}
		return a.ID.String() > b.ID.String()
	},
	Clone: Entry.Clone,
}

// BuildIndex reads the whole journal into the in-memory search index. Search
// builds it on first use; the app calls this right after unlock, off the UI
// thread, so the first search is instant. The key space is cut into one
// range per core (at table boundaries Badger reports), and each range is
// read, decrypted, decoded and indexed in parallel.
func (j *Journal) BuildIndex() error {
	j.idxMu.Lock()
	if j.index != nil {
		j.idxMu.Unlock()
		return nil
	}
	if ch := j.building; ch != nil { // another build runs: wait for it
		j.idxMu.Unlock()
		<-ch
		return nil
	}
	done := make(chan struct{})
	j.building, j.pending = done, nil
	j.idxMu.Unlock()
	x, err := j.buildIndex()
	j.idxMu.Lock()
	if err == nil {
		// Changes committed while the store was read are applied again;
		// put and remove are idempotent, so overlap does no harm.
		for _, f := range j.pending {
			f(x)
		}
		// Not j.mu: Close holds it while it waits for idxMu, which this
		// holds. Close clears the index after it anyway.
		if !j.closing.Load() {
			j.index = x
		} else {
			err = ErrLocked
		}
	}
	j.building, j.pending = nil, nil
	close(done)
	j.idxMu.Unlock()
	if err == nil && x.Len() >= releaseAfterIndexing {
		// Reading and merging the parts left about as much garbage as
		// the index itself, which Go would keep for a long while.
		debug.FreeOSMemory()
	}
	return err
}

// releaseAfterIndexing is the number of entries from which BuildIndex hands
// the garbage of the build back to the operating system: a forced collection
// costs a few milliseconds, small next to building such an index.
const releaseAfterIndexing = 1000

func (j *Journal) buildIndex() (*entryIndex, error) {
	workers := max(1, runtime.GOMAXPROCS(0))
	j.mu.RLock()
	var splits [][]byte
	if j.db != nil {
		splits = entrySplits(j.db.Tables(), workers)
	}
	j.mu.RUnlock()
	bounds := append(append([][]byte{{kindEntry}}, splits...), []byte{kindEntry + 1})
	n := len(bounds) - 1
	parts := make([]*textindex.Part[Entry], n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			part := textindex.NewPart(entryTexts)
			errs[w] = j.view(func(txn *badger.Txn) error {
				o := badger.DefaultIteratorOptions
				o.Prefix = []byte{kindEntry}
				it := txn.NewIterator(o)
				defer it.Close()
				for it.Seek(bounds[w]); it.Valid(); it.Next() {
					if j.stopping() {
						return ErrLocked
					}
					item := it.Item()
					k := item.Key()
					if string(k) >= string(bounds[w+1]) {
						break
					}
					if len(k) != 17 {
						continue
					}
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
					if e.Tags == nil {
						e.Tags = []string{}
					}
					part.Add(e)
				}
				return nil
			})
			parts[w] = part
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return textindex.Merge(entrySchema, parts), nil
}

// entrySplits picks up to parts-1 keys that cut the entry keys into ranges
// of about equal size, from the tables' first keys and key counts.
func entrySplits(tables []badger.TableInfo, parts int) [][]byte {
	type cut struct {
		key   []byte
		count uint32
	}
	var cuts []cut
	var total uint64
	for _, t := range tables {
		if len(t.Left) < 8 {
			continue
		}
		left := t.Left[:len(t.Left)-8] // drop Badger's version suffix
		if len(left) == 0 || left[0] != kindEntry {
			continue
		}
		cuts = append(cuts, cut{left, t.KeyCount})
		total += uint64(t.KeyCount)
	}
	if parts < 2 || len(cuts) < 2 {
		return nil
	}
	sort.Slice(cuts, func(a, b int) bool { return string(cuts[a].key) < string(cuts[b].key) })
	var out [][]byte
	var seen uint64
	next := 1
	for _, c := range cuts {
		if next >= parts {
			break
		}
		if seen >= total*uint64(next)/uint64(parts) && seen > 0 {
			out = append(out, c.key)
			next++
		}
		seen += uint64(c.count)
	}
	return out
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
	if len(textindex.Terms(query)) == 0 {
		return nil, ErrEmptyQuery
	}
	j.mu.RLock()
	open := j.db != nil
	j.mu.RUnlock()
	if !open {
		return nil, ErrLocked
	}
	j.idxMu.Lock()
	x := j.index
	j.idxMu.Unlock()
	if x == nil {
		if err := j.BuildIndex(); err != nil {
			return nil, err
		}
		j.idxMu.Lock()
		x = j.index
		j.idxMu.Unlock()
		if x == nil {
			return nil, ErrLocked
		}
	}
	found := x.Search(query, limit)
	hits := make([]Hit, len(found))
	for i, h := range found {
		hits[i] = Hit{Entry: h.Doc, Score: h.Score, TitleMarks: h.TitleMarks,
			Snippet: h.Snippet, SnippetMarks: h.SnippetMarks, SnippetFromPrompt: h.SnippetFromPrompt}
		for t, tag := range h.Doc.Tags {
			if m := h.Marker.Mark(tag); len(m) > 0 {
				if hits[i].TagMarks == nil {
					hits[i].TagMarks = make([][]Span, len(h.Doc.Tags))
				}
				hits[i].TagMarks[t] = m
			}
		}
	}
	return hits, nil
}

// indexed applies a change to the search index, when one is built.
func (j *Journal) indexed(fn func(x *entryIndex)) {
	j.idxMu.Lock()
	defer j.idxMu.Unlock()
	if j.index != nil {
		fn(j.index)
	} else if j.building != nil {
		j.pending = append(j.pending, fn) // replayed when the build ends
	}
}
