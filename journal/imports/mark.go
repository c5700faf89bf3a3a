package imports

import (
	"encoding/json"
	"fmt"
	"time"

	"candor/journal"
)

// mark is the record of an import in progress (journal.ImportMark).
type mark struct {
	Source  string    `json:"source"`
	Total   int       `json:"total"`
	Started time.Time `json:"started"`
}

// Begin records in j that an import of total entries from source (a path,
// as the user gave it) starts. From writes in batches, each one
// transaction: should it be cut short, the mark stays, and Unfinished
// tells the next open. Call End when it is done. A mark left by an
// earlier import is replaced.
func Begin(j *journal.Journal, source string, total int) error {
	plain, err := json.Marshal(mark{Source: source, Total: total, Started: j.Now()})
	if err != nil {
		return err
	}
	defer clear(plain)
	return j.SetRecord(journal.ImportMark, plain)
}

// End removes the mark Begin left in j: the import is complete. It does
// nothing when there is none.
func End(j *journal.Journal) error { return j.SetRecord(journal.ImportMark, nil) }

// Unfinished reports an import into j that began and never ended: its
// source and how many entries it was to bring, with ok set; ok is false
// when every import finished.
func Unfinished(j *journal.Journal) (source string, total int, ok bool, err error) {
	plain, err := j.Record(journal.ImportMark)
	if err != nil || plain == nil {
		return "", 0, false, err
	}
	var m mark
	if err := json.Unmarshal(plain, &m); err != nil {
		return "", 0, false, fmt.Errorf("%w: the record of an import in progress cannot be decoded", journal.ErrDamaged)
	}
	return m.Source, m.Total, true, nil
}
