package ui

import (
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// runner runs slow work (key derivation, opening the store, queries) off the
// UI thread and hands its results back on the UI thread, so the window never
// freezes. Results of work started before the last drop are thrown away:
// after a lock, nothing reaches a wiped screen or a closed journal.
type runner struct {
	// deliver runs a function on the UI thread: fyne.DoAndWait, or in
	// tests a queue the test goroutine drains.
	deliver func(func())
	// inflight counts work whose result has not yet been handed back;
	// tests wait for it to reach zero.
	inflight atomic.Int32
	// epoch counts drops; a result carries the epoch its work started in.
	epoch int
}

// newRunner returns a runner that hands results back through deliver, or
// through fyne.DoAndWait when deliver is nil.
func newRunner(deliver func(func())) *runner {
	if deliver == nil {
		deliver = fyne.DoAndWait
	}
	return &runner{deliver: deliver}
}

// run calls work on a goroutine, then done on the UI thread, unless the
// runner was dropped meanwhile. Call it from the UI thread.
func (r *runner) run(work func(), done func()) {
	r.inflight.Add(1)
	ep := r.epoch
	go func() {
		work()
		r.deliver(func() {
			defer r.inflight.Add(-1)
			if r.epoch != ep {
				return // dropped since: the result belongs to a closed journal
			}
			done()
		})
	}()
}

// ui runs fn on the UI thread; any goroutine may call it.
func (r *runner) ui(fn func()) { r.deliver(fn) }

// after runs fn on the UI thread once d has passed. Until then it counts as
// work in flight, so tests wait for it; it is not dropped by drop.
func (r *runner) after(d time.Duration, fn func()) {
	r.inflight.Add(1)
	time.AfterFunc(d, func() {
		r.deliver(func() {
			defer r.inflight.Add(-1)
			fn()
		})
	})
}

// timer runs fn on the UI thread once d has passed, unless the timer it
// returns is stopped first. Unlike after, it does not count as work in
// flight: it stands for something due later (an autosave, an auto-lock), so
// tests that wait for the background work do not wait for it. It replaces a
// ticker: an idle app is woken only when something is due.
func (r *runner) timer(d time.Duration, fn func()) *time.Timer {
	return time.AfterFunc(d, func() { r.deliver(fn) })
}

// drop throws away the results of all work started so far (on lock).
func (r *runner) drop() { r.epoch++ }

// busy reports whether some work has not yet handed its result back.
func (r *runner) busy() bool { return r.inflight.Load() > 0 }
