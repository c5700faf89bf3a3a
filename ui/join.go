package ui

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	jsync "candor/journal/sync"
)

// joinScreen makes this computer's journal from one another computer syncs
// through a folder (first run only): the folder, the passphrase in force on
// the other computer, then jsync.Join off the UI thread. A failed join
// leaves the journal folder as it found it.
type joinScreen struct {
	d       joinDeps
	content fyne.CanvasObject
	// folder is the chosen sync folder, "" until one is chosen.
	folder   string
	shown    *widget.Label
	choose   *widget.Button
	pass     *shortcutEntry
	message  *widget.Label
	join     *widget.Button
	back     *widget.Button
	activity *widget.Activity
	busy     bool
}

func newJoinScreen(d joinDeps) *joinScreen {
	s := &joinScreen{d: d}
	s.shown = wrapped("No folder chosen yet.")
	s.shown.Wrapping = fyne.TextWrapBreak
	s.choose = widget.NewButtonWithIcon("Choose folder…", theme.FolderOpenIcon(), s.onChoose)
	s.pass = newShortcutEntry(d.keys, false, true)
	s.pass.SetPlaceHolder("Passphrase of the other computer")
	s.pass.OnSubmitted = func(string) { s.onJoin() }
	s.message = wrapped("")
	s.message.Importance = widget.DangerImportance
	s.message.Hide()
	s.join = widget.NewButton("Join", s.onJoin)
	s.join.Importance = widget.HighImportance
	s.back = widget.NewButton("Back", s.onBack)
	s.activity = widget.NewActivity()
	s.activity.Hide()
	s.content = centredColumn(460,
		heading("Join a synced journal"),
		wrapped("On the computer that has your journal, choose a folder in Settings, under Sync. "+
			"Once that folder is on this computer too, choose it here and type the passphrase you use there."),
		s.shown,
		container.NewHBox(s.choose),
		s.pass, s.message,
		container.NewHBox(s.back, s.join), s.activity,
		widget.NewLabelWithStyle("Journal folder: "+d.dir, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
	)
	return s
}

// setMessage shows one sentence of error, or hides it for "".
func (s *joinScreen) setMessage(text string) {
	s.message.SetText(text)
	s.message.Hidden = text == ""
	s.message.Refresh()
}

// onChoose asks for the sync folder.
func (s *joinScreen) onChoose() {
	if s.busy {
		return
	}
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		s.pickFolder(dir.Path())
	}, s.d.win)
	s.d.dlg.show(d)
}

// pickFolder takes folder as the sync folder, and puts the cursor in the
// passphrase field.
func (s *joinScreen) pickFolder(folder string) {
	s.folder = folder
	s.shown.SetText("Folder: " + folder)
	s.setMessage("")
	s.d.win.Canvas().Focus(s.pass)
}

func (s *joinScreen) onBack() {
	if !s.busy {
		s.d.back()
	}
}

func (s *joinScreen) onJoin() {
	if s.busy {
		return
	}
	switch {
	case s.folder == "":
		s.setMessage("Choose the folder the other computer syncs through first.")
		return
	case s.pass.Text == "":
		s.setMessage("Type the passphrase you use on the other computer.")
		s.d.win.Canvas().Focus(s.pass)
		return
	}
	pass := []byte(s.pass.Text)
	s.setBusy(true)
	s.setMessage("")
	dir, folder, opts, opt := s.d.dir, s.folder, s.d.opts, &jsync.Options{Now: s.d.now}
	var j *journal.Journal
	var err error
	s.d.bg.run(func() {
		defer clear(pass)
		if err = journal.CanInit(dir); err != nil {
			return
		}
		before := namesIn(dir)
		if j, _, err = jsync.Join(dir, folder, pass, opts, opt); err != nil {
			removeAdded(dir, before)
		}
	}, func() { s.joined(j, err) })
}

// joined follows a join: into the journal, or back to the screen with one
// sentence.
func (s *joinScreen) joined(j *journal.Journal, err error) {
	s.setBusy(false)
	s.pass.SetText("")
	if err != nil {
		s.setMessage(joinError(err))
		s.d.win.Canvas().Focus(s.pass)
		return
	}
	s.d.joined(j)
}

// joinError says in one sentence why a join failed.
func joinError(err error) string {
	switch {
	case errors.Is(err, journal.ErrWrongPassphrase):
		return "That passphrase opens no journal in this folder. Type the one you use on the other computer."
	case errors.Is(err, jsync.ErrNotSynced):
		return "This folder holds no synced Candor journal. Choose the folder the other computer syncs through, the one with candor-sync in it."
	}
	return friendly(err)
}

func (s *joinScreen) setBusy(on bool) {
	s.busy = on
	if on {
		s.join.Disable()
		s.back.Disable()
		s.choose.Disable()
		s.pass.Disable()
		s.activity.Show()
		s.activity.Start()
		return
	}
	s.activity.Stop()
	s.activity.Hide()
	s.join.Enable()
	s.back.Enable()
	s.choose.Enable()
	s.pass.Enable()
}

// namesIn returns the names in dir; nil only when dir does not exist.
func namesIn(dir string) map[string]bool {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	names := map[string]bool{}
	for _, e := range ents {
		names[e.Name()] = true
	}
	return names
}

// removeAdded removes what a failed join added to dir: the names that
// were not there before, and dir itself when it did not exist.
func removeAdded(dir string, before map[string]bool) {
	if before == nil {
		_ = os.RemoveAll(dir)
		return
	}
	for name := range namesIn(dir) {
		if !before[name] {
			_ = os.RemoveAll(filepath.Join(dir, name))
		}
	}
}
