package ui

import (
	"errors"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"

	"candor/journal"
)

// Config is what the app needs to know at start.
type Config struct {
	// Dir is the journal folder.
	Dir string
	// Version is shown in the About text.
	Version string
	// Options are passed to journal.Init and Unlock; tests set a cheap KDF.
	Options *journal.Options
	// Now replaces time.Now (tests use a fake clock for auto-lock).
	Now func() time.Time
}

// App is Candor's window: it owns the unlocked journal and switches screens.
type App struct {
	app fyne.App
	win fyne.Window
	cfg Config

	journal *journal.Journal // nil while locked

	// inflight counts background tasks whose results have not yet been
	// applied on the UI thread; tests wait for it to reach zero.
	inflight atomic.Int32
	// epoch counts locks: a background result from before a lock is
	// dropped, so nothing reaches a dead screen or a closed journal.
	epoch int
	// deliver runs a function on the UI thread: fyne.DoAndWait, or in
	// tests a queue the test goroutine drains.
	deliver func(func())

	// current is the screen on show, for tests.
	current fyne.CanvasObject
	setup   *SetupScreen
	unlock  *UnlockScreen
	restore *RestoreScreen
	main    *MainScreen

	// shortcuts maps Candor's shortcut names to their handlers, for entries
	// that would otherwise swallow them.
	shortcuts map[string]func()
	// dialog is the dialog on show, which Esc closes.
	dialog dialog.Dialog

	// lastExport and lastImport record the last results, for tests.
	lastExport string
	lastImport journal.ImportSummary

	lastActivity time.Time
	remindedOn   journal.Date
	stopTimers   chan struct{}
	// lockRefused is set while locking is refused (a full disk), so the
	// reason is said once.
	lockRefused bool
}

// New builds the app on a and w. Call Start to show the first screen.
func New(a fyne.App, w fyne.Window, cfg Config) *App {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	u := &App{app: a, win: w, cfg: cfg, deliver: fyne.DoAndWait}
	w.SetTitle("Candor")
	w.SetCloseIntercept(u.Quit)
	w.SetOnClosed(u.onClosed)
	a.Lifecycle().SetOnStopped(func() { u.lock(false) })
	u.applyPreferences()
	u.addShortcuts()
	u.addTray()
	return u
}

var (
	lockShortcut = shortcutCtrl(fyne.KeyL)
	newShortcut  = shortcutCtrl(fyne.KeyN)
	quitShortcut = shortcutCtrl(fyne.KeyQ)
	findShortcut = shortcutCtrl(fyne.KeyF)
	saveShortcut = shortcutCtrl(fyne.KeyS)
	tabShortcuts = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4}
)

func (u *App) addShortcuts() {
	u.shortcuts = map[string]func(){}
	add := func(sc desktop.CustomShortcut, h func()) {
		u.shortcuts[sc.ShortcutName()] = h
		u.win.Canvas().AddShortcut(&sc, func(fyne.Shortcut) { h() })
	}
	add(lockShortcut, u.Lock)
	add(quitShortcut, u.Quit)
	add(findShortcut, func() {
		if u.main != nil {
			u.main.selectTab(tabJournal)
			u.main.journal.focusSearch()
		}
	})
	add(newShortcut, u.NewEntry)
	add(saveShortcut, func() {
		if u.main != nil {
			u.main.today.onSave()
		}
	})
	for i, k := range tabShortcuts {
		add(shortcutCtrl(k), func() {
			if u.main != nil {
				u.main.selectTab(i)
			}
		})
	}
	u.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			u.escape()
		}
	})
}

// showDialog shows d and remembers it, so Esc can close it.
func (u *App) showDialog(d dialog.Dialog) {
	u.dialog = d
	d.SetOnClosed(func() {
		if u.dialog == d {
			u.dialog = nil
		}
	})
	d.Show()
}

// escape closes the dialog on show, if any; it reports whether it did.
func (u *App) escape() bool {
	if u.dialog == nil {
		return false
	}
	d := u.dialog
	u.dialog = nil
	d.Dismiss()
	return true
}

// confirm asks a yes/no question in a dialog; Esc answers no.
func (u *App) confirm(title, message string, yes func()) {
	u.showDialog(dialog.NewConfirm(title, message, func(ok bool) {
		if ok {
			yes()
		}
	}, u.win))
}

// addTray puts Show, New entry, Lock and Quit in the system tray, on
// desktops that have one.
func (u *App) addTray() {
	d, ok := u.app.(desktop.App)
	if !ok || !trayAvailable() {
		return
	}
	d.SetSystemTrayMenu(fyne.NewMenu("Candor",
		fyne.NewMenuItem("Show Candor", func() { u.win.Show(); u.win.RequestFocus() }),
		fyne.NewMenuItem("New entry", func() { u.win.Show(); u.NewEntry() }),
		fyne.NewMenuItem("Lock", u.Lock),
	))
}

// trayAvailable reports whether a system tray can work. On Linux and the
// BSDs the tray talks over the D-Bus session bus; without one, Fyne v2.7.1's
// tray fails to start and then crashes on quit (a nil D-Bus connection is
// closed), so Candor does not ask for a tray there.
func trayAvailable() bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	return os.Getenv("DBUS_SESSION_BUS_ADDRESS") != ""
}

// applyPreferences restores the theme and the window size.
func (u *App) applyPreferences() {
	p := u.app.Preferences()
	u.app.Settings().SetTheme(newTheme(p.StringWithFallback(prefTheme, ThemeSystem)))
	w, h := p.FloatWithFallback(prefWidth, 960), p.FloatWithFallback(prefHeight, 720)
	if w >= 400 && h >= 300 {
		u.win.Resize(fyne.NewSize(float32(w), float32(h)))
	}
}

// today is the current date in local time (the fake clock in tests).
func (u *App) today() journal.Date { return journal.DateOf(u.cfg.Now()) }

// touch records user activity, which postpones auto-lock.
func (u *App) touch() { u.lastActivity = u.cfg.Now() }

// showError reports a storage or validation error in one sentence.
func (u *App) showError(err error) {
	u.showDialog(dialog.NewError(errors.New(friendly(err)), u.win))
}

// NewEntry switches to Today with an empty editor (Ctrl+N).
func (u *App) NewEntry() {
	if u.main == nil {
		return
	}
	u.main.selectTab(tabToday)
	u.main.today.newEntry()
}

// Tab positions.
const (
	tabToday = iota
	tabJournal
	tabProgress
	tabSettings
)

// showJournalRange opens the Journal filtered to from..to.
func (u *App) showJournalRange(from, to journal.Date, label string) {
	if u.main == nil {
		return
	}
	u.main.selectTab(tabJournal)
	u.main.journal.setFilter(from, to, label)
}

func (u *App) editEntry(e journal.Entry) {
	u.main.selectTab(tabToday)
	u.main.today.edit(e)
}

func (u *App) entrySaved(journal.Entry) {
	if u.main != nil {
		u.main.journal.changed()
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

func (u *App) show(o fyne.CanvasObject) {
	u.current = o
	u.win.SetContent(o)
}

func (u *App) showSetup() {
	u.setup = newSetupScreen(u)
	u.show(u.setup.content)
	u.win.Canvas().Focus(u.setup.pass)
}

// showRestore shows the restore screen: because the journal is damaged
// (reason says how), or because the user asked (reason is nil).
func (u *App) showRestore(reason error) {
	u.unlock = nil
	u.restore = newRestoreScreen(u, reason)
	u.show(u.restore.content)
	u.win.Canvas().Focus(u.restore.pass)
}

func (u *App) showUnlock() {
	u.unlock = newUnlockScreen(u)
	u.show(u.unlock.content)
	u.unlock.checkFree()
}

// opened is called on the UI thread with a freshly unlocked journal.
func (u *App) opened(j *journal.Journal) {
	u.journal = j
	u.touch()
	u.main = newMainScreen(u)
	u.show(u.main.content)
	u.main.today.start()
	u.main.journal.reload()
	u.background(func() { _ = j.BuildIndex() }, func() {}) // search is instant from then on
	var backupErr error
	u.background(func() { _, backupErr = j.AutoBackup(u.today()) }, func() {
		if backupErr != nil {
			u.showDialog(dialog.NewError(errors.New("Today's automatic backup failed: "+friendly(backupErr)), u.win))
		}
	})
	u.win.Canvas().Focus(u.main.today.body)
	u.stopTimers = make(chan struct{})
	// Auto-lock and the reminder are checked every few seconds.
	go u.every(5*time.Second, u.stopTimers, func() {
		u.checkIdle()
		u.checkReminder()
	})
}

// every runs fn on the UI thread every d until stop is closed.
func (u *App) every(d time.Duration, stop chan struct{}, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			u.deliver(fn)
		}
	}
}

// checkIdle locks when the user has been idle longer than the auto-lock
// setting.
func (u *App) checkIdle() {
	if u.journal == nil {
		return
	}
	mins := u.app.Preferences().IntWithFallback(prefAutoLock, defaultAutoLock)
	if mins > 0 && u.cfg.Now().Sub(u.lastActivity) >= time.Duration(mins)*time.Minute {
		u.Lock()
	}
}

// checkReminder sends the daily reminder once, at or after its time, when
// today has no entry yet.
func (u *App) checkReminder() {
	if u.journal == nil {
		return
	}
	at, on, err := parseReminder(u.app.Preferences().String(prefReminder))
	now := u.cfg.Now()
	today := journal.DateOf(now)
	if err != nil || !on || u.remindedOn == today || now.Hour()*60+now.Minute() < at.Hour()*60+at.Minute() {
		return
	}
	u.remindedOn = today
	j := u.journal
	var st journal.Streak
	u.background(func() { st, err = j.Streak(today) }, func() {
		if err == nil && !st.Today {
			u.app.SendNotification(fyne.NewNotification("Candor", "A few minutes for today's reflection? Your prompt is waiting."))
		}
	})
}

// Lock saves the draft, closes the journal, forgets every widget that showed
// its contents, clears the clipboard if it holds text copied from Candor,
// and returns to the unlock screen.
func (u *App) Lock() { u.lock(true) }

// lock reports whether it locked. It does not when the disk is full: the
// text being written cannot be stored as a draft, or closing the journal
// could crash: then it says so once and leaves everything as it
// is, and the next attempt (auto-lock retries) tries again.
func (u *App) lock(showUnlock bool) bool {
	if u.journal == nil {
		return true
	}
	if u.main != nil {
		// Only a full disk keeps the journal open: any other reason
		// (the text is over the size limit, say) must not stop a lock.
		if err := u.main.today.saveDraft(true); errors.Is(err, journal.ErrDiskFull) {
			u.cannotLock(err)
			return false
		}
	}
	if err := u.journal.CanClose(); err != nil {
		u.cannotLock(err)
		return false
	}
	u.lockRefused = false
	if u.stopTimers != nil {
		close(u.stopTimers)
		u.stopTimers = nil
	}
	u.epoch++
	u.escape() // a question left open must not act on a closed journal
	if u.main != nil {
		u.clearClipboard()
		u.main.today.wipe()
		u.main.journal.wipe()
		u.main.settings.wipe()
		u.main.progress.wipe()
	}
	_ = u.journal.Close()
	u.journal = nil
	u.main = nil
	if showUnlock {
		u.showUnlock()
	}
	return true
}

// cannotLock says, once until a lock succeeds, why the journal stays open.
// Only a full disk (ErrDiskFull) gets here.
func (u *App) cannotLock(error) {
	if u.lockRefused {
		return
	}
	u.lockRefused = true
	u.showDialog(dialog.NewInformation("The disk is full",
		"Candor cannot lock the journal now: locking would lose what you are writing. Free some space; Candor locks as soon as it can.", u.win))
}

// clearClipboard empties the clipboard when its text came from Candor.
func (u *App) clearClipboard() {
	cb := u.app.Clipboard()
	if cb == nil {
		return
	}
	c := cb.Content()
	if strings.TrimSpace(c) == "" {
		return
	}
	texts := append(u.main.today.texts(), u.main.journal.texts()...)
	for _, t := range texts {
		if t != "" && strings.Contains(t, c) {
			cb.SetContent("")
			return
		}
	}
}

// background runs work on a goroutine, then done on the UI thread. Slow
// work (key derivation, opening the store, queries) goes through here so
// the window never freezes.
func (u *App) background(work func(), done func()) {
	u.inflight.Add(1)
	ep := u.epoch
	go func() {
		work()
		u.deliver(func() {
			defer u.inflight.Add(-1)
			if u.epoch != ep {
				return // locked since: the result belongs to a closed journal
			}
			done()
		})
	}()
}

// Journal returns the unlocked journal, or nil while locked.
func (u *App) Journal() *journal.Journal { return u.journal }

// Quit saves the draft, locks the journal and ends Candor (Ctrl+Q, the
// window's close button, the tray's Quit).
func (u *App) Quit() {
	u.saveWindowSize()
	if !u.lock(false) {
		return // the disk is full: quitting would lose the text on screen
	}
	u.app.Quit()
}

func (u *App) saveWindowSize() {
	size := u.win.Canvas().Size()
	if size.Width >= 400 && size.Height >= 300 {
		u.app.Preferences().SetFloat(prefWidth, float64(size.Width))
		u.app.Preferences().SetFloat(prefHeight, float64(size.Height))
	}
}

func (u *App) onClosed() {
	u.saveWindowSize()
	u.lock(false)
}
