package layout

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
)

// Claim is an exclusive hold on a journal folder for this process: a lock
// on its lock file. While an open journal owns it, only ReleaseOwned
// gives it up.
type Claim struct {
	dir   string
	mu    sync.Mutex
	file  *os.File
	owned bool // an open journal holds the claim; only its close releases it
}

// ClaimState is where a claim is in its life.
type ClaimState int

// The states of a claim.
const (
	// ClaimFree is a claim held, with no open journal owning it.
	ClaimFree ClaimState = iota
	// ClaimOwned is a claim an open journal owns.
	ClaimOwned
	// ClaimReleased is a claim given up.
	ClaimReleased
)

// ClaimDir takes the journal in dir for this process. It returns
// keyfile.ErrMissing when dir holds no journal, ErrKeyFileMissing when it
// holds a database but no key file, and fsx.ErrInUse when another process
// holds it. A lock left by a process that crashed does not count.
func ClaimDir(dir string) (*Claim, error) {
	if _, err := os.Stat(filepath.Join(dir, keyfile.FileName)); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			if ents, _ := os.ReadDir(filepath.Join(dir, DBDir)); len(ents) > 0 {
				return nil, ErrKeyFileMissing
			}
			return nil, fmt.Errorf("%w in %s", keyfile.ErrMissing, dir)
		}
		return nil, fmt.Errorf("reading the journal folder: %w", err)
	}
	return Take(dir)
}

// Take locks the lock file in dir, creating it, whether or not dir holds a
// journal yet; it returns fsx.ErrInUse when another process holds it.
func Take(dir string) (*Claim, error) {
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if fsx.IsReadOnly(err) || errors.Is(err, os.ErrPermission) {
			return nil, fmt.Errorf("the journal folder %s cannot be written (a read-only disk, or no permission), and Candor needs to write to it: %w", dir, err)
		}
		return nil, fmt.Errorf("opening the lock file: %w", err)
	}
	if err := fsx.LockFile(f); err != nil {
		f.Close()
		if errors.Is(err, fsx.ErrInUse) {
			return nil, fsx.ErrInUse
		}
		return nil, fmt.Errorf("locking the journal: %w", err)
	}
	return &Claim{dir: dir, file: f}, nil
}

// Dir returns the journal folder the claim holds.
func (c *Claim) Dir() string { return c.dir }

// Release gives the journal up. It is safe to call more than once, and does
// nothing while an open journal owns the claim (SetOwned): that journal's
// close releases it with ReleaseOwned.
func (c *Claim) Release() error {
	c.mu.Lock()
	owned := c.owned
	c.mu.Unlock()
	if owned {
		return nil
	}
	return c.ReleaseOwned()
}

// ReleaseOwned gives the journal up, owned or not.
func (c *Claim) ReleaseOwned() error {
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

// State says whether the claim is held, owned by an open journal, or given
// up.
func (c *Claim) State() ClaimState {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.file == nil:
		return ClaimReleased
	case c.owned:
		return ClaimOwned
	}
	return ClaimFree
}

// SetOwned hands the claim to an open journal: Release does nothing from
// now on.
func (c *Claim) SetOwned() {
	c.mu.Lock()
	c.owned = true
	c.mu.Unlock()
}
