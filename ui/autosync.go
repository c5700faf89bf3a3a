package ui

import (
	"errors"
	"time"

	"candor/journal"
	jsync "candor/journal/sync"
)

// When the app syncs on its own.
const (
	// syncAfterSave is how long after the last save a sync starts: a few
	// saves in a row make one sync.
	syncAfterSave = 3 * time.Second
	// syncEvery is how long after a sync the next one starts, to bring in
	// what other computers wrote meanwhile.
	syncEvery = 5 * time.Minute
	// syncAtLockFor is the longest a lock waits for the sync that sends the
	// last saves out.
	syncAtLockFor = 2 * time.Second
)

// syncFunc is jsync.Sync; tests may wrap it.
type syncFunc func(j *journal.Journal, folder string, opt *jsync.Options) (jsync.Report, error)

// autoSync runs the syncs of the unlocked journal off the UI thread, one at
// a time: after unlock, a little after saves, every syncEvery, when asked
// (Settings), and at lock. It keeps one timer for the next sync, armed only
// while a folder is set, so an app that does not sync is never woken for it.
// Its methods run on the UI thread, except that atLock also works once the
// event loop has stopped; a nil *autoSync does nothing.
type autoSync struct {
	bg  *runner
	now func() time.Time
	// afterSave, every and atLockFor are syncAfterSave, syncEvery and
	// syncAtLockFor; tests shorten them.
	afterSave, every, atLockFor time.Duration
	// sync does one sync: jsync.Sync unless a test wraps it.
	sync syncFunc
	// name is this computer's name for the others; empty: the host name.
	name string
	// started is called as a sync starts, done with each result (the
	// first sync of a journal that does not sync gives jsync.ErrNoFolder);
	// both on the UI thread, and neither after a lock.
	started func()
	done    func(r jsync.Report, err error)

	j *journal.Journal // nil while locked
	// folderSet is known after the first sync: the journal syncs through
	// a folder it remembers, reachable or not.
	folderSet bool
	running   bool
	// again asks for another sync once the running one ends, through
	// againFolder ("" for the remembered one).
	again       bool
	againFolder string
	// dirty says saves wait to go out: set by wrote, cleared as a sync
	// starts, set again when it fails.
	dirty bool
	timer *time.Timer
	// runs counts the syncs started, for tests.
	runs int
}

func newAutoSync(bg *runner, now func() time.Time) *autoSync {
	return &autoSync{bg: bg, now: now, afterSave: syncAfterSave, every: syncEvery, atLockFor: syncAtLockFor, sync: jsync.Sync}
}

// options are the options of every sync: the app's clock, this computer's
// name.
func (a *autoSync) options() *jsync.Options {
	return &jsync.Options{Now: a.now, Name: a.name}
}

// start follows an unlock of j: a first sync, which also tells whether j
// syncs at all (a journal without a folder gives jsync.ErrNoFolder, quietly).
func (a *autoSync) start(j *journal.Journal) {
	if a == nil {
		return
	}
	a.stop()
	a.j = j
	a.run("")
}

// wrote follows a save, a delete or an import: a sync follows afterSave
// after the last of them.
func (a *autoSync) wrote() {
	if a == nil || a.j == nil {
		return
	}
	a.dirty = true
	if a.folderSet && !a.running {
		a.arm(a.afterSave)
	}
}

// request syncs now through folder ("" for the remembered one), or once the
// running sync ends. It reports false when the journal is locked.
func (a *autoSync) request(folder string) bool {
	if a == nil || a.j == nil {
		return false
	}
	if a.running {
		a.again = true
		if folder != "" {
			a.againFolder = folder
		}
		return true
	}
	a.run(folder)
	return true
}

// syncing reports whether a sync is running.
func (a *autoSync) syncing() bool { return a != nil && a.running }

// arm sets the one timer to sync after d.
func (a *autoSync) arm(d time.Duration) {
	if a.timer != nil {
		a.timer.Stop()
	}
	var t *time.Timer
	t = a.bg.timer(d, func() {
		if a.timer != t {
			return // stopped, or armed again since
		}
		a.timer = nil
		if a.j != nil && !a.running {
			a.run("")
		}
	})
	a.timer = t
}

// run starts a sync through folder.
func (a *autoSync) run(folder string) {
	if a.timer != nil {
		a.timer.Stop()
		a.timer = nil
	}
	a.running = true
	a.runs++
	hadSaves := a.dirty
	a.dirty = false
	if a.started != nil {
		a.started()
	}
	j, sync, opt := a.j, a.sync, a.options()
	var r jsync.Report
	var err error
	a.bg.run(func() { r, err = sync(j, folder, opt) }, func() {
		if a.j != j {
			return // locked since
		}
		a.running = false
		// A sync that failed for another reason than the want of a folder
		// (a USB stick not plugged in) is tried again later.
		a.folderSet = !errors.Is(err, jsync.ErrNoFolder)
		if err != nil {
			a.dirty = a.dirty || hadSaves
		}
		if a.done != nil {
			a.done(r, err)
		}
		if a.again {
			f := a.againFolder
			a.again, a.againFolder = false, ""
			a.run(f)
			return
		}
		if a.folderSet {
			if a.dirty {
				a.arm(a.afterSave)
			} else {
				a.arm(a.every)
			}
		}
	})
}

// atLock sends the saves still waiting out before the journal closes: it
// syncs when a folder is set, saves wait and no sync is running, and waits
// atLockFor at most (the sync then fails quietly as the journal closes
// under it). It touches no widget and delivers no result, so it may run
// after the event loop has stopped.
func (a *autoSync) atLock() {
	if a == nil || a.j == nil || a.running || !a.folderSet || !a.dirty {
		return
	}
	a.runs++
	a.dirty = false
	j, sync, opt := a.j, a.sync, a.options()
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		_, _ = sync(j, "", opt)
	}()
	select {
	case <-ended:
	case <-time.After(a.atLockFor):
	}
}

// stop follows a lock: the timer is disarmed and the journal forgotten;
// the result of a sync still running is thrown away.
func (a *autoSync) stop() {
	if a == nil {
		return
	}
	if a.timer != nil {
		a.timer.Stop()
		a.timer = nil
	}
	a.j = nil
	a.folderSet, a.running, a.again, a.againFolder, a.dirty = false, false, false, "", false
}
