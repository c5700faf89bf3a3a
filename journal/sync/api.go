package sync

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"candor/journal"
)

// Computer is another computer of a synced journal, as this one knows it.
type Computer struct {
	// ID is its device ID (hex); Name its host name, as its files say.
	ID, Name string
	// Seen is when a file of it was last read here.
	Seen time.Time
}

// Status says where a journal syncs and how it stands.
type Status struct {
	// Folder is the remembered folder; empty when the journal never
	// synced.
	Folder string
	// Device is this computer's device ID (hex).
	Device string
	// LastSync is when the last sync ended well.
	LastSync time.Time
	// Computers are the other computers seen, most recently seen first.
	Computers []Computer
	// Pending counts the entries changed here since the last sync.
	Pending int
	// Conflicts counts the conflict copies in the journal.
	Conflicts int
}

// StatusOf returns the sync status of j.
func StatusOf(j *journal.Journal) (Status, error) {
	raw, err := j.Record(journal.SyncMeta)
	if err != nil || raw == nil {
		return Status{}, err
	}
	m, err := decodeMeta(raw)
	if err != nil {
		return Status{}, fmt.Errorf("%w: sync's record does not decode", journal.ErrDamaged)
	}
	st := Status{Folder: m.Folder, Device: hex.EncodeToString(m.Device[:]), LastSync: m.LastSync}
	for d, p := range m.Peers {
		st.Computers = append(st.Computers, Computer{ID: hex.EncodeToString(d[:]), Name: p.Name, Seen: p.Seen})
	}
	sort.Slice(st.Computers, func(a, b int) bool { return st.Computers[a].Seen.After(st.Computers[b].Seen) })
	seen := map[journal.ID]bool{}
	if _, err := j.Changed(m.Covered, func(id journal.ID, _ time.Time) error {
		if !seen[id] {
			seen[id] = true
			se, err := syncEntry(j, id)
			if err != nil {
				return err
			}
			if l, err := wrap(se); err == nil && l.changedHere() {
				st.Pending++
			}
		}
		return nil
	}); err != nil {
		return st, err
	}
	st.Conflicts = len(m.Copies)
	return st, nil
}

// Join creates this computer's journal in dir from the synced journal in
// folder: a copy of a key file there (each computer leaves its own;
// passphrase must open one of them: the one in force on that computer when
// it last synced), then a first sync that reads every entry. The journal
// is returned unlocked. dir must be empty or missing.
func Join(dir, folder string, passphrase []byte, jopts *journal.Options, opt *Options) (*journal.Journal, Report, error) {
	folder, err := filepath.Abs(folder)
	if err != nil {
		return nil, Report{}, err
	}
	base := filepath.Join(folder, syncDirName)
	if _, err := os.Stat(base); err != nil {
		return nil, Report{}, fmt.Errorf("%w: %s has no %s folder", ErrNotSynced, folder, syncDirName)
	}
	type copyFile struct {
		path string
		mod  time.Time
	}
	var keys []copyFile
	filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && isKeyCopy(d.Name()) {
			if info, err := d.Info(); err == nil {
				keys = append(keys, copyFile{p, info.ModTime()})
			}
		}
		return nil
	})
	if len(keys) == 0 {
		return nil, Report{}, fmt.Errorf("%w: no key file in %s", ErrNotSynced, base)
	}
	// The newest copies first: the passphrase most likely in force.
	sort.Slice(keys, func(a, b int) bool { return keys[a].mod.After(keys[b].mod) })
	var j *journal.Journal
	err = journal.ErrWrongPassphrase
	for _, k := range keys {
		kf, rerr := readFile(k.path)
		if rerr != nil {
			continue
		}
		j, err = journal.InitFromKeyFile(dir, kf, passphrase, jopts)
		if err == nil || !errors.Is(err, journal.ErrWrongPassphrase) && !errors.Is(err, journal.ErrKeyFileDamaged) {
			break
		}
	}
	if j == nil {
		return nil, Report{}, err
	}
	r, err := Sync(j, folder, opt)
	if err != nil {
		j.Close()
		return nil, r, err
	}
	return j, r, nil
}

// UpdateKeyCopy writes j's key file into its sync folder's copy, after a
// passphrase change, so a new computer joins with the new passphrase. It
// does nothing for a journal that never synced.
func UpdateKeyCopy(j *journal.Journal) error {
	raw, err := j.Record(journal.SyncMeta)
	if err != nil || raw == nil {
		return err
	}
	running.Lock()
	defer running.Unlock()
	s, err := start(j, "", nil)
	if err != nil {
		return err
	}
	return s.keyCopy(true)
}

// ConflictOf returns the entry that the conflict copy id shows another
// version of; ok is false when id is not a conflict copy.
func ConflictOf(j *journal.Journal, id journal.ID) (journal.ID, bool, error) {
	se, err := syncEntry(j, id)
	if err != nil || se.State == nil {
		return journal.ID{}, false, err
	}
	st, err := decodeState(id, se.State)
	if err != nil || st.CopyOf == (journal.ID{}) {
		return journal.ID{}, false, nil
	}
	return st.CopyOf, true, nil
}

// KeepThisOne settles a conflict with the copy's version: the entry takes
// the copy's content (without the conflict tag) and the copy goes. The next
// sync carries the choice to the other computers.
func KeepThisOne(j *journal.Journal, copy journal.ID) error {
	orig, ok, err := ConflictOf(j, copy)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("this entry is not a conflict copy")
	}
	c, err := j.Get(copy)
	if err != nil {
		return err
	}
	e := c.Clone()
	e.ID = orig
	e.Tags = withoutTag(e.Tags, ConflictTag)
	if _, err := j.Update(e); err != nil {
		return err
	}
	return j.Delete(copy)
}

// KeepBoth settles a conflict by keeping the copy as an entry of its own:
// it loses its conflict tag.
func KeepBoth(j *journal.Journal, copy journal.ID) error {
	if _, ok, err := ConflictOf(j, copy); err != nil || !ok {
		if err == nil {
			err = errors.New("this entry is not a conflict copy")
		}
		return err
	}
	c, err := j.Get(copy)
	if err != nil {
		return err
	}
	c.Tags = withoutTag(c.Tags, ConflictTag)
	_, err = j.Update(c)
	return err
}

func withoutTag(tags []string, tag string) []string {
	out := []string{}
	for _, t := range tags {
		if t != tag {
			out = append(out, t)
		}
	}
	return out
}
