package layout

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Backup describes one backup file in a journal's backups folder.
type Backup struct {
	// Path is the backup file.
	Path string
	// Day is midnight UTC of the day an automatic backup was made, from its
	// name; it is zero for a backup made by hand under another name.
	Day time.Time
	// Modified is when the file was written.
	Modified time.Time
	// Size is the file's size in bytes.
	Size int64
}

// Backups returns the folder inside the journal in dir that holds its
// automatic backups.
func Backups(dir string) string { return filepath.Join(dir, BackupsDir) }

// AutoBackupName is the file name of the automatic backup of day, written
// YYYY-MM-DD.
func AutoBackupName(day string) string { return "candor-" + day + ".backup" }

// ListBackups returns the backups in the journal's backups folder, newest
// first (by the day an automatic backup's name gives, else by the day the
// file was written, then by the time it was written). parseDay reads the
// day in an automatic backup's name as midnight UTC, and says whether it is
// one. It needs no passphrase and works on a damaged journal; a missing
// folder gives an empty list.
func ListBackups(dir string, parseDay func(string) (time.Time, bool)) ([]Backup, error) {
	ents, err := os.ReadDir(Backups(dir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the backups folder: %w", err)
	}
	var out []Backup
	for _, e := range ents {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".backup") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		b := Backup{Path: filepath.Join(Backups(dir), e.Name()), Modified: info.ModTime(), Size: info.Size()}
		if s, ok := strings.CutPrefix(strings.TrimSuffix(e.Name(), ".backup"), "candor-"); ok {
			if d, ok := parseDay(s); ok {
				b.Day = d
			}
		}
		out = append(out, b)
	}
	// Newest first: by the day in the name (the day it stands for), else by
	// the day the file was written, in its own time zone.
	day := func(b Backup) int {
		t := b.Modified
		if !b.Day.IsZero() {
			t = b.Day
		}
		y, m, d := t.Date()
		return y*10000 + int(m)*100 + d
	}
	sort.SliceStable(out, func(a, b int) bool {
		da, db := day(out[a]), day(out[b])
		if da != db {
			return da > db
		}
		return out[a].Modified.After(out[b].Modified)
	})
	return out, nil
}

// PruneAutoBackups keeps the newest BackupsKept automatic backups in the
// backups folder dir (their names hold their days, which sort as text) and
// removes the older ones.
func PruneAutoBackups(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "candor-") && strings.HasSuffix(e.Name(), ".backup") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names) // dates sort as text
	for len(names) > BackupsKept {
		os.Remove(filepath.Join(dir, names[0]))
		names = names[1:]
	}
	return nil
}
