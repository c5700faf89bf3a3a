package markdown

import (
	"errors"

	"candor/journal"
)

// ReadSource reads a Markdown import source: a folder (Candor's own export,
// or notes kept by another tool) or one file. Every file that cannot be
// read is listed in Problems, notes with no date anywhere in Skipped; an
// error is returned only when the source as a whole cannot be read.
func ReadSource(path string) (journal.ImportSource, error) {
	entries, err := ReadFolder(path)
	var p *journal.ImportProblem
	if errors.As(err, &p) {
		return journal.ImportSource{Problems: []*journal.ImportProblem{p}}, nil
	}
	if err != nil {
		return journal.ImportSource{}, err
	}
	src := journal.ImportSource{}
	for _, e := range entries {
		src.Items = append(src.Items, journal.Incoming{Entry: e})
	}
	return src, nil
}
