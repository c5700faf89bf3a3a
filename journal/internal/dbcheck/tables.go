package dbcheck

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/fb"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/badger/v4/y"
	"github.com/klauspost/compress/snappy"
	"google.golang.org/protobuf/proto"
)

// Badger reads a table's footer and index, and its last block, before it
// verifies any checksum of the blocks, in goroutines of its own; a length
// out of range there panics and kills the process (a zeroed or cut table, a
// flipped byte in a length). CheckTables reads every table the MANIFEST
// lists before Badger does, the way Badger v4.9.6 lays it out (table/builder.go):
//
//	block 0 | block 1 | ... | index | index length (4) | checksum | checksum length (4)
//
// The lengths are big-endian; the checksum is a protobuf Checksum (CRC32-C
// or xxHash64) of the index as stored. With encryption, the index and each
// block are AES-CTR ciphertext followed by their 16-byte IV, so the index
// checksum needs no key, but the index itself (the flatbuffer that gives
// each block's offset and length) and the blocks can only be read with the
// table's data key. Each block is, once decrypted and decompressed (Snappy
// or ZSTD, as the MANIFEST says): entries | entry offsets (4 each) | entry
// count (4) | checksum | checksum length (4), the checksum covering
// everything before it. Only that plaintext is checksummed.

// TableError is the damage CheckTables found in one table.
type TableError struct {
	// File is the table's file name, such as 000003.sst.
	File string
	// Part says where: "the file", "the footer", "the index", "block N"
	// or "the data key".
	Part string
	// Why is what is wrong there.
	Why string
}

// Error says which table is damaged, where and how, and the way out.
func (e *TableError) Error() string {
	return fmt.Sprintf("%v: its table %s is unreadable (%s: %s); nothing was changed, restore a backup", ErrDamaged, e.File, e.Part, e.Why)
}

// Unwrap makes errors.Is(err, ErrDamaged) hold.
func (e *TableError) Unwrap() error { return ErrDamaged }

// Known is what earlier checks found of tables whose every block was
// verified, by file name (such as 000003.sst).
type Known map[string]TableSum

// TableSum identifies a table as it was when all its blocks were checked:
// Badger never writes a table again once it is written, so a table with the
// same name, size, modification time and index checksum still holds the
// blocks that were checked.
type TableSum struct {
	Size     int64
	Modified int64  // nanoseconds since 1970
	Index    uint64 // the checksum of the index, from the footer
}

// CheckTables verifies every table that mf (the replayed MANIFEST of the
// database in dbDir) lists: its footer's lengths and the checksum of its
// index always; with the database's encryption key (nil for a database
// without encryption), also the index's block list and every block's
// checksum, the data keys being read from KEYREGISTRY through Badger's own
// key registry, read-only. When KEYREGISTRY cannot be read with key, the
// blocks of encrypted tables are left to Badger, which reports that itself
// (a wrong key, a damaged registry) without panicking. Damage is returned
// as a *TableError, which wraps ErrDamaged; a file that cannot be read at
// all is reported as it is. Nothing is written.
//
// A table that known holds, unchanged, has only its last block checked
// beyond the footer and index: the one block Badger reads when it opens a
// table. Its other blocks Badger checks as it reads them
// (options.OnBlockRead). CheckTables returns the tables whose every block
// it has now verified, or that known held unchanged, for the caller to
// remember; known may be nil.
func CheckTables(dbDir string, mf badger.Manifest, key []byte, known Known) (Known, error) {
	ids := make([]uint64, 0, len(mf.Tables))
	encrypted := false
	for id, tm := range mf.Tables {
		ids = append(ids, id)
		encrypted = encrypted || tm.KeyID != 0
	}
	slices.Sort(ids)
	var reg *badger.KeyRegistry
	if encrypted && len(key) > 0 {
		r, err := badger.OpenKeyRegistry(badger.KeyRegistryOptions{Dir: dbDir, ReadOnly: true, EncryptionKey: key})
		if err == nil {
			reg = r
		}
	}
	checked := make(Known, len(ids))
	var used []*pb.DataKey
	defer func() {
		for _, dk := range used {
			clear(dk.Data)
		}
	}()
	for _, id := range ids {
		tm := mf.Tables[id]
		name := fmt.Sprintf("%06d.sst", id)
		t := table{comp: tm.Compression, canRead: tm.KeyID == 0}
		if tm.KeyID != 0 && reg != nil {
			dk, err := reg.DataKey(tm.KeyID)
			if err != nil || dk == nil {
				return nil, &TableError{File: name, Part: "the data key", Why: fmt.Sprintf("key %d is not in KEYREGISTRY", tm.KeyID)}
			}
			used = append(used, dk)
			if t.cipher, err = aes.NewCipher(dk.Data); err != nil {
				return nil, &TableError{File: name, Part: "the data key", Why: err.Error()}
			}
			t.canRead = true
		}
		f, err := os.Open(filepath.Join(dbDir, name))
		if errors.Is(err, os.ErrNotExist) {
			return nil, &TableError{File: name, Part: "the file", Why: "the MANIFEST lists it, but it is missing"}
		}
		if err != nil {
			return nil, fmt.Errorf("reading the database table %s: %w", name, err)
		}
		t.f = f
		if k, ok := known[name]; ok {
			t.known = &k
		}
		sum, terr, err := t.check()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("reading the database table %s: %w", name, err)
		}
		if terr != nil {
			terr.File = name
			return nil, terr
		}
		if t.canRead {
			checked[name] = sum
		}
	}
	return checked, nil
}

// table is one table file being checked.
type table struct {
	f       *os.File
	comp    options.CompressionType
	cipher  cipher.Block // nil without encryption; safe for concurrent use
	canRead bool         // not encrypted, or cipher holds its data key
	known   *TableSum    // the table as an earlier check left it, or nil
}

// reader reads and checks a table's bytes for one goroutine: it keeps a
// window of the file, read ahead so that consecutive blocks cost one read,
// and the buffers it reuses from block to block.
type reader struct {
	*table
	window         []byte
	winOff         int
	plain, decoded []byte
}

// readAhead is how much of a table a reader reads at once.
const readAhead = 1 << 20

// bytesAt returns n bytes of the file at off, from the window, refilled
// as needed.
func (r *reader) bytesAt(off, n int) ([]byte, error) {
	if off >= r.winOff && off+n <= r.winOff+len(r.window) {
		return r.window[off-r.winOff : off-r.winOff+n], nil
	}
	size := max(n, readAhead)
	if cap(r.window) < size {
		r.window = make([]byte, size)
	}
	r.window = r.window[:size]
	got, err := r.f.ReadAt(r.window, int64(off))
	if got < n {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	r.window, r.winOff = r.window[:got], off
	return r.window[off-r.winOff : off-r.winOff+n], nil
}

// span is where a block lies in its table.
type span struct{ off, size int }

// check checks the table: its footer and index checksum, then, when it can
// read them, its block list and blocks (only the last one when the table is
// as t.known says). It returns what identifies the table as checked, the
// damage found, or an error when the file cannot be read.
func (t *table) check() (ts TableSum, terr *TableError, err error) {
	// The checks below guard every length; the recovery is for what they
	// cannot foresee in a flatbuffer.
	defer func() {
		if r := recover(); r != nil {
			terr = &TableError{Part: "the index", Why: fmt.Sprint("it cannot be read: ", r)}
		}
	}()
	footer := func(why string, args ...any) *TableError {
		return &TableError{Part: "the footer", Why: fmt.Sprintf(why, args...)}
	}
	st, err := t.f.Stat()
	if err != nil {
		return ts, nil, err
	}
	n := int(st.Size())
	if n == 0 {
		return ts, &TableError{Part: "the file", Why: "it is empty"}, nil
	}
	if n < 8 {
		return ts, &TableError{Part: "the file", Why: fmt.Sprintf("it is %d bytes long, shorter than a footer", n)}, nil
	}
	r := &reader{table: t}
	tail, err := r.bytesAt(n-4, 4)
	if err != nil {
		return ts, nil, err
	}
	chkLen := int(binary.BigEndian.Uint32(tail))
	if chkLen == 0 || chkLen > n-8 {
		return ts, footer("its checksum length %d does not fit a file of %d bytes", chkLen, n), nil
	}
	idxEnd := n - 8 - chkLen
	foot, err := r.bytesAt(idxEnd, 4+chkLen)
	if err != nil {
		return ts, nil, err
	}
	var sum pb.Checksum
	if err := proto.Unmarshal(foot[4:], &sum); err != nil {
		return ts, footer("its checksum cannot be read"), nil
	}
	if !knownChecksum(sum.Algo) {
		return ts, footer("its checksum is of an unknown kind"), nil
	}
	idxLen := int(binary.BigEndian.Uint32(foot[:4]))
	if idxLen == 0 || idxLen > idxEnd {
		return ts, footer("its index length %d does not fit in the %d bytes before the footer", idxLen, idxEnd), nil
	}
	idxStart := idxEnd - idxLen
	index, err := r.bytesAt(idxStart, idxLen)
	if err != nil {
		return ts, nil, err
	}
	if y.VerifyChecksum(index, &sum) != nil {
		return ts, &TableError{Part: "the index", Why: "its checksum does not match"}, nil
	}
	ts = TableSum{Size: int64(n), Modified: st.ModTime().UnixNano(), Index: sum.Sum}
	if !t.canRead {
		return ts, nil, nil
	}
	if t.cipher != nil {
		if index, err = r.decrypt(nil, index); err != nil {
			return ts, &TableError{Part: "the index", Why: err.Error()}, nil
		}
	}
	ti := fb.GetRootAsTableIndex(index, 0)
	blocks := make([]span, ti.OffsetsLength())
	if len(blocks) == 0 {
		return ts, &TableError{Part: "the index", Why: "it lists no block"}, nil
	}
	var bo fb.BlockOffset
	end := 0
	for i := range blocks {
		if !ti.Offsets(&bo, i) {
			return ts, &TableError{Part: "the index", Why: fmt.Sprintf("block %d is missing from it", i)}, nil
		}
		off, size := int(bo.Offset()), int(bo.Len())
		if off < end || size == 0 || size > idxStart-off {
			return ts, &TableError{Part: "the index", Why: fmt.Sprintf("block %d (bytes %d to %d) lies outside the %d bytes of blocks", i, off, off+size, idxStart)}, nil
		}
		end = off + size
		blocks[i] = span{off, size}
	}
	if t.known != nil && *t.known == ts {
		blocks = blocks[len(blocks)-1:] // the one block Badger reads at open
	}
	terr, err = t.checkBlocks(blocks)
	return ts, terr, err
}

// checkBlocks checks the blocks, split in runs among up to one goroutine
// per core when there are enough of them, and returns the damage of the
// first damaged block, or the first read error.
func (t *table) checkBlocks(blocks []span) (*TableError, error) {
	workers := min(runtime.GOMAXPROCS(0), maxCheckers, len(blocks)/blocksPerChecker+1)
	type result struct {
		terr *TableError
		err  error
	}
	results := make([]result, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := len(blocks)*w/workers, len(blocks)*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &reader{table: t}
			i := lo
			defer func() {
				if p := recover(); p != nil {
					results[w].terr = &TableError{Part: fmt.Sprintf("block %d", i), Why: fmt.Sprint("it cannot be read: ", p)}
				}
			}()
			for ; i < hi; i++ {
				raw, err := r.bytesAt(blocks[i].off, blocks[i].size)
				if err != nil {
					results[w].err = err
					return
				}
				if why := r.checkBlock(raw); why != "" {
					results[w].terr = &TableError{Part: fmt.Sprintf("block %d", i), Why: why}
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, res := range results {
		if res.terr != nil || res.err != nil {
			return res.terr, res.err
		}
	}
	return nil, nil
}

// maxCheckers caps the goroutines that check one table's blocks, and
// blocksPerChecker is the least work worth a goroutine of its own.
const (
	maxCheckers      = 4
	blocksPerChecker = 64
)

// checkBlock decrypts and decompresses one block as Badger does, checks its
// layout, and returns what is wrong with it, or "".
func (r *reader) checkBlock(raw []byte) (why string) {
	data := raw
	if r.cipher != nil {
		plain, err := r.decrypt(r.plain, raw)
		if err != nil {
			return err.Error()
		}
		data, r.plain = plain, plain
	}
	switch r.comp {
	case options.None:
	case options.Snappy:
		n, err := snappy.DecodedLen(data)
		if err != nil || n > maxBlock {
			return "it cannot be decompressed"
		}
		if cap(r.decoded) < n {
			r.decoded = make([]byte, n)
		}
		if data, err = snappy.Decode(r.decoded[:n], data); err != nil {
			return "it cannot be decompressed"
		}
	case options.ZSTD:
		out, err := y.ZSTDDecompress(nil, data)
		if err != nil {
			return "it cannot be decompressed"
		}
		data = out
	default:
		return fmt.Sprintf("the MANIFEST gives it an unknown compression (%d)", r.comp)
	}
	n := len(data)
	if n < 8 {
		return "it is too short"
	}
	chkLen := int(binary.BigEndian.Uint32(data[n-4:]))
	if chkLen == 0 || chkLen > n-8 {
		return "its checksum length is out of range"
	}
	var sum pb.Checksum
	if err := proto.Unmarshal(data[n-4-chkLen:n-4], &sum); err != nil || !knownChecksum(sum.Algo) {
		return "its checksum cannot be read"
	}
	countAt := n - 8 - chkLen
	count := int(binary.BigEndian.Uint32(data[countAt:]))
	if count == 0 || count > countAt/4 {
		return "its entry count is out of range"
	}
	if y.VerifyChecksum(data[:countAt+4], &sum) != nil {
		return "its checksum does not match"
	}
	return ""
}

// maxBlock bounds a decompressed block: Badger's blocks are 4 KiB, grown to
// hold one entry, and Candor's values are at most 1 MiB.
const maxBlock = 8 << 20

// knownChecksum reports whether Badger can compute a checksum of kind a
// (it panics on any other).
func knownChecksum(a pb.Checksum_Algorithm) bool {
	return a == pb.Checksum_CRC32C || a == pb.Checksum_XXHash64
}

// decrypt returns the plaintext of data, AES-CTR ciphertext followed by its
// 16-byte IV, as Badger's tables store an index or a block, in dst when it
// is large enough.
func (r *reader) decrypt(dst, data []byte) ([]byte, error) {
	if len(data) < aes.BlockSize {
		return nil, errors.New("it is shorter than its IV")
	}
	iv := data[len(data)-aes.BlockSize:]
	body := data[:len(data)-aes.BlockSize]
	out := dst[:0]
	if cap(out) < len(body) {
		out = make([]byte, len(body))
	}
	out = out[:len(body)]
	cipher.NewCTR(r.cipher, iv).XORKeyStream(out, body)
	return out, nil
}
