package journal

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// stableID derives an entry ID from where an entry came from, so importing
// the same source twice finds the same entries.
func stableID(parts ...string) ID {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	var id ID
	copy(id[:], h.Sum(nil))
	return id
}

// ImportSummary says what an import did.
type ImportSummary struct {
	Imported, Updated, Unchanged int
}

// maxImportFile bounds one source file; a bigger one is reported.
const maxImportFile = 4 << 20

// ReadMarkdownFolder parses every .md file under dir (but a top-level
// index.md), or the single file dir names. It reads and checks everything
// before anything is written; the first problem is returned with its file
// and line.
func ReadMarkdownFolder(dir string) ([]Entry, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	var files []string
	if !info.IsDir() {
		files = []string{dir}
	} else {
		err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".md") {
				return nil
			}
			if filepath.Dir(p) == dir && d.Name() == "index.md" {
				return nil // the export's own index
			}
			files = append(files, p)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", dir, err)
		}
	}
	sort.Strings(files)
	var out []Entry
	seen := map[ID]string{}
	for _, p := range files {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		if info.Size() > maxImportFile {
			return nil, &ImportProblem{Path: p, Msg: "the file is larger than 4 MiB"}
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		e, err := ParseMarkdownEntry(p, data)
		if err != nil {
			return nil, err
		}
		if other, dup := seen[e.ID]; dup {
			return nil, &ImportProblem{Path: p, Msg: "the same entry ID as " + other}
		}
		seen[e.ID] = p
		out = append(out, e)
	}
	return out, nil
}

// Import stores entries that come with their IDs and times (from an export
// or another tool): a new ID is added, a known one with other content is
// updated, and an identical one is left alone. Entries are validated
// before anything is written.
func (j *Journal) Import(entries []Entry, progress func(done int)) (ImportSummary, error) {
	var sum ImportSummary
	for i := range entries {
		entries[i].Normalize()
		if err := entries[i].Validate(); err != nil {
			return sum, fmt.Errorf("entry %d: %w", i+1, err)
		}
		if entries[i].ID.IsZero() {
			return sum, fmt.Errorf("entry %d has no ID", i+1)
		}
	}
	// Write in transactions of about 512 KiB (Badger refuses very large
	// ones); each is atomic and re-running an import is harmless.
	const batchBytes = 512 << 10
	for start := 0; start < len(entries); {
		end, size := start, 0
		for end < len(entries) && (end == start || size+len(entries[end].Body)+1024 < batchBytes) {
			size += len(entries[end].Body) + 1024
			end++
		}
		var added []Entry
		var s ImportSummary
		err := j.update(func(txn *badger.Txn) error {
			s, added = ImportSummary{}, nil
			for i := start; i < end; i++ {
				e := entries[i]
				old, err := j.getEntry(txn, e.ID)
				switch {
				case errors.Is(err, ErrNotFound):
					s.Imported++
				case err != nil:
					return err
				case reflect.DeepEqual(old, e):
					s.Unchanged++
					continue
				default:
					s.Updated++
					if old.Date != e.Date {
						if err := txn.Delete(dateKey(old.Date, old.ID)); err != nil {
							return err
						}
					}
				}
				if e.Created.IsZero() {
					e.Created = j.now()
				}
				if e.Updated.IsZero() {
					e.Updated = e.Created
				}
				if err := j.putEntry(txn, &e); err != nil {
					return err
				}
				added = append(added, e)
			}
			return nil
		})
		if err != nil {
			return sum, err
		}
		for _, e := range added {
			j.indexed(func(x *entryIndex) { x.Put(e) })
		}
		sum.Imported += s.Imported
		sum.Updated += s.Updated
		sum.Unchanged += s.Unchanged
		start = end
		if progress != nil {
			progress(start)
		}
	}
	return sum, nil
}
