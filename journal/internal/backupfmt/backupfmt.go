// Package backupfmt reads and writes the sealed stream inside a Candor
// backup file. A backup file is:
//
//	"CANDOR-BACKUP-2\n"
//	32 random bytes: this backup's salt
//	uint32 length, then the journal.key in force when the backup was made
//	sealed chunks: uint32 length, 24-byte nonce, XChaCha20-Poly1305 of up to
//	1 MiB of the database's backup stream, under a key derived from the root
//	secret and the salt, with the chunk's number and a last-chunk flag as
//	associated data.
//
// The salt gives every backup its own chunk key, so chunks of two backups
// of one journal cannot be spliced together; the chunk numbers and the
// last-chunk flag detect reordered, dropped, truncated or extended chunks.
// Version 1 files (no salt, one chunk key per journal) are still read.
//
// The package knows nothing of Badger or journals: it seals and unseals
// bytes with the AEAD or key it is given, and WriteFile writes a whole
// backup file durably from a stream its caller fills.
package backupfmt

import (
	"bufio"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/chacha20poly1305"
)

// Format constants.
const (
	// Magic starts a version 2 backup.
	Magic = "CANDOR-BACKUP-2\n"
	// MagicV1 starts a version 1 backup, which has no salt.
	MagicV1 = "CANDOR-BACKUP-1\n"
	// SaltLen is the length of a backup's random salt.
	SaltLen = 32
	// ChunkSize is the most plaintext one sealed chunk holds.
	ChunkSize = 1 << 20
	// MaxKeyLen bounds the key file stored in a backup.
	MaxKeyLen = 4096
)

// ErrDamaged means a backup file is truncated, altered or not a Candor
// backup.
var ErrDamaged = errors.New("the backup file is damaged or not a Candor backup")

// NewSalt returns a new backup's salt; the fuzz tests replace it to make
// backups whose bytes never change.
var NewSalt = func() ([]byte, error) {
	salt := make([]byte, SaltLen)
	_, err := rand.Read(salt)
	return salt, err
}

// KeyPurpose names the key derivation of a backup's chunk key for the given
// salt (nil for a version 1 backup), so each backup has its own key.
func KeyPurpose(salt []byte) string {
	if salt == nil {
		return "backup"
	}
	return fmt.Sprintf("backup %x", salt)
}

// WriteHeader writes the magic, the salt and the key file.
func WriteHeader(w io.Writer, salt, keyData []byte) error {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(keyData)))
	for _, b := range [][]byte{[]byte(Magic), salt, n[:], keyData} {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// ReadHeader reads what WriteHeader wrote (or a version 1 header, whose
// salt is nil) and returns the salt and the key file's bytes.
func ReadHeader(r io.Reader) (salt, keyData []byte, err error) {
	magic := make([]byte, len(Magic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != Magic && string(magic) != MagicV1 {
		return nil, nil, ErrDamaged
	}
	if string(magic) == Magic {
		salt = make([]byte, SaltLen)
		if _, err := io.ReadFull(r, salt); err != nil {
			return nil, nil, ErrDamaged
		}
	}
	var klen uint32
	if err := binary.Read(r, binary.BigEndian, &klen); err != nil || klen > MaxKeyLen {
		return nil, nil, ErrDamaged
	}
	keyData = make([]byte, klen)
	if _, err := io.ReadFull(r, keyData); err != nil {
		return nil, nil, ErrDamaged
	}
	return salt, keyData, nil
}

func chunkAAD(n uint64, last bool) []byte {
	a := binary.BigEndian.AppendUint64([]byte("candor-backup-chunk"), n)
	if last {
		a = append(a, 1)
	}
	return append(a, 0)
}

// Writer seals what is written to it in chunks. Close seals the last chunk;
// a stream without it does not restore.
type Writer struct {
	w    io.Writer
	aead cipher.AEAD
	buf  []byte
	n    uint64
	err  error // the first write error: a database reports only a cancelled stream
	stop func() error
}

// NewWriter returns a Writer that seals chunks with aead onto w. When stop
// returns an error, the next Write fails with it (the journal is closing).
func NewWriter(w io.Writer, aead cipher.AEAD, stop func() error) *Writer {
	return &Writer{w: w, aead: aead, stop: stop}
}

// Err returns the first error a Write met, which the caller may see only as
// a cancelled stream.
func (s *Writer) Err() error { return s.err }

// Write buffers p and seals every full chunk.
func (s *Writer) Write(p []byte) (int, error) {
	if s.stop != nil {
		if err := s.stop(); err != nil {
			if s.err == nil {
				s.err = err
			}
			return 0, err
		}
	}
	total := len(p)
	for len(p) > 0 {
		k := min(len(p), ChunkSize-len(s.buf))
		s.buf = append(s.buf, p[:k]...)
		p = p[k:]
		if len(s.buf) == ChunkSize {
			if err := s.flush(false); err != nil {
				if s.err == nil {
					s.err = err
				}
				return 0, err
			}
		}
	}
	return total, nil
}

// Flush seals what is buffered as a chunk that is not the last one, so a
// stream can be cut into chunks of any size (the fuzz tests do).
func (s *Writer) Flush() error { return s.flush(false) }

// Close seals what is buffered as the last chunk.
func (s *Writer) Close() error { return s.flush(true) }

func (s *Writer) flush(last bool) error {
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	sealed := s.aead.Seal(nil, nonce, s.buf, chunkAAD(s.n, last))
	clear(s.buf)
	s.buf = s.buf[:0]
	s.n++
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(len(sealed)))
	for _, b := range [][]byte{hdr[:], nonce, sealed} {
		if _, err := s.w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// Unseal reads sealed chunks from r, checks their order and the last-chunk
// flag, and writes the plaintext to w. Any damage gives ErrDamaged.
func Unseal(r *bufio.Reader, aead cipher.AEAD, w io.Writer) error {
	for n := uint64(0); ; n++ {
		var l uint32
		if err := binary.Read(r, binary.BigEndian, &l); err != nil {
			return ErrDamaged // ended before the last chunk
		}
		if l > ChunkSize+64 {
			return ErrDamaged
		}
		nonce := make([]byte, chacha20poly1305.NonceSizeX)
		sealed := make([]byte, l)
		if _, err := io.ReadFull(r, nonce); err != nil {
			return ErrDamaged
		}
		if _, err := io.ReadFull(r, sealed); err != nil {
			return ErrDamaged
		}
		last := false
		plain, err := aead.Open(nil, nonce, sealed, chunkAAD(n, false))
		if err != nil {
			if plain, err = aead.Open(nil, nonce, sealed, chunkAAD(n, true)); err != nil {
				return ErrDamaged
			}
			last = true
		}
		if _, err := w.Write(plain); err != nil {
			return err
		}
		clear(plain)
		if last {
			if _, err := r.ReadByte(); err != io.EOF {
				return ErrDamaged // bytes after the last chunk
			}
			return nil
		}
	}
}
