package sync

import (
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	gosync "sync"
	"time"

	"golang.org/x/crypto/chacha20poly1305"

	"candor/journal"
	"candor/journal/internal/fsx"
	"candor/prompts"
)

// ConflictTag is the tag of a conflict copy.
const ConflictTag = "conflict"

// Errors a sync returns.
var (
	// ErrNoFolder says no folder was given and none is remembered.
	ErrNoFolder = errors.New("no sync folder: choose one with --folder")
	// ErrNotSynced says a folder holds no synced journal to join.
	ErrNotSynced = errors.New("the folder holds no synced Candor journal")
)

// Options tune a sync. The zero value is what Candor ships.
type Options struct {
	// Now replaces time.Now (tests use it).
	Now func() time.Time
	// Name is this computer's name as other computers see it; empty means
	// the host name.
	Name string
}

func (o *Options) now() time.Time {
	if o != nil && o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *Options) name() string {
	if o != nil && o.Name != "" {
		return o.Name
	}
	h, _ := os.Hostname()
	if h == "" {
		h = "a computer"
	}
	return h
}

// Report says what a sync did.
type Report struct {
	// Folder is the folder synced through.
	Folder string
	// Sent counts the versions this computer wrote out, Received the
	// entries that changed here from other computers' files.
	Sent, Received int
	// Conflicts counts the conflict copies in the journal afterwards.
	Conflicts int
	// Unreadable names the files that could not be read, the first time
	// each is met (incomplete ones are tried again at the next sync).
	Unreadable []string
}

// running lets one sync run at a time in this process.
var running gosync.Mutex

// syncer is one sync of a journal.
type syncer struct {
	j      *journal.Journal
	opt    *Options
	aead   cipher.AEAD
	jid    [16]byte
	root   string // FOLDER/candor-sync/JOURNAL-ID
	m      *meta
	report Report
	// over holds the writes of a merge not yet committed, by entry, so
	// that what it reads next sees them.
	over map[journal.ID]entryWrite
}

// Sync writes this computer's changes into folder, reads the other
// computers' and merges them. An empty folder means the one remembered from
// the last sync. Only candor-sync/ inside folder is ever written.
func Sync(j *journal.Journal, folder string, opt *Options) (Report, error) {
	running.Lock()
	defer running.Unlock()
	s, err := start(j, folder, opt)
	if err != nil {
		return Report{}, err
	}
	// Files are read before the journal is held, then everything else
	// happens with no edit in between.
	files, err := s.readFolder()
	if err != nil {
		return s.report, err
	}
	err = j.SyncExclusive(func() error {
		if err := s.recover(files); err != nil {
			return err
		}
		if err := s.export(); err != nil {
			return err
		}
		if err := s.mergePrompts(files); err != nil {
			return err
		}
		if err := s.merge(files); err != nil {
			return err
		}
		if err := s.compact(); err != nil {
			return err
		}
		s.m.LastSync = s.opt.now()
		return s.commit(nil)
	})
	if err != nil {
		return s.report, err
	}
	if err := s.keyCopy(false); err != nil {
		return s.report, err
	}
	s.report.Conflicts = len(s.m.Copies)
	return s.report, nil
}

// start loads sync's record (making one on the first sync) and the keys.
func start(j *journal.Journal, folder string, opt *Options) (*syncer, error) {
	key, err := j.SyncSecret("seal")
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	id, err := j.SyncSecret("folder")
	if err != nil {
		return nil, err
	}
	s := &syncer{j: j, opt: opt, aead: aead}
	copy(s.jid[:], id)
	raw, err := j.Record(journal.SyncMeta)
	if err != nil {
		return nil, err
	}
	if raw == nil {
		s.m = &meta{Next: 1, Peers: map[Device]*peer{}, Copies: map[journal.ID]bool{}, Prompts: map[string]promptState{}}
		if _, err := rand.Read(s.m.Device[:]); err != nil {
			return nil, err
		}
	} else if s.m, err = decodeMeta(raw); err != nil {
		return nil, fmt.Errorf("%w: sync's record does not decode", journal.ErrDamaged)
	}
	if folder == "" {
		folder = s.m.Folder
	}
	if folder == "" {
		return nil, ErrNoFolder
	}
	if folder, err = filepath.Abs(folder); err != nil {
		return nil, err
	}
	if !fsx.IsDir(folder) {
		return nil, fmt.Errorf("the sync folder %s does not exist or is not a folder", folder)
	}
	s.m.Folder = folder
	s.report.Folder = folder
	s.root = filepath.Join(folder, syncDirName, hex.EncodeToString(s.jid[:]))
	if err := os.MkdirAll(s.deviceDir(s.m.Device), 0o700); err != nil {
		return nil, fmt.Errorf("creating the sync folder: %w", err)
	}
	return s, nil
}

func (s *syncer) deviceDir(d Device) string { return filepath.Join(s.root, hex.EncodeToString(d[:])) }

// commit stores writes and sync's record.
func (s *syncer) commit(writes []entryWrite) error {
	return commitWrites(s.j, writes, s.m.encode(), s.m.Covered)
}

// tick returns the next clock reading of this computer, for a change made
// at: after every reading this computer has made or seen.
func (s *syncer) tick(at time.Time) Clock {
	s.m.Clock = tick(s.m.Clock, s.m.Device, at)
	return s.m.Clock
}

// seen moves the clock past c, so this computer's next change is after
// every change it has seen.
func (s *syncer) seen(c Clock) {
	if c.Wall > s.m.Clock.Wall || c.Wall == s.m.Clock.Wall && c.Counter > s.m.Clock.Counter {
		s.m.Clock = Clock{Wall: c.Wall, Counter: c.Counter, Dev: s.m.Device}
	}
}

// loaded is an entry with sync's state of it.
type loaded struct {
	synced
	st   state
	data []byte // the entry's record, when it exists
}

func (s *syncer) load(id journal.ID) (*loaded, error) {
	se, err := syncEntry(s.j, id)
	if err != nil {
		return nil, err
	}
	if w, ok := s.over[id]; ok {
		switch {
		case w.Entry != nil:
			se.Exists, se.Entry = true, *w.Entry
		case w.Delete:
			se.Exists, se.Entry = false, journal.Entry{}
		}
		switch {
		case w.DropState:
			se.State = nil
		case w.State != nil:
			se.State = w.State
		}
	}
	return wrap(se)
}

// stage adds writes to those of the merge, and to what it reads.
func (s *syncer) stage(writes []entryWrite) {
	if s.over == nil {
		s.over = map[journal.ID]entryWrite{}
	}
	for _, w := range writes {
		o, ok := s.over[w.ID]
		if !ok {
			s.over[w.ID] = w
			continue
		}
		if w.Entry != nil || w.Delete {
			o.Entry, o.Delete = w.Entry, w.Delete
		}
		if w.State != nil || w.DropState {
			o.State, o.DropState = w.State, w.DropState
		}
		s.over[w.ID] = o
	}
}

func wrap(se synced) (*loaded, error) {
	l := &loaded{synced: se}
	if se.State != nil {
		st, err := decodeState(se.ID, se.State)
		if err != nil {
			return nil, fmt.Errorf("%w: sync's record of entry %s does not decode", journal.ErrDamaged, se.ID)
		}
		l.st = st
	}
	if se.Exists {
		l.data = journal.MarshalEntry(&se.Entry)
	}
	// The newest version's data is the entry's, as sync last left it.
	if len(l.st.Live) > 0 && !l.st.Live[0].Deleted && l.data != nil && hashOf(l.data) == l.st.Hash {
		l.st.Live[0].Data = l.data
	}
	return l, nil
}

// changedHere reports whether the entry changed on this computer since
// sync last wrote or sent it.
func (l *loaded) changedHere() bool {
	switch {
	case l.st.CopyOf != (journal.ID{}):
		return !l.Exists || hashOf(l.data) != l.st.Hash
	case len(l.st.Live) == 0:
		return l.Exists
	case l.st.Live[0].Deleted:
		return l.Exists
	}
	return !l.Exists || hashOf(l.data) != l.st.Hash
}

// next returns a new version of id on this computer, made at, that
// supersedes live.
func (s *syncer) next(id journal.ID, live []Version, at time.Time) Version {
	vv := Vector{}
	for _, v := range live {
		vv = join(vv, v.VV)
	}
	vv[s.m.Device]++
	return Version{ID: id, Clock: s.tick(at), VV: vv}
}

// export turns what changed on this computer since the last sync into
// versions, writes them into a change file and records them.
func (s *syncer) export() error {
	var ids []journal.ID
	when := map[journal.ID]time.Time{} // when each changed
	first := s.m.Covered == 0 && s.m.LastSync.IsZero()
	last := s.j.LastChange()
	if first {
		// Every entry, and every ID with a state (a deleted entry's), in
		// ID order.
		err := s.j.Scan(func(e journal.Entry) error {
			ids, when[e.ID] = append(ids, e.ID), e.Updated
			return nil
		})
		if err == nil {
			err = s.j.View(func(t *journal.Txn) error {
				return t.EachSide(journal.SyncState, func(id journal.ID) error {
					if _, ok := when[id]; !ok {
						ids, when[id] = append(ids, id), time.Time{}
					}
					return nil
				})
			})
		}
		if err != nil {
			return err
		}
		slices.SortFunc(ids, func(a, b journal.ID) int { return bytes.Compare(a[:], b[:]) })
	} else {
		var err error
		last, err = s.j.Changed(s.m.Covered, func(id journal.ID, at time.Time) error {
			if _, ok := when[id]; !ok {
				ids = append(ids, id)
			}
			when[id] = at
			return nil
		})
		if err != nil {
			return err
		}
	}
	// Changes get clock readings in the order they were made.
	sort.SliceStable(ids, func(a, b int) bool { return when[ids[a]].Before(when[ids[b]]) })
	at := func(id journal.ID) time.Time {
		if t, ok := when[id]; ok && !t.IsZero() {
			return t
		}
		return s.opt.now()
	}
	var out []Version
	var writes []entryWrite
	done := map[journal.ID]bool{}
	// materialize makes a conflict copy an entry of its own, as it is now.
	materialize := func(id journal.ID) error {
		if done[id] {
			return nil
		}
		c, err := s.load(id)
		if err != nil || !c.Exists || c.st.CopyOf == (journal.ID{}) {
			return err
		}
		done[id] = true
		delete(s.m.Copies, id)
		v := s.next(id, nil, at(id))
		v.Data = c.data
		out = append(out, v)
		st := state{Live: []Version{v}, Hash: hashOf(c.data)}
		writes = append(writes, entryWrite{ID: id, State: st.encode()})
		return nil
	}
	// settle replaces the versions of l with one of this computer that
	// supersedes them all, holding the entry as it is here; its conflict
	// copies become entries of their own.
	settle := func(l *loaded) error {
		done[l.ID] = true
		if len(l.st.Live) > 1 && !l.st.Live[0].Deleted {
			for i := range l.st.Live[1:] {
				if lv := &l.st.Live[1+i]; !lv.Deleted {
					if err := materialize(copyID(l.ID, lv)); err != nil {
						return err
					}
				}
			}
		}
		v := s.next(l.ID, l.st.Live, at(l.ID))
		st := state{Live: []Version{v}}
		if l.Exists {
			v.Data = l.data
			st.Hash = hashOf(l.data)
		} else {
			v.Deleted = true
		}
		st.Live[0] = v
		out = append(out, v)
		writes = append(writes, entryWrite{ID: l.ID, State: st.encode()})
		return nil
	}
	for _, id := range ids {
		if done[id] {
			continue
		}
		l, err := s.load(id)
		if err != nil {
			return err
		}
		if !l.changedHere() {
			continue
		}
		if orig := l.st.CopyOf; orig != (journal.ID{}) {
			if l.Exists { // edited: it is the user's now
				if err := materialize(id); err != nil {
					return err
				}
				continue
			}
			// Deleted: the entry stays as it is here.
			done[id] = true
			delete(s.m.Copies, id)
			writes = append(writes, entryWrite{ID: id, DropState: true})
			o, err := s.load(orig)
			if err != nil {
				return err
			}
			if len(o.st.Live) > 1 && !done[orig] {
				if err := settle(o); err != nil {
					return err
				}
			}
			continue
		}
		if err := settle(l); err != nil {
			return err
		}
	}
	prompts, err := s.exportPrompts()
	if err != nil {
		return err
	}
	if len(out) > 0 || len(prompts) > 0 {
		if err := s.write(kindChanges, out, prompts); err != nil {
			return err
		}
		s.report.Sent += len(out) + len(prompts)
	}
	s.m.Covered = last
	return s.commit(writes)
}

// exportPrompts returns versions of the own prompts added, changed or
// removed here since the last sync, and records them in sync's record.
func (s *syncer) exportPrompts() ([]promptVersion, error) {
	own, err := s.j.OwnPrompts()
	if err != nil {
		return nil, err
	}
	var out []promptVersion
	here := map[string]bool{}
	for _, p := range own {
		here[p.ID] = true
		data, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		h := hashOf(data)
		if st, ok := s.m.Prompts[p.ID]; ok && !st.Deleted && st.Hash == h {
			continue
		}
		v := promptVersion{ID: p.ID, Clock: s.tick(s.opt.now()), Data: data}
		out = append(out, v)
		s.m.Prompts[p.ID] = promptState{Clock: v.Clock, Hash: h}
	}
	for id, st := range s.m.Prompts {
		if !st.Deleted && !here[id] {
			v := promptVersion{ID: id, Clock: s.tick(s.opt.now()), Deleted: true}
			out = append(out, v)
			s.m.Prompts[id] = promptState{Clock: v.Clock, Deleted: true}
		}
	}
	return out, nil
}

// mergePrompts applies the newest version of each own prompt.
func (s *syncer) mergePrompts(files []file) error {
	for _, f := range files {
		if f.h.Dev == s.m.Device {
			continue
		}
		for _, v := range f.b.Prompts {
			s.seen(v.Clock)
			if st, ok := s.m.Prompts[v.ID]; ok && !v.Clock.After(st.Clock) {
				continue
			}
			if v.Deleted {
				if err := s.j.RemoveOwnPrompt(v.ID); err != nil && !strings.Contains(err.Error(), "there is no own prompt") {
					return err
				}
				s.m.Prompts[v.ID] = promptState{Clock: v.Clock, Deleted: true}
				continue
			}
			var p prompts.Prompt
			if err := json.Unmarshal(v.Data, &p); err != nil || p.ID != v.ID {
				continue
			}
			if err := s.j.PutOwnPrompt(p); err != nil {
				var ve *journal.ValidationError
				if errors.As(err, &ve) {
					continue
				}
				return err
			}
			// Stored as this computer lists it, so it is not sent back.
			own, err := s.j.OwnPrompts()
			if err != nil {
				return err
			}
			for _, q := range own {
				if q.ID == v.ID {
					data, _ := json.Marshal(q)
					s.m.Prompts[v.ID] = promptState{Clock: v.Clock, Hash: hashOf(data)}
				}
			}
			s.report.Received++
		}
	}
	return nil
}

// write seals versions into this computer's next file.
func (s *syncer) write(kind byte, vs []Version, ps []promptVersion) error {
	h := header{Kind: kind, Journal: s.jid, Dev: s.m.Device, Seq: s.m.Next}
	raw, err := seal(s.aead, h, &body{Name: s.opt.name(), Versions: vs, Prompts: ps})
	if err != nil {
		return err
	}
	if err := writeOnce(filepath.Join(s.deviceDir(s.m.Device), h.name()), raw); err != nil {
		if fsx.IsNoSpace(err) {
			return fmt.Errorf("%w: the sync folder's disk is full", journal.ErrDiskFull)
		}
		return fmt.Errorf("writing to the sync folder: %w", err)
	}
	s.m.Next++
	if kind == kindChanges {
		s.m.SinceSnapshot += int64(len(raw))
	}
	return nil
}

// file is a file of the folder, read and opened.
type file struct {
	path string
	h    header
	b    *body
}

// readFolder reads every file of the other computers that this one has
// not read yet, and its own files past the last one it recorded (a sync
// cut short after writing one). Hidden files (a carrier's or a writer's
// temporary files) are left alone.
func (s *syncer) readFolder() ([]file, error) {
	dirs, err := os.ReadDir(s.root)
	if err != nil {
		return nil, fmt.Errorf("reading the sync folder: %w", err)
	}
	var out []file
	reported := map[string]bool{}
	for _, r := range s.m.Reported {
		reported[r] = true
	}
	for _, d := range dirs {
		if !d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			continue
		}
		dir := filepath.Join(s.root, d.Name())
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue // a carrier's half-made folder
		}
		for _, e := range ents {
			name := e.Name()
			if strings.HasPrefix(name, ".") || !e.Type().IsRegular() || isKeyCopy(name) {
				continue
			}
			if dev, ok := devFromDir(d.Name()); ok {
				if h, ok := headerFromName(name, dev); ok && s.skip(h) {
					continue
				}
			}
			p := filepath.Join(dir, name)
			raw, err := readFile(p)
			if err != nil {
				continue // gone since, or not a plain file
			}
			var h header
			var b *body
			if hh, ok := parseHeader(raw); ok && hh.Journal != s.jid {
				err = errors.New("it belongs to another journal")
			} else {
				h, b, err = open(s.aead, raw)
			}
			if err != nil {
				rel, _ := filepath.Rel(s.m.Folder, p)
				if !reported[rel] {
					reported[rel] = true
					s.m.Reported = append(s.m.Reported, rel)
					s.report.Unreadable = append(s.report.Unreadable, fmt.Sprintf("%s: %v", rel, err))
				}
				continue
			}
			if s.skip(h) {
				continue
			}
			out = append(out, file{path: p, h: h, b: b})
		}
	}
	return out, nil
}

// skip reports whether the file h heads was read already.
func (s *syncer) skip(h header) bool {
	if h.Dev == s.m.Device {
		return h.Seq < s.m.Next
	}
	p := s.m.Peers[h.Dev]
	return p != nil && p.done(h.Seq)
}

// isKeyCopy reports whether name is a key file's copy (a carrier may have
// renamed it: "journal.sync-conflict-….key").
func isKeyCopy(name string) bool {
	return strings.HasPrefix(name, "journal") && strings.HasSuffix(name, ".key")
}

func devFromDir(name string) (Device, bool) {
	var d Device
	b, err := hex.DecodeString(name)
	if err != nil || len(b) != 16 {
		return d, false
	}
	copy(d[:], b)
	return d, true
}

// headerFromName reads what a file's name says of its header; the header
// itself decides, this only lets a sync skip files it has read.
func headerFromName(name string, dev Device) (header, bool) {
	var kind byte
	var seq uint64
	if len(name) != 2+16+len(fileExt) || !strings.HasSuffix(name, fileExt) || name[1] != '-' {
		return header{}, false
	}
	kind = name[0]
	if _, err := fmt.Sscanf(name[2:18], "%016x", &seq); err != nil || kind != kindChanges && kind != kindSnapshot {
		return header{}, false
	}
	return header{Kind: kind, Dev: dev, Seq: seq}, true
}

// recover takes back this computer's own files that a sync cut short
// wrote but did not record: their versions become the entries' states.
func (s *syncer) recover(files []file) error {
	var writes []entryWrite
	for _, f := range files {
		if f.h.Dev != s.m.Device {
			continue
		}
		for _, v := range f.b.Versions {
			s.seen(v.Clock)
			l, err := s.load(v.ID)
			if err != nil {
				return err
			}
			if !supersedesAll(&v, l.st.Live) {
				continue
			}
			st := state{Live: []Version{v}}
			if !v.Deleted {
				st.Hash = hashOf(v.Data)
			}
			writes = append(writes, entryWrite{ID: v.ID, State: st.encode()})
		}
		s.m.Next = max(s.m.Next, f.h.Seq+1)
	}
	if len(writes) == 0 {
		return nil
	}
	return s.commit(writes)
}

func supersedesAll(v *Version, live []Version) bool {
	for i := range live {
		if !v.supersedes(&live[i]) {
			return false
		}
	}
	return true
}

// merge merges the versions of the other computers' files.
func (s *syncer) merge(files []file) error {
	byID := map[journal.ID][]Version{}
	var order []journal.ID
	for _, f := range files {
		if f.h.Dev == s.m.Device {
			continue
		}
		for _, v := range f.b.Versions {
			s.seen(v.Clock)
			if _, ok := byID[v.ID]; !ok {
				order = append(order, v.ID)
			}
			byID[v.ID] = append(byID[v.ID], v)
		}
	}
	var writes []entryWrite
	for _, id := range order {
		w, err := s.mergeEntry(id, byID[id], byID)
		if err != nil {
			return err
		}
		writes = append(writes, w...)
		s.stage(w)
		if len(writes) >= 2000 { // keep memory bounded on a first join
			if err := commitWrites(s.j, writes, nil, s.m.Covered); err != nil {
				return err
			}
			writes, s.over = nil, nil
		}
	}
	now := s.opt.now()
	for _, f := range files {
		if f.h.Dev == s.m.Device {
			continue
		}
		p := s.m.Peers[f.h.Dev]
		if p == nil {
			p = &peer{}
			s.m.Peers[f.h.Dev] = p
		}
		p.Name, p.Seen = f.b.Name, now
		p.mark(f.h.Seq, f.h.Kind == kindSnapshot)
	}
	err := s.commit(writes)
	s.over = nil
	return err
}

// mergeEntry merges incoming versions of entry id, and returns the writes
// that show the result: the entry, and its conflict copies. all holds
// every entry's incoming versions.
func (s *syncer) mergeEntry(id journal.ID, in []Version, all map[journal.ID][]Version) ([]entryWrite, error) {
	l, err := s.load(id)
	if err != nil {
		return nil, err
	}
	if l.st.CopyOf != (journal.ID{}) {
		// A conflict copy here, an entry of its own there: it is one now.
		l.st = state{}
		delete(s.m.Copies, id)
	}
	before := slices.Clone(l.st.Live)
	live := slices.Clone(l.st.Live)
	changed := false
	for _, v := range in {
		if v.ID != id || !v.Deleted && v.Data == nil {
			continue
		}
		kept := true
		for i := range live {
			if live[i].same(&v) || live[i].supersedes(&v) {
				kept = false
				break
			}
		}
		if !kept {
			continue
		}
		live = slices.DeleteFunc(live, func(o Version) bool { return v.supersedes(&o) })
		live = append(live, v)
		changed = true
	}
	if !changed {
		return nil, nil
	}
	sortLive(live)
	win := live[0]
	var writes []entryWrite
	st := state{Live: live}
	switch {
	case win.Deleted:
		if l.Exists {
			writes = append(writes, entryWrite{ID: id, Delete: true})
		}
	case len(before) == 0 || !before[0].same(&win) || !l.Exists:
		e, err := journal.UnmarshalEntry(win.Data)
		if err != nil || e.ID != id || e.Validate() != nil {
			s.report.Unreadable = append(s.report.Unreadable, fmt.Sprintf("a version of entry %s that does not decode", id))
			return nil, nil
		}
		writes = append(writes, entryWrite{ID: id, Entry: &e})
		st.Hash = hashOf(win.Data)
	default:
		st.Hash = l.st.Hash
	}
	ws, err := s.copies(id, before, live, all)
	if err != nil {
		return nil, err
	}
	writes = append(writes, ws...)
	writes = append(writes, entryWrite{ID: id, State: st.encode()})
	s.report.Received++
	return writes, nil
}

// copiesOf returns the conflict copies live shows, by ID.
func copiesOf(id journal.ID, live []Version) map[journal.ID]*Version {
	out := map[journal.ID]*Version{}
	if len(live) == 0 || live[0].Deleted {
		return out
	}
	for i := range live[1:] {
		if v := &live[1+i]; !v.Deleted {
			out[copyID(id, v)] = v
		}
	}
	return out
}

// copies returns the writes that bring the conflict copies of entry id
// from what before showed to what live shows.
func (s *syncer) copies(id journal.ID, before, live []Version, all map[journal.ID][]Version) ([]entryWrite, error) {
	had, want := copiesOf(id, before), copiesOf(id, live)
	var writes []entryWrite
	ids := make([]journal.ID, 0, len(want)+len(had))
	for c := range want {
		ids = append(ids, c)
	}
	for c := range had {
		if want[c] == nil {
			ids = append(ids, c)
		}
	}
	sort.Slice(ids, func(a, b int) bool { return string(ids[a][:]) < string(ids[b][:]) })
	for _, c := range ids {
		if len(all[c]) > 0 {
			continue // another computer made it an entry of its own: merged as one
		}
		cl, err := s.load(c)
		if err != nil {
			return nil, err
		}
		v := want[c]
		if v == nil { // settled elsewhere: a copy left as it was goes
			if cl.st.CopyOf == id && cl.Exists && hashOf(cl.data) == cl.st.Hash {
				writes = append(writes, entryWrite{ID: c, Delete: true, DropState: true})
				delete(s.m.Copies, c)
			}
			continue
		}
		if cl.st.CopyOf != id && (cl.Exists || len(cl.st.Live) > 0) {
			continue // made an entry of its own already
		}
		e, err := journal.UnmarshalEntry(v.Data)
		if err != nil || e.Validate() != nil {
			continue
		}
		e.ID = c
		if !e.HasTag(ConflictTag) {
			e.Tags = append(e.Tags, ConflictTag)
		}
		data := journal.MarshalEntry(&e)
		if cl.Exists && hashOf(cl.data) == hashOf(data) {
			continue
		}
		st := state{CopyOf: id, Hash: hashOf(data)}
		writes = append(writes, entryWrite{ID: c, Entry: &e, State: st.encode()})
		s.m.Copies[c] = true
	}
	return writes, nil
}

// compact writes a snapshot of this computer's view once its change files
// since the last one add up, and removes the files it replaces.
func (s *syncer) compact() error {
	own, _ := os.ReadDir(s.deviceDir(s.m.Device))
	count := 0
	for _, e := range own {
		if h, ok := headerFromName(e.Name(), s.m.Device); ok && h.Kind == kindChanges && h.Seq > s.m.Snapshot {
			count++
		}
	}
	if count < 16 && s.m.SinceSnapshot < 8<<20 {
		return nil
	}
	var vs []Version
	err := s.j.View(func(t *journal.Txn) error {
		return t.EachSide(journal.SyncState, func(id journal.ID) error {
			se, err := readSynced(t, id)
			if err != nil {
				return err
			}
			l, err := wrap(se)
			if err != nil {
				return err
			}
			if l.st.CopyOf != (journal.ID{}) {
				return nil
			}
			for _, v := range l.st.Live {
				if v.Deleted || v.Data != nil {
					vs = append(vs, v)
				}
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	var ps []promptVersion
	mine, err := s.j.OwnPrompts()
	if err != nil {
		return err
	}
	data := map[string][]byte{}
	for _, p := range mine {
		data[p.ID], _ = json.Marshal(p)
	}
	for id, st := range s.m.Prompts {
		switch {
		case st.Deleted:
			ps = append(ps, promptVersion{ID: id, Clock: st.Clock, Deleted: true})
		case data[id] != nil:
			ps = append(ps, promptVersion{ID: id, Clock: st.Clock, Data: data[id]})
		}
	}
	seq := s.m.Next
	if err := s.write(kindSnapshot, vs, ps); err != nil {
		return err
	}
	s.m.Snapshot, s.m.SinceSnapshot = seq, 0
	if err := s.commit(nil); err != nil {
		return err
	}
	for _, e := range own {
		if h, ok := headerFromName(e.Name(), s.m.Device); ok && h.Seq < seq {
			os.Remove(filepath.Join(s.deviceDir(s.m.Device), e.Name()))
		}
	}
	return nil
}

// keyCopy writes the journal's key file into this computer's folder, when
// it holds none or (replace) after a passphrase change. Each computer keeps
// its own copy, so two never write the same file.
func (s *syncer) keyCopy(replace bool) error {
	p := filepath.Join(s.deviceDir(s.m.Device), keyCopyName)
	kf, err := s.j.KeyFile()
	if err != nil {
		return err
	}
	if !replace {
		return writeOnce(p, kf)
	}
	return fsx.WriteFileAtomic(p, kf)
}
