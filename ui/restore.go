package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// restoreScreen puts a backup in place of the journal. It is shown when the
// journal cannot be opened because it is damaged, and from Settings. It
// lists the backups in the journal's backups folder, newest first, and can
// take any other backup file. The journal it replaces is kept beside it, so
// nothing is deleted.
type restoreScreen struct {
	d        restoreDeps
	content  fyne.CanvasObject
	damaged  bool
	backups  []journal.BackupInfo
	list     *widget.RadioGroup
	choose   *widget.Button
	chosen   string // a backup file picked outside the list
	pass     *shortcutEntry
	restore  *widget.Button
	back     *widget.Button
	message  *canvas.Text
	activity *widget.Activity
	busy     bool
}

// newRestoreScreen builds the screen. reason is why the journal could not be
// opened, or nil when the user asked for a restore.
func newRestoreScreen(d restoreDeps, reason error) *restoreScreen {
	s := &restoreScreen{d: d, damaged: reason != nil}
	s.backups, _ = journal.ListBackups(d.dir)
	labels := make([]string, len(s.backups))
	for i, b := range s.backups {
		labels[i] = backupLabel(b)
	}
	s.list = widget.NewRadioGroup(labels, nil)
	if len(labels) > 0 {
		s.list.SetSelected(labels[0])
	}
	s.list.OnChanged = func(string) { s.chosen = ""; s.setMessage("") }
	s.choose = widget.NewButton("Choose another backup file…", s.onChoose)
	s.pass = newShortcutEntry(d.keys, false, true)
	s.pass.SetPlaceHolder("Passphrase of the backup")
	s.pass.OnSubmitted = func(string) { s.onRestore() }
	s.restore = widget.NewButton("Restore", s.onRestore)
	s.restore.Importance = widget.HighImportance
	s.back = widget.NewButton("Back", s.onBack)
	s.message = errorText()
	s.activity = widget.NewActivity()
	s.activity.Hide()

	var title, intro string
	if s.damaged {
		title = "Your journal is damaged"
		intro = "Candor cannot open your journal, and has not changed or deleted anything in it. Restore a backup: the damaged journal is kept beside it, renamed, in case you need it later."
	} else {
		title = "Restore a backup"
		intro = "The backup takes the place of your journal. Entries written after it was made are not in it; your current journal is kept beside it, renamed, so nothing is lost."
	}
	scroll := container.NewVScroll(s.list)
	scroll.SetMinSize(fyne.NewSize(0, float32(min(len(labels), 5))*s.list.MinSize().Height/float32(max(len(labels), 1))))
	var listArea fyne.CanvasObject = scroll
	if len(s.backups) == 0 {
		listArea = wrapped("There are no backups in " + journal.BackupsDir(d.dir) + ". Choose a backup file you made elsewhere.")
	}
	details := widget.NewLabel("")
	details.Hide()
	if s.damaged {
		details.SetText("Details: " + journal.Sentence(reason))
		details.Wrapping = fyne.TextWrapWord
		details.TextStyle = fyne.TextStyle{Italic: true}
		details.Show()
	}
	s.content = centredColumn(560,
		heading(title),
		wrapped(intro), details,
		widget.NewLabelWithStyle("Backups, newest first", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		listArea,
		container.NewHBox(s.choose),
		wrapped("Type the passphrase that was in force when the backup was made."),
		s.pass, s.message,
		container.NewHBox(s.back, s.restore), s.activity,
		widget.NewLabelWithStyle("Journal folder: "+d.dir, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
	)
	return s
}

// backupLabel names a backup by its day (or file name), age and size.
func backupLabel(b journal.BackupInfo) string {
	when := b.Modified.Format("Monday 2 January 2006, 15:04")
	if !b.Day.IsZero() {
		when = b.Day.Time(time.Local).Format("Monday 2 January 2006")
	}
	return fmt.Sprintf("%s (%s, %s)", when, filepath.Base(b.Path), humanSize(b.Size))
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (s *restoreScreen) setMessage(text string) {
	s.message.Text = text
	s.message.Refresh()
}

// path is the backup the user picked, or "".
func (s *restoreScreen) path() string {
	if s.chosen != "" {
		return s.chosen
	}
	for i, b := range s.backups {
		if s.list.Selected == backupLabel(b) {
			return s.backups[i].Path
		}
	}
	return ""
}

func (s *restoreScreen) onChoose() {
	open := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		p := r.URI().Path()
		r.Close()
		s.pickFile(p)
	}, s.d.win)
	s.d.dlg.show(open)
}

// pickFile selects a backup file from outside the list.
func (s *restoreScreen) pickFile(p string) {
	s.list.SetSelected("")
	s.chosen = p
	s.setMessage("")
	s.choose.SetText("Backup: " + filepath.Base(p))
	s.d.win.Canvas().Focus(s.pass)
}

func (s *restoreScreen) onBack() {
	if s.busy {
		return
	}
	s.d.back()
}

func (s *restoreScreen) onRestore() {
	if s.busy {
		return
	}
	path := s.path()
	if path == "" {
		s.setMessage("Choose a backup first.")
		return
	}
	if s.pass.Text == "" {
		s.setMessage("Type the passphrase of the backup.")
		s.d.win.Canvas().Focus(s.pass)
		return
	}
	pass := []byte(s.pass.Text)
	s.busy = true
	s.setMessage("")
	s.restore.Disable()
	s.back.Disable()
	s.pass.Disable()
	s.activity.Show()
	s.activity.Start()
	dir, opts, now := s.d.dir, s.d.opts, s.d.now()
	var kept string
	var j *journal.Journal
	var err, warn error
	s.d.bg.run(func() {
		defer clear(pass)
		kept, err = journal.RestoreInPlace(dir, path, pass, now)
		if err != nil && kept != "" {
			// The backup is in place; only a last step (moving the
			// backups folder, say) failed. Say so, and go on.
			warn, err = err, nil
		}
		if err == nil {
			j, err = journal.Open(dir, pass, opts)
		}
	}, func() { s.restored(kept, j, err, warn) })
}

func (s *restoreScreen) restored(kept string, j *journal.Journal, err, warn error) {
	s.busy = false
	s.activity.Stop()
	s.activity.Hide()
	s.restore.Enable()
	s.back.Enable()
	s.pass.Enable()
	s.pass.SetText("")
	if err != nil && kept != "" {
		// Restored, but it did not open (another process took it first).
		s.d.unlockInstead()
		s.d.dlg.show(dialog.NewInformation("Backup restored", "The backup is now your journal; the one it replaced is kept in "+kept+". "+friendly(err), s.d.win))
		return
	}
	if err != nil {
		switch {
		case errors.Is(err, journal.ErrWrongPassphrase):
			s.setMessage("That passphrase does not open this backup.")
		case errors.Is(err, journal.ErrBackupDamaged):
			s.setMessage("This backup is damaged. Choose another one.")
		default:
			s.setMessage(friendly(err))
		}
		s.d.win.Canvas().Focus(s.pass)
		return
	}
	s.d.opened(j)
	msg := "The backup is now your journal."
	if kept != "" {
		msg += " The journal it replaced is kept in " + kept + "."
	}
	if warn != nil {
		msg += " " + friendly(warn)
	}
	s.d.dlg.show(dialog.NewInformation("Backup restored", msg, s.d.win))
}
