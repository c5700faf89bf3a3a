package ui

import (
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"

	"fyne.io/fyne/v2"

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
	// deliver runs a function on the UI thread: fyne.DoAndWait, or in
	// tests a queue the test goroutine drains.
	deliver func(func())

	// current is the screen on show, for tests.
	current fyne.CanvasObject
	setup   *SetupScreen
	unlock  *UnlockScreen
	home    *HomeScreen
}

// New builds the app on a and w. Call Start to show the first screen.
func New(a fyne.App, w fyne.Window, cfg Config) *App {
	u := &App{app: a, win: w, cfg: cfg, deliver: fyne.DoAndWait}
	w.SetTitle("Candor")
	w.SetOnClosed(u.onClosed)
	w.Canvas().AddShortcut(&lockShortcut, func(fyne.Shortcut) { u.Lock() })
	return u
}

var lockShortcut = shortcutCtrl(fyne.KeyL)

// Start shows the first-run screen when the folder holds no journal and the
// unlock screen otherwise.
func (u *App) Start() {
	if _, err := os.Stat(filepath.Join(u.cfg.Dir, "journal.key")); errors.Is(err, os.ErrNotExist) {
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

func (u *App) showUnlock() {
	u.unlock = newUnlockScreen(u)
	u.show(u.unlock.content)
	u.unlock.checkFree()
}

// opened is called on the UI thread with a freshly unlocked journal.
func (u *App) opened(j *journal.Journal) {
	u.journal = j
	u.home = newHomeScreen(u)
	u.show(u.home.content)
	u.home.refresh()
}

// Lock closes the journal, forgets every widget that showed its contents and
// returns to the unlock screen.
func (u *App) Lock() {
	if u.journal == nil {
		return
	}
	_ = u.journal.Close()
	u.journal = nil
	u.home = nil
	u.showUnlock()
}

// background runs work on a goroutine, then done on the UI thread. Slow
// work (key derivation, opening the store, queries) goes through here so
// the window never freezes.
func (u *App) background(work func(), done func()) {
	u.inflight.Add(1)
	go func() {
		work()
		u.deliver(func() {
			defer u.inflight.Add(-1)
			done()
		})
	}()
}

// Journal returns the unlocked journal, or nil while locked.
func (u *App) Journal() *journal.Journal { return u.journal }

func (u *App) onClosed() {
	if u.journal != nil {
		_ = u.journal.Close()
		u.journal = nil
	}
}
