package journal

import (
	"bytes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/crypto/chacha20poly1305"

	"candor/journal/internal/badgerdb"
	"candor/journal/internal/dbcheck"
	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
	"candor/journal/internal/layout"
	"candor/journal/internal/searchindex"
)

const dbDirName = layout.DBDir

// Key layout inside Badger. Keys hold only opaque bytes: a one-letter
// kind, the entry ID and, for the date index, the day as a binary number.
// No title, tag or date text ever appears in a key.
const (
	kindEntry = 'e' // 'e' + ID            -> sealed entry
	kindDate  = 'd' // 'd' + day(4) + ID   -> empty
	kindMeta  = 'm' // 'm' + name          -> sealed metadata (Record)
	// A SideRecord's letter + ID -> its sealed record of the entry.
	// kindIndex ('x') holds the search index: see indexstore.go.
)

var metaJournalKey = []byte{kindMeta, 'j'}

// Options tune a journal. The zero value is what Candor ships.
type Options struct {
	// KDF is used by Init and ChangePassphrase for new key files. Zero means
	// DefaultKDF. Opening a journal always uses the parameters in its key file.
	KDF KDFParams
	// Now, when set, replaces time.Now for timestamps (tests use it).
	Now func() time.Time

	// insecure disables both layers of encryption; only the plaintext-scan
	// test's control journal uses it.
	insecure bool
}

func (o *Options) kdf() KDFParams {
	if o == nil || o.KDF == (KDFParams{}) {
		return DefaultKDF
	}
	return o.KDF
}

// Journal is an unlocked journal. All its methods are safe for concurrent
// use; after Close they return ErrLocked.
type Journal struct {
	dir   string
	opts  Options
	claim *Claim

	mu sync.RWMutex // guards db (nil once closed)
	db *badger.DB
	// closing is set as Close begins: long reads (a search index build, an
	// export, a scan) see it and stop, so Close does not wait for them.
	closing   atomic.Bool
	seal      cipher.AEAD
	journalID [keyfile.JournalIDLen]byte
	root      []byte // the root secret, kept while open (backups need it)
	kdf       KDFParams
	restore   func()
	mapped    badgerdb.Flusher  // makes commits durable on this system
	checked   *badgerdb.Checked // the tables found sound, remembered at Close
	// The search index, made ready on demand.
	index searchindex.Ready[entryIndex]
	// changeMu is read-locked by every change from before its commit
	// until the index has it, and locked by persistIndex while it reads
	// the timestamp the stored index will cover. persistMu lets one
	// persistIndex run at a time; changed counts the changes since the
	// last; bulk is above zero while an import runs (it persists at its
	// end).
	changeMu  sync.RWMutex
	persistMu sync.Mutex
	changed   atomic.Int64
	bulk      atomic.Int32
	// lastMark is the sequence number of the last change mark.
	lastMark atomic.Uint64
	// editMu is read-locked by every edit, and locked by SyncExclusive.
	editMu sync.RWMutex
}

// Init creates a new journal in dir (made with mode 0700 when missing) sealed
// with passphrase, and returns it unlocked. It refuses with ErrExists when dir
// already holds a journal or a database, and with ErrNotEmpty when it holds
// anything else (see CanInit); then dir is left as it was.
func Init(dir string, passphrase []byte, opts *Options) (*Journal, error) {
	return create(dir, nil, passphrase, opts)
}

// InitFromKeyFile creates a new, empty journal in dir whose key file is
// keyData (a synced folder's copy of another computer's), unlocked with
// passphrase: the same root secret, so the two computers' journals are one.
// It refuses a dir that holds anything, like Init; a wrong passphrase
// gives ErrWrongPassphrase and leaves dir as it was.
func InitFromKeyFile(dir string, keyData, passphrase []byte, opts *Options) (*Journal, error) {
	if len(passphrase) == 0 {
		return nil, ErrEmptyPassphrase
	}
	kf, err := keyfile.Parse(keyData)
	if err != nil {
		return nil, err
	}
	return create(dir, kf, passphrase, opts)
}

// create makes the journal of Init (kf nil: a new secret, sealed with
// passphrase) or of InitFromKeyFile (the secret of kf, which passphrase
// opens) in dir, and returns it unlocked.
func create(dir string, kf *keyfile.File, passphrase []byte, opts *Options) (_ *Journal, err error) {
	if len(passphrase) == 0 {
		return nil, ErrEmptyPassphrase
	}
	u := &keyfile.Unsealed{Params: opts.kdf()}
	if kf != nil {
		u, err = kf.Open(passphrase)
	} else {
		err = u.Params.Validate()
	}
	if err != nil {
		return nil, err
	}
	defer clear(u.Root[:])
	if err := CanInit(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the journal folder: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("protecting the journal folder: %w", err)
	}
	makePrivate(dir)
	c, err := claim(dir)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			c.Release()
		}
	}()
	if _, err := os.Stat(filepath.Join(dir, keyfile.FileName)); err == nil {
		return nil, fmt.Errorf("%w in %s", ErrExists, dir)
	}
	if ents, err := os.ReadDir(filepath.Join(dir, dbDirName)); err == nil && len(ents) > 0 {
		return nil, fmt.Errorf("%w in %s: the folder holds a database without a key file", ErrExists, dir)
	}
	if kf == nil {
		rand.Read(u.JournalID[:]) // never fails (crypto/rand, since Go 1.24)
		rand.Read(u.Root[:])
		if kf, err = keyfile.Seal(u.JournalID, u.Root, passphrase, u.Params); err != nil {
			return nil, err
		}
	}
	// The key file is written first: a crash after it leaves a journal that
	// opens (with an empty database), never a database without its key.
	if err := keyfile.Write(dir, kf, nil); err != nil {
		return nil, err
	}
	j, err := open(c, u, opts)
	if err != nil {
		return nil, err
	}
	c.setOwned()
	return j, nil
}

// Open claims the journal in dir and unlocks it with passphrase. Close
// releases the claim.
func Open(dir string, passphrase []byte, opts *Options) (*Journal, error) {
	c, err := ClaimDir(dir)
	if err != nil {
		return nil, err
	}
	j, err := c.Unlock(passphrase, opts)
	if err != nil {
		c.Release()
		return nil, err
	}
	return j, nil
}

// Unlock opens the claimed journal with passphrase. A wrong passphrase gives
// ErrWrongPassphrase, detected from the key file alone before the database is
// touched; the claim stays held so the caller can ask again. On success the
// journal owns the claim and Close releases it.
func (c *Claim) Unlock(passphrase []byte, opts *Options) (*Journal, error) {
	switch c.state() {
	case claimReleased:
		return nil, ErrLocked
	case claimOwned:
		return nil, errors.New("the journal is already unlocked")
	}
	kf, err := keyfile.Read(c.dir)
	if err != nil {
		return nil, err
	}
	u, err := kf.Open(passphrase)
	if err != nil {
		return nil, err
	}
	defer clear(u.Root[:])
	j, err := open(c, u, opts)
	if err != nil {
		return nil, err
	}
	c.setOwned()
	return j, nil
}

func deriveKey(root []byte, jid []byte, purpose string) []byte {
	k, err := hkdf.Key(sha256.New, root, jid, "candor "+purpose+" v1", 32)
	if err != nil {
		panic(err) // only for impossible lengths
	}
	return k
}

func open(c *Claim, u *keyfile.Unsealed, opts *Options) (_ *Journal, err error) {
	j := &Journal{dir: c.dir, claim: c, journalID: u.JournalID, kdf: u.Params, root: append([]byte(nil), u.Root[:]...)}
	if opts != nil {
		j.opts = *opts
	}
	var dbKey []byte
	defer func() {
		clear(dbKey)
		if err != nil { // no copy of the secret outlives a failed open
			clear(j.root)
			j.root, j.seal = nil, nil
		}
	}()
	if !j.opts.insecure {
		dbKey = deriveKey(u.Root[:], u.JournalID[:], "badger")
		aead, err := chacha20poly1305.NewX(deriveKey(u.Root[:], u.JournalID[:], "entry seal"))
		if err != nil {
			return nil, err
		}
		j.seal = aead
	}
	// Badger panics in its own goroutines on some damaged files, which no
	// recover can catch: its files are checked before it reads them.
	checked, err := badgerdb.Check(c.dir, dbKey, space)
	if err != nil {
		return nil, err
	}
	j.checked = checked
	// A passphrase change cut short leaves its new key file behind under a
	// temporary name; the change never happened, so it goes.
	for _, p := range fsx.FilesIn(c.dir, keyfile.FileName+".", ".new") {
		os.Remove(p)
	}
	db, restore, err := badgerdb.Open(c.dir, dbKey)
	clear(dbKey)
	if err != nil {
		return nil, err
	}
	j.restore = restore
	j.db = db
	if err := j.checkMeta(); err != nil {
		db.Close()
		j.restore()
		badgerdb.EndOpen(c.dir)
		return nil, err
	}
	badgerdb.EndOpen(c.dir)
	if err := j.startMarks(); err != nil {
		db.Close()
		j.restore()
		return nil, err
	}
	return j, nil
}

type journalMeta struct {
	JournalID []byte `json:"journal_id"`
	Schema    int    `json:"schema"`
}

// checkMeta makes sure the database belongs to the key file's journal.
func (j *Journal) checkMeta() error {
	var raw []byte
	err := j.db.View(func(txn *badger.Txn) error {
		it, err := txn.Get(metaJournalKey)
		if err != nil {
			return err
		}
		raw, err = it.ValueCopy(nil)
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		n, cerr := j.Count()
		if cerr != nil {
			return cerr
		}
		if n > 0 {
			return fmt.Errorf("%w: its identity record is missing", ErrDamaged)
		}
		return j.writeMeta()
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	plain, err := j.open(raw, metaJournalKey)
	if err != nil {
		return ErrForeignKeyFile
	}
	var m journalMeta
	if err := json.Unmarshal(plain, &m); err != nil || m.Schema != 1 {
		return fmt.Errorf("%w: its identity record is unreadable", ErrDamaged)
	}
	if !bytes.Equal(m.JournalID, j.journalID[:]) {
		return ErrForeignKeyFile
	}
	return nil
}

func (j *Journal) writeMeta() error {
	b, _ := json.Marshal(journalMeta{JournalID: j.journalID[:], Schema: 1})
	return j.db.Update(func(txn *badger.Txn) error { return j.writeSealed(txn, metaJournalKey, b) })
}

// sealValue seals plain with the per-entry key; aad binds it to its Badger key.
func (j *Journal) sealValue(plain, aad []byte) ([]byte, error) {
	if j.seal == nil {
		return append([]byte{0}, plain...), nil
	}
	out := make([]byte, 1+chacha20poly1305.NonceSizeX, 1+chacha20poly1305.NonceSizeX+len(plain)+chacha20poly1305.Overhead)
	out[0] = 1
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, err
	}
	return j.seal.Seal(out, out[1:], plain, aad), nil
}

func (j *Journal) open(v, aad []byte) ([]byte, error) { return j.openTo(nil, v, aad) }

// Dir returns the journal directory.
func (j *Journal) Dir() string { return j.dir }

// Close locks the journal: it closes the database, forgets the keys and
// releases the claim. It is safe to call more than once.
func (j *Journal) Close() error {
	j.closing.Store(true)
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.db == nil {
		return nil
	}
	err := j.db.Close()
	if ferr := j.mapped.Closed(filepath.Join(j.dir, dbDirName)); err == nil {
		err = ferr
	}
	if err == nil {
		_ = j.checked.Remember() // failing costs the next open a full check
	}
	j.db = nil
	j.seal = nil
	clear(j.root)
	j.root = nil
	j.index.Set(nil)
	if rerr := j.claim.release(); err == nil {
		err = rerr
	}
	j.restore()
	return err
}

// ChangePassphrase checks old against the key file and reseals the root
// secret under newPass with a fresh salt. Only journal.key is rewritten,
// atomically; the database is not touched. Afterwards only newPass opens the
// journal.
func (j *Journal) ChangePassphrase(old, newPass []byte) error {
	// Exclusive: two changes at once must not interleave their writes.
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.db == nil {
		return ErrLocked
	}
	return keyfile.Reseal(j.dir, j.journalID, old, newPass, j.opts.kdf())
}

func (j *Journal) now() time.Time {
	if j.opts.Now != nil {
		return j.opts.Now().UTC().Truncate(time.Second)
	}
	return time.Now().UTC().Truncate(time.Second)
}

func entryKey(id ID) []byte { return append([]byte{kindEntry}, id[:]...) }

func dateKey(d Date, id ID) []byte {
	k := make([]byte, 1+4+16)
	k[0] = kindDate
	binary.BigEndian.PutUint32(k[1:], d.DayNumber())
	copy(k[5:], id[:])
	return k
}

// view runs fn in a read transaction while the journal is open.
func (j *Journal) view(fn func(txn *badger.Txn) error) error {
	j.mu.RLock()
	defer j.mu.RUnlock()
	if j.db == nil {
		return ErrLocked
	}
	return storageError(j.db.View(fn))
}

// stopping reports whether Close has begun; long reads check it between
// records and give up with ErrLocked.
func (j *Journal) stopping() bool { return j.closing.Load() }

// Flatten waits until the database has compacted its tables as far as it
// can. Nothing in Candor needs it; benchmarks call it to measure a journal
// that was just bulk-written without the compaction that follows.
func (j *Journal) Flatten() error {
	j.mu.RLock()
	defer j.mu.RUnlock()
	if j.db == nil {
		return ErrLocked
	}
	return j.db.Flatten(2)
}

// Closing reports whether Close has begun. Long work outside this package
// (an export, a report) checks it and stops, so Close does not wait for it.
func (j *Journal) Closing() bool { return j.stopping() }

// update runs fn in a read-write transaction while the journal is open.
func (j *Journal) update(fn func(txn *badger.Txn) error) error {
	j.mu.RLock()
	defer j.mu.RUnlock()
	if j.db == nil {
		return ErrLocked
	}
	if err := space.Save(filepath.Join(j.dir, dbDirName)); err != nil {
		return err
	}
	// Where Badger's msync does not reach the disk, the commit is flushed
	// after it (package badgerdb's Flusher).
	return storageError(j.mapped.Commit(filepath.Join(j.dir, dbDirName), func() error { return j.db.Update(fn) }))
}

// storageError turns Badger's errors into ones a user can act on, leaving
// this package's own errors alone.
func storageError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, badger.ErrTxnTooBig):
		return errors.New("the change is too large to save in one step")
	case errors.Is(err, badger.ErrDBClosed):
		return ErrLocked
	case fsx.IsNoSpace(err):
		return fmt.Errorf("%w: %w", dbcheck.ErrNoRoomToSave, err)
	case errors.Is(err, os.ErrPermission) || fsx.IsReadOnly(err):
		return fmt.Errorf("the journal cannot be written (the disk or folder is read-only), nothing was saved: %w", err)
	}
	return err
}
