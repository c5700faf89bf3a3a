package journal

import (
	"bufio"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/crypto/chacha20poly1305"

	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
)

// A backup file is:
//
//	"CANDOR-BACKUP-2\n"
//	32 random bytes: this backup's salt
//	uint32 length, then the journal.key in force when the backup was made
//	sealed chunks: uint32 length, 24-byte nonce, XChaCha20-Poly1305 of up to
//	1 MiB of Badger's backup stream, under a key derived from the root
//	secret and the salt, with the chunk's number and a last-chunk flag as
//	associated data.
//
// The salt gives every backup its own chunk key, so chunks of two backups
// of one journal cannot be spliced together. Version 1 files (no salt, one
// chunk key per journal) are still read.
//
// Badger's own stream is plaintext, so it never touches the disk unsealed.
// The key file inside means the backup needs only the passphrase that was
// in force when it was made.
const (
	backupMagic     = "CANDOR-BACKUP-2\n"
	backupMagicV1   = "CANDOR-BACKUP-1\n"
	backupSaltLen   = 32
	backupChunk     = 1 << 20
	backupsDir      = "backups"
	backupsKept     = 10
	maxBackupKeyLen = 4096
)

// newBackupSalt returns a new backup's salt; the fuzz tests fix it.
var newBackupSalt = func() ([]byte, error) {
	salt := make([]byte, backupSaltLen)
	_, err := rand.Read(salt)
	return salt, err
}

// backupKey derives the chunk key of a backup from the root secret and the
// backup's salt (nil for a version 1 backup).
func backupKey(root, jid, salt []byte) []byte {
	purpose := "backup"
	if salt != nil {
		purpose = fmt.Sprintf("backup %x", salt)
	}
	return deriveKey(root, jid, purpose)
}

// ErrBackupDamaged means a backup file is truncated, altered or not a
// Candor backup.
var ErrBackupDamaged = errors.New("the backup file is damaged or not a Candor backup")

type chunkSealer struct {
	w    *bufio.Writer
	aead interface {
		Seal(dst, nonce, plaintext, additionalData []byte) []byte
	}
	buf  []byte
	n    uint64
	err  error       // the first write error: Badger reports only a cancelled stream
	stop func() bool // reports that the journal is closing: the backup gives up
}

func chunkAAD(n uint64, last bool) []byte {
	a := binary.BigEndian.AppendUint64([]byte("candor-backup-chunk"), n)
	if last {
		a = append(a, 1)
	}
	return append(a, 0)
}

func (s *chunkSealer) Write(p []byte) (int, error) {
	if s.stop != nil && s.stop() {
		if s.err == nil {
			s.err = ErrLocked
		}
		return 0, ErrLocked
	}
	total := len(p)
	for len(p) > 0 {
		k := min(len(p), backupChunk-len(s.buf))
		s.buf = append(s.buf, p[:k]...)
		p = p[k:]
		if len(s.buf) == backupChunk {
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

func (s *chunkSealer) flush(last bool) error {
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

// Backup writes an encrypted backup of the whole journal to path (0600,
// atomically: a temporary file beside it, fsynced, then renamed).
func (j *Journal) Backup(path string) error {
	keyData, err := os.ReadFile(filepath.Join(j.dir, keyfile.FileName))
	if err != nil {
		return fmt.Errorf("reading the key file: %w", err)
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists; choose a new file name", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return fmt.Errorf("creating the backup: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	fail := func(err error) error {
		f.Close()
		if fsx.IsNoSpace(err) {
			return fmt.Errorf("the disk is full; no backup was written: %w", err)
		}
		return fmt.Errorf("writing the backup: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	salt, err := newBackupSalt()
	if err != nil {
		return fail(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(backupMagic)
	w.Write(salt)
	binary.Write(w, binary.BigEndian, uint32(len(keyData)))
	w.Write(keyData)
	err = j.withRoot(func(root []byte) error {
		aead, err := chacha20poly1305.NewX(backupKey(root, j.journalID[:], salt))
		if err != nil {
			return err
		}
		s := &chunkSealer{w: w, aead: aead, stop: j.stopping}
		j.mu.RLock()
		db := j.db
		if db == nil {
			j.mu.RUnlock()
			return ErrLocked
		}
		_, err = db.Backup(s, 0)
		j.mu.RUnlock()
		if s.err != nil {
			return s.err
		}
		if err != nil {
			return err
		}
		return s.flush(true)
	})
	if err != nil {
		return fail(err)
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	return fsx.SyncDir(filepath.Dir(path))
}

// withRoot gives fn the root secret; the journal keeps it only while open.
func (j *Journal) withRoot(fn func(root []byte) error) error {
	j.mu.RLock()
	root := j.root
	j.mu.RUnlock()
	if root == nil {
		return ErrLocked
	}
	return fn(root)
}

// Restore recreates a journal in dir (which must not exist or be empty)
// from a backup file, unlocked with the passphrase that was in force when
// the backup was made. The restored journal is closed again.
func Restore(path, dir string, passphrase []byte) error {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("%w: restore only into an empty folder (%s is not)", ErrExists, dir)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading the backup: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != backupMagic && string(magic) != backupMagicV1 {
		return ErrBackupDamaged
	}
	var salt []byte
	if string(magic) == backupMagic {
		salt = make([]byte, backupSaltLen)
		if _, err := io.ReadFull(r, salt); err != nil {
			return ErrBackupDamaged
		}
	}
	var klen uint32
	if err := binary.Read(r, binary.BigEndian, &klen); err != nil || klen > maxBackupKeyLen {
		return ErrBackupDamaged
	}
	keyData := make([]byte, klen)
	if _, err := io.ReadFull(r, keyData); err != nil {
		return ErrBackupDamaged
	}
	kf, err := keyfile.Parse(keyData)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBackupDamaged, err)
	}
	u, err := kf.Open(passphrase)
	if err != nil {
		return err // wrong passphrase: nothing was created
	}
	defer clear(u.Root[:])
	_, statErr := os.Stat(dir)
	created := os.IsNotExist(statErr)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// cleanup leaves dir as it was found: gone, or empty.
	cleanup := func() {
		if created {
			os.RemoveAll(dir)
			return
		}
		for _, name := range []string{dbDirName, keyfile.FileName, lockFileName, openingMarker} {
			os.RemoveAll(filepath.Join(dir, name))
		}
	}
	// Badger writes the restored database through mapped files, which a
	// full disk turns into a crash: make sure it fits first, with room for
	// its logs and a compaction.
	if info, err := f.Stat(); err == nil {
		need := uint64(3*info.Size()) + uint64(walMax+memTableSize+spaceMargin)
		if free, err := fsx.DiskFree(dir); err == nil && free < need {
			if created {
				os.RemoveAll(dir)
			}
			return fmt.Errorf("%w: restoring this backup needs about %d MB free, and %d MB are", ErrDiskFull, need>>20, free>>20)
		}
	}
	c, err := claim(dir)
	if err != nil {
		if created {
			os.RemoveAll(dir)
		}
		return err
	}
	if err := keyfile.Write(dir, kf, nil); err != nil {
		c.Release()
		cleanup()
		return err
	}
	j, err := open(c, u, nil)
	if err != nil {
		c.Release()
		cleanup()
		return err
	}
	aead, err := chacha20poly1305.NewX(backupKey(u.Root[:], u.JournalID[:], salt))
	if err != nil {
		j.Close()
		cleanup()
		return err
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(unsealChunks(r, aead, pw))
	}()
	err = j.db.Load(pr, 256)
	pr.CloseWithError(err)
	if cerr := j.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// Leave nothing half-restored behind.
		cleanup()
		if errors.Is(err, ErrBackupDamaged) || strings.Contains(err.Error(), "damaged") {
			return ErrBackupDamaged
		}
		return fmt.Errorf("restoring: %w", err)
	}
	return nil
}

func unsealChunks(r *bufio.Reader, aead interface {
	Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error)
}, w io.Writer) error {
	for n := uint64(0); ; n++ {
		var l uint32
		if err := binary.Read(r, binary.BigEndian, &l); err != nil {
			return ErrBackupDamaged // ended before the last chunk
		}
		if l > backupChunk+64 {
			return ErrBackupDamaged
		}
		nonce := make([]byte, chacha20poly1305.NonceSizeX)
		sealed := make([]byte, l)
		if _, err := io.ReadFull(r, nonce); err != nil {
			return ErrBackupDamaged
		}
		if _, err := io.ReadFull(r, sealed); err != nil {
			return ErrBackupDamaged
		}
		last := false
		plain, err := aead.Open(nil, nonce, sealed, chunkAAD(n, false))
		if err != nil {
			if plain, err = aead.Open(nil, nonce, sealed, chunkAAD(n, true)); err != nil {
				return ErrBackupDamaged
			}
			last = true
		}
		if _, err := w.Write(plain); err != nil {
			return err
		}
		clear(plain)
		if last {
			if _, err := r.ReadByte(); err != io.EOF {
				return ErrBackupDamaged // bytes after the last chunk
			}
			return nil
		}
	}
}

// AutoBackup writes today's backup into the journal's backups/ folder if
// there is none yet, and keeps the newest ten. It returns the path written,
// or "" when today's backup already existed.
func (j *Journal) AutoBackup(today Date) (string, error) {
	dir := filepath.Join(j.dir, backupsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "candor-"+today.String()+".backup")
	if _, err := os.Stat(path); err == nil {
		return "", nil
	}
	if err := j.Backup(path); err != nil {
		return "", err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return path, err
	}
	var names []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "candor-") && strings.HasSuffix(e.Name(), ".backup") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names) // dates sort as text
	for len(names) > backupsKept {
		os.Remove(filepath.Join(dir, names[0]))
		names = names[1:]
	}
	return path, nil
}

// Check reads every entry and the date index and reports what disagrees.
// An empty list means the journal is healthy.
func (j *Journal) Check() (int, []string, error) {
	var problems []string
	dates := map[ID]Date{}
	n := 0
	err := j.view(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{kindEntry}
		it := txn.NewIterator(o)
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			var id ID
			copy(id[:], k[1:])
			var e Entry
			err := it.Item().Value(func(v []byte) error {
				plain, err := j.open(v, k)
				if err != nil {
					return err
				}
				return decodeEntry(plain, &e)
			})
			if err != nil {
				problems = append(problems, fmt.Sprintf("entry %s does not decrypt or decode", id))
				continue
			}
			dates[id] = e.Date
			n++
		}
		it.Close()
		return nil
	})
	if err != nil {
		return n, problems, err
	}
	seen := map[ID]bool{}
	{
		err := j.Summaries(Date{}, Date{}, func(s Summary) error {
			seen[s.ID] = true
			if d, ok := dates[s.ID]; !ok {
				problems = append(problems, fmt.Sprintf("the date index names a missing entry %s", s.ID))
			} else if d != s.Date {
				problems = append(problems, fmt.Sprintf("entry %s is indexed under the wrong date", s.ID))
			}
			return nil
		})
		if err != nil {
			problems = append(problems, "the date index cannot be read: "+err.Error())
		}
		for id := range dates {
			if !seen[id] {
				problems = append(problems, fmt.Sprintf("entry %s is missing from the date index", id))
			}
		}
	}
	sort.Strings(problems)
	return n, problems, nil
}
