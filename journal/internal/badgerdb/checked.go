package badgerdb

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"candor/journal/internal/dbcheck"
	"candor/journal/internal/fsx"
	"candor/journal/internal/layout"
)

// Checking every block of every table costs an open about 3 ms per MB of
// tables (some 300 ms for 100,000 entries), and Badger never changes a
// table once written. So a clean close remembers the tables the open found
// sound (layout.CheckedTables: names, sizes, times and index checksums, no
// text), and the next open checks only their footers, indexes and last
// blocks, all that Badger reads of them when it opens; it still checks
// every block of a table it does not know. Badger checks each other block
// when it reads it (options.OnBlockRead).
//
// The open removes the file before Badger starts, and only a clean close
// writes it again: should damage that slipped past make Badger panic in the
// middle of a session, the next open checks every block and reports it.

// checkedHeader is the first line of the file, with its version.
const checkedHeader = "candor checked tables 1"

// maxChecked bounds the file read: a line per table.
const maxChecked = 1 << 20

// Checked is what an open found sound of a journal's tables, to remember at
// a clean close.
type Checked struct {
	dir    string
	tables dbcheck.Known
}

// takeChecked reads and removes the tables remembered for the journal in
// dir. A missing, damaged or unremovable file gives none: every block is
// checked.
func takeChecked(dir string) dbcheck.Known {
	p := filepath.Join(dir, layout.CheckedTables)
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	data, readErr := io.ReadAll(io.LimitReader(f, maxChecked+1))
	f.Close()
	if os.Remove(p) != nil {
		return nil // it would outlive a crash of this session
	}
	if readErr != nil || len(data) > maxChecked {
		return nil
	}
	return parseChecked(data)
}

// parseChecked reads the file's lines: the header, then a table per line,
// "NAME SIZE MODIFIED INDEX". Anything else gives nil.
func parseChecked(data []byte) dbcheck.Known {
	sc := bufio.NewScanner(bytes.NewReader(data))
	if !sc.Scan() || sc.Text() != checkedHeader {
		return nil
	}
	known := dbcheck.Known{}
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 4 || !strings.HasSuffix(f[0], ".sst") || strings.ContainsAny(f[0], `/\`) {
			return nil
		}
		size, err1 := strconv.ParseInt(f[1], 10, 64)
		mod, err2 := strconv.ParseInt(f[2], 10, 64)
		idx, err3 := strconv.ParseUint(f[3], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil {
			return nil
		}
		known[f[0]] = dbcheck.TableSum{Size: size, Modified: mod, Index: idx}
	}
	if sc.Err() != nil {
		return nil
	}
	return known
}

// Remember writes, for the next open, the tables the open checked that
// are still as they were. Call it only after the database closed cleanly.
// Failing to write costs the next open a full check, nothing else.
func (c *Checked) Remember() error {
	if c == nil {
		return nil
	}
	var b strings.Builder
	b.WriteString(checkedHeader + "\n")
	names := make([]string, 0, len(c.tables))
	for name := range c.tables {
		names = append(names, name)
	}
	slices.Sort(names)
	dbDir := filepath.Join(c.dir, layout.DBDir)
	for _, name := range names {
		ts := c.tables[name]
		st, err := os.Stat(filepath.Join(dbDir, name))
		if err != nil || st.Size() != ts.Size || st.ModTime().UnixNano() != ts.Modified {
			continue // compacted away since, or changed
		}
		fmt.Fprintf(&b, "%s %d %d %d\n", name, ts.Size, ts.Modified, ts.Index)
	}
	return fsx.WriteFileAtomic(filepath.Join(c.dir, layout.CheckedTables), []byte(b.String()))
}

// Forget removes what the journal in dir remembers of its tables, so that
// its next open checks every block of every table.
func Forget(dir string) error {
	err := os.Remove(filepath.Join(dir, layout.CheckedTables))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}
