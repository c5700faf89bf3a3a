package journal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
)

const lockFileName = "candor.lock"

// Claim is an exclusive hold on a journal directory for this process. Take
// it before asking for a passphrase, so a second copy of Candor is told the
// journal is in use without being asked for anything.
type Claim struct {
	dir   string
	mu    sync.Mutex
	file  *os.File
	owned bool // an open Journal holds the claim; only its Close releases it
}

type claimState int

const (
	claimFree claimState = iota
	claimOwned
	claimReleased
)

// ClaimDir takes the journal in dir for this process. It returns ErrNoJournal
// when dir holds no journal, ErrKeyFileMissing when it holds a database but
// no key file, and ErrInUse when another process holds it. A
// lock left by a process that crashed does not count. An in-place restore
// of dir that was cut short is finished first (finishRestore).
func ClaimDir(dir string) (*Claim, error) {
	if _, err := finishRestore(dir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, keyfile.FileName)); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			if ents, _ := os.ReadDir(filepath.Join(dir, dbDirName)); len(ents) > 0 {
				return nil, ErrKeyFileMissing
			}
			return nil, fmt.Errorf("%w in %s", ErrNoJournal, dir)
		}
		return nil, fmt.Errorf("reading the journal folder: %w", err)
	}
	return claim(dir)
}

func claim(dir string) (*Claim, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFileName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if fsx.IsReadOnly(err) || errors.Is(err, os.ErrPermission) {
			return nil, fmt.Errorf("the journal folder %s cannot be written (a read-only disk, or no permission), and Candor needs to write to it: %w", dir, err)
		}
		return nil, fmt.Errorf("opening the lock file: %w", err)
	}
	if err := fsx.LockFile(f); err != nil {
		f.Close()
		if errors.Is(err, ErrInUse) {
			return nil, ErrInUse
		}
		return nil, fmt.Errorf("locking the journal: %w", err)
	}
	return &Claim{dir: dir, file: f}, nil
}

// Dir returns the journal directory the claim holds.
func (c *Claim) Dir() string { return c.dir }

// Release gives the journal up. It is safe to call more than once, and does
// nothing while a journal unlocked through this claim is open: that
// journal's Close releases it.
func (c *Claim) Release() error {
	c.mu.Lock()
	owned := c.owned
	c.mu.Unlock()
	if owned {
		return nil
	}
	return c.release()
}

func (c *Claim) release() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.owned = false
	if c.file == nil {
		return nil
	}
	err := fsx.UnlockFile(c.file)
	if cerr := c.file.Close(); err == nil {
		err = cerr
	}
	c.file = nil
	return err
}

func (c *Claim) state() claimState {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.file == nil:
		return claimReleased
	case c.owned:
		return claimOwned
	}
	return claimFree
}

func (c *Claim) setOwned() {
	c.mu.Lock()
	c.owned = true
	c.mu.Unlock()
}
