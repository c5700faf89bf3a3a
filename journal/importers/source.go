package importers

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"candor/journal/imports"
	"candor/journal/internal/fsx"
)

// ReadDayOneSource reads a Day One export as an import source: the JSON
// file, the .zip holding it (or several, one per journal), the folder an
// unzipped export leaves, or a Day One Classic journal (a folder of
// .doentry files, or its entries folder). Files that cannot be read are
// listed as problems, all of them; entries with no text and no attachment
// are skipped and listed. Every entry's source key is "dayone:<UUID>" and
// its ID is the UUID itself, so a newer export of the same journal updates
// the entries imported before. When two entries carry the same UUID (a
// sync tool's conflicted copy of a .doentry file), both are imported: the
// one in the file named after the UUID, or else the first by file name,
// keeps it, the other gets the key "dayone:<UUID>#<file>" and is listed in
// Skipped with a remark.
func ReadDayOneSource(path string) (imports.Source, error) {
	info, err := os.Stat(path)
	if err != nil {
		return imports.Source{}, fmt.Errorf("reading %s: %w", path, err)
	}
	d := &dayOneReader{budget: newBudget(), zones: map[string]*time.Location{}}
	if info.IsDir() {
		err = d.readFolder(path)
	} else {
		err = d.readFile(path)
	}
	if err == nil {
		err = d.build()
	}
	if err != nil {
		return imports.Source{}, err
	}
	return d.c.finish(path), nil
}

// ReadJrnlSource reads the jrnl journal at path (a regular file, at most
// MaxJournalFileBytes) as an import source.
func ReadJrnlSource(path string) (imports.Source, error) {
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return imports.Source{}, fmt.Errorf("reading %s: %w", path, err)
	case info.IsDir():
		return imports.Source{}, fmt.Errorf("%s is a folder; Candor expected a jrnl journal, a single plain-text file", path)
	}
	data, err := newBudget().ReadFile(path, journalFileCap)
	if err != nil {
		return imports.Source{Problems: []*imports.Problem{readProblem(path, err)}}, nil
	}
	return ParseJrnl(path, data)
}

// newBudget is the byte budget of one import.
func newBudget() *fsx.Budget { return fsx.NewBudget(imports.MaxBytes) }

// readProblem describes a file that could not be read.
func readProblem(path string, err error) *imports.Problem {
	msg := strings.TrimPrefix(err.Error(), path+": ")
	var pe *os.PathError
	switch {
	case errors.Is(err, fsx.ErrNotRegular):
		msg = strings.TrimPrefix(msg, "not a regular file ")
		msg = "not a plain file " + msg + "; Candor reads only plain files"
	case errors.As(err, &pe):
		msg = pe.Err.Error()
	}
	return &imports.Problem{Path: path, Msg: msg}
}
