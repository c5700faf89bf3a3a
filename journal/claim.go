package journal

import (
	"candor/journal/internal/layout"
	"candor/journal/internal/restorefs"
)

// Claim is an exclusive hold on a journal directory for this process. Take
// it before asking for a passphrase, so a second copy of Candor is told the
// journal is in use without being asked for anything.
type Claim struct {
	dir string
	h   *layout.Claim // the lock; an open Journal owns it, and only its Close releases it
}

// The states of a claim (see layout.ClaimState).
const (
	claimReleased = layout.ClaimReleased
	claimOwned    = layout.ClaimOwned
)

// ClaimDir takes the journal in dir for this process. It returns ErrNoJournal
// when dir holds no journal, ErrKeyFileMissing when it holds a database but
// no key file, and ErrInUse when another process holds it. A
// lock left by a process that crashed does not count. An in-place restore
// of dir that was cut short is finished first.
func ClaimDir(dir string) (*Claim, error) {
	if _, err := restorefs.Finish(dir); err != nil {
		return nil, err
	}
	h, err := layout.ClaimDir(dir)
	if err != nil {
		return nil, err
	}
	return &Claim{dir: dir, h: h}, nil
}

// claim takes the lock of dir, whether or not it holds a journal yet.
func claim(dir string) (*Claim, error) {
	h, err := layout.Take(dir)
	if err != nil {
		return nil, err
	}
	return &Claim{dir: dir, h: h}, nil
}

// Dir returns the journal directory the claim holds.
func (c *Claim) Dir() string { return c.dir }

// Release gives the journal up. It is safe to call more than once, and does
// nothing while a journal unlocked through this claim is open: that
// journal's Close releases it.
func (c *Claim) Release() error { return c.h.Release() }

func (c *Claim) release() error { return c.h.ReleaseOwned() }

func (c *Claim) state() layout.ClaimState { return c.h.State() }

func (c *Claim) setOwned() { c.h.SetOwned() }
