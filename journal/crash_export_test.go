//go:build unix

package journal_test

import (
	"candor/journal"
	"candor/journal/markdown"
)

func init() {
	journal.MixExport = func(j *journal.Journal, out string, from, to journal.Date) (int, error) {
		return markdown.Export(j, out, markdown.Options{From: from, To: to})
	}
}
