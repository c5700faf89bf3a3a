package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	jsync "candor/journal/sync"
)

// shared is what every screen uses, whatever it shows: the window, the
// background runner, the dialogs, the keys its entries pass on, and the
// clock.
type shared struct {
	win  fyne.Window
	bg   *runner
	dlg  *dialogs
	keys *keys
	now  func() time.Time
}

// today is the current date in local time (the fake clock in tests).
func (d shared) today() journal.Date { return journal.DateOf(d.now()) }

// unlockedDeps is what the screens of an unlocked journal use on top of
// shared.
type unlockedDeps struct {
	shared
	// journal returns the unlocked journal, or nil once locked.
	journal func() *journal.Journal
	// touch records user activity, which postpones auto-lock.
	touch func()
}

// setupDeps is what the first-run screen needs.
type setupDeps struct {
	shared
	dir  string
	opts *journal.Options
	// created is called with the new journal, unlocked.
	created func(*journal.Journal)
	// join shows the screen that joins a journal synced elsewhere.
	join func()
}

// joinDeps is what the join screen needs.
type joinDeps struct {
	shared
	dir  string
	opts *journal.Options
	// joined is called with the joined journal, unlocked.
	joined func(*journal.Journal)
	// back returns to the first-run screen.
	back func()
}

// unlockDeps is what the unlock screen needs.
type unlockDeps struct {
	shared
	dir  string
	opts *journal.Options
	// opened is called with the unlocked journal.
	opened func(*journal.Journal)
	// damaged is called when the journal cannot be opened because it is
	// damaged; err says how.
	damaged func(err error)
	// typing is called when the passphrase field changes: the app gets the
	// unlocked screens ready meanwhile. May be nil.
	typing func()
}

// restoreDeps is what the restore screen needs.
type restoreDeps struct {
	shared
	dir  string
	opts *journal.Options
	// opened is called with the restored journal, unlocked.
	opened func(*journal.Journal)
	// back leaves the screen without restoring.
	back func()
	// unlockInstead shows the unlock screen: the backup was restored but
	// could not be opened.
	unlockInstead func()
}

// todayDeps is what the Today screen needs.
type todayDeps struct {
	unlockedDeps
	prefs fyne.Preferences
	// saved is called after an entry was saved.
	saved func(journal.Entry)
	// resumeEdit opens the edit screen on an unsaved edit found in the
	// draft after unlocking.
	resumeEdit func(journal.Entry)
	// openEntry shows an entry in the Journal (a weekly review's links),
	// and openRange the Journal filtered to from..to, named label.
	openEntry func(journal.ID)
	openRange func(from, to journal.Date, label string)
}

// journalDeps is what the Journal screen needs.
type journalDeps struct {
	unlockedDeps
	// edit opens an entry in the editor.
	edit func(journal.Entry)
	// wrote is called after the screen changed entries (a delete, an
	// undo, a settled conflict).
	wrote func()
}

// progressDeps is what the Progress screen needs.
type progressDeps struct {
	unlockedDeps
	// openRange shows the Journal filtered to from..to, named label.
	openRange func(from, to journal.Date, label string)
}

// settingsDeps is what the Settings screen needs.
type settingsDeps struct {
	unlockedDeps
	prefs        fyne.Preferences
	settings     fyne.Settings
	dir, version string
	// writing reports whether Today holds text not yet saved as an entry.
	writing func() bool
	// restore locks the journal and shows the restore screen.
	restore func()
	// export and importFrom open the export and import dialogs.
	export, importFrom func()
	// coachChanged is called after the user changed the work days or the
	// focus, which shape the daily prompt; it may be nil.
	coachChanged func()
	// syncNow syncs through a folder ("" for the remembered one); syncing
	// reports whether a sync runs.
	syncNow func(folder string)
	syncing func() bool
}

// mainDeps is what the unlocked app's tabs need from the app.
type mainDeps struct {
	unlockedDeps
	app          fyne.App
	prefs        fyne.Preferences
	dir, version string
	// lock locks the journal (the Lock button).
	lock func()
	// restore locks the journal and shows the restore screen.
	restore func()
	// wrote is called after the user changed entries (a save, a delete,
	// an import), for the sync that follows.
	wrote func()
	// syncNow syncs through a folder ("" for the remembered one); syncing
	// reports whether a sync runs.
	syncNow func(folder string)
	syncing func() bool
	// paintWait is the longest the work that follows Today's first frame
	// waits for it (paintWaitAtMost; tests set 0).
	paintWait time.Duration
}

// Tab positions.
const (
	tabToday = iota
	tabJournal
	tabProgress
	tabSettings
)

// mainScreen is the unlocked app: Today, Journal, Progress and Settings as
// tabs, with a Lock button. It wires the tabs to each other, so that no tab
// knows another.
type mainScreen struct {
	win fyne.Window
	// content is what goes into the window: body and the paint watch.
	content fyne.CanvasObject
	// body holds either the tabs or the edit screen, never both: a view
	// that is not on show is not in the window at all.
	body *fyne.Container
	// paint tells when the tabs were first painted.
	paint *paintWatch
	// journalLoaded is set once the Journal tab was first filled.
	journalLoaded bool
	tabs          *container.AppTabs
	// tabsLayer is the tabs and the Lock button, hidden while an entry is
	// being edited.
	tabsLayer *fyne.Container
	edit      *editScreen
	editLayer *fyne.Container
	today     *todayScreen
	journal   *journalScreen
	settings  *settingsScreen
	progress  *progressScreen
	transfer  *transfers
	lock      *widget.Button
	// wrote tells the session that entries changed here.
	wrote func()
}

func newMainScreen(d mainDeps) *mainScreen {
	m := &mainScreen{win: d.win, wrote: d.wrote}
	m.today = newTodayScreen(todayDeps{unlockedDeps: d.unlockedDeps, prefs: d.prefs,
		saved: func(e journal.Entry) {
			d.wrote()
			m.journal.saved(e)
			if e.Kind == journal.KindWeeklyReview || e.HasTag(reviewTag) {
				m.today.updateReview()
			}
		},
		resumeEdit: func(e journal.Entry) { m.openEdit(e, true) },
		openEntry:  m.showEntry, openRange: m.openRange})
	m.edit = newEditScreen(editDeps{unlockedDeps: d.unlockedDeps, done: m.closeEdit})
	m.journal = newJournalScreen(journalDeps{unlockedDeps: d.unlockedDeps, edit: m.editEntry, wrote: d.wrote})
	m.transfer = &transfers{unlockedDeps: d.unlockedDeps, openURL: d.app.OpenURL,
		imported: func() { d.wrote(); m.journal.changed() }}
	m.settings = newSettingsScreen(settingsDeps{unlockedDeps: d.unlockedDeps,
		prefs: d.prefs, settings: d.app.Settings(), dir: d.dir, version: d.version,
		writing: func() bool { return !m.today.empty() }, restore: d.restore,
		export: m.transfer.showExport, importFrom: m.transfer.showImport,
		coachChanged: m.reloadTodayPrompt, syncNow: d.syncNow, syncing: d.syncing})
	m.settings.onReviewDay = func() { m.reloadTodayPrompt(); m.today.updateReview() }
	m.progress = newProgressScreen(progressDeps{unlockedDeps: d.unlockedDeps, openRange: m.openRange})
	// Only Today is in the window at first: the other tabs join it when
	// first shown. Fyne measures every tab's content when it lays the tabs
	// out, and measuring all four took about 130 ms between the unlock and
	// Today on a 2-core machine.
	later := map[string]fyne.CanvasObject{"Journal": m.journal.content, "Progress": m.progress.content, "Settings": m.settings.content}
	m.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Today", theme.DocumentCreateIcon(), m.today.content),
		container.NewTabItemWithIcon("Journal", theme.ListIcon(), layout.NewSpacer()),
		container.NewTabItemWithIcon("Progress", theme.GridIcon(), layout.NewSpacer()),
		container.NewTabItemWithIcon("Settings", theme.SettingsIcon(), layout.NewSpacer()),
	)
	m.tabs.OnSelected = func(t *container.TabItem) {
		if c, ok := later[t.Text]; ok {
			delete(later, t.Text)
			t.Content = c
			m.tabs.Refresh()
		}
		d.touch()
		// A view that is hidden never receives keys: the focus leaves it,
		// and goes to the view on show.
		m.win.Canvas().Unfocus()
		switch t.Text {
		case "Progress":
			m.progress.refresh()
		case "Today":
			m.today.focus()
		case "Journal":
			m.loadJournal()
			m.journal.focus()
		case "Settings":
			m.settings.refresh() // a focus may have ended since
			m.settings.sync.load()
		}
	}
	m.lock = widget.NewButtonWithIcon("Lock", theme.LoginIcon(), d.lock)
	m.lock.Importance = widget.LowImportance
	bar := container.NewHBox(layout.NewSpacer(), m.lock)
	m.tabsLayer = container.NewStack(m.tabs, container.NewVBox(bar))
	m.editLayer = container.NewPadded(m.edit.content)
	m.body = container.NewBorder(nil, nil, nil, nil, m.tabsLayer)
	m.paint = newPaintWatch(d.bg, d.paintWait)
	m.content = container.NewStack(m.body, m.paint.object())
	return m
}

// reloadTodayPrompt asks Today for its prompt again after Settings changed
// the work days or the focus. Text already written stays with the prompt it
// answers: the prompt is asked again only while Today is empty.
func (m *mainScreen) reloadTodayPrompt() {
	if m.today.empty() {
		m.today.loadPrompt()
	}
}

// editing reports whether the edit screen is on show.
func (m *mainScreen) editing() bool { return m.edit.active }

// openEdit shows the edit screen on e in place of the tabs.
func (m *mainScreen) openEdit(e journal.Entry, resumed bool) {
	m.win.Canvas().Unfocus()
	m.edit.open(e, resumed)
	m.body.Objects = []fyne.CanvasObject{m.editLayer}
	m.body.Refresh()
	m.edit.focus()
}

// closeEdit leaves the edit screen for the Journal, showing the entry as
// saved (saved is nil after Cancel).
func (m *mainScreen) closeEdit(saved *journal.Entry) {
	m.win.Canvas().Unfocus()
	m.body.Objects = []fyne.CanvasObject{m.tabsLayer}
	m.body.Refresh()
	m.selectTab(tabJournal)
	if saved != nil {
		m.wrote()
		m.journal.afterEdit(*saved)
		m.today.refreshStreak()
		m.today.refreshOpen()
	}
}

// busyEditing tells the user to finish the edit first, for the shortcuts
// that would leave it; it reports whether the edit screen is on show.
func (m *mainScreen) busyEditing() bool {
	if !m.editing() {
		return false
	}
	m.edit.status.SetText("Save (Ctrl+S) or cancel (Esc) this edit first.")
	return true
}

// escape cancels the edit when the edit screen is on show (Esc).
func (m *mainScreen) escape() bool {
	if !m.editing() {
		return false
	}
	m.edit.onCancel()
	return true
}

// saveShown saves what is on show: the edit, or Today's entry (Ctrl+S).
func (m *mainScreen) saveShown() {
	switch {
	case m.editing():
		m.edit.onSave()
	case m.tabs.SelectedIndex() == tabToday:
		m.today.onSave()
	}
}

// stepDay moves the date of the edit, or of Today's entry, n days.
func (m *mainScreen) stepDay(n int) {
	switch {
	case m.editing():
		m.edit.dateCtl.step(n)
	case m.tabs.SelectedIndex() == tabToday:
		m.today.stepDay(n)
	}
}

// start fills Today from the journal just opened and puts the cursor in the
// editor. The Journal tab, which is not on show, is filled once the search
// index is ready (indexed), or when shown before: reading every entry's
// summary from the store at once took CPU from Today (600 ms of CPU at
// 100,000 entries).
func (m *mainScreen) start() {
	m.today.start()
	m.today.focus()
}

// indexed fills the Journal tab, now from the search index.
func (m *mainScreen) indexed() { m.loadJournal() }

// loadJournal fills the Journal tab, once; later changes reload it
// themselves.
func (m *mainScreen) loadJournal() {
	if !m.journalLoaded {
		m.journalLoaded = true
		m.journal.reload()
	}
}

// painted runs fn once the screens were first painted.
func (m *mainScreen) painted(fn func()) { m.paint.then(fn) }

// saveDraft stores the text being written on Today, and any unsaved edit,
// and waits for it.
func (m *mainScreen) saveDraft() error {
	if err := m.edit.saveDraft(m.today.empty()); err != nil {
		return err
	}
	return m.today.saveDraft(true)
}

// texts returns the private text on show in Today, the edit screen and the
// Journal.
func (m *mainScreen) texts() []string {
	return append(append(m.today.texts(), m.edit.texts()...), m.journal.texts()...)
}

// wipe forgets every private text the tabs hold.
func (m *mainScreen) wipe() {
	m.edit.wipe()
	m.today.wipe()
	m.journal.wipe()
	m.settings.wipe()
	m.progress.wipe()
}

// syncing shows in Settings that a sync runs.
func (m *mainScreen) syncing() { m.settings.sync.syncing() }

// synced shows how a sync ended in Settings, and its status when Settings
// is on show; when it brought changes, the Journal and Today read the
// journal again, as after an import.
func (m *mainScreen) synced(r jsync.Report, err error) {
	m.settings.sync.synced(r, err)
	if m.tabs.SelectedIndex() == tabSettings {
		m.settings.sync.load()
	}
	if err == nil && r.Received > 0 {
		m.journal.changed()
		m.today.refreshStreak()
		m.today.refreshOpen()
	}
}

// selectTab shows tab n (0-based), for Ctrl+1..4.
func (m *mainScreen) selectTab(n int) {
	if n >= 0 && n < len(m.tabs.Items) && n != m.tabs.SelectedIndex() {
		m.tabs.SelectIndex(n)
	}
}

// newEntry switches to Today with an empty editor and the cursor in its
// body (Ctrl+N).
func (m *mainScreen) newEntry() {
	if m.busyEditing() {
		return
	}
	m.selectTab(tabToday)
	m.today.newEntry()
}

// find puts the cursor in the Journal's search field (Ctrl+F).
func (m *mainScreen) find() {
	if m.busyEditing() {
		return
	}
	m.selectTab(tabJournal)
	m.journal.focusSearch()
}

// editEntry opens e on the edit screen.
func (m *mainScreen) editEntry(e journal.Entry) {
	if m.busyEditing() {
		return
	}
	m.openEdit(e, false)
}

// showEntry opens the Journal on entry id.
func (m *mainScreen) showEntry(id journal.ID) {
	m.selectTab(tabJournal)
	m.journal.reveal(id)
}

// openRange opens the Journal filtered to from..to.
func (m *mainScreen) openRange(from, to journal.Date, label string) {
	m.selectTab(tabJournal)
	m.journal.setFilter(from, to, label)
}

func countText(n int) string {
	switch n {
	case 0:
		return "No entries yet."
	case 1:
		return "1 entry."
	}
	return grouped(n) + " entries."
}
