package textindex

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"sort"
	"unicode/utf8"
)

// Merge joins indexes built side by side over consecutive runs of
// documents into one: the slots of parts[i] follow those of parts[i-1].
// Postings lists stay in order because the parts are. The vocabulary comes
// out sorted, so the first query does not pay for it. The parts must not be
// used afterwards.
func Merge(parts []*Index) *Index {
	type ref struct {
		w    string
		part int
		id   int32
	}
	var refs []ref
	bases := make([]int32, len(parts))
	out := New()
	for pi, p := range parts {
		bases[pi] = out.slots
		for id, w := range p.words {
			refs = append(refs, ref{w, pi, int32(id)})
		}
		out.slots += p.slots
		out.alive = out.alive.grow(out.slots)
		for s := int32(0); s < p.slots; s++ {
			if p.alive.has(s) {
				out.alive.set(bases[pi] + s)
				out.live++
			}
		}
	}
	sort.Slice(refs, func(a, b int) bool {
		if refs[a].w != refs[b].w {
			return refs[a].w < refs[b].w
		}
		return refs[a].part < refs[b].part
	})
	for i := 0; i < len(refs); {
		k := i
		size := 0
		for k < len(refs) && refs[k].w == refs[i].w {
			size += len(parts[refs[k].part].post[refs[k].id]) + 5
			k++
		}
		buf := make([]byte, 0, size)
		last := int32(-1)
		for _, r := range refs[i:k] {
			p := parts[r.part]
			post := p.post[r.id]
			gap, mask, next, ok := nextPosting(post, 0)
			if !ok {
				continue
			}
			first := bases[r.part] + gap - 1
			buf = appendPosting(buf, first-last, mask)
			buf = append(buf, post[next:]...)
			last = bases[r.part] + p.last[r.id]
		}
		out.words = append(out.words, refs[i].w)
		out.post = append(out.post, buf[:len(buf):len(buf)])
		out.last = append(out.last, last)
		i = k
	}
	out.sorted = len(out.words)
	out.noteFirsts()
	return out
}

// noteFirsts records the first rune of every word.
func (x *Index) noteFirsts() {
	clear(x.firsts)
	var prev rune = -1
	for _, w := range x.words {
		if r, _ := utf8.DecodeRuneInString(w); r != prev {
			x.firsts[r] = struct{}{}
			prev = r
		}
	}
}

// Dead returns how many slots hold removed documents.
func (x *Index) Dead() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return int(x.slots) - x.live
}

// Compact renumbers the live documents 0, 1, 2… in their order, drops the
// postings of removed ones and the words nothing holds any more. It returns
// the new slot of every old one (-1 for removed documents).
func (x *Index) Compact() []int32 {
	x.mu.Lock()
	defer x.mu.Unlock()
	remap := make([]int32, x.slots)
	n := int32(0)
	for s := int32(0); s < x.slots; s++ {
		if x.alive.has(s) {
			remap[s] = n
			n++
		} else {
			remap[s] = -1
		}
	}
	x.sortWords()
	words, post, last := x.words[:0], x.post[:0], x.last[:0]
	for id := range x.words {
		p := x.post[id]
		var buf []byte
		prev, slot := int32(-1), int32(-1)
		for i := 0; i < len(p); {
			gap, mask, next, ok := nextPosting(p, i)
			if !ok || gap > x.slots-1-slot {
				break
			}
			i, slot = next, slot+gap
			if ns := remap[slot]; ns >= 0 {
				buf = appendPosting(buf, ns-prev, mask)
				prev = ns
			}
		}
		if len(buf) == 0 {
			continue
		}
		words = append(words, x.words[id])
		post = append(post, buf[:len(buf):len(buf)])
		last = append(last, prev)
	}
	x.words, x.post, x.last = words, post, last
	x.sorted = len(words)
	x.slots, x.live = n, int(n)
	x.alive = make(bitset, 0).grow(n)
	for s := int32(0); s < n; s++ {
		x.alive.set(s)
	}
	x.noteFirsts()
	return remap
}

// The encoding of an index.
var magic = []byte("cti\x01")

// ErrFormat says bytes given to Decode are not an index this version
// encodes.
var ErrFormat = errors.New("not a search index of this version")

// AppendBinary appends the encoding of the index to b: the slots, the live
// ones, the vocabulary in order and each word's postings.
func (x *Index) AppendBinary(b []byte) []byte {
	x.mu.Lock()
	x.sortWords()
	x.mu.Unlock()
	x.mu.RLock()
	defer x.mu.RUnlock()
	b = append(b, magic...)
	b = binary.AppendUvarint(b, uint64(x.slots))
	for _, w := range x.alive[:(x.slots+63)/64] {
		b = binary.LittleEndian.AppendUint64(b, w)
	}
	b = binary.AppendUvarint(b, uint64(len(x.words)))
	for id, w := range x.words {
		b = binary.AppendUvarint(b, uint64(len(w)))
		b = binary.AppendUvarint(b, uint64(len(x.post[id])))
		b = binary.AppendUvarint(b, uint64(x.last[id]+1))
	}
	for _, w := range x.words {
		b = append(b, w...)
	}
	for _, p := range x.post {
		b = append(b, p...)
	}
	return b
}

// EncodedSize estimates the bytes AppendBinary writes.
func (x *Index) EncodedSize() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	n := 32 + len(x.alive)*8
	for id, w := range x.words {
		n += len(w) + len(x.post[id]) + 9
	}
	return n
}

// Decode reads an index that AppendBinary encoded. The index keeps
// pointers into b, which must not change afterwards. Any inconsistency
// gives ErrFormat.
func Decode(b []byte) (*Index, error) {
	if len(b) < len(magic) || string(b[:len(magic)]) != string(magic) {
		return nil, ErrFormat
	}
	p := len(magic)
	uv := func() (uint64, bool) {
		v, n := binary.Uvarint(b[p:])
		if n <= 0 {
			return 0, false
		}
		p += n
		return v, true
	}
	slots, ok := uv()
	if !ok || slots > 1<<31-1 {
		return nil, ErrFormat
	}
	x := New()
	x.slots = int32(slots)
	nw := int((slots + 63) / 64)
	if len(b)-p < nw*8 {
		return nil, ErrFormat
	}
	x.alive = make(bitset, nw)
	for i := range x.alive {
		x.alive[i] = binary.LittleEndian.Uint64(b[p:])
		x.live += bits.OnesCount64(x.alive[i])
		p += 8
	}
	if nw > 0 && slots%64 != 0 && x.alive[nw-1]>>(slots%64) != 0 {
		return nil, ErrFormat
	}
	words, ok := uv()
	if !ok || words > uint64(len(b)) {
		return nil, ErrFormat
	}
	wlen := make([]int, words)
	plen := make([]int, words)
	x.last = make([]int32, words)
	wsum, psum := 0, 0
	for i := range wlen {
		wl, ok1 := uv()
		pl, ok2 := uv()
		last, ok3 := uv()
		if !ok1 || !ok2 || !ok3 || wl == 0 || wl > uint64(len(b)) || pl > uint64(len(b)) || last > slots {
			return nil, ErrFormat
		}
		wlen[i], plen[i], x.last[i] = int(wl), int(pl), int32(last)-1
		wsum += int(wl)
		psum += int(pl)
		if wsum > len(b) || psum > len(b) {
			return nil, ErrFormat
		}
	}
	if len(b)-p != wsum+psum {
		return nil, ErrFormat
	}
	all := string(b[p : p+wsum]) // one copy holds every word
	p += wsum
	x.words = make([]string, words)
	x.post = make([][]byte, words)
	wo := 0
	for i := range x.words {
		x.words[i] = all[wo : wo+wlen[i]]
		wo += wlen[i]
		if i > 0 && x.words[i] <= x.words[i-1] {
			return nil, ErrFormat
		}
		x.post[i] = b[p : p+plen[i] : p+plen[i]]
		p += plen[i]
	}
	x.sorted = len(x.words)
	x.noteFirsts()
	return x, nil
}
