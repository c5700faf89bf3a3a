package ui

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"

	"candor/journal"
)

// Config is what the app needs to know at start.
type Config struct {
	// Dir is the journal folder.
	Dir string
	// Version is shown in the About text.
	Version string
	// options are passed to journal.Init and Open; tests set a cheap KDF.
	options *journal.Options
	// ScreenSize, when set, reports the usable size of the screen the window
	// opens on, in pixels (the work area: the screen less panels and
	// docks); ok is false when it cannot tell. The window never opens
	// larger, and a remembered size is clamped to it.
	ScreenSize func() (width, height int, ok bool)
	// now replaces time.Now (tests use a fake clock for auto-lock).
	now func() time.Time
}

// App is Candor's window. It routes between the screens (first run, unlock,
// restore, and the tabs of an unlocked journal) and wires them to the parts
// that outlive a screen: the background runner, the dialogs, the shortcuts
// and the session that holds the unlocked journal.
type App struct {
	app fyne.App
	win fyne.Window
	cfg Config
	// prefs are the app's preferences as seen by this journal.
	prefs fyne.Preferences

	bg      *runner
	dlg     *dialogs
	keys    *keys
	session *session
	// paintWait is the longest the work that follows an unlock waits for
	// Today's first frame (paintWaitAtMost; tests set 0: Fyne's test
	// canvas never paints).
	paintWait time.Duration
	// fyneStop is Fyne's own stop hook (it saves the preferences), taken
	// off the lifecycle by takeStopHooks; nil when there is none.
	fyneStop func()

	// current is the screen on show, for tests.
	current fyne.CanvasObject
	setup   *setupScreen
	join    *joinScreen
	unlock  *unlockScreen
	restore *restoreScreen
	main    *mainScreen
	// spare is a main screen built and laid out while the unlock screen
	// waits for the passphrase, with nothing of the journal in it; spareFor
	// is what it was built for. The unlock takes it instead of building one.
	spare    *mainScreen
	spareFor spareKey
	// preparing is set while prepareMain is due.
	preparing bool
}

// New builds the app on a and w. Call Start to show the first screen.
func New(a fyne.App, w fyne.Window, cfg Config) *App {
	if cfg.now == nil {
		cfg.now = time.Now
	}
	u := &App{app: a, win: w, cfg: cfg, bg: newRunner(nil), paintWait: paintWaitAtMost, dlg: &dialogs{win: w}, prefs: newJournalPrefs(a.Preferences(), cfg.Dir)}
	u.session = &session{bg: u.bg, dlg: u.dlg, prefs: u.prefs, clipboard: a.Clipboard, now: u.now, backupAfter: defaultBackupAfter,
		reminder: &reminder{prefs: u.prefs, notify: a.SendNotification, bg: u.bg, now: u.now},
		locked:   u.locked}
	u.session.sync = newAutoSync(u.bg, u.now)
	u.session.sync.started, u.session.sync.done = u.session.syncStarted, u.session.synced
	w.SetTitle("Candor")
	w.SetCloseIntercept(u.quit)
	w.SetOnClosed(u.onClosed)
	u.fyneStop = takeStopHooks(a.Lifecycle())
	applyPreferences(a, u.prefs, w, u.screen)
	u.addShortcuts()
	// Fyne reports the window going to the background and back: entries
	// focused meanwhile wait for the front to show their caret.
	a.Lifecycle().SetOnExitedForeground(func() { u.keys.background = true })
	a.Lifecycle().SetOnEnteredForeground(func() { u.keys.background = false })
	addTray(a, w, u.newEntry, u.lock)
	return u
}

// now reads the clock in the configuration at every call, so a test may
// change it.
func (u *App) now() time.Time { return u.cfg.now() }

// addShortcuts binds Ctrl+L, Ctrl+Q, Ctrl+F, Ctrl+N, Ctrl+S, Ctrl+1..4 and
// Esc.
func (u *App) addShortcuts() {
	u.keys = newKeys(u.win.Canvas(), u.escape, u.dlg.enter)
	onMain := func(f func(m *mainScreen)) func() {
		return func() {
			if u.main != nil {
				f(u.main)
			}
		}
	}
	u.keys.add(lockShortcut, u.lock)
	u.keys.add(quitShortcut, u.quit)
	u.keys.add(findShortcut, onMain((*mainScreen).find))
	u.keys.add(newShortcut, u.newEntry)
	u.keys.add(saveShortcut, onMain((*mainScreen).saveShown))
	u.keys.add(prevDayShortcut, onMain(func(m *mainScreen) { m.stepDay(-1) }))
	u.keys.add(nextDayShortcut, onMain(func(m *mainScreen) { m.stepDay(1) }))
	for i, k := range tabShortcuts {
		u.keys.add(shortcutCtrl(k), onMain(func(m *mainScreen) {
			if !m.busyEditing() {
				m.selectTab(i)
			}
		}))
	}
}

// escape closes the dialog on show, or else cancels an edit (Esc); it
// reports whether it did either.
func (u *App) escape() bool {
	if u.dlg.escape() {
		return true
	}
	return u.main != nil && u.main.escape()
}

// shared returns what every screen uses.
func (u *App) shared() shared {
	return shared{win: u.win, bg: u.bg, dlg: u.dlg, keys: u.keys, now: u.now}
}

// newEntry switches to Today with an empty editor (Ctrl+N, the tray).
func (u *App) newEntry() {
	if u.main != nil {
		u.main.newEntry()
	}
}

// Start shows the first-run screen when the folder holds no journal, the
// restore screen when it holds a database without its key file, and the
// unlock screen otherwise.
func (u *App) Start() {
	if !journal.HasKeyFile(u.cfg.Dir) {
		c, err := journal.ClaimDir(u.cfg.Dir)
		if c != nil {
			_ = c.Release()
		}
		if errors.Is(err, journal.ErrKeyFileMissing) {
			u.showRestore(err)
			return
		}
		u.showSetup()
		return
	}
	u.showUnlock()
}

// show puts o in the window in place of the screen on show. The focus is
// taken away first: Fyne gives new content a focus manager of its own and
// never tells the widget that had the focus, so a passphrase field left
// focused by the unlock screen kept its caret blinking off screen, redrawing
// the window at every fade, until Fyne's cache dropped its renderer a
// minute later (10-20 % of a core on Mesa's software renderer for the
// minute after each unlock).
func (u *App) show(o fyne.CanvasObject) {
	u.win.Canvas().Unfocus()
	u.current = o
	u.win.SetContent(o)
}

func (u *App) showSetup() {
	u.setup = newSetupScreen(setupDeps{shared: u.shared(), dir: u.cfg.Dir, opts: u.cfg.options, created: u.opened, join: u.showJoin})
	u.show(u.setup.content)
	u.win.Canvas().Focus(u.setup.pass)
}

// showJoin shows the screen that joins a journal another computer syncs
// (first run).
func (u *App) showJoin() {
	u.setup = nil
	u.join = newJoinScreen(joinDeps{shared: u.shared(), dir: u.cfg.Dir, opts: u.cfg.options,
		joined: func(j *journal.Journal) { u.join = nil; u.opened(j) },
		back:   func() { u.join = nil; u.showSetup() },
	})
	u.show(u.join.content)
	u.win.Canvas().Focus(u.join.choose)
}

// showRestore shows the restore screen: because the journal is damaged
// (reason says how), or because the user asked (reason is nil).
func (u *App) showRestore(reason error) {
	u.unlock = nil
	u.restore = newRestoreScreen(restoreDeps{shared: u.shared(), dir: u.cfg.Dir, opts: u.cfg.options,
		opened:        func(j *journal.Journal) { u.restore = nil; u.opened(j) },
		back:          func() { u.restore = nil; u.Start() },
		unlockInstead: func() { u.restore = nil; u.showUnlock() },
	}, reason)
	u.show(u.restore.content)
	u.win.Canvas().Focus(u.restore.pass)
}

func (u *App) showUnlock() {
	u.unlock = newUnlockScreen(unlockDeps{shared: u.shared(), dir: u.cfg.Dir, opts: u.cfg.options,
		opened:  func(j *journal.Journal) { u.unlock = nil; u.opened(j) },
		damaged: u.showRestore,
		typing:  u.typing,
	})
	u.show(u.unlock.content)
	u.unlock.checkFree()
}

// typing follows each change of the passphrase field: the first gets the
// main screen built (prepareMain), once the key typed is on screen. Not
// sooner: a window left locked does not hold the screens of a journal.
func (u *App) typing() {
	if u.spare == nil && !u.preparing {
		u.preparing = true
		u.bg.timer(prepareAfter, u.prepareMain)
	}
}

// prepareAfter is how long after the first key typed the main screen is
// built: a frame or two, for the key to show first.
const prepareAfter = 40 * time.Millisecond

// spareKey is what a spare main screen depends on besides the journal: the
// day its dates start from, the theme and the window's scale.
type spareKey struct {
	day     journal.Date
	theme   fyne.Theme
	variant fyne.ThemeVariant
	scale   float32
}

func (u *App) spareKey() spareKey {
	s := u.app.Settings()
	return spareKey{day: journal.DateOf(u.now()), theme: s.Theme(), variant: s.ThemeVariant(), scale: u.win.Canvas().Scale()}
}

// fits reports whether a screen built for k still fits now, which is o.
func (k spareKey) fits(o spareKey) (same bool) {
	defer func() {
		if recover() != nil {
			same = false // a theme whose type cannot be compared
		}
	}()
	return k == o
}

// prepareMain builds the main screen while the unlock screen waits for the
// passphrase, and lays it out at the window's size: about 90 ms of the UI
// thread that came after the key derivation on a 2-core machine. The
// screens hold nothing of the journal until start.
func (u *App) prepareMain() {
	u.preparing = false
	if u.unlock == nil || u.spare != nil {
		return // unlocked already, or built
	}
	u.spare, u.spareFor = u.newMain(), u.spareKey()
	u.spare.content.Resize(u.win.Canvas().Content().Size())
}

// newMain builds the main screen; it reads the journal only from start on.
func (u *App) newMain() *mainScreen {
	return newMainScreen(mainDeps{
		unlockedDeps: unlockedDeps{shared: u.shared(), journal: u.session.current, touch: u.session.touch},
		app:          u.app, prefs: u.prefs, dir: u.cfg.Dir, version: u.cfg.Version,
		lock: u.lock, paintWait: u.paintWait,
		wrote: u.session.wrote, syncNow: u.session.syncNow, syncing: u.session.syncing,
		restore: func() {
			if u.session.lock(false) {
				u.showRestore(nil)
			}
		},
	})
}

// opened starts a session on j, freshly unlocked, with the tabs on show:
// the spare main screen when it still fits the day, theme and scale (a
// window resized since only lays it out again).
func (u *App) opened(j *journal.Journal) {
	spare := u.spare
	u.spare = nil
	u.session.open(j, func() unlockedView {
		if spare != nil && u.spareFor.fits(u.spareKey()) {
			u.main = spare
		} else {
			u.main = u.newMain()
		}
		u.show(u.main.content)
		u.fitScreen()
		return u.main
	})
}

// lock saves the draft, closes the journal, forgets every widget that showed
// its contents, clears the clipboard if it holds text copied from Candor,
// and returns to the unlock screen (the Lock button, Ctrl+L, the tray).
func (u *App) lock() { u.session.lock(true) }

// locked follows every lock: the tabs are gone, and the unlock screen
// shows when asked for.
func (u *App) locked(showUnlock bool) {
	u.main = nil
	if showUnlock {
		u.showUnlock()
	}
}

// quit saves the draft, locks the journal and ends Candor (Ctrl+Q, the
// window's close button, the tray's Quit).
func (u *App) quit() {
	saveWindowSize(u.prefs, u.win)
	if !u.session.lock(false) {
		return // the disk is full: quitting would lose the text on screen
	}
	u.app.Quit()
}

func (u *App) onClosed() {
	saveWindowSize(u.prefs, u.win)
	u.session.lock(false)
}
