package journal

import (
	"bufio"
	"bytes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"golang.org/x/crypto/chacha20poly1305"

	"candor/journal/internal/backupfmt"
	"candor/journal/internal/keyfile"
)

// knownSeal is a value sealed by sealValue during fuzz setup, with the
// associated data it was sealed under and what it holds.
type knownSeal struct {
	aad   []byte
	plain []byte
	entry *Entry // set when plain is an encoded entry
}

// FuzzOpenSealed fuzzes the decoder of sealed Badger values, (*Journal).open,
// together with sealValue. The journal is made once, with the cheap test KDF,
// and the corpus is seeded with values it really sealed (entries, date index
// records and the identity record) plus truncated and bit-flipped copies.
// Each fuzzing process makes its own journal with its own random key, so the
// seals another process made, and those in the committed corpus, are just
// bytes to it, which is what the properties below expect.
// The properties are: open never panics; it accepts a value only if that value
// is a genuine seal made under the same associated data, and then returns
// exactly what was sealed (and, for entries, what decodeEntry reads back is
// the entry that was written); a value marked as plaintext is never accepted
// by an encrypted journal; and sealing the fuzzed bytes gives a value that
// opens to them under its own associated data only, and not at all after any
// one bit of it is flipped.
func FuzzOpenSealed(f *testing.F) {
	j, _ := newJournal(f)
	plainDir := filepath.Join(f.TempDir(), "insecure")
	pj, err := Init(plainDir, testPass, &Options{KDF: TestKDF, insecure: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { pj.Close() })

	known := map[string]knownSeal{}
	seal := func(plain, aad []byte, e *Entry) []byte {
		v, err := j.sealValue(plain, aad)
		if err != nil {
			f.Fatal(err)
		}
		known[string(v)] = knownSeal{aad: aad, plain: plain, entry: e}
		return v
	}
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	e := Entry{ID: NewID(at), Date: Date{2026, 3, 4}, Created: at, Updated: at, Title: "Fuzz", Body: "a body\nwith two lines", Area: AreaProblemSolving, Rating: 4, Role: RoleManager, Tags: []string{"a", "b"}}
	ev := seal(encodeEntry(&e), entryKey(e.ID), &e)
	mv := seal(encodeMeta(&e), dateKey(e.Date, e.ID), nil)
	jv := seal([]byte(`{"journal_id":"AAAAAAAAAAAAAAAAAAAAAA","schema":1}`), metaJournalKey, nil)
	empty := seal(nil, nil, nil)

	f.Add(ev, entryKey(e.ID))
	f.Add(mv, dateKey(e.Date, e.ID))
	f.Add(jv, metaJournalKey)
	f.Add(empty, []byte{})
	f.Add(ev, metaJournalKey)                                    // a genuine seal under the wrong key
	f.Add(ev[:len(ev)-1], entryKey(e.ID))                        // tag cut short
	f.Add(ev[:1+chacha20poly1305.NonceSizeX], entryKey(e.ID))    // nonce only
	f.Add(flipBit(ev, 0), entryKey(e.ID))                        // version byte
	f.Add(flipBit(ev, 8*5), entryKey(e.ID))                      // nonce
	f.Add(flipBit(ev, 8*(len(ev)-1)+7), entryKey(e.ID))          // tag
	f.Add(append([]byte{0}, encodeEntry(&e)...), entryKey(e.ID)) // marked as plaintext
	f.Add([]byte{}, []byte{})
	f.Add([]byte{1}, []byte{kindEntry})

	f.Fuzz(func(t *testing.T, v, aad []byte) {
		plain, err := j.open(v, aad)
		k, isKnown := known[string(v)]
		switch {
		case isKnown && bytes.Equal(k.aad, aad):
			if err != nil {
				t.Fatalf("a genuine seal does not open: %v", err)
			}
			if !bytes.Equal(plain, k.plain) {
				t.Fatalf("a genuine seal opens to %q, sealed %q", plain, k.plain)
			}
			if k.entry != nil {
				var got Entry
				if err := decodeEntry(plain, &got); err != nil || !reflect.DeepEqual(got, *k.entry) {
					t.Fatalf("the sealed entry reads back as %+v (%v), wrote %+v", got, err, *k.entry)
				}
			}
		case err == nil:
			t.Fatalf("open accepted a value that is not a genuine seal under this associated data (%d bytes, version %d)", len(v), v[0])
		}

		// The plaintext form is only for the insecure test journal.
		if pv, err := pj.open(v, aad); (err == nil) != (len(v) > 0 && v[0] == 0) {
			t.Fatalf("insecure journal: open of a value with version byte %v gave %v", v[:min(len(v), 1)], err)
		} else if err == nil && !bytes.Equal(pv, v[1:]) {
			t.Fatal("insecure journal: open changed the plaintext")
		}

		// Round trip: whatever is sealed opens again, only under its own
		// associated data, and not after any change.
		s, err := j.sealValue(v, aad)
		if err != nil {
			t.Fatal(err)
		}
		if len(s) != 1+chacha20poly1305.NonceSizeX+len(v)+chacha20poly1305.Overhead || s[0] != 1 {
			t.Fatalf("a seal of %d bytes is %d bytes, version %d", len(v), len(s), s[0])
		}
		back, err := j.open(s, aad)
		if err != nil || !bytes.Equal(back, v) {
			t.Fatalf("round trip: %v", err)
		}
		if _, err := j.open(s, append(append([]byte(nil), aad...), 0)); err == nil {
			t.Fatal("a seal opened under other associated data")
		}
		// Flip one bit, chosen by the input's last two bytes.
		bit := int(binary.BigEndian.Uint16(append([]byte{0, 0}, v...)[len(v):])) % (8 * len(s))
		if _, err := j.open(flipBit(s, bit), aad); err == nil {
			t.Fatalf("a seal with bit %d flipped still opened", bit)
		}
		// The full read path: what decodeEntry makes of the opened bytes is
		// what it makes of the bytes that were sealed.
		var viaSeal, direct Entry
		errSeal, errDirect := decodeEntry(back, &viaSeal), decodeEntry(v, &direct)
		if (errSeal == nil) != (errDirect == nil) || (errSeal == nil && !reflect.DeepEqual(viaSeal, direct)) {
			t.Fatalf("decodeEntry differs after a round trip: %v / %v", errSeal, errDirect)
		}
	})
}

// flipBit returns a copy of b with bit i (counting from the first byte's
// lowest bit) inverted.
func flipBit(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i/8] ^= 1 << (i % 8)
	return c
}

// backupFixture is a small genuine backup and what the fuzzer needs to judge
// inputs against it.
type backupFixture struct {
	files  [][]byte    // backups that must restore: Backup's own, and the same stream in small chunks
	header []byte      // magic, salt, key length and key file, the same in every fuzzing process
	aead   cipher.AEAD // the backup's chunk key
	// headerV1 and aeadV1 are the same for a version 1 backup (no salt).
	headerV1 []byte
	aeadV1   cipher.AEAD
	entries  int // how many entries the journal holds
}

// Fixed secrets for the backup fixture, for tests only. Go's fuzzer runs the setup in each of
// its processes and hands them the seeds made by the first one, so the
// journal behind the seeds must be the same everywhere: its key file is built
// from these instead of coming from Init's random ones.
var (
	fuzzJournalID = [keyfile.JournalIDLen]byte{'c', 'a', 'n', 'd', 'o', 'r', '-', 'f', 'u', 'z', 'z'}
	fuzzRoot      = [keyfile.RootSecretLen]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	fuzzSalt      = []byte("fuzz-salt-16byte")
	fuzzNonce     = []byte("fuzz-key-file-nonce-24by")
)

// fixedKeyFile returns journal.key for fuzzJournalID and fuzzRoot, sealed
// with testPass under TestKDF, the way keyfile.Seal does but without its
// random salt and nonce.
func fixedKeyFile(tb testing.TB) []byte {
	k, err := keyfile.SealWith(fuzzJournalID, fuzzRoot, testPass, TestKDF, fuzzSalt, fuzzNonce)
	if err != nil {
		tb.Fatal(err)
	}
	data := k.Encode()
	if _, err := keyfile.Parse(data); err != nil {
		tb.Fatal(err)
	}
	return data
}

// newBackupFixture makes a journal with the fixed key and a few entries,
// backs it up with Backup, and reseals the same Badger stream in several
// small chunks, so the fuzzer also meets chunk numbering and the last-chunk
// flag.
func newBackupFixture(tb testing.TB) *backupFixture {
	dir := filepath.Join(tb.TempDir(), "journal")
	if err := os.Mkdir(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, keyfile.FileName), fixedKeyFile(tb), 0o600); err != nil {
		tb.Fatal(err)
	}
	j, err := Open(dir, testPass, cheap())
	if err != nil {
		tb.Fatal(err)
	}
	defer j.Close()
	at := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	fx := &backupFixture{entries: 2}
	for i := range fx.entries {
		if _, err := j.Add(Entry{Date: Date{2026, 5, 1 + i}, Created: at, Title: "t", Body: "fuzz", Tags: []string{"x"}}); err != nil {
			tb.Fatal(err)
		}
	}
	path := filepath.Join(tb.TempDir(), "genuine.backup")
	fuzzSalt := bytes.Repeat([]byte{0x5c}, backupfmt.SaltLen)
	saved := backupfmt.NewSalt
	backupfmt.NewSalt = func() ([]byte, error) { return bytes.Clone(fuzzSalt), nil }
	err = j.Backup(path)
	backupfmt.NewSalt = saved
	if err != nil {
		tb.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if fx.aead, err = chacha20poly1305.NewX(backupKey(fuzzRoot[:], fuzzJournalID[:], fuzzSalt)); err != nil {
		tb.Fatal(err)
	}
	if fx.aeadV1, err = chacha20poly1305.NewX(backupKey(fuzzRoot[:], fuzzJournalID[:], nil)); err != nil {
		tb.Fatal(err)
	}
	klen := binary.BigEndian.Uint32(data[len(backupfmt.Magic)+backupfmt.SaltLen:])
	fx.header = data[:len(backupfmt.Magic)+backupfmt.SaltLen+4+int(klen)]
	fx.headerV1 = append([]byte(backupfmt.MagicV1), data[len(backupfmt.Magic)+backupfmt.SaltLen:len(fx.header)]...)
	plain, ok := fx.read(data)
	if !ok {
		tb.Fatal("the reference reader refuses Backup's own file")
	}

	// The same stream in small chunks, in both versions.
	fx.files = [][]byte{data}
	for _, v := range []struct {
		header []byte
		aead   cipher.AEAD
	}{{fx.header, fx.aead}, {fx.headerV1, fx.aeadV1}} {
		var multi bytes.Buffer
		multi.Write(v.header)
		w := bufio.NewWriter(&multi)
		s := backupfmt.NewWriter(w, v.aead, nil)
		third := len(plain) / 3
		for _, part := range [][]byte{plain[:third], plain[third : 2*third], plain[2*third:]} {
			s.Write(part)
			if err := s.Flush(); err != nil {
				tb.Fatal(err)
			}
		}
		if err := s.Close(); err != nil { // an empty last chunk
			tb.Fatal(err)
		}
		w.Flush()
		fx.files = append(fx.files, multi.Bytes())
	}
	return fx
}

// read is the fuzzer's reference reader, written from the format described
// in backup.go over a byte slice: it returns Badger's stream and true only
// if data is the fixture's header followed by chunks numbered from zero that
// all authenticate under the journal's backup key, the last one flagged as
// last and nothing after it. Since nobody without the key can make such
// chunks, these are exactly the backups made of the fixture's journal.
func (fx *backupFixture) read(data []byte) ([]byte, bool) {
	aead := fx.aead
	rest, ok := bytes.CutPrefix(data, fx.header)
	if !ok {
		if rest, ok = bytes.CutPrefix(data, fx.headerV1); !ok {
			return nil, false
		}
		aead = fx.aeadV1
	}
	var out []byte
	for n := uint64(0); ; n++ {
		if len(rest) < 4+chacha20poly1305.NonceSizeX {
			return nil, false
		}
		l := binary.BigEndian.Uint32(rest)
		nonce := rest[4 : 4+chacha20poly1305.NonceSizeX]
		rest = rest[4+chacha20poly1305.NonceSizeX:]
		if uint64(len(rest)) < uint64(l) {
			return nil, false
		}
		sealed := rest[:l]
		rest = rest[l:]
		if p, err := aead.Open(nil, nonce, sealed, refChunkAAD(n, false)); err == nil {
			out = append(out, p...)
			continue
		}
		p, err := aead.Open(nil, nonce, sealed, refChunkAAD(n, true))
		if err != nil {
			return nil, false
		}
		return append(out, p...), len(rest) == 0
	}
}

// fuzzing reports whether this process is fuzzing (go test -fuzz, as the
// coordinator or a worker) rather than running the seed corpus as tests.
func fuzzing() bool {
	fl := flag.Lookup("test.fuzz")
	return fl != nil && fl.Value.String() != ""
}

// restoreTimeout bounds one Restore; far longer than any should take.
const restoreTimeout = 30 * time.Second

// FuzzReadBackup fuzzes the backup reader: Restore on the whole file, and
// backupfmt.Unseal on the chunks after the header with the journal's own backup
// key. The corpus is seeded with a real backup made by Backup, the same
// stream resealed in small chunks, and truncated, extended and bit-flipped
// copies of both. The journal has a fixed key, so every fuzzing process
// agrees on which inputs are genuine: those the reference reader (read)
// accepts, which, since only the key's holder can make chunks that
// authenticate, are byte for byte backups that were really made.
//
// The properties are: neither function panics or hangs; backupfmt.Unseal
// succeeds exactly on the chunks of a genuine backup, and then yields the
// same stream; Restore succeeds on a genuine backup, and the journal it makes
// opens and checks clean; on any other input Restore returns an error and
// leaves no journal behind: the target folder is absent or empty.
//
// While fuzzing, inputs whose header is intact go only to backupfmt.Unseal,
// because Restore would open a Badger database for each, tens of
// milliseconds a run; set CANDOR_FUZZ_RESTORE=1 to send them to Restore too.
// The seed corpus always goes through both. Inputs are over a kilobyte, so
// Go's minimizing of each new input can take the whole -fuzzminimizetime
// (60 s by default) and stall the run; fuzz this target with
// -fuzzminimizetime=0 or a few seconds.
func FuzzReadBackup(f *testing.F) {
	fx := newBackupFixture(f)
	hl := len(fx.header)
	for _, g := range fx.files {
		f.Add(g)
		f.Add(g[:len(g)-1])                           // last byte of the last tag missing
		f.Add(g[:hl+4+chacha20poly1305.NonceSizeX+5]) // cut inside the first chunk
		f.Add(append(bytes.Clone(g), 0))              // a byte after the last chunk
		f.Add(flipBit(g, 8*(len(g)-20)))              // inside the last chunk
		f.Add(flipBit(g, 8*(hl+1)))                   // first chunk's length
	}
	f.Add(fx.header)
	f.Add(flipBit(fx.files[0], 8*(hl-10))) // inside the key file
	f.Add([]byte(backupfmt.Magic))
	f.Add([]byte{})

	// One scratch folder for all runs (they never overlap): a fresh temporary
	// folder per run would cost more than the rest of the run.
	scratch := f.TempDir()
	path := filepath.Join(scratch, "in.backup")
	target := filepath.Join(scratch, "restored")

	f.Fuzz(func(t *testing.T, data []byte) {
		want, genuine := fx.read(data)

		// The chunk reader alone, with the right key.
		body, intact := bytes.CutPrefix(data, fx.header)
		if intact {
			var out bytes.Buffer
			err := backupfmt.Unseal(bufio.NewReader(bytes.NewReader(body)), fx.aead, &out)
			switch {
			case err == nil && !genuine:
				t.Fatalf("backupfmt.Unseal accepted %d bytes of chunks that are not a genuine backup's", len(body))
			case err == nil && !bytes.Equal(out.Bytes(), want):
				t.Fatal("backupfmt.Unseal changed the stream")
			case err != nil && genuine:
				t.Fatalf("backupfmt.Unseal refused a genuine backup: %v", err)
			case err != nil && !errors.Is(err, ErrBackupDamaged):
				t.Fatalf("backupfmt.Unseal: %v, want ErrBackupDamaged", err)
			}
		}

		// The whole reader. Past an intact header Restore opens a Badger
		// database, tens of milliseconds a run, so while fuzzing those inputs
		// stop at the chunk reader above unless CANDOR_FUZZ_RESTORE is set;
		// the seed corpus always runs them through Restore.
		if intact && fuzzing() && os.Getenv("CANDOR_FUZZ_RESTORE") == "" {
			return
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(target)
		done := make(chan error, 1)
		go func() { done <- Restore(path, target, testPass) }()
		var err error
		select {
		case err = <-done:
		case <-time.After(restoreTimeout):
			t.Fatalf("Restore of %d bytes did not return within %v", len(data), restoreTimeout)
		}
		if genuine {
			if err != nil {
				t.Fatalf("a genuine backup did not restore: %v", err)
			}
			r, err := Open(target, testPass, nil)
			if err != nil {
				t.Fatalf("the restored journal does not open: %v", err)
			}
			defer r.Close()
			// A genuine backup from another process or an older corpus file
			// may hold other entries; this process's own holds fx.entries.
			own := slices.ContainsFunc(fx.files, func(g []byte) bool { return bytes.Equal(g, data) })
			if n, problems, err := r.Check(); err != nil || len(problems) > 0 || (own && n != fx.entries) {
				t.Fatalf("the restored journal: %d entries, problems %v, %v", n, problems, err)
			}
			return
		}
		if err == nil {
			t.Fatalf("Restore accepted %d bytes that are not a genuine backup", len(data))
		}
		ents, rerr := os.ReadDir(target)
		if errors.Is(rerr, os.ErrNotExist) {
			return
		}
		if rerr != nil {
			t.Fatal(rerr)
		}
		var left []string
		for _, e := range ents {
			left = append(left, e.Name())
		}
		if len(left) > 0 {
			t.Fatalf("a failed Restore (%v) left %v in the target folder", err, left)
		}
	})
}

// refChunkAAD is the reference reader's own spelling of a chunk's associated
// data, written from the format description rather than shared with the
// code under test: the chunk number as 8 big-endian bytes after
// "candor-backup-chunk", then 1 for the last chunk, then 0.
func refChunkAAD(n uint64, last bool) []byte {
	a := binary.BigEndian.AppendUint64([]byte("candor-backup-chunk"), n)
	if last {
		a = append(a, 1)
	}
	return append(a, 0)
}
