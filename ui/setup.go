package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// setupScreen is the first-run screen: what Candor is, and a new passphrase
// typed twice; or the way to join a journal synced from another computer.
type setupScreen struct {
	d        setupDeps
	content  fyne.CanvasObject
	pass     *shortcutEntry
	confirm  *shortcutEntry
	strength *widget.Label
	meter    *widget.ProgressBar
	message  *canvas.Text
	create   *widget.Button
	// join leaves for the join screen: the journal is on another
	// computer already.
	join     *widget.Button
	activity *widget.Activity
}

func newSetupScreen(d setupDeps) *setupScreen {
	s := &setupScreen{d: d}
	s.pass = newShortcutEntry(d.keys, false, true)
	s.pass.SetPlaceHolder("New passphrase")
	s.pass.OnChanged = s.onPassChanged
	s.pass.OnSubmitted = func(string) { d.win.Canvas().Focus(s.confirm) }
	s.confirm = newShortcutEntry(d.keys, false, true)
	s.confirm.SetPlaceHolder("The same passphrase again")
	s.confirm.OnSubmitted = func(string) { s.onCreate() }
	s.strength = wrapped("")
	s.meter = widget.NewProgressBar()
	s.meter.TextFormatter = func() string { return "" }
	s.meter.Hide()
	s.message = errorText()
	s.create = widget.NewButton("Create journal", s.onCreate)
	s.create.Importance = widget.HighImportance
	s.join = widget.NewButtonWithIcon("Join a synced journal…", theme.FolderOpenIcon(), s.onJoin)
	s.activity = widget.NewActivity()
	s.activity.Hide()
	s.content = centredColumn(460,
		heading("Welcome to Candor"),
		wrapped("A private journal for growing as a leader. Each day brings one question about vision, motivation or problem-solving; you answer in a few minutes and watch your progress over time.\nEverything stays on this computer, encrypted with your passphrase."),
		widget.NewSeparator(),
		widget.NewLabelWithStyle("Choose a passphrase", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.pass, s.confirm, s.meter, s.strength,
		wrapped("Write it down somewhere safe. If you forget it, your journal cannot be recovered: nobody, not even Candor, can open it without the passphrase."),
		s.message,
		s.create, s.activity,
		container.NewBorder(nil, nil, widget.NewLabel("Candor on another computer already?"), nil, container.NewHBox(layout.NewSpacer(), s.join)),
		widget.NewLabelWithStyle("Journal folder: "+d.dir, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
	)
	return s
}

// onJoin leaves for the join screen, unless a journal is being created.
func (s *setupScreen) onJoin() {
	if !s.create.Disabled() && s.d.join != nil {
		s.d.join()
	}
}

func (s *setupScreen) onPassChanged(p string) {
	level, bits := estimateStrength(p)
	s.meter.SetValue(float64(level) / float64(strengthStrong))
	if level == strengthNone {
		s.strength.SetText("")
		s.meter.Hide()
		return
	}
	s.meter.Show()
	s.strength.SetText(fmt.Sprintf("Strength: %s (about %.0f bits). A few unrelated words make a strong, memorable passphrase.", level, bits))
}

func (s *setupScreen) setMessage(text string) {
	s.message.Text = text
	s.message.Refresh()
}

func (s *setupScreen) onCreate() {
	if s.create.Disabled() {
		return // already creating
	}
	p, c := s.pass.Text, s.confirm.Text
	switch {
	case p == "":
		s.setMessage("Type a passphrase first.")
		s.d.win.Canvas().Focus(s.pass)
		return
	case p != c:
		s.setMessage("The two passphrases differ. Type them again.")
		s.confirm.SetText("")
		s.d.win.Canvas().Focus(s.confirm)
		return
	}
	s.setMessage("")
	confirmWeak(s.d.dlg, p, func() { s.createWith(p) })
}

// createWith creates the journal with passphrase p.
func (s *setupScreen) createWith(p string) {
	s.busy(true)
	dir, opts := s.d.dir, s.d.opts
	var j *journal.Journal
	var err error
	s.d.bg.run(func() {
		j, err = journal.Init(dir, []byte(p), opts)
	}, func() {
		s.busy(false)
		if err != nil {
			s.setMessage(friendly(err))
			return
		}
		s.pass.SetText("")
		s.confirm.SetText("")
		s.d.created(j)
	})
}

func (s *setupScreen) busy(on bool) {
	if on {
		s.create.Disable()
		s.activity.Show()
		s.activity.Start()
		return
	}
	s.activity.Stop()
	s.activity.Hide()
	s.create.Enable()
}
