package searchindex

import "sync"

// Ready holds a journal's index, which is made ready on demand (loaded or
// built): nil until then. One build runs at a time; the changes made
// while it runs are kept and applied to the index it makes. E is the
// journal's index type. The zero Ready holds no index; its methods are
// safe for concurrent use.
type Ready[E any] struct {
	mu       sync.Mutex // guards index, the build under way and pending
	index    *E
	building chan struct{} // closed when the build under way ends
	pending  []func(*E)
}

// Current returns the index when it is ready, else nil.
func (r *Ready[E]) Current() *E {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.index
}

// Set makes x the index; nil forgets it.
func (r *Ready[E]) Set(x *E) {
	r.mu.Lock()
	r.index = x
	r.mu.Unlock()
}

// Drop forgets x, if it is still the index, so the next use makes one
// again.
func (r *Ready[E]) Drop(x *E) {
	r.mu.Lock()
	if r.index == x {
		r.index = nil
	}
	r.mu.Unlock()
}

// Start begins a build and returns true: the caller makes the index, then
// calls Finish. It returns false when the index is ready, or after waiting
// for the end of a build that was running.
func (r *Ready[E]) Start() bool {
	r.mu.Lock()
	if r.index != nil {
		r.mu.Unlock()
		return false
	}
	if ch := r.building; ch != nil { // another build runs: wait for it
		r.mu.Unlock()
		<-ch
		return false
	}
	r.building, r.pending = make(chan struct{}), nil
	r.mu.Unlock()
	return true
}

// Finish ends the build Start began, which made x or failed with err. The
// changes made while it ran are applied to x again (they must be
// idempotent, since the build may have seen them), and x becomes the
// index, unless closed, called with the lock held, returns an error (the
// journal is closing). It returns err or closed's error.
func (r *Ready[E]) Finish(x *E, err error, closed func() error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err == nil {
		for _, f := range r.pending {
			f(x)
		}
		if err = closed(); err == nil {
			r.index = x
		}
	}
	close(r.building)
	r.building, r.pending = nil, nil
	return err
}

// Apply applies a change to the index when it is ready, or keeps it for
// the build under way, if any. It returns the index, nil when none is
// ready.
func (r *Ready[E]) Apply(fn func(*E)) *E {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.index != nil {
		fn(r.index)
	} else if r.building != nil {
		r.pending = append(r.pending, fn) // applied when the build ends
	}
	return r.index
}
