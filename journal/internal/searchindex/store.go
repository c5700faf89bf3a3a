package searchindex

import (
	"encoding/binary"
	"errors"
	"runtime"
	"sort"
	"sync"

	"github.com/dgraph-io/badger/v4"
)

// The index is kept inside the journal, sealed like every value, so a
// search is ready as soon as the journal opens:
//
//   - 'x' 'm' (MetaKey) holds the index's Record (sealed): which generation
//     of chunks holds it, how many, their total size, and the change mark
//     the index covers: every change marked at or before it is in the
//     index.
//   - 'x' 'c' + generation (8) + chunk number (4) (ChunkKey) holds one chunk
//     of the encoded index (sealed, with its key as associated data, so
//     chunks cannot be swapped or mixed between generations).
//
// Sequence numbers of change marks come from the clock, in nanoseconds,
// but never go back: each is above the one before and above the record's
// covered number.
//   - 'x' 'n' + sequence number (8) + ID (MarkKey) is written, empty, in the
//     same transaction as every change to that entry: a mark. The record
//     names the last sequence number the index covers; a mark after it
//     names an entry the stored index does not know as it is, which
//     loading reads again. Loading seeks past the covered marks, so the
//     ones deleted since (which Badger keeps as tombstones until it
//     compacts) cost nothing.
//
// A missing, damaged or foreign index is rebuilt from the entries; a crash
// at any point leaves either the old index or the new one, plus marks.
const (
	// KindIndex is the first byte of every key of the stored index.
	KindIndex     = 'x'
	indexMetaName = 'm'
	indexChunks   = 'c'
	indexMarks    = 'n'
	// ChunkSize is the size of a chunk (the last may be shorter): well
	// inside Badger's tables, where compaction frees the space of the
	// generations replaced.
	ChunkSize = 256 << 10
	// recordVersion is the version of the index's record.
	recordVersion = 1
	chunkKeyLen   = 2 + 8 + 4
	markKeyLen    = 2 + 8 + 16
)

var (
	// MetaKey is the key of the index's record.
	MetaKey = []byte{KindIndex, indexMetaName}
	// ChunksPrefix begins the key of every chunk.
	ChunksPrefix = []byte{KindIndex, indexChunks}
	// MarksPrefix begins the key of every change mark.
	MarksPrefix = []byte{KindIndex, indexMarks}
	// ErrNoIndex says the journal stores no index.
	ErrNoIndex = errors.New("no stored search index")
	// ErrDamaged says the stored index cannot be used: it must be rebuilt.
	ErrDamaged = errors.New("the stored search index is damaged")
)

// ChunkKey is the key of chunk n of generation gen.
func ChunkKey(gen uint64, n uint32) []byte {
	k := append([]byte{KindIndex, indexChunks}, make([]byte, 12)...)
	binary.BigEndian.PutUint64(k[2:], gen)
	binary.BigEndian.PutUint32(k[10:], n)
	return k
}

// ChunkGen returns the generation of chunk key k; ok is false when k is
// not a chunk's key.
func ChunkGen(k []byte) (gen uint64, ok bool) {
	if len(k) != chunkKeyLen || k[0] != KindIndex || k[1] != indexChunks {
		return 0, false
	}
	return binary.BigEndian.Uint64(k[2:]), true
}

// MarkKey is the key of the change mark numbered seq, of the entry id.
func MarkKey(seq uint64, id [16]byte) []byte {
	k := binary.BigEndian.AppendUint64([]byte{KindIndex, indexMarks}, seq)
	return append(k, id[:]...)
}

// ParseMarkKey reads what MarkKey wrote; ok is false when k is not a
// mark's key.
func ParseMarkKey(k []byte) (seq uint64, id [16]byte, ok bool) {
	if len(k) != markKeyLen || k[0] != KindIndex || k[1] != indexMarks {
		return 0, id, false
	}
	copy(id[:], k[10:])
	return binary.BigEndian.Uint64(k[2:]), id, true
}

// Record is the stored index's record: its generation of chunks, how many
// chunks and bytes it is, and the last change mark it covers.
type Record struct {
	Gen     uint64
	Chunks  uint32
	Size    uint64
	Covered uint64
}

// NewRecord returns the record of an encoded index of size bytes, stored
// as generation gen, that covers the marks up to covered.
func NewRecord(gen uint64, size int, covered uint64) Record {
	return Record{Gen: gen, Chunks: uint32((size + ChunkSize - 1) / ChunkSize), Size: uint64(size), Covered: covered}
}

// Encode returns m's bytes.
func (m Record) Encode() []byte {
	b := []byte{recordVersion}
	b = binary.BigEndian.AppendUint64(b, m.Gen)
	b = binary.BigEndian.AppendUint32(b, m.Chunks)
	b = binary.BigEndian.AppendUint64(b, m.Size)
	return binary.BigEndian.AppendUint64(b, m.Covered)
}

// DecodeRecord reads what Record.Encode wrote; anything else, or a size
// its chunks cannot hold, gives ErrDamaged.
func DecodeRecord(b []byte) (Record, error) {
	if len(b) != 29 || b[0] != recordVersion {
		return Record{}, ErrDamaged
	}
	m := Record{Gen: binary.BigEndian.Uint64(b[1:]), Chunks: binary.BigEndian.Uint32(b[9:]),
		Size: binary.BigEndian.Uint64(b[13:]), Covered: binary.BigEndian.Uint64(b[21:])}
	if m.Size > uint64(m.Chunks)*ChunkSize || m.Chunks > 1<<20 {
		return Record{}, ErrDamaged
	}
	return m, nil
}

// Chunk returns chunk n of the encoded index blob, or nil past its end.
func Chunk(blob []byte, n int) []byte {
	if n < 0 || n*ChunkSize >= len(blob) {
		return nil
	}
	return blob[n*ChunkSize : min(len(blob), (n+1)*ChunkSize)]
}

// OpenChunks opens the sealed chunks of the index m describes, on every
// core, into one buffer: open appends the plain text of sealed value v,
// bound to key aad, to dst. A chunk missing, failing to open or of the
// wrong size gives ErrDamaged.
func OpenChunks(m Record, sealed [][]byte, open func(dst, v, aad []byte) ([]byte, error)) ([]byte, error) {
	if len(sealed) != int(m.Chunks) {
		return nil, ErrDamaged
	}
	buf := make([]byte, m.Size)
	errs := make([]error, m.Chunks)
	var wg sync.WaitGroup
	workers := max(1, runtime.GOMAXPROCS(0))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := w; c < len(sealed); c += workers {
				lo := uint64(c) * ChunkSize
				hi := min(m.Size, lo+ChunkSize)
				if lo >= hi {
					errs[c] = ErrDamaged
					continue
				}
				out, err := open(buf[lo:lo:hi], sealed[c], ChunkKey(m.Gen, uint32(c)))
				if err == nil && uint64(len(out)) != hi-lo {
					err = ErrDamaged
				}
				errs[c] = err
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, ErrDamaged
		}
	}
	return buf, nil
}

// PersistAfter is how many changes since the stored index was written make
// it worth writing again, for an index of entries entries: reading them
// again at every open would cost more.
func PersistAfter(entries int) int { return max(256, entries/16) }

// build builds an index from the keys that begin with the byte prefix, on
// up to parts goroutines: it cuts the keys into ranges of about equal size
// at the first keys of the tables Badger reports (see Splits), calls read
// for each range [lo, hi) on a goroutine of its own with a Part to add the
// range's entries to, and merges the parts in order. The first error read
// returns, in the order of the ranges, is build's.
func build(tables []badger.TableInfo, prefix byte, parts int, read func(lo, hi []byte, p *Part) error) (*Index, error) {
	bounds := append(append([][]byte{{prefix}}, Splits(tables, prefix, parts)...), []byte{prefix + 1})
	n := len(bounds) - 1
	ps := make([]*Part, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ps[w] = NewPart()
			errs[w] = read(bounds[w], bounds[w+1], ps[w])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return Merge(ps), nil
}

// Splits picks up to parts-1 keys that cut the keys beginning with the
// byte prefix into ranges of about equal size, from the tables' first keys
// and key counts.
func Splits(tables []badger.TableInfo, prefix byte, parts int) [][]byte {
	type cut struct {
		key   []byte
		count uint32
	}
	var cuts []cut
	var total uint64
	for _, t := range tables {
		if len(t.Left) < 8 {
			continue
		}
		left := t.Left[:len(t.Left)-8] // drop Badger's version suffix
		if len(left) == 0 || left[0] != prefix {
			continue
		}
		cuts = append(cuts, cut{left, t.KeyCount})
		total += uint64(t.KeyCount)
	}
	if parts < 2 || len(cuts) < 2 {
		return nil
	}
	sort.Slice(cuts, func(a, b int) bool { return string(cuts[a].key) < string(cuts[b].key) })
	var out [][]byte
	var seen uint64
	next := 1
	for _, c := range cuts {
		if next >= parts {
			break
		}
		if seen >= total*uint64(next)/uint64(parts) && seen > 0 {
			out = append(out, c.key)
			next++
		}
		seen += uint64(c.count)
	}
	return out
}
