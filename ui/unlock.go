package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// UnlockScreen asks for the passphrase. It claims the journal first, so a
// journal in use elsewhere is reported before any passphrase is asked.
type UnlockScreen struct {
	u        *App
	content  fyne.CanvasObject
	claim    *journal.Claim
	pass     *widget.Entry
	unlock   *widget.Button
	retry    *widget.Button
	message  *canvas.Text
	activity *widget.Activity
	busy     bool
}

func newUnlockScreen(u *App) *UnlockScreen {
	s := &UnlockScreen{u: u}
	s.pass = widget.NewPasswordEntry()
	s.pass.SetPlaceHolder("Passphrase")
	s.pass.OnSubmitted = func(string) { s.onUnlock() }
	s.unlock = widget.NewButton("Unlock", s.onUnlock)
	s.unlock.Importance = widget.HighImportance
	s.retry = widget.NewButton("Try again", s.tryClaim)
	s.retry.Hide()
	s.message = errorText()
	s.activity = widget.NewActivity()
	s.activity.Hide()
	s.content = centredColumn(420,
		heading("Candor"),
		widget.NewLabel("Your journal is locked."),
		s.pass, s.message, s.unlock, s.retry, s.activity,
		widget.NewLabelWithStyle("Journal folder: "+u.cfg.Dir, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
	)
	return s
}

func (s *UnlockScreen) setMessage(text string) {
	s.message.Text = text
	s.message.Refresh()
}

// tryClaim takes the journal for this process, or says it is in use.
func (s *UnlockScreen) tryClaim() {
	c, err := journal.ClaimDir(s.u.cfg.Dir)
	if err != nil {
		s.pass.Hide()
		s.unlock.Hide()
		s.retry.Show()
		s.setMessage(friendly(err))
		return
	}
	s.claim = c
	s.setMessage("")
	s.retry.Hide()
	s.pass.Show()
	s.unlock.Show()
	s.u.win.Canvas().Focus(s.pass)
}

func (s *UnlockScreen) releaseClaim() {
	if s.claim != nil {
		_ = s.claim.Release()
		s.claim = nil
	}
}

func (s *UnlockScreen) onUnlock() {
	if s.busy || s.claim == nil {
		return
	}
	p := s.pass.Text
	if p == "" {
		s.setMessage("Type your passphrase.")
		s.u.win.Canvas().Focus(s.pass)
		return
	}
	s.busy = true
	s.setMessage("")
	s.unlock.Disable()
	s.pass.Disable()
	s.activity.Show()
	s.activity.Start()
	c, opts := s.claim, s.u.cfg.Options
	go func() {
		j, err := c.Unlock([]byte(p), opts)
		fyne.Do(func() { s.unlocked(j, err) })
	}()
}

func (s *UnlockScreen) unlocked(j *journal.Journal, err error) {
	s.busy = false
	s.activity.Stop()
	s.activity.Hide()
	s.unlock.Enable()
	s.pass.Enable()
	s.pass.SetText("")
	if err != nil {
		s.setMessage(friendly(err))
		s.u.win.Canvas().Focus(s.pass)
		return
	}
	s.claim = nil // the journal owns it now
	s.u.unlock = nil
	s.u.opened(j)
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
	return sentenceOf(err)
}
