package sync

import (
	"encoding/binary"
	"sort"
	"time"

	"candor/journal"
)

// state is what sync keeps of an entry (synced.State, its side record
// journal.SyncState): the versions none of the others supersede, the
// newest first, and the hash of the entry as sync last wrote or sent it. The newest version's data is
// not kept (the entry holds it) unless the newest is a deletion. A
// conflict copy, which has no versions, names the entry it shows a
// version of.
type state struct {
	Live   []Version
	Hash   [32]byte
	CopyOf journal.ID
}

const stateFormat = 1

func (s *state) encode() []byte {
	b := []byte{stateFormat}
	b = append(b, s.Hash[:]...)
	b = append(b, s.CopyOf[:]...)
	b = binary.AppendUvarint(b, uint64(len(s.Live)))
	for i := range s.Live {
		v := s.Live[i]
		if i == 0 {
			v.Data = nil // the entry holds it
		}
		b = appendVersion(b, &v)
	}
	return b
}

func decodeState(id journal.ID, b []byte) (state, error) {
	r := reader{b: b}
	var s state
	if r.octet() != stateFormat {
		return s, errFormat
	}
	copy(s.Hash[:], r.bytes(32))
	s.CopyOf = r.id()
	n := r.count(20)
	for i := 0; i < n && r.err == nil; i++ {
		v := r.version()
		if v.ID != id {
			r.fail()
		}
		s.Live = append(s.Live, v)
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail()
	}
	return s, r.err
}

// sortLive orders versions newest first.
func sortLive(vs []Version) {
	sort.Slice(vs, func(a, b int) bool { return vs[a].Clock.After(vs[b].Clock) })
}

// peer is what this computer knows of another one's files.
type peer struct {
	// Name is the computer's name, as its files say.
	Name string
	// Upto is the sequence number up to which every file was read, and
	// Done the files read beyond it (a gap is a file not yet arrived).
	Upto uint64
	Done []uint64
	// Seen is when a file of it was last read.
	Seen time.Time
}

func (p *peer) done(seq uint64) bool {
	if seq <= p.Upto {
		return true
	}
	for _, d := range p.Done {
		if d == seq {
			return true
		}
	}
	return false
}

// mark records that file seq was read; a snapshot covers every file
// before it too.
func (p *peer) mark(seq uint64, snapshot bool) {
	if snapshot {
		p.Upto = max(p.Upto, seq)
	} else if !p.done(seq) {
		p.Done = append(p.Done, seq)
	}
	sort.Slice(p.Done, func(a, b int) bool { return p.Done[a] < p.Done[b] })
	kept := p.Done[:0]
	for _, d := range p.Done {
		switch {
		case d == p.Upto+1:
			p.Upto = d
		case d > p.Upto:
			kept = append(kept, d)
		}
	}
	p.Done = kept
}

// meta is sync's record in the journal (journal.SyncMeta).
type meta struct {
	Device Device
	// Folder is the folder last synced through (the one that holds
	// candor-sync), remembered for the next sync.
	Folder string
	Clock  Clock
	// Next is the sequence number of this computer's next file; Snapshot
	// the sequence number of its last snapshot, and SinceSnapshot the bytes
	// of the change files written after it.
	Next, Snapshot uint64
	SinceSnapshot  int64
	// Covered is the last change mark of the journal sync has looked at.
	Covered uint64
	Peers   map[Device]*peer
	// LastSync is when the last sync ended well; Reported the files found
	// unreadable, reported once each.
	LastSync time.Time
	Reported []string
	// Copies are the conflict copies in the journal.
	Copies map[journal.ID]bool
	// Prompts are the own prompts as sync last wrote or sent them.
	Prompts map[string]promptState
}

// promptState is what sync knows of an own prompt: its last version's
// clock, and the hash of the prompt then (zero when deleted).
type promptState struct {
	Clock   Clock
	Hash    [32]byte
	Deleted bool
}

const metaFormat = 1

func (m *meta) encode() []byte {
	b := []byte{metaFormat}
	b = append(b, m.Device[:]...)
	b = binary.AppendUvarint(b, uint64(len(m.Folder)))
	b = append(b, m.Folder...)
	b = appendClock(b, m.Clock)
	b = binary.AppendUvarint(b, m.Next)
	b = binary.AppendUvarint(b, m.Snapshot)
	b = binary.AppendUvarint(b, uint64(max(m.SinceSnapshot, 0)))
	b = binary.AppendUvarint(b, m.Covered)
	b = binary.AppendUvarint(b, uint64(m.LastSync.UnixMilli()))
	devs := make([]Device, 0, len(m.Peers))
	for d := range m.Peers {
		devs = append(devs, d)
	}
	sort.Slice(devs, func(a, c int) bool { return string(devs[a][:]) < string(devs[c][:]) })
	b = binary.AppendUvarint(b, uint64(len(devs)))
	for _, d := range devs {
		p := m.Peers[d]
		b = append(b, d[:]...)
		b = binary.AppendUvarint(b, uint64(len(p.Name)))
		b = append(b, p.Name...)
		b = binary.AppendUvarint(b, p.Upto)
		b = binary.AppendUvarint(b, uint64(len(p.Done)))
		for _, s := range p.Done {
			b = binary.AppendUvarint(b, s)
		}
		b = binary.AppendUvarint(b, uint64(p.Seen.UnixMilli()))
	}
	b = binary.AppendUvarint(b, uint64(len(m.Reported)))
	for _, s := range m.Reported {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	copies := make([]journal.ID, 0, len(m.Copies))
	for id := range m.Copies {
		copies = append(copies, id)
	}
	sort.Slice(copies, func(a, c int) bool { return string(copies[a][:]) < string(copies[c][:]) })
	b = binary.AppendUvarint(b, uint64(len(copies)))
	for _, id := range copies {
		b = append(b, id[:]...)
	}
	pids := make([]string, 0, len(m.Prompts))
	for id := range m.Prompts {
		pids = append(pids, id)
	}
	sort.Strings(pids)
	b = binary.AppendUvarint(b, uint64(len(pids)))
	for _, id := range pids {
		p := m.Prompts[id]
		b = binary.AppendUvarint(b, uint64(len(id)))
		b = append(b, id...)
		b = appendClock(b, p.Clock)
		b = append(b, p.Hash[:]...)
		if p.Deleted {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	return b
}

func decodeMeta(b []byte) (*meta, error) {
	r := reader{b: b}
	if r.octet() != metaFormat {
		return nil, errFormat
	}
	m := &meta{Device: r.device(), Peers: map[Device]*peer{}, Copies: map[journal.ID]bool{}, Prompts: map[string]promptState{}}
	m.Folder = string(r.bytes(r.count(1)))
	m.Clock = r.clock()
	m.Next = r.uvarint()
	m.Snapshot = r.uvarint()
	m.SinceSnapshot = int64(r.uvarint() & (1<<62 - 1))
	m.Covered = r.uvarint()
	if ms := r.uvarint(); ms > 0 {
		m.LastSync = time.UnixMilli(int64(ms & (1<<62 - 1)))
	}
	n := r.count(18)
	for i := 0; i < n && r.err == nil; i++ {
		d := r.device()
		p := &peer{Name: string(r.bytes(r.count(1))), Upto: r.uvarint()}
		k := r.count(1)
		for x := 0; x < k && r.err == nil; x++ {
			p.Done = append(p.Done, r.uvarint())
		}
		if ms := r.uvarint(); ms > 0 {
			p.Seen = time.UnixMilli(int64(ms & (1<<62 - 1)))
		}
		m.Peers[d] = p
	}
	k := r.count(1)
	for i := 0; i < k && r.err == nil; i++ {
		m.Reported = append(m.Reported, string(r.bytes(r.count(1))))
	}
	m.Copies = map[journal.ID]bool{}
	k = r.count(16)
	for i := 0; i < k && r.err == nil; i++ {
		m.Copies[r.id()] = true
	}
	k = r.count(50)
	for i := 0; i < k && r.err == nil; i++ {
		id := string(r.bytes(r.count(1)))
		p := promptState{Clock: r.clock()}
		copy(p.Hash[:], r.bytes(32))
		p.Deleted = r.octet() == 1
		m.Prompts[id] = p
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail()
	}
	if r.err != nil {
		return nil, r.err
	}
	return m, nil
}
