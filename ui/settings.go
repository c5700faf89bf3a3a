package ui

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	jsync "candor/journal/sync"
	"candor/prompts"
)

var autoLockChoices = []string{"1", "5", "10", "15", "30", "60", "Never"}

// noFocus is the Focus choice that sets none.
const noFocus = "No focus"

// weekOrder is the order of the work day boxes: Monday first, as the review
// day's list.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// settingsScreen holds the passphrase change, auto-lock, theme, reminder,
// review day, work days and focus, backups, sync, export and About.
type settingsScreen struct {
	d       settingsDeps
	content fyne.CanvasObject

	oldPass, newPass, repeat *shortcutEntry
	change                   *widget.Button
	passMsg                  *canvas.Text
	autoLock                 *widget.Select
	theme                    *widget.RadioGroup
	reminder                 *shortcutEntry
	reviewDay                *widget.Select
	reminderMsg              *widget.Label
	// workDays are the work day boxes, in weekOrder; workMsg says why the
	// last one cannot be cleared.
	workDays []*widget.Check
	workMsg  *widget.Label
	// focus picks a trait by name, or noFocus; focusMsg says which trait
	// is in focus and until when.
	focus    *widget.Select
	focusMsg *widget.Label
	// sync is the Sync card.
	sync *syncSection

	// onReviewDay, when set, is called after the user picks another
	// review day.
	onReviewDay func()
}

func newSettingsScreen(d settingsDeps) *settingsScreen {
	s := &settingsScreen{d: d}
	p := d.prefs

	s.oldPass = newShortcutEntry(d.keys, false, true)
	s.oldPass.SetPlaceHolder("Current passphrase")
	s.newPass = newShortcutEntry(d.keys, false, true)
	s.newPass.SetPlaceHolder("New passphrase")
	s.repeat = newShortcutEntry(d.keys, false, true)
	s.repeat.SetPlaceHolder("New passphrase again")
	s.repeat.OnSubmitted = func(string) { s.onChange() }
	s.change = widget.NewButton("Change passphrase", s.onChange)
	s.passMsg = errorText()

	s.autoLock = widget.NewSelect(autoLockChoices, func(v string) {
		if v == "Never" {
			p.SetInt(prefAutoLock, 0)
		} else if n, err := strconv.Atoi(v); err == nil {
			p.SetInt(prefAutoLock, n)
		}
		d.touch()
	})
	s.autoLock.SetSelected(autoLockLabel(p.IntWithFallback(prefAutoLock, defaultAutoLock)))

	s.theme = widget.NewRadioGroup([]string{themeSystem, themeLight, themeDark}, nil)
	s.theme.Horizontal = true
	s.theme.Required = true
	// The theme in force is already this journal's (applyPreferences, at
	// start): selecting it here must not set it again, which would make
	// Fyne drop its font cache and load every face anew at each unlock.
	s.theme.SetSelected(p.StringWithFallback(prefTheme, themeSystem))
	s.theme.OnChanged = func(v string) {
		if v == "" {
			return
		}
		p.SetString(prefTheme, v)
		d.settings.SetTheme(newTheme(v))
	}

	s.reminder = newShortcutEntry(d.keys, false, false)
	s.reminder.SetPlaceHolder("HH:MM, empty for none")
	s.reminder.SetText(p.String(prefReminder))
	s.reminderMsg = widget.NewLabel("")
	s.reminder.OnChanged = s.onReminder

	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	s.reviewDay = widget.NewSelect(days, func(v string) {
		p.SetString(prefReview, v)
		if s.onReviewDay != nil {
			s.onReviewDay()
		}
	})
	s.reviewDay.SetSelected(p.StringWithFallback(prefReview, "Sunday"))

	s.workMsg = wrapped("")
	s.workMsg.Hide()
	workBoxes := container.NewHBox()
	for _, wd := range weekOrder {
		c := widget.NewCheck(wd.String()[:3], nil)
		c.OnChanged = func(on bool) { s.onWorkDay(c, on) }
		s.workDays = append(s.workDays, c)
		workBoxes.Add(c)
	}

	names := []string{noFocus}
	for _, t := range prompts.Builtin().Traits {
		if focusable(t.ID) {
			names = append(names, t.Name)
		}
	}
	s.sync = newSyncSection(syncSectionDeps{unlockedDeps: d.unlockedDeps, syncNow: d.syncNow, syncing: d.syncing})

	s.focus = widget.NewSelect(names, nil)
	s.focusMsg = wrapped("")
	s.refresh()
	s.focus.OnChanged = s.onFocus

	about := wrapped(fmt.Sprintf("Candor %s\n\nYour journal lives in %s.\n\n"+
		"Your passphrase unlocks a random key with Argon2id (64 MiB, 3 passes). That key encrypts the whole database (Badger's AES encryption) "+
		"and seals every entry again with XChaCha20-Poly1305. Nothing leaves this computer, but for the sealed files written into a sync folder you choose. "+
		"If you forget your passphrase, the journal cannot be recovered.", d.version, d.dir))

	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		widget.NewCard("Passphrase", "", container.NewVBox(s.oldPass, s.newPass, s.repeat, s.passMsg, container.NewHBox(s.change))),
		widget.NewCard("Privacy", "", container.NewVBox(
			container.NewHBox(widget.NewLabel("Lock after this many idle minutes:"), s.autoLock)),
		),
		widget.NewCard("Appearance", "", container.NewHBox(widget.NewLabel("Theme:"), s.theme)),
		widget.NewCard("Daily reminder", "",
			container.NewVBox(wrapped("A desktop notification at this time while Candor runs, if you have not written yet."), s.reminder, s.reminderMsg)),
		widget.NewCard("Weekly review", "",
			container.NewVBox(wrapped("On this day, Today offers a review of your week beside the daily prompt."),
				container.NewHBox(widget.NewLabel("Review day:"), s.reviewDay))),
		widget.NewCard("Daily prompt", "",
			container.NewVBox(wrapped("Prompts that need a working day, such as a meeting or your team that day, are not given on your days off."),
				container.NewHBox(widget.NewLabel("Work days:"), workBoxes), s.workMsg,
				wrapped("Pick a trait to practise: for the next "+strconv.Itoa(prompts.FocusDays)+" days it gets at least four days in every seven."),
				container.NewBorder(nil, nil, widget.NewLabel("Focus:"), nil, s.focus), s.focusMsg)),
		widget.NewCard("Backups", "",
			container.NewVBox(wrapped("Each day you unlock, Candor keeps an encrypted backup in "+journal.BackupsDir(d.dir)+" (the last 10 days)."),
				container.NewHBox(widget.NewButton("Back up now…", s.onBackup), widget.NewButton("Restore a backup…", s.onRestore)))),
		s.sync.content,
		widget.NewCard("Your words, your files", "",
			container.NewVBox(wrapped("Export the journal to Markdown, or bring in entries from Candor, jrnl or Day One."),
				container.NewHBox(widget.NewButton("Export to Markdown…", d.export), widget.NewButton("Import…", d.importFrom)))),
		widget.NewCard("About", "", about),
	)))
	return s
}

// refresh shows the stored work days and focus, without storing them
// again; a focus whose days are over shows as none.
func (s *settingsScreen) refresh() {
	days := workDays(s.d.prefs)
	for i, wd := range weekOrder {
		c := s.workDays[i]
		on := c.OnChanged
		c.OnChanged = nil
		c.SetChecked(slices.Contains(days, wd))
		c.OnChanged = on
	}
	s.workMsg.Hide()
	on := s.focus.OnChanged
	s.focus.OnChanged = nil
	if f, ok := activeFocus(s.d.prefs, s.d.today()); ok {
		t, _ := prompts.Builtin().Trait(f.Trait)
		s.focus.SetSelected(t.Name)
		s.focusMsg.SetText("Focus on " + t.Name + " until " + f.Until.Time(time.UTC).Format("Monday 2 January") + ".")
	} else {
		s.focus.SetSelected(noFocus)
		s.focusMsg.SetText("No focus.")
	}
	s.focus.OnChanged = on
}

// checkedWorkDays returns the work days whose boxes are checked.
func (s *settingsScreen) checkedWorkDays() []time.Weekday {
	var days []time.Weekday
	for i, c := range s.workDays {
		if c.Checked {
			days = append(days, weekOrder[i])
		}
	}
	return days
}

// onWorkDay stores the work days after box c changed to on. Clearing the
// last box is refused: the box is checked again, with a message.
func (s *settingsScreen) onWorkDay(c *widget.Check, on bool) {
	days := s.checkedWorkDays()
	if len(days) == 0 {
		f := c.OnChanged
		c.OnChanged = nil
		c.SetChecked(true)
		c.OnChanged = f
		s.workMsg.SetText(weekOrder[slices.Index(s.workDays, c)].String() + " stays checked: keep at least one work day.")
		s.workMsg.Show()
		return
	}
	s.workMsg.Hide()
	setWorkDays(s.d.prefs, days)
	s.coachChanged()
}

// onFocus stores the focus picked by its trait's name, from today, or
// forgets it for noFocus.
func (s *settingsScreen) onFocus(name string) {
	if name == noFocus {
		clearFocus(s.d.prefs)
	} else {
		for _, t := range prompts.Builtin().Traits {
			if t.Name == name && focusable(t.ID) {
				setFocus(s.d.prefs, t.ID, s.d.today())
			}
		}
	}
	s.refresh()
	s.coachChanged()
}

// coachChanged tells Today that the options of its prompt changed.
func (s *settingsScreen) coachChanged() {
	if s.d.coachChanged != nil {
		s.d.coachChanged()
	}
}

// onBackup writes an encrypted backup where the user chooses.
func (s *settingsScreen) onBackup() {
	save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		os.Remove(path) // Backup writes it atomically itself
		s.backupTo(path)
	}, s.d.win)
	save.SetFileName("candor-" + s.d.today().String() + ".backup")
	s.d.dlg.show(save)
}

// onRestore locks the journal and shows the restore screen, after asking.
func (s *settingsScreen) onRestore() {
	if s.d.writing() {
		// Its draft would stay with the journal being replaced.
		s.d.dlg.show(dialog.NewInformation("Restore a backup", "Save or clear what you are writing on Today first: a draft would stay with the journal being replaced.", s.d.win))
		return
	}
	s.d.dlg.confirm("Restore a backup?", "Candor locks your journal and lets you pick a backup to put in its place. Your current journal is kept beside it, renamed, so nothing is deleted.", func() {
		s.d.restore()
	})
}

func (s *settingsScreen) backupTo(path string) {
	j := s.d.journal()
	var err error
	s.d.bg.run(func() { err = j.Backup(path) }, func() {
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.d.dlg.show(dialog.NewInformation("Backup written", "The encrypted backup is in "+path+". It opens with your current passphrase.", s.d.win))
	})
}

func autoLockLabel(n int) string {
	if n <= 0 {
		return "Never"
	}
	return strconv.Itoa(n)
}

func (s *settingsScreen) setPassMsg(text string, ok bool) {
	s.passMsg.Text = text
	if ok {
		s.passMsg.Color = areaColour("problem-solving")
	} else {
		s.passMsg.Color = errorText().Color
	}
	s.passMsg.Refresh()
}

func (s *settingsScreen) onChange() {
	old, n, r := s.oldPass.Text, s.newPass.Text, s.repeat.Text
	switch {
	case old == "":
		s.setPassMsg("Type your current passphrase.", false)
		return
	case n == "":
		s.setPassMsg("Type a new passphrase.", false)
		return
	case n != r:
		s.setPassMsg("The two new passphrases differ.", false)
		s.repeat.SetText("")
		return
	}
	if s.change.Disabled() {
		return // a change is already running
	}
	confirmWeak(s.d.dlg, n, func() { s.changeTo(old, n) })
}

// changeTo changes the passphrase from old to n.
func (s *settingsScreen) changeTo(old, n string) {
	if s.change.Disabled() {
		return
	}
	j := s.d.journal()
	var err, copyErr error
	s.change.Disable()
	s.setPassMsg("Changing…", true)
	s.d.bg.run(func() {
		if err = j.ChangePassphrase([]byte(old), []byte(n)); err == nil {
			// A computer that joins later must find the new passphrase
			// in this computer's key copy in the sync folder.
			copyErr = jsync.UpdateKeyCopy(j)
		}
	}, func() {
		s.change.Enable()
		s.oldPass.SetText("")
		s.newPass.SetText("")
		s.repeat.SetText("")
		if err != nil {
			s.setPassMsg(friendly(err), false)
			return
		}
		if copyErr != nil {
			s.setPassMsg("Passphrase changed here, not in the sync folder: change it again later.", false)
			return
		}
		s.setPassMsg("Passphrase changed. Use the new one from now on.", true)
	})
}

func (s *settingsScreen) onReminder(v string) {
	if _, _, err := parseReminder(v); err != nil {
		s.reminderMsg.SetText(err.Error())
		return
	}
	s.d.prefs.SetString(prefReminder, v)
	if v == "" {
		s.reminderMsg.SetText("No reminder.")
	} else {
		s.reminderMsg.SetText("Reminder set for " + v + ".")
	}
}

func (s *settingsScreen) wipe() {
	s.oldPass.SetText("")
	s.newPass.SetText("")
	s.repeat.SetText("")
	s.setPassMsg("", true)
	s.sync.wipe()
}
