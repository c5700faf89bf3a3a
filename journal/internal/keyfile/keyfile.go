// Package keyfile reads and writes journal.key, the small versioned JSON file
// that guards a journal: a random root secret sealed with XChaCha20-Poly1305
// under a key derived from the passphrase with Argon2id. The parameters, the
// salt and the journal ID are stored in the file and authenticated as
// associated data, and a checksum over the whole file tells damage apart
// from a wrong passphrase.
//
// Writing is atomic: a temporary file is written, synced, read back and
// verified, then renamed into place, so a crash at any step leaves exactly
// one working key file.
package keyfile

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"candor/journal/internal/fsx"
)

// KDFParams are the Argon2id parameters that turn a passphrase into the key
// that seals the root secret. They are stored in journal.key.
type KDFParams struct {
	// Time is the number of passes over memory.
	Time uint32 `json:"time"`
	// MemoryKiB is the memory used, in KiB.
	MemoryKiB uint32 `json:"memory_kib"`
	// Threads is the degree of parallelism.
	Threads uint8 `json:"threads"`
}

// DefaultKDF is what new journals and passphrase changes use: RFC 9106's
// second recommended setting (t=3, 64 MiB, p=4).
var DefaultKDF = KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

// TestKDF is a deliberately cheap setting for tests. Never use it for a real
// journal: it makes guessing passphrases fast.
var TestKDF = KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

// Limits on KDF parameters read from a key file; anything above is refused
// before any work, so a doctored file cannot make Candor hang or run out of
// memory.
const (
	MaxKDFMemoryKiB = 1 << 20 // 1 GiB
	MaxKDFTime      = 20
	MaxKDFThreads   = 64
)

// Validate checks that p is within the limits Candor accepts.
func (p KDFParams) Validate() error {
	switch {
	case p.Time < 1 || p.Time > MaxKDFTime:
		return fmt.Errorf("key derivation time %d is outside 1 to %d", p.Time, MaxKDFTime)
	case p.Threads < 1 || p.Threads > MaxKDFThreads:
		return fmt.Errorf("key derivation threads %d is outside 1 to %d", p.Threads, MaxKDFThreads)
	case p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > MaxKDFMemoryKiB:
		return fmt.Errorf("key derivation memory %d KiB is outside %d KiB to 1 GiB", p.MemoryKiB, 8*uint32(p.Threads))
	}
	return nil
}

// FileName is the key file's name inside a journal folder.
const FileName = "journal.key"

// Sizes of the secrets a key file holds.
const (
	// JournalIDLen is the length of a journal's random ID.
	JournalIDLen = 16
	// RootSecretLen is the length of the root secret.
	RootSecretLen = 32
)

// Errors returned, possibly wrapped, by this package.
var (
	// ErrWrongPassphrase means the passphrase does not open the key file.
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrEmptyPassphrase means an empty passphrase was given.
	ErrEmptyPassphrase = errors.New("the passphrase is empty")
	// ErrDamaged means the key file cannot be parsed or fails its checks.
	ErrDamaged = errors.New("the key file journal.key is damaged")
	// ErrMissing means the folder has no key file, so it holds no journal.
	ErrMissing = errors.New("no journal found")
	// ErrForeign means the key file opens, but belongs to another journal.
	ErrForeign = errors.New("the key file journal.key belongs to another journal")
)

// What a key file of this version names in its header.
const (
	// FormatName identifies a Candor key file.
	FormatName    = "candor-journal-key"
	FormatVersion = 1
	KDFAlgorithm  = "argon2id"
	SealAlgorithm = "xchacha20poly1305"
	saltLen       = 16
)

// Encoding is how binary fields are written in the file.
var Encoding = base64.RawStdEncoding.Strict()

// Header is the authenticated, unencrypted part of journal.key.
type Header struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	JournalID string    `json:"journal_id"`
	KDF       KDFHeader `json:"kdf"`
	Seal      string    `json:"seal"`
}

type KDFHeader struct {
	Algorithm string `json:"algorithm"`
	KDFParams
	Salt string `json:"salt"`
}

// File is journal.key as stored: the header, the sealed root secret and a
// checksum over everything else that tells damage apart from a wrong
// passphrase.
type File struct {
	Header
	Nonce    string `json:"nonce"`
	Sealed   string `json:"sealed"`
	Checksum string `json:"checksum"`
}

// Unsealed is what a key file yields for the right passphrase.
type Unsealed struct {
	// JournalID is the journal's random ID.
	JournalID [JournalIDLen]byte
	// Root is the root secret every other key is derived from.
	Root [RootSecretLen]byte
	// Params are the KDF parameters the file was sealed with.
	Params KDFParams
}

func (k *File) aad() []byte {
	b, _ := json.Marshal(k.Header) // plain struct: cannot fail
	return b
}

func (k *File) checksum() string {
	c := *k
	c.Checksum = ""
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

func (k *File) Encode() []byte {
	b, _ := json.MarshalIndent(k, "", "  ")
	return append(b, '\n')
}

// DeriveKEK runs Argon2id; callers clear the result after use.
//
// Argon2id's memory (64 MiB with DefaultKDF) is garbage once it returns,
// and Go would keep those pages for a long while, so when it used at least
// releaseAboveKiB they go back to the operating system at once. The same
// amount is made resident before (prefault): Argon2id reads each block of
// its fresh memory before it writes it, so every page faulted twice, the
// second time with a flush of the other cores' address caches. In a new
// process that doubled the derivation (about 300 ms against 145 ms on the
// 2-core machine these figures come from; BenchmarkDeriveKEK).
func DeriveKEK(passphrase []byte, salt []byte, p KDFParams) []byte {
	if p.MemoryKiB >= releaseAboveKiB {
		prefault(int(p.MemoryKiB) << 10)
	}
	k := argon2.IDKey(passphrase, salt, p.Time, p.MemoryKiB, p.Threads, chacha20poly1305.KeySize)
	if p.MemoryKiB >= releaseAboveKiB {
		debug.FreeOSMemory()
	}
	return k
}

// releaseAboveKiB is the Argon2id memory from which DeriveKEK hands the
// memory back to the operating system: a forced collection costs a few
// milliseconds, worth it for DefaultKDF, not for the tests' tiny TestKDF.
const releaseAboveKiB = 8 << 10

// prefault leaves n bytes of free heap resident and writable for the next
// allocation of that size, which is Argon2id's: it writes one byte per page
// of an n-byte buffer, a single fault each, and frees it. Go hands a large
// allocation the lowest free run of pages that fits, and clears it in place
// (a few milliseconds), so Argon2id gets these pages.
func prefault(n int) {
	b := make([]byte, n)
	page := os.Getpagesize()
	for i := 0; i < len(b); i += page {
		b[i] = 1
	}
	runtime.KeepAlive(b)
	runtime.GC()
}

// Seal seals root for journalID under passphrase with fresh salt and nonce.
func Seal(journalID [JournalIDLen]byte, root [RootSecretLen]byte, passphrase []byte, p KDFParams) (*File, error) {
	if len(passphrase) == 0 {
		return nil, ErrEmptyPassphrase
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	salt := make([]byte, saltLen)
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return SealWith(journalID, root, passphrase, p, salt, nonce)
}

// SealWith is Seal with a given salt and nonce. Only tests and fuzzing use
// it directly, to make a key file whose bytes never change; a salt or nonce
// used twice weakens the file.
func SealWith(journalID [JournalIDLen]byte, root [RootSecretLen]byte, passphrase []byte, p KDFParams, salt, nonce []byte) (*File, error) {
	if len(salt) != saltLen || len(nonce) != chacha20poly1305.NonceSizeX {
		return nil, errors.New("the salt or nonce has the wrong size")
	}
	k := &File{Header: Header{
		Format:    FormatName,
		Version:   FormatVersion,
		JournalID: Encoding.EncodeToString(journalID[:]),
		KDF:       KDFHeader{Algorithm: KDFAlgorithm, KDFParams: p, Salt: Encoding.EncodeToString(salt)},
		Seal:      SealAlgorithm,
	}}
	kek := DeriveKEK(passphrase, salt, p)
	aead, err := chacha20poly1305.NewX(kek)
	clear(kek)
	if err != nil {
		return nil, err
	}
	k.Nonce = Encoding.EncodeToString(nonce)
	k.Sealed = Encoding.EncodeToString(aead.Seal(nil, nonce, root[:], k.aad()))
	k.Checksum = k.checksum()
	return k, nil
}

// Rechecksum recomputes the checksum after a field was changed; tests use it
// to build files that pass the checksum but fail a later check.
func (k *File) Rechecksum() { k.Checksum = k.checksum() }

// Parse checks everything that can be checked without the passphrase.
// Every error wraps ErrDamaged.
func Parse(data []byte) (*File, error) {
	damaged := func(why string) error { return fmt.Errorf("%w: %s", ErrDamaged, why) }
	if len(data) > maxKeyFileSize {
		return nil, damaged("it is too large")
	}
	var k File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&k); err != nil {
		return nil, damaged("it is not valid")
	}
	// Only the exact bytes Candor writes are accepted: this catches changes
	// JSON would forgive (letter case of names, spacing, escapes).
	if !bytes.Equal(k.Encode(), data) {
		return nil, damaged("it is not in the form Candor writes")
	}
	if k.Checksum != k.checksum() {
		return nil, damaged("its checksum does not match")
	}
	if k.Format != FormatName {
		return nil, damaged("it is not a Candor key file")
	}
	if k.Version != FormatVersion {
		return nil, fmt.Errorf("%w: version %d is not supported by this Candor", ErrDamaged, k.Version)
	}
	if k.KDF.Algorithm != KDFAlgorithm || k.Seal != SealAlgorithm {
		return nil, damaged("it names an unknown algorithm")
	}
	if err := k.KDF.KDFParams.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	for _, f := range []struct {
		val  string
		size int
	}{{k.JournalID, JournalIDLen}, {k.KDF.Salt, saltLen}, {k.Nonce, chacha20poly1305.NonceSizeX}, {k.Sealed, RootSecretLen + chacha20poly1305.Overhead}} {
		b, err := Encoding.DecodeString(f.val)
		if err != nil || len(b) != f.size {
			return nil, damaged("a field has the wrong size")
		}
	}
	return &k, nil
}

// open unseals the root secret; a wrong passphrase gives ErrWrongPassphrase.
func (k *File) Open(passphrase []byte) (*Unsealed, error) {
	if len(passphrase) == 0 {
		return nil, ErrEmptyPassphrase
	}
	salt, _ := Encoding.DecodeString(k.KDF.Salt)
	nonce, _ := Encoding.DecodeString(k.Nonce)
	sealed, _ := Encoding.DecodeString(k.Sealed)
	jid, _ := Encoding.DecodeString(k.JournalID)
	kek := DeriveKEK(passphrase, salt, k.KDF.KDFParams)
	aead, err := chacha20poly1305.NewX(kek)
	clear(kek)
	if err != nil {
		return nil, err
	}
	root, err := aead.Open(nil, nonce, sealed, k.aad())
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	u := &Unsealed{Params: k.KDF.KDFParams}
	copy(u.Root[:], root)
	copy(u.JournalID[:], jid)
	clear(root)
	return u, nil
}

// maxKeyFileSize bounds what is read of journal.key; Candor's are ~450 bytes.
const maxKeyFileSize = 4096

func Read(dir string) (*File, error) {
	path := filepath.Join(dir, FileName)
	info, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w in %s", ErrMissing, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the key file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: it is not a regular file", ErrDamaged)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the key file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading the key file: %w", err)
	}
	return Parse(data)
}

// Write replaces dir/journal.key atomically: temp file, fsync, read
// back and verify with verify, rename, fsync the directory.
func Write(dir string, k *File, verify func(*File) error) error {
	data := k.Encode()
	final := filepath.Join(dir, FileName)
	tmp, err := fsx.WriteTempSync(dir, FileName+".*.new", data)
	if err != nil {
		return fmt.Errorf("writing the new key file: %w", err)
	}
	back, err := os.ReadFile(tmp)
	if err == nil {
		var parsed *File
		if parsed, err = Parse(back); err == nil && verify != nil {
			err = verify(parsed)
		}
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("the new key file did not verify, nothing was changed: %w", err)
	}
	fsx.CrashPoint("journal.key:verified")
	if err := fsx.Rename(tmp, final); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("replacing the key file: %w", err)
	}
	fsx.CrashPoint("journal.key:renamed")
	if err := fsx.SyncDir(dir); err != nil {
		return err
	}
	fsx.CrashPoint("journal.key:done")
	return nil
}

// Reseal checks old against the key file in dir, which must belong to the
// journal journalID, and writes it again with the same root secret sealed
// under newPass, with a fresh salt and parameters p. The new file is read
// back and opened with newPass before it replaces the old one, atomically;
// on any failure the old file stays.
func Reseal(dir string, journalID [JournalIDLen]byte, old, newPass []byte, p KDFParams) error {
	if len(newPass) == 0 {
		return ErrEmptyPassphrase
	}
	kf, err := Read(dir)
	if err != nil {
		return err
	}
	u, err := kf.Open(old)
	if err != nil {
		return err
	}
	defer clear(u.Root[:])
	if u.JournalID != journalID {
		return ErrForeign
	}
	nk, err := Seal(u.JournalID, u.Root, newPass, p)
	if err != nil {
		return err
	}
	return Write(dir, nk, func(back *File) error {
		v, err := back.Open(newPass)
		if err != nil {
			return err
		}
		defer clear(v.Root[:])
		if v.Root != u.Root || v.JournalID != u.JournalID {
			return errors.New("the sealed secret differs")
		}
		return nil
	})
}
