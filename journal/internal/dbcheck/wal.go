package dbcheck

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"

	"candor/journal/internal/fsx"
)

// Badger replays a memtable's write-ahead log (*.mem) up to the first
// record that fails its checksum and silently drops everything after it:
// right after a crash cut the last record short, but wrong when a damaged
// byte sits in the middle, where it would lose every entry written after
// it. CheckWALs reads each log before Badger does and calls the journal
// damaged when a sound record follows a broken one, or when the log of an
// encrypted journal has lost the key ID in its header but still holds
// records. Records are checked against their CRC32-C over the bytes as
// stored, so no key is needed.
//
// The record layout is Badger v4's: a 20-byte file header (key ID, base
// IV), then records of meta, user meta, uvarint key and value lengths and
// expiry, the (encrypted) key and value, and a big-endian CRC32-C of all of
// it.
const (
	walHeaderSize = 20
	// Candor's keys are short; Badger adds 8 bytes of version.
	walMaxKey = 256
	// Larger values go to the value log; the memtable log holds a pointer.
	walMaxValue = 1<<20 + 64
	// walTornWindow is how far past a broken record sound ones may still
	// appear after a power cut: the pages of the last synced batch can
	// reach the disk in any order. Candor's saves are a few kilobytes.
	walTornWindow = 64 << 10
	// walScanBudget bounds the checksum work of the search for sound
	// records after a broken one.
	walScanBudget = 64 << 20
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// walRecordAt returns the length of a record at off in b whose checksum
// matches, or 0.
func walRecordAt(b []byte, off int) int {
	if off+2 >= len(b) {
		return 0
	}
	meta := b[off]
	if meta&^(1|2|4|8|64|128) != 0 {
		return 0
	}
	i := off + 2
	var lens [3]uint64
	for k := range lens {
		v, n := binary.Uvarint(b[i:])
		if n <= 0 {
			return 0
		}
		lens[k] = v
		i += n
	}
	klen, vlen := lens[0], lens[1]
	if klen == 0 || klen > walMaxKey || vlen > walMaxValue {
		return 0
	}
	end := uint64(i) + klen + vlen
	if end+4 > uint64(len(b)) {
		return 0
	}
	want := binary.BigEndian.Uint32(b[end : end+4])
	if crc32.Checksum(b[off:end], castagnoli) != want {
		return 0
	}
	return int(end+4) - off
}

// walCost is the checksum work walRecordAt did at off: the record length
// its header claims when that fits, else one byte.
func walCost(b []byte, off int) int {
	if off+2 >= len(b) {
		return 1
	}
	i := off + 2
	var total uint64
	for k := 0; k < 2; k++ {
		v, n := binary.Uvarint(b[i:])
		if n <= 0 {
			return 1
		}
		total += v
		i += n
	}
	if total > uint64(len(b)) {
		return 1
	}
	return int(total) + 1
}

// CheckWAL reports damage in one memtable log.
func CheckWAL(path string, encrypted bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading the write-ahead log: %w", err)
	}
	if len(b) < walHeaderSize {
		return nil // nothing written yet
	}
	// Walk the sound records from the start, as Badger will.
	off := walHeaderSize
	for {
		n := walRecordAt(b, off)
		if n == 0 {
			break
		}
		off += n
	}
	keyID := binary.BigEndian.Uint64(b[:8])
	if encrypted && keyID == 0 && off > walHeaderSize {
		return fmt.Errorf("%w: the header of its write-ahead log %s is damaged; nothing was changed, restore a backup", ErrDamaged, filepath.Base(path))
	}
	// After the last sound record there may be the start of one that a
	// crash cut short, then zeros; after a power cut, also pieces of the
	// last batch. A sound record further on means a damaged byte, and the
	// records after it would be dropped.
	end := len(b)
	for end > off && b[end-1] == 0 {
		end--
	}
	budget := walScanBudget
	for p := off + walTornWindow; p < end && budget > 0; p++ {
		n := walRecordAt(b[:end], p)
		if n > 0 {
			return fmt.Errorf("%w: its write-ahead log %s is damaged at byte %d, and Badger would drop what follows; nothing was changed, restore a backup", ErrDamaged, filepath.Base(path), off)
		}
		budget -= walCost(b[:end], p)
	}
	return nil
}

// CheckWALs deletes the memtable and value logs of zero bytes in the
// database folder dbDir, then checks every memtable log. A process killed
// just after Badger created a new log file (a memtable, a value log
// rotation, value-log GC) leaves it empty, and Badger v4.9.6 then refuses to
// open ("Create a new file"). Such a file holds no data, not even its
// header, so removing it loses nothing.
func CheckWALs(dbDir string, encrypted bool) error {
	for _, suffix := range []string{".vlog", ".mem"} {
		for _, p := range fsx.FilesIn(dbDir, "", suffix) {
			if info, err := os.Stat(p); err == nil && info.Size() == 0 {
				if err := os.Remove(p); err != nil {
					return fmt.Errorf("clearing an empty log left by a crash: %w", err)
				}
				continue
			}
			if suffix == ".mem" {
				if err := CheckWAL(p, encrypted); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
