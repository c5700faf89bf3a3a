package ui

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// editDeps is what the edit screen needs.
type editDeps struct {
	unlockedDeps
	// done is called when the user leaves the screen: with the entry as
	// saved, or nil after Cancel.
	done func(saved *journal.Entry)
}

// editScreen changes an entry already written: its own day (which may be
// changed), the prompt it answered, its rating question in the past tense,
// and Save and Cancel (Esc). It shows neither a streak nor another prompt:
// those belong to the day being lived, on Today.
type editScreen struct {
	d       editDeps
	content fyne.CanvasObject

	heading *widget.Label
	dateCtl *dateControl
	prompt  *widget.Label
	form    *entryForm
	save    *widget.Button
	cancel  *widget.Button
	status  *widget.Label

	// entry is the entry as it was opened.
	entry journal.Entry
	date  journal.Date
	dirty bool
	// resumed is set when the edit came back from the draft after a lock.
	resumed bool
	saving  bool
	// active is set while the screen is on show.
	active bool
}

func newEditScreen(d editDeps) *editScreen {
	s := &editScreen{d: d}
	s.heading = heading("Editing an entry")
	s.dateCtl = newDateControl(d.keys, d.today)
	s.dateCtl.OnChanged = func(day journal.Date) {
		s.date = day
		s.form.areaChanged()
		s.changed()
	}
	s.prompt = wrapped("")
	s.prompt.TextStyle = fyne.TextStyle{Italic: true}
	s.form = newEntryForm(d.keys, func() (journal.Date, journal.Date) { return s.date, s.d.today() }, s.changed)
	s.save = widget.NewButtonWithIcon("Save (Ctrl+S)", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.cancel = widget.NewButtonWithIcon("Cancel (Esc)", theme.CancelIcon(), s.onCancel)
	s.status = widget.NewLabel("")
	s.content = readingColumn(readingWidth, column(3,
		hrow(1, s.heading, s.dateCtl.content),
		s.prompt,
		s.form.title,
		s.form.editArea,
		s.form.meta(),
		saveRow(s.status, s.form.words, s.save, s.cancel, s.form.previewBtn)))
	s.form.commit.relayout = s.content.Refresh
	return s
}

// open shows e for editing. With resumed set, e is an unsaved edit brought
// back from the draft (after a lock).
func (s *editScreen) open(e journal.Entry, resumed bool) {
	s.entry = e.Clone()
	s.date = e.Date
	s.dateCtl.set(e.Date)
	if e.Prompt != "" {
		s.prompt.SetText("Prompt: " + e.Prompt)
		s.prompt.Show()
	} else {
		s.prompt.SetText("")
		s.prompt.Hide()
	}
	s.form.fill(e)
	s.form.areaChanged()
	s.dirty = resumed
	s.resumed = resumed
	s.saving = false
	s.save.Enable()
	s.status.SetText("")
	if resumed {
		s.status.SetText("Your unsaved changes to this entry are back.")
	}
	s.active = true
}

func (s *editScreen) changed() {
	if !s.active {
		return
	}
	s.dirty = true
	s.d.touch()
}

// collect is the entry with the user's changes.
func (s *editScreen) collect() journal.Entry {
	e := s.entry.Clone()
	e.Date = s.date // first: the next step's days count from it
	return s.form.collect(e)
}

func (s *editScreen) onSave() {
	if s.saving || !s.active {
		return
	}
	if !s.dateCtl.takeTyped() {
		return // a typed date that is not a day: it says why
	}
	e := s.collect()
	if !readyToSave(&e, s.form, s.status, "An entry needs a title or some text; to remove it, delete it in the Journal.", s.d.dlg) {
		return
	}
	j := s.d.journal()
	var saved journal.Entry
	var err error
	s.saving = true
	s.save.Disable()
	s.d.bg.run(func() {
		saved, err = j.Update(e)
		if errors.Is(err, journal.ErrNotFound) {
			saved, err = j.Add(e) // deleted meanwhile: keep the text as an entry
		}
		if err == nil {
			if d, found, derr := j.Draft(); derr == nil && found && d.ID == e.ID {
				_ = j.DiscardDraft()
			}
		}
	}, func() {
		s.saving = false
		s.save.Enable()
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.close(&saved)
	})
}

// onCancel leaves without saving, asking first when something changed.
func (s *editScreen) onCancel() {
	if !s.active {
		return
	}
	// An edit that came back from the draft after a lock differs from the
	// stored entry even when it looks unchanged here: always ask.
	if !s.resumed && (!s.dirty || sameText(s.collect(), s.entry)) {
		s.close(nil)
		return
	}
	s.d.dlg.confirmDanger("Discard your changes?", "The changes to the entry of "+s.entry.Date.Time(time.UTC).Format("2 January 2006")+" have not been saved.", "Discard them", func() {
		j, id := s.d.journal(), s.entry.ID
		if j != nil {
			s.d.bg.run(func() {
				if d, found, err := j.Draft(); err == nil && found && d.ID == id {
					_ = j.DiscardDraft()
				}
			}, func() {})
		}
		s.close(nil)
	})
}

func (s *editScreen) close(saved *journal.Entry) {
	s.active = false
	s.dirty = false
	s.form.wipe()
	s.d.done(saved)
}

// saveDraft keeps unsaved changes when the journal locks: as the draft when
// Today holds no text of its own (the edit comes back after unlocking),
// otherwise saved into the entry, so that neither text is lost.
func (s *editScreen) saveDraft(todayEmpty bool) error {
	if !s.active || !s.dirty || s.d.journal() == nil {
		return nil
	}
	e, j := s.collect(), s.d.journal()
	if todayEmpty {
		if err := j.SaveDraft(e); err != nil {
			return err
		}
		s.dirty = false
		return nil
	}
	e.Normalize()
	if e.Validate() != nil || (strings.TrimSpace(e.Body) == "" && strings.TrimSpace(e.Title) == "") {
		return nil // nothing that could be kept
	}
	if _, err := j.Update(e); err != nil && !errors.Is(err, journal.ErrNotFound) {
		return err
	}
	s.dirty = false
	return nil
}

// focus puts the cursor in the body.
func (s *editScreen) focus() { s.d.win.Canvas().Focus(s.form.body) }

// wipe forgets the entry (on lock).
func (s *editScreen) wipe() {
	s.active = false
	s.form.wipe()
	s.prompt.SetText("")
	s.entry = journal.Entry{}
}

// texts returns the private text on the screen.
func (s *editScreen) texts() []string {
	return append(s.form.texts(), s.entry.Title, s.entry.Body)
}
