package journal

import (
	"bytes"
	"candor/journal/internal/fsx"
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

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
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

const (
	keyFileName    = "journal.key"
	keyFileFormat  = "candor-journal-key"
	keyFileVersion = 1
	kdfAlgorithm   = "argon2id"
	sealAlgorithm  = "xchacha20poly1305"
	rootSecretLen  = 32
	journalIDLen   = 16
	saltLen        = 16
)

var b64 = base64.RawStdEncoding.Strict()

// keyHeader is the authenticated, unencrypted part of journal.key.
type keyHeader struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	JournalID string    `json:"journal_id"`
	KDF       kdfHeader `json:"kdf"`
	Seal      string    `json:"seal"`
}

type kdfHeader struct {
	Algorithm string `json:"algorithm"`
	KDFParams
	Salt string `json:"salt"`
}

// keyFile is journal.key as stored: the header, the sealed root secret and a
// checksum over everything else that tells damage apart from a wrong
// passphrase.
type keyFile struct {
	keyHeader
	Nonce    string `json:"nonce"`
	Sealed   string `json:"sealed"`
	Checksum string `json:"checksum"`
}

// unsealedKey is what a key file yields for the right passphrase.
type unsealedKey struct {
	journalID [journalIDLen]byte
	root      [rootSecretLen]byte
	params    KDFParams
}

func (k *keyFile) aad() []byte {
	b, _ := json.Marshal(k.keyHeader) // plain struct: cannot fail
	return b
}

func (k *keyFile) checksum() string {
	c := *k
	c.Checksum = ""
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

func (k *keyFile) encode() []byte {
	b, _ := json.MarshalIndent(k, "", "  ")
	return append(b, '\n')
}

// deriveKEK runs Argon2id; callers clear the result after use.
func deriveKEK(passphrase []byte, salt []byte, p KDFParams) []byte {
	return argon2.IDKey(passphrase, salt, p.Time, p.MemoryKiB, p.Threads, chacha20poly1305.KeySize)
}

// sealKeyFile seals root for journalID under passphrase with fresh salt and nonce.
func sealKeyFile(journalID [journalIDLen]byte, root [rootSecretLen]byte, passphrase []byte, p KDFParams) (*keyFile, error) {
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
	k := &keyFile{keyHeader: keyHeader{
		Format:    keyFileFormat,
		Version:   keyFileVersion,
		JournalID: b64.EncodeToString(journalID[:]),
		KDF:       kdfHeader{Algorithm: kdfAlgorithm, KDFParams: p, Salt: b64.EncodeToString(salt)},
		Seal:      sealAlgorithm,
	}}
	kek := deriveKEK(passphrase, salt, p)
	aead, err := chacha20poly1305.NewX(kek)
	clear(kek)
	if err != nil {
		return nil, err
	}
	k.Nonce = b64.EncodeToString(nonce)
	k.Sealed = b64.EncodeToString(aead.Seal(nil, nonce, root[:], k.aad()))
	k.Checksum = k.checksum()
	return k, nil
}

// parseKeyFile checks everything that can be checked without the passphrase.
// Every error wraps ErrKeyFileDamaged.
func parseKeyFile(data []byte) (*keyFile, error) {
	damaged := func(why string) error { return fmt.Errorf("%w: %s", ErrKeyFileDamaged, why) }
	if len(data) > maxKeyFileSize {
		return nil, damaged("it is too large")
	}
	var k keyFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&k); err != nil {
		return nil, damaged("it is not valid")
	}
	// Only the exact bytes Candor writes are accepted: this catches changes
	// JSON would forgive (letter case of names, spacing, escapes).
	if !bytes.Equal(k.encode(), data) {
		return nil, damaged("it is not in the form Candor writes")
	}
	if k.Checksum != k.checksum() {
		return nil, damaged("its checksum does not match")
	}
	if k.Format != keyFileFormat {
		return nil, damaged("it is not a Candor key file")
	}
	if k.Version != keyFileVersion {
		return nil, fmt.Errorf("%w: version %d is not supported by this Candor", ErrKeyFileDamaged, k.Version)
	}
	if k.KDF.Algorithm != kdfAlgorithm || k.Seal != sealAlgorithm {
		return nil, damaged("it names an unknown algorithm")
	}
	if err := k.KDF.KDFParams.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyFileDamaged, err)
	}
	for _, f := range []struct {
		val  string
		size int
	}{{k.JournalID, journalIDLen}, {k.KDF.Salt, saltLen}, {k.Nonce, chacha20poly1305.NonceSizeX}, {k.Sealed, rootSecretLen + chacha20poly1305.Overhead}} {
		b, err := b64.DecodeString(f.val)
		if err != nil || len(b) != f.size {
			return nil, damaged("a field has the wrong size")
		}
	}
	return &k, nil
}

// open unseals the root secret; a wrong passphrase gives ErrWrongPassphrase.
func (k *keyFile) open(passphrase []byte) (*unsealedKey, error) {
	if len(passphrase) == 0 {
		return nil, ErrEmptyPassphrase
	}
	salt, _ := b64.DecodeString(k.KDF.Salt)
	nonce, _ := b64.DecodeString(k.Nonce)
	sealed, _ := b64.DecodeString(k.Sealed)
	jid, _ := b64.DecodeString(k.JournalID)
	kek := deriveKEK(passphrase, salt, k.KDF.KDFParams)
	aead, err := chacha20poly1305.NewX(kek)
	clear(kek)
	if err != nil {
		return nil, err
	}
	root, err := aead.Open(nil, nonce, sealed, k.aad())
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	u := &unsealedKey{params: k.KDF.KDFParams}
	copy(u.root[:], root)
	copy(u.journalID[:], jid)
	clear(root)
	return u, nil
}

// maxKeyFileSize bounds what is read of journal.key; Candor's are ~450 bytes.
const maxKeyFileSize = 4096

func readKeyFile(dir string) (*keyFile, error) {
	path := filepath.Join(dir, keyFileName)
	info, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w in %s", ErrNoJournal, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the key file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: it is not a regular file", ErrKeyFileDamaged)
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
	return parseKeyFile(data)
}

// writeKeyFile replaces dir/journal.key atomically: temp file, fsync, read
// back and verify with verify, rename, fsync the directory.
func writeKeyFile(dir string, k *keyFile, verify func(*keyFile) error) error {
	data := k.encode()
	final := filepath.Join(dir, keyFileName)
	tmp, err := fsx.WriteTempSync(dir, keyFileName+".*.new", data)
	if err != nil {
		return fmt.Errorf("writing the new key file: %w", err)
	}
	back, err := os.ReadFile(tmp)
	if err == nil {
		var parsed *keyFile
		if parsed, err = parseKeyFile(back); err == nil && verify != nil {
			err = verify(parsed)
		}
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("the new key file did not verify, nothing was changed: %w", err)
	}
	fsx.CrashPoint("journal.key:verified")
	if err := os.Rename(tmp, final); err != nil {
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
