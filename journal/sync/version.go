package sync

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"sort"
	"time"

	"candor/journal"
)

// Device identifies a computer of a synced journal: 16 random bytes.
type Device [16]byte

// Clock is a hybrid logical clock reading: wall time in milliseconds, a
// counter for readings within the same millisecond (or while the wall
// clock is behind one already seen), and the computer that read it, which
// breaks the last ties.
type Clock struct {
	Wall    uint64
	Counter uint32
	Dev     Device
}

// After reports whether c is later than d.
func (c Clock) After(d Clock) bool {
	if c.Wall != d.Wall {
		return c.Wall > d.Wall
	}
	if c.Counter != d.Counter {
		return c.Counter > d.Counter
	}
	return bytes.Compare(c.Dev[:], d.Dev[:]) > 0
}

// Time returns the wall time of c.
func (c Clock) Time() time.Time { return time.UnixMilli(int64(c.Wall)) }

// tick returns a reading after last, on dev, at wall time now.
func tick(last Clock, dev Device, now time.Time) Clock {
	w := uint64(max(now.UnixMilli(), 0))
	if w > last.Wall {
		return Clock{Wall: w, Dev: dev}
	}
	return Clock{Wall: last.Wall, Counter: last.Counter + 1, Dev: dev}
}

// Vector counts, per computer, the changes a version has seen.
type Vector map[Device]uint64

// leq reports whether every count of v is at most w's.
func (v Vector) leq(w Vector) bool {
	for d, n := range v {
		if w[d] < n {
			return false
		}
	}
	return true
}

// join returns the larger count of v and w for every computer.
func join(v, w Vector) Vector {
	out := Vector{}
	for d, n := range v {
		out[d] = n
	}
	for d, n := range w {
		out[d] = max(out[d], n)
	}
	return out
}

// Version is one version of an entry.
type Version struct {
	ID    journal.ID
	Clock Clock
	VV    Vector
	// Deleted marks a deletion; otherwise Data is the entry's record
	// (journal.MarshalEntry).
	Deleted bool
	Data    []byte
}

// same reports whether v and w are one version.
func (v *Version) same(w *Version) bool { return v.Clock == w.Clock && v.ID == w.ID }

// supersedes reports whether v replaces w: it has seen every change w has,
// and is not w.
func (v *Version) supersedes(w *Version) bool { return !v.same(w) && w.VV.leq(v.VV) }

var errFormat = errors.New("malformed sync record")

// reader reads the binary forms of this package.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() { r.err = errFormat }

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		r.fail()
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) octet() byte {
	b := r.bytes(1)
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

func (r *reader) device() (d Device) { copy(d[:], r.bytes(16)); return d }

func (r *reader) id() (id journal.ID) { copy(id[:], r.bytes(16)); return id }

// count reads a count of items of at least min bytes each, bounded by
// what is left.
func (r *reader) count(min int) int {
	n := r.uvarint()
	if n > uint64(len(r.b)/max(min, 1)) {
		r.fail()
		return 0
	}
	return int(n)
}

func appendClock(b []byte, c Clock) []byte {
	b = binary.AppendUvarint(b, c.Wall)
	b = binary.AppendUvarint(b, uint64(c.Counter))
	return append(b, c.Dev[:]...)
}

func (r *reader) clock() Clock {
	c := Clock{Wall: r.uvarint()}
	n := r.uvarint()
	if n > 1<<32-1 {
		r.fail()
	}
	c.Counter = uint32(n)
	c.Dev = r.device()
	return c
}

func appendVector(b []byte, v Vector) []byte {
	devs := make([]Device, 0, len(v))
	for d := range v {
		devs = append(devs, d)
	}
	sort.Slice(devs, func(i, k int) bool { return bytes.Compare(devs[i][:], devs[k][:]) < 0 })
	b = binary.AppendUvarint(b, uint64(len(devs)))
	for _, d := range devs {
		b = append(b, d[:]...)
		b = binary.AppendUvarint(b, v[d])
	}
	return b
}

func (r *reader) vector() Vector {
	n := r.count(17)
	v := make(Vector, n)
	for i := 0; i < n && r.err == nil; i++ {
		d := r.device()
		v[d] = r.uvarint()
	}
	return v
}

// appendVersion encodes v: ID, clock, vector, a flag byte, and the data.
func appendVersion(b []byte, v *Version) []byte {
	b = append(b, v.ID[:]...)
	b = appendClock(b, v.Clock)
	b = appendVector(b, v.VV)
	if v.Deleted {
		return append(b, 1)
	}
	b = append(b, 0)
	b = binary.AppendUvarint(b, uint64(len(v.Data)))
	return append(b, v.Data...)
}

func (r *reader) version() Version {
	v := Version{ID: r.id(), Clock: r.clock(), VV: r.vector()}
	switch r.octet() {
	case 1:
		v.Deleted = true
	case 0:
		v.Data = r.bytes(r.count(1))
	default:
		r.fail()
	}
	return v
}

// hashOf is the hash of an entry's record: sync compares it to tell an
// entry changed since it last wrote or sent it.
func hashOf(data []byte) [32]byte { return sha256.Sum256(data) }

// copyID is the ID of the conflict copy that shows version v of entry id:
// the same on every computer. It keeps the first six bytes (the time) of
// id, so the copy sorts beside the entry.
func copyID(id journal.ID, v *Version) journal.ID {
	h := sha256.New()
	h.Write([]byte("candor conflict copy"))
	h.Write(id[:])
	h.Write(appendClock(nil, v.Clock))
	var out journal.ID
	copy(out[:6], id[:6])
	copy(out[6:], h.Sum(nil))
	return out
}

// promptVersion is a version of one of the user's own prompts: the newest
// (by clock) wins, with no conflict copies (a prompt is one short line).
type promptVersion struct {
	ID      string
	Clock   Clock
	Deleted bool
	// Data is the prompt, as JSON, unless Deleted.
	Data []byte
}

func appendPrompt(b []byte, p *promptVersion) []byte {
	b = binary.AppendUvarint(b, uint64(len(p.ID)))
	b = append(b, p.ID...)
	b = appendClock(b, p.Clock)
	if p.Deleted {
		return append(b, 1)
	}
	b = append(b, 0)
	b = binary.AppendUvarint(b, uint64(len(p.Data)))
	return append(b, p.Data...)
}

func (r *reader) prompt() promptVersion {
	p := promptVersion{ID: string(r.bytes(r.count(1))), Clock: r.clock()}
	switch r.octet() {
	case 1:
		p.Deleted = true
	case 0:
		p.Data = r.bytes(r.count(1))
	default:
		r.fail()
	}
	return p
}
