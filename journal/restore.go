package journal

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
	"time"

	"candor/journal/internal/backupfmt"
	"candor/journal/internal/keyfile"
	"candor/journal/internal/layout"
	"candor/journal/internal/restorefs"
)

// BackupInfo describes one backup file in a journal's backups folder.
type BackupInfo struct {
	// Path is the backup file.
	Path string
	// Day is the day the automatic backup was made, from its name; it is
	// zero for a backup made by hand under another name.
	Day Date
	// Modified is when the file was written.
	Modified time.Time
	// Size is the file's size in bytes.
	Size int64
}

// BackupsDir returns the folder inside the journal in dir that holds its
// automatic backups.
func BackupsDir(dir string) string { return layout.Backups(dir) }

// ListBackups returns the backups in the journal's backups folder, newest
// first (by the day an automatic backup's name gives, else by the time the
// file was written). It needs no passphrase and works on a damaged journal; a missing
// folder gives an empty list.
func ListBackups(dir string) ([]BackupInfo, error) {
	list, err := layout.ListBackups(dir, func(s string) (time.Time, bool) {
		d, err := ParseDate(s)
		return d.Time(time.UTC), err == nil
	})
	var out []BackupInfo
	for _, b := range list {
		info := BackupInfo{Path: b.Path, Modified: b.Modified, Size: b.Size}
		if !b.Day.IsZero() {
			info.Day = DateOf(b.Day)
		}
		out = append(out, info)
	}
	return out, err
}

// RestoreInPlace replaces the journal in dir with the backup file at path,
// unlocked with the passphrase that was in force when the backup was made.
// Nothing is deleted: the journal it replaces, damaged or not, is moved
// beside dir under a name ending in ".replaced-" and the time, which it
// returns, and the backups folder moves into the restored journal. The
// backup is restored and checked in a hidden folder first, so a wrong
// passphrase or a damaged backup leaves dir exactly as it was.
//
// The journal must be closed; RestoreInPlace takes it for the duration and
// refuses with ErrInUse when another process holds it.
func RestoreInPlace(dir, path string, passphrase []byte, now time.Time) (kept string, err error) {
	return restorefs.InPlace(dir, now, func(staging string) error { return Restore(path, staging, passphrase) })
}

// Restore recreates a journal in dir (which must not exist or be empty)
// from a backup file, unlocked with the passphrase that was in force when
// the backup was made. The restored journal is closed again.
func Restore(path, dir string, passphrase []byte) error {
	return restorefs.Restore(path, dir, passphrase, space, func(h *layout.Claim, u *keyfile.Unsealed, salt []byte, r *bufio.Reader) error {
		j, err := open(&Claim{dir: dir, h: h}, u, nil)
		if err != nil {
			return err
		}
		pr, err := backupfmt.NewReader(r, backupKey(u.Root[:], u.JournalID[:], salt))
		if err != nil {
			j.Close()
			return err
		}
		err = j.db.Load(pr, 256)
		pr.CloseWithError(err)
		if err == nil {
			// A restored journal syncs as a computer of its own: the backup
			// may be restored on another computer while this one goes on.
			err = j.SetRecord(SyncMeta, nil)
		}
		if cerr := j.Close(); err == nil {
			err = cerr
		}
		if err != nil && (errors.Is(err, ErrBackupDamaged) || strings.Contains(err.Error(), "damaged")) {
			return ErrBackupDamaged
		}
		if err != nil {
			return fmt.Errorf("restoring: %w", err)
		}
		return nil
	})
}
