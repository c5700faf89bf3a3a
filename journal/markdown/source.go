package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"candor/journal"
	"candor/journal/imports"
	"candor/journal/internal/fsx"
)

// importBudget is how many bytes one ReadSource reads at most, over all
// its files; tests make it smaller.
var importBudget int64 = imports.MaxBytes

// skippedFolders are folders of other tools' settings, trash and
// dependencies, left out of an import quietly (hidden folders, such as
// .obsidian, .trash and .git, are left out too).
var skippedFolders = map[string]bool{"logseq": true, "node_modules": true}

// isMarkdownName reports whether a file name has a Markdown extension.
func isMarkdownName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return true
	}
	return false
}

// exportIndexStart starts the index.md that Candor's folder export writes
// beside the entries; that file is no entry.
var exportIndexStart = []byte("# Candor journal\n")

// ReadSource reads a Markdown import source: a folder (Candor's own
// export, an Obsidian vault, a Logseq graph, a blog's posts, any notes) or
// one Markdown file. Everything is read and checked before anything is
// written; a source that cannot be read at all is an error, and no single
// file ever is:
//
//   - A file of Candor's own export (front matter with its id, created,
//     updated and the other fields) comes back exactly as exported, with
//     no Source: same ID, fields, times and body bytes.
//   - Any other note comes back with Source "markdown:" and its path in
//     the folder (slash-separated), an ID from that path (see noteID), and
//     Fields of what a note holds: title, body, date and tags, and the
//     time when the note gives one; never area, rating or role, so what
//     the user set in Candor stays. Its date is the front matter's date or
//     created (YAML dates and times, or English words such as "Sep 14th,
//     2020"), a title that is a date, or a date in the file's name
//     (2021-01-05, 2021_01_05, 05-01-2021, 05.01.2021, 20210105, with
//     text before or after it); a time of day given with it is kept as
//     Created, in UTC (local time when no zone is given), while Date stays
//     the day as written. Its title is the front matter's title, else a
//     heading that starts the note (taken out of the body), else its first
//     line, cut near 100 characters. Its tags are the front matter's tags
//     or tag (a list, or one string split at commas or spaces), Logseq
//     tags:: lines, and #tags in the text outside code.
//   - A note with no date anywhere is listed in Skipped, and so is a link
//     to a folder (links are never followed).
//   - A file that cannot be read is listed in Problems, all of them at
//     once: broken front matter, a date that is not a real day, a date
//     value that cannot be read, a file over imports.MaxFileBytes, a
//     symbolic link, FIFO or device, a file or folder without permission.
//     Past imports.MaxBytes over the whole folder, the files left
//     are not read and one problem says how many.
//
// Hidden files and folders (.obsidian, .trash, .git), Logseq's settings
// folder logseq/, node_modules, files that are not Markdown and the
// export's own index.md are left out quietly.
func ReadSource(path string) (imports.Source, error) {
	var src imports.Source
	info, err := os.Stat(path)
	if err != nil {
		return src, fmt.Errorf("reading %s: %w", path, err)
	}
	// The folder the user chose may itself be a link; nothing inside it is
	// followed.
	base := path
	if r, err := filepath.EvalSymlinks(path); err == nil {
		base = r
	}
	var rels []string
	show := func(rel string) string { return filepath.Join(path, filepath.FromSlash(rel)) }
	if !info.IsDir() {
		rels = []string{filepath.Base(base)}
		base = filepath.Dir(base)
		show = func(string) string { return path }
	} else {
		err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
			if p == base {
				return err
			}
			rel, rerr := filepath.Rel(base, p)
			if rerr != nil {
				return rerr
			}
			rel = filepath.ToSlash(rel)
			if err != nil {
				src.Problems = append(src.Problems, readProblem(show(rel), p, err))
				return nil
			}
			name := d.Name()
			switch {
			case strings.HasPrefix(name, "."):
				if d.IsDir() {
					return filepath.SkipDir
				}
			case d.IsDir():
				if skippedFolders[name] {
					return filepath.SkipDir
				}
			case d.Type()&fs.ModeSymlink != 0 && !isMarkdownName(name):
				if st, err := os.Stat(p); err == nil && st.IsDir() {
					src.Skipped = append(src.Skipped, &imports.Problem{Path: show(rel), Msg: "a link to a folder: links are not followed"})
				}
			case isMarkdownName(name):
				// Read later; a link, FIFO or device is refused then.
				rels = append(rels, rel)
			}
			return nil
		})
		if err != nil {
			return imports.Source{}, fmt.Errorf("reading %s: %w", path, err)
		}
	}
	sort.Strings(rels)

	type result struct {
		in      imports.Incoming
		prob    *imports.Problem
		skip    bool
		ignored bool // the export's index.md
		unread  bool // past the budget
	}
	results := make([]result, len(rels))
	budget := fsx.NewBudget(importBudget)
	var spent atomic.Bool
	jobs := make(chan int)
	var wg sync.WaitGroup
	// Reading a file mostly waits on the disk: more readers than cores.
	for w := 0; w < min(2*runtime.GOMAXPROCS(0), len(rels)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				rel, r := rels[i], &results[i]
				file := filepath.Join(base, filepath.FromSlash(rel))
				if spent.Load() {
					r.unread = true
					continue
				}
				data, err := budget.ReadFile(file, imports.MaxFileBytes)
				if err != nil {
					if errors.Is(err, fsx.ErrTooBig) && !overFileCap(file) {
						spent.Store(true)
						r.unread = true
					} else {
						r.prob = readProblem(show(rel), file, err)
					}
					continue
				}
				if rel == "index.md" && bytes.HasPrefix(data, exportIndexStart) {
					r.ignored = true
					continue
				}
				r.in, r.prob, r.skip = readNote(show(rel), rel, data)
			}
		}()
	}
	for i := range rels {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	seen := map[journal.ID]string{}
	unread := 0
	for i, r := range results {
		switch {
		case r.unread:
			unread++
		case r.ignored:
		case r.skip:
			src.Skipped = append(src.Skipped, r.prob)
		case r.prob != nil:
			src.Problems = append(src.Problems, r.prob)
		default:
			if other, dup := seen[r.in.Entry.ID]; dup {
				src.Problems = append(src.Problems, &imports.Problem{Path: show(rels[i]), Msg: "has the same entry ID as " + show(other)})
				continue
			}
			seen[r.in.Entry.ID] = rels[i]
			src.Items = append(src.Items, r.in)
		}
	}
	if unread > 0 {
		src.Problems = append(src.Problems, &imports.Problem{Path: path,
			Msg: fmt.Sprintf("%d %s not read: together the files pass %s, the most one import may read", unread, plural(unread, "file was", "files were"), fsx.Size(importBudget))})
	}
	sort.SliceStable(src.Problems, func(a, b int) bool { return src.Problems[a].Path < src.Problems[b].Path })
	sort.SliceStable(src.Skipped, func(a, b int) bool { return src.Skipped[a].Path < src.Skipped[b].Path })
	return src, nil
}

// overFileCap reports whether the file at path is bigger than one file of
// an import may be (rather than the import as a whole passing its budget).
func overFileCap(path string) bool {
	st, err := os.Lstat(path)
	return err == nil && st.Size() > imports.MaxFileBytes
}

// readProblem says why the file or folder shown as show (read at path)
// could not be read, without repeating its path.
func readProblem(show, path string, err error) *imports.Problem {
	msg := strings.TrimPrefix(err.Error(), path+": ")
	switch {
	case errors.Is(err, fsx.ErrNotRegular):
		msg = "not read: it is " + strings.TrimPrefix(msg, fsx.ErrNotRegular.Error()+" ")
		msg = strings.NewReplacer("(", "", ")", "").Replace(msg) + "; only plain files are read"
	case errors.Is(err, fsx.ErrTooBig):
		msg = "not read: it is " + strings.TrimPrefix(msg, fsx.ErrTooBig.Error()+": ")
	case errors.Is(err, fs.ErrPermission):
		msg = "cannot be read: permission denied"
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			msg = pe.Err.Error()
		}
		msg = "cannot be read: " + msg
	}
	return &imports.Problem{Path: show, Msg: msg}
}

// plural picks the singular or plural words for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
