package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// unlockScreen asks for the passphrase. It checks first that no other
// process holds the journal, so "in use" is said before any passphrase is
// asked. It holds no claim while it waits: a locked Candor leaves the journal
// free for the command line.
type unlockScreen struct {
	d       unlockDeps
	content fyne.CanvasObject
	pass    *shortcutEntry
	unlock  *widget.Button
	retry   *widget.Button
	message *canvas.Text
	// working says the passphrase is being checked. It is still text, not
	// an animation: on a software renderer an animation took a quarter of
	// the key derivation's CPU (about 125 ms more before Today).
	working *widget.Label
	busy    bool
}

func newUnlockScreen(d unlockDeps) *unlockScreen {
	s := &unlockScreen{d: d}
	s.pass = newShortcutEntry(d.keys, false, true)
	s.pass.SetPlaceHolder("Passphrase")
	s.pass.OnSubmitted = func(string) { s.onUnlock() }
	if d.typing != nil {
		s.pass.OnChanged = func(string) { d.typing() }
	}
	s.unlock = widget.NewButton("Unlock", s.onUnlock)
	s.unlock.Importance = widget.HighImportance
	s.retry = widget.NewButton("Try again", s.checkFree)
	s.retry.Hide()
	s.message = errorText()
	s.working = widget.NewLabelWithStyle("Unlocking…", fyne.TextAlignCenter, fyne.TextStyle{})
	s.working.Hide()
	s.content = centredColumn(420,
		heading("Candor"),
		widget.NewLabel("Your journal is locked."),
		s.pass, s.message, s.unlock, s.retry, s.working,
		widget.NewLabelWithStyle("Journal folder: "+d.dir, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
	)
	return s
}

func (s *unlockScreen) setMessage(text string) {
	s.message.Text = text
	s.message.Refresh()
}

// checkFree shows the passphrase field when the journal is free, and says
// it is in use (with a retry button) when another process holds it.
func (s *unlockScreen) checkFree() {
	c, err := journal.ClaimDir(s.d.dir)
	if err != nil {
		s.inUse(err)
		return
	}
	_ = c.Release()
	s.setMessage("")
	s.retry.Hide()
	s.pass.Show()
	s.unlock.Show()
	s.d.win.Canvas().Focus(s.pass)
}

func (s *unlockScreen) inUse(err error) {
	s.pass.Hide()
	s.unlock.Hide()
	s.retry.Show()
	s.setMessage(friendly(err))
}

func (s *unlockScreen) onUnlock() {
	if s.busy {
		return
	}
	p := s.pass.Text
	if p == "" {
		s.setMessage("Type your passphrase.")
		s.d.win.Canvas().Focus(s.pass)
		return
	}
	s.busy = true
	s.setMessage("")
	s.unlock.Disable()
	s.pass.Disable()
	s.working.Show()
	dir, opts := s.d.dir, s.d.opts
	var j *journal.Journal
	var err error
	s.d.bg.run(func() {
		j, err = journal.Open(dir, []byte(p), opts)
	}, func() { s.unlocked(j, err) })
}

func (s *unlockScreen) unlocked(j *journal.Journal, err error) {
	s.busy = false
	s.working.Hide()
	s.unlock.Enable()
	s.pass.Enable()
	s.pass.SetText("")
	if errors.Is(err, journal.ErrInUse) {
		s.inUse(err)
		return
	}
	if errors.Is(err, journal.ErrDamaged) || errors.Is(err, journal.ErrKeyFileDamaged) {
		s.d.damaged(err)
		return
	}
	if err != nil {
		s.setMessage(friendly(err))
		s.d.win.Canvas().Focus(s.pass)
		return
	}
	s.d.opened(j)
}

// friendly turns journal errors into one sentence for a dialog or label.
func friendly(err error) string {
	switch {
	case errors.Is(err, journal.ErrWrongPassphrase):
		return "That passphrase is not right. Try again."
	case errors.Is(err, journal.ErrInUse):
		return "The journal is in use by another process. Close the other Candor, then try again."
	case errors.Is(err, journal.ErrForeignKeyFile):
		return "The key file journal.key belongs to another journal."
	case errors.Is(err, journal.ErrKeyFileDamaged):
		return "The key file journal.key is damaged; restore it from a backup."
	case errors.Is(err, journal.ErrDamaged):
		return "The journal database is damaged; restore it from a backup."
	}
	return journal.Sentence(err)
}
