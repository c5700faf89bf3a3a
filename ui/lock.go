package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"candor/journal"
	jsync "candor/journal/sync"
)

// unlockedView is what a session needs from the screens that show an
// unlocked journal.
type unlockedView interface {
	// start fills the screens from the journal just opened.
	start()
	// painted runs fn on the UI thread once the screens were first painted
	// (or could not be, soon after).
	painted(fn func())
	// indexed follows the first making ready of the search index after the
	// unlock: what is not on show may read the entries now, from it.
	indexed()
	// saveDraft stores the text being written and waits until it is stored.
	saveDraft() error
	// texts returns the private text on show, to tell whether the clipboard
	// holds text copied from Candor.
	texts() []string
	// wipe forgets every private text the screens hold.
	wipe()
}

// syncView is what a view that shows syncs has on top of unlockedView: it
// is told when a sync starts and how it ended.
type syncView interface {
	syncing()
	synced(r jsync.Report, err error)
}

// waitAtMost is the longest the session's timer waits before it checks
// auto-lock and the reminder again: a changed setting, a changed clock or a
// laptop waking from sleep is noticed within it. It is one wake-up a minute
// at most, where a ticker used to wake the app every 5 seconds.
const waitAtMost = time.Minute

// retryAfter is how soon the timer tries again when an auto-lock is due but
// was refused (a full disk).
const retryAfter = 5 * time.Second

// session is the life of an unlocked journal, from unlock to lock, and the
// one owner of the open journal. Opening starts what follows an unlock (the
// search index, the daily backup, the first sync, the auto-lock and reminder
// checks); locking saves the draft, sends unsynced saves out, throws away
// late results, closes the question on show, clears the screens and the
// clipboard, and closes the journal.
// One session serves every unlock of the app.
type session struct {
	bg        *runner
	dlg       *dialogs
	prefs     fyne.Preferences
	clipboard func() fyne.Clipboard
	now       func() time.Time
	reminder  *reminder
	// sync runs the journal's syncs; nil: the session never syncs.
	sync *autoSync
	// locked is called after every lock, with the lock's showUnlock.
	locked func(showUnlock bool)

	journal      *journal.Journal // nil while locked
	view         unlockedView     // nil while locked
	lastActivity time.Time
	// timer fires when auto-lock or the reminder is next due; nil while
	// locked. Activity does not reset it: when it fires early, it is set
	// again for the new due time.
	timer *time.Timer
	// refused is set while locking is refused (a full disk), so the
	// reason is said once.
	refused bool
	// backupAfter is how long after an unlock today's backup waits
	// (defaultBackupAfter; tests shorten it).
	backupAfter time.Duration
	// stopped is set once the app's event loop has ended (a quit, or a
	// SIGTERM at logout): the display is gone, so the clipboard cannot be
	// reached, and the process ends, so what it owns on it goes too.
	stopped bool
}

// touch records user activity, which postpones auto-lock.
func (s *session) touch() { s.lastActivity = s.now() }

// current returns the unlocked journal, or nil while locked.
func (s *session) current() *journal.Journal { return s.journal }

// open starts a session on j, freshly unlocked, on the UI thread. show
// builds and shows the screens of the unlocked journal.
func (s *session) open(j *journal.Journal, show func() unlockedView) {
	s.journal = j
	s.touch()
	s.view = show()
	s.view.start()
	// Today is painted first; then the search index is made ready (read
	// from the journal, checked against the entries), the tabs not on show
	// read what they need from it, and the journal is synced. Today's backup, which reads the whole journal, waits until
	// the user has had the journal for a while (backupAfter): it does not
	// compete with the first minutes of writing. Locked before then, the
	// next unlock of the day writes it.
	s.view.painted(func() {
		if s.journal != j {
			return // locked since
		}
		s.bg.run(func() {
			_ = j.BuildIndex()  // search is instant from then on
			_ = j.VerifyIndex() // a stale index is rebuilt
		}, func() {
			s.view.indexed()
			s.bg.timer(releaseAfter, s.release)
			s.sync.start(j) // when the journal syncs
			if s.backupAfter <= 0 {
				s.backup(j)
				return
			}
			s.bg.timer(s.backupAfter, func() { s.backup(j) })
		})
	})
	// A few stat calls: quick enough for the UI thread.
	if fixed, _ := journal.FixPermissions(j.Dir()); len(fixed) > 0 {
		s.dlg.info("Your journal is private again", permissionsNote(fixed))
	}
	s.arm()
}

// releaseAfter is how long after the search index is ready the memory the
// unlock no longer uses goes back to the operating system: by then Today,
// the Journal tab and the index have read what they show.
const releaseAfter = 2 * time.Second

// release hands the memory the unlock used and no longer needs back to the
// operating system: the garbage of the stored index's chunks and of the
// summaries read for Today and the Journal, which Go would keep for as long
// as the journal stays open (about 90 MiB at 10,000 entries), and the pages
// of the tables read.
func (s *session) release() {
	if j := s.journal; j != nil {
		s.bg.run(j.Release, func() {})
	}
}

// backup writes today's automatic backup of j, unless the session has
// locked since, and says so if it fails.
func (s *session) backup(j *journal.Journal) {
	if s.journal != j {
		return
	}
	var err error
	s.bg.run(func() { _, err = j.AutoBackup(journal.DateOf(s.now())) }, func() {
		if err != nil {
			s.dlg.show(dialog.NewError(errors.New("Today's automatic backup failed: "+friendly(err)), s.dlg.win))
		}
	})
}

// wrote follows a change the user made to the entries (a save, a delete,
// an import): a sync follows a few seconds after the last of them.
func (s *session) wrote() { s.sync.wrote() }

// syncNow syncs through folder, or the remembered folder when folder is
// empty, as soon as no other sync runs.
func (s *session) syncNow(folder string) { s.sync.request(folder) }

// syncing reports whether a sync is running.
func (s *session) syncing() bool { return s.sync.syncing() }

// syncStarted and synced pass a sync's start and result to the view.
func (s *session) syncStarted() {
	if v, ok := s.view.(syncView); ok {
		v.syncing()
	}
}

func (s *session) synced(r jsync.Report, err error) {
	if v, ok := s.view.(syncView); ok {
		v.synced(r, err)
	}
}

// arm sets the session's timer for when auto-lock or the reminder is next
// due, so that an idle app is not woken until then; when it fires it checks
// both and sets itself again while the journal is open.
func (s *session) arm() {
	if s.timer != nil {
		s.timer.Stop()
	}
	var t *time.Timer
	t = s.bg.timer(s.nextDue(), func() {
		if s.timer != t {
			return // stopped by a lock, or set again since
		}
		s.checkIdle()
		s.checkReminder()
		if s.journal != nil {
			s.arm()
		}
	})
	s.timer = t
}

// nextDue returns how long the session's timer waits: until auto-lock is due
// for the activity recorded so far, or the reminder time, whichever comes
// first, but no longer than waitAtMost.
func (s *session) nextDue() time.Duration {
	now := s.now()
	wait := waitAtMost
	if mins := s.prefs.IntWithFallback(prefAutoLock, defaultAutoLock); mins > 0 {
		d := s.lastActivity.Add(time.Duration(mins) * time.Minute).Sub(now)
		if d <= 0 {
			d = retryAfter // due but refused: try again soon
		}
		wait = min(wait, d)
	}
	if d, ok := s.reminder.untilDue(now); ok {
		wait = min(wait, d)
	}
	return wait
}

// defaultBackupAfter is how long after an unlock today's automatic backup
// waits: long enough that the first minutes of writing do not share the
// CPU with it (a backup of 100,000 entries reads 260 MB), short enough
// that a brief session still leaves one.
const defaultBackupAfter = 20 * time.Second

// permissionsNote tells what FixPermissions fixed on unlock: which parts
// of the journal other users of the computer could open, and that they are
// private again.
func permissionsNote(fixed []journal.PermProblem) string {
	var b strings.Builder
	b.WriteString("Other users of this computer could open your journal: ")
	for i, p := range fixed {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s %s had mode %04o", p.What, p.Path, p.Mode)
	}
	b.WriteString(". Candor has made it private again (folders 0700, the key file 0600). If you did not loosen it yourself, a copy or an archive tool may have.")
	return b.String()
}

// checkIdle locks when the user has been idle longer than the auto-lock
// setting.
func (s *session) checkIdle() {
	if s.journal == nil {
		return
	}
	mins := s.prefs.IntWithFallback(prefAutoLock, defaultAutoLock)
	if mins > 0 && s.now().Sub(s.lastActivity) >= time.Duration(mins)*time.Minute {
		s.lock(true)
	}
}

// checkReminder sends the daily reminder when it is due.
func (s *session) checkReminder() {
	if s.journal != nil {
		s.reminder.check(s.journal)
	}
}

// lock ends the session and reports whether it did. It does not when the
// disk is full: the text being written cannot be stored as a draft, or
// closing the journal could crash. Then it says so once and leaves
// everything as it is, and the next attempt (auto-lock retries) tries
// again. With showUnlock set, the unlock screen follows.
func (s *session) lock(showUnlock bool) bool {
	if s.journal == nil {
		return true
	}
	if s.view != nil {
		// Only a full disk keeps the journal open: any other reason
		// (the text is over the size limit, say) must not stop a lock.
		if err := s.view.saveDraft(); errors.Is(err, journal.ErrDiskFull) {
			s.cannotLock()
			return false
		}
	}
	if err := s.journal.CanClose(); err != nil {
		s.cannotLock()
		return false
	}
	s.refused = false
	// Saves not yet synced go out first, in a sync that may hold the lock
	// up for a moment at most; it touches no widget.
	s.sync.atLock()
	s.sync.stop()
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.bg.drop()
	if s.stopped {
		// The event loop has ended and the window is gone: nothing is
		// shown any more, and the process is about to end. Close the
		// journal without touching widgets off the UI thread.
		_ = s.journal.Close()
		s.journal, s.view = nil, nil
		return true
	}
	s.dlg.escape() // a question left open must not act on a closed journal
	if s.view != nil {
		s.clearClipboard()
		s.view.wipe()
	}
	_ = s.journal.Close()
	s.journal = nil
	s.view = nil
	s.locked(showUnlock)
	return true
}

// cannotLock says, once until a lock succeeds, why the journal stays open.
// Only a full disk gets here.
func (s *session) cannotLock() {
	if s.refused {
		return
	}
	s.refused = true
	s.dlg.info("The disk is full",
		"Candor cannot lock the journal now: locking would lose what you are writing. Free some space; Candor locks as soon as it can.")
}

// clearClipboard empties the clipboard when its text came from Candor.
func (s *session) clearClipboard() {
	if s.stopped {
		return
	}
	defer func() {
		// The display may have gone between the check above and here (a
		// logout): the lock must go on and close the journal.
		_ = recover()
	}()
	cb := s.clipboard()
	if cb == nil {
		return
	}
	c := cb.Content()
	if strings.TrimSpace(c) == "" {
		return
	}
	for _, t := range s.view.texts() {
		if t != "" && strings.Contains(t, c) {
			cb.SetContent("")
			return
		}
	}
}
