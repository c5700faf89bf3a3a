package importers

import (
	"errors"
	"os"

	"candor/journal"
)

// ReadDayOneSource reads a Day One export (a JSON file, the .zip holding
// it, the folder an unzipped export leaves, or a Day One Classic folder of
// .doentry files) as an import source.
func ReadDayOneSource(path string) (journal.ImportSource, error) {
	return asSource(ReadDayOne(path))
}

// ReadJrnlSource reads a jrnl plain-text journal as an import source.
func ReadJrnlSource(path string) (journal.ImportSource, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return journal.ImportSource{}, err
	}
	return asSource(ParseJrnl(path, data))
}

// asSource turns what a reader returned into an import source: a problem
// in a file is listed, any other error returned.
func asSource(entries []journal.Entry, err error) (journal.ImportSource, error) {
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
