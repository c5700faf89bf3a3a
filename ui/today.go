package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	"candor/prompts"
)

// autosaveEvery is how often a changed draft is saved into the store.
const autosaveEvery = 3 * time.Second

// todayScreen is where the user writes: the prompt of the day, a title, a
// Markdown editor with a preview, the rating, leading or managing, and tags.
// It also edits existing entries.
type todayScreen struct {
	d       todayDeps
	content fyne.CanvasObject

	heading *widget.Label
	streak  *widget.Label

	areaBar   *canvas.Rectangle
	areaLabel *widget.Label
	prompt    *widget.Label
	reason    *widget.Label
	another   *widget.Button
	review    *widget.Button

	title    *shortcutEntry
	body     *shortcutEntry
	preview  *widget.RichText
	editTabs *container.AppTabs
	area     *widget.Select
	ratingQ  *widget.Label
	rating   *ratingPicker
	role     *widget.RadioGroup
	tags     *shortcutEntry
	save     *widget.Button
	status   *widget.Label

	// editing is the entry being changed, or nil for a new one.
	editing *journal.Entry
	choice  prompts.Choice
	skip    int
	date    journal.Date
	// dirty is set when the user changed something not yet in the draft.
	dirty   bool
	loading bool
	saving  bool
	stop    chan struct{}
}

const (
	roleLeading  = "Leading"
	roleManaging = "Managing"
)

func newTodayScreen(d todayDeps) *todayScreen {
	s := &todayScreen{d: d}
	s.heading = heading("")
	s.streak = widget.NewLabel("")

	s.areaBar = canvas.NewRectangle(areaColour(""))
	s.areaBar.SetMinSize(fyne.NewSize(6, 10))
	s.areaLabel = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.prompt = wrapped("")
	s.prompt.SizeName = theme.SizeNameSubHeadingText
	s.reason = wrapped("")
	s.reason.TextStyle = fyne.TextStyle{Italic: true}
	s.another = widget.NewButtonWithIcon("Another prompt", theme.ViewRefreshIcon(), s.onAnother)
	s.review = widget.NewButtonWithIcon("Weekly review", theme.HistoryIcon(), s.onReview)
	s.review.Hide()
	card := container.NewBorder(nil, nil, s.areaBar, nil,
		container.NewVBox(s.areaLabel, s.prompt, s.reason, container.NewHBox(s.another, s.review)))

	s.title = newShortcutEntry(d.keys, false, false)
	s.title.SetPlaceHolder("Title (optional)")
	s.title.OnChanged = func(string) { s.changed() }
	s.body = newShortcutEntry(d.keys, true, false)
	s.body.SetPlaceHolder("Write your reflection here. Markdown works: **bold**, *italic*, - lists, # headings.")
	s.body.SetMinRowsVisible(6)
	s.body.OnChanged = func(string) { s.changed() }
	s.preview = widget.NewRichTextFromMarkdown("")
	s.preview.Wrapping = fyne.TextWrapWord
	s.editTabs = container.NewAppTabs(
		container.NewTabItem("Write", s.body),
		container.NewTabItem("Preview", container.NewVScroll(s.preview)),
	)
	s.editTabs.OnSelected = func(t *container.TabItem) {
		if t.Text == "Preview" {
			s.preview.ParseMarkdown(s.body.Text)
		}
	}

	areas := []string{areaTitle(journal.AreaVision), areaTitle(journal.AreaMotivation), areaTitle(journal.AreaProblemSolving)}
	s.area = widget.NewSelect(areas, func(string) { s.areaChanged(); s.changed() })
	s.ratingQ = widget.NewLabel("")
	s.rating = newRatingPicker()
	s.rating.OnChanged = func(int) { s.changed() }
	s.role = widget.NewRadioGroup([]string{roleLeading, roleManaging}, func(string) { s.changed() })
	s.role.Horizontal = true
	s.tags = newShortcutEntry(d.keys, false, false)
	s.tags.SetPlaceHolder("Tags, separated by commas")
	s.tags.OnChanged = func(string) { s.changed() }
	s.save = widget.NewButtonWithIcon("Save (Ctrl+S)", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.status = widget.NewLabel("")

	form := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel("Area"), nil, s.area),
		container.NewHBox(s.ratingQ, s.rating),
		container.NewHBox(widget.NewLabel("In this moment I was"), s.role),
		s.tags,
		container.NewHBox(s.save, s.status, layout.NewSpacer()),
	)
	top := container.NewVBox(
		container.NewHBox(s.heading, layout.NewSpacer(), s.streak),
		widget.NewCard("", "", card),
		s.title,
	)
	s.content = container.NewPadded(container.NewBorder(top, form, nil, nil, s.editTabs))
	return s
}

// start loads today's prompt, the streak and any saved draft, then starts
// the autosave ticker.
func (s *todayScreen) start() {
	s.date = s.d.today()
	s.heading.SetText(s.date.Time(time.Local).Format("Monday 2 January 2006"))
	s.loadPrompt()
	s.refreshStreak()
	s.updateReview()
	j := s.d.journal()
	var draft journal.Entry
	var found bool
	var err error
	s.d.bg.run(func() {
		draft, found, err = j.Draft()
	}, func() {
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		if found && !s.dirty { // never over text typed meanwhile
			s.fill(draft)
			s.status.SetText("Your unsaved draft is back.")
		}
	})
	s.stop = make(chan struct{})
	go s.d.bg.every(autosaveEvery, s.stop, func() { s.saveDraft(false) })
}

// halt stops the autosave ticker; wipe calls it when the journal locks.
func (s *todayScreen) halt() {
	if s.stop != nil {
		close(s.stop)
		s.stop = nil
	}
}

func (s *todayScreen) loadPrompt() {
	j := s.d.journal()
	d, skip := s.date, s.skip
	var c prompts.Choice
	var name string
	var err error
	s.d.bg.run(func() {
		c, err = j.DailyPrompt(d, skip)
		// Traits live in the built-in library only: no second read.
		if t, ok := prompts.Builtin().Trait(c.Prompt.Trait); err == nil && ok {
			name = t.Name
		}
	}, func() {
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.choice = c
		a := journal.Area(c.Prompt.Area)
		s.areaBar.FillColor = areaColour(a)
		s.areaBar.Refresh()
		s.areaLabel.SetText(areaTitle(a) + " · " + name)
		s.prompt.SetText(c.Prompt.Text)
		s.reason.SetText(c.Reason)
		if s.editing == nil && !s.dirty && s.area.Selected == "" {
			s.loading = true
			s.area.SetSelected(areaTitle(a))
			s.loading = false
		}
		s.areaChanged()
	})
}

func (s *todayScreen) refreshStreak() {
	j, today := s.d.journal(), s.date
	var st journal.Streak
	var err error
	s.d.bg.run(func() { st, err = j.Streak(today) }, func() {
		if err != nil {
			return
		}
		written := "Today is not written yet."
		if st.Today {
			written = "Today is written ✓"
		}
		switch st.Current {
		case 0:
			s.streak.SetText(written)
		case 1:
			s.streak.SetText("1-day streak · " + written)
		default:
			s.streak.SetText(fmt.Sprintf("%d-day streak · %s", st.Current, written))
		}
	})
}

func (s *todayScreen) selectedArea() journal.Area {
	for _, a := range journal.Areas {
		if areaTitle(a) == s.area.Selected {
			return a
		}
	}
	return journal.AreaNone
}

func (s *todayScreen) areaChanged() {
	a := s.selectedArea()
	if a == journal.AreaNone {
		s.ratingQ.SetText("How well did you lead today?")
		return
	}
	s.ratingQ.SetText(fmt.Sprintf("How well did you lead in %s today?", strings.ToLower(areaTitle(a))))
}

func (s *todayScreen) changed() {
	if s.loading {
		return
	}
	s.dirty = true
	s.d.touch()
}

func (s *todayScreen) onAnother() {
	s.skip++
	s.loadPrompt()
}

// entry collects the widgets into an entry.
func (s *todayScreen) entry() journal.Entry {
	e := journal.Entry{Date: s.date}
	if s.editing != nil {
		e = s.editing.Clone()
	} else if s.choice.Prompt.ID != "" {
		e.PromptID, e.Prompt = s.choice.Prompt.ID, s.choice.Prompt.Text
	}
	e.Title = s.title.Text
	e.Body = s.body.Text
	e.Area = s.selectedArea()
	e.Rating = s.rating.Value
	switch s.role.Selected {
	case roleLeading:
		e.Role = journal.RoleLeader
	case roleManaging:
		e.Role = journal.RoleManager
	default:
		e.Role = journal.RoleNone
	}
	e.Tags = nil
	for _, t := range strings.Split(s.tags.Text, ",") {
		if t = strings.TrimSpace(t); t != "" {
			e.Tags = append(e.Tags, t)
		}
	}
	return e
}

// fill shows e in the widgets without marking them changed.
func (s *todayScreen) fill(e journal.Entry) {
	s.loading = true
	defer func() { s.loading = false }()
	if !e.ID.IsZero() {
		c := e.Clone()
		s.editing = &c
		s.date = e.Date
		s.heading.SetText("Editing " + e.Date.Time(time.Local).Format("Monday 2 January 2006"))
	}
	s.title.SetText(e.Title)
	s.body.SetText(e.Body)
	if e.Area != journal.AreaNone {
		s.area.SetSelected(areaTitle(e.Area))
	}
	s.areaChanged()
	s.rating.SetValue(e.Rating)
	switch e.Role {
	case journal.RoleLeader:
		s.role.SetSelected(roleLeading)
	case journal.RoleManager:
		s.role.SetSelected(roleManaging)
	default:
		s.role.SetSelected("")
	}
	s.tags.SetText(strings.Join(e.Tags, ", "))
}

// empty reports whether nothing has been written.
func (s *todayScreen) empty() bool {
	return strings.TrimSpace(s.title.Text) == "" && strings.TrimSpace(s.body.Text) == "" && s.editing == nil
}

// saveDraft stores the editor's content as the draft when it changed. With
// wait set it blocks until stored (lock and quit).
func (s *todayScreen) saveDraft(wait bool) error {
	if !s.dirty || s.d.journal() == nil {
		return nil
	}
	if s.empty() {
		s.dirty = false
		return nil
	}
	e, j := s.entry(), s.d.journal()
	s.dirty = false
	if wait {
		err := j.SaveDraft(e)
		if err != nil {
			s.dirty = true
		}
		return err
	}
	var err error
	s.d.bg.run(func() { err = j.SaveDraft(e) }, func() {
		if err != nil {
			s.dirty = true
			s.status.SetText("The draft could not be saved: " + friendly(err))
			return
		}
		s.status.SetText("Draft saved " + time.Now().Format("15:04:05"))
	})
	return nil
}

func (s *todayScreen) onSave() {
	if s.saving {
		return // Ctrl+S pressed again while saving
	}
	e := s.entry()
	if strings.TrimSpace(e.Body) == "" && strings.TrimSpace(e.Title) == "" {
		s.status.SetText("Write something first.")
		return
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		s.d.dlg.showError(err)
		return
	}
	j := s.d.journal()
	editing := s.editing != nil
	var saved journal.Entry
	var err error
	s.save.Disable()
	s.saving = true
	s.d.bg.run(func() {
		if editing {
			saved, err = j.Update(e)
			if errors.Is(err, journal.ErrNotFound) {
				saved, err = j.Add(e) // deleted meanwhile: keep the text as an entry
			}
		} else {
			saved, err = j.Add(e)
		}
		if err == nil {
			_ = j.DiscardDraft()
		}
	}, func() {
		s.save.Enable()
		s.saving = false
		if err != nil {
			// The text stays in the editor, and in the draft.
			s.dirty = true
			s.saveDraft(false)
			s.d.dlg.showError(err)
			return
		}
		if now := s.entry(); !sameText(now, e) {
			// The user kept writing while it saved: keep the newer text,
			// now as an edit of the saved entry.
			c := saved.Clone()
			s.editing = &c
			s.status.SetText("Saved; your newer changes are not saved yet.")
			s.refreshStreak()
			s.d.saved(saved)
			return
		}
		s.dirty = false
		s.status.SetText("Saved " + time.Now().Format("15:04") + ".")
		s.clear()
		s.refreshStreak()
		s.d.saved(saved)
	})
}

// sameText reports whether two entries hold the same user-written fields.
func sameText(a, b journal.Entry) bool {
	return a.Title == b.Title && a.Body == b.Body && a.Area == b.Area && a.Rating == b.Rating &&
		a.Role == b.Role && strings.Join(a.Tags, "\x00") == strings.Join(b.Tags, "\x00")
}

// clear empties the editor for a new entry of today.
func (s *todayScreen) clear() {
	s.loading = true
	s.editing = nil
	s.title.SetText("")
	s.body.SetText("")
	s.preview.ParseMarkdown("")
	s.rating.SetValue(0)
	s.role.SetSelected("")
	s.tags.SetText("")
	s.area.ClearSelected()
	s.loading = false
	s.dirty = false
	s.date = s.d.today()
	s.heading.SetText(s.date.Time(time.Local).Format("Monday 2 January 2006"))
	s.skip = 0
	s.loadPrompt()
}

// newEntry starts a fresh entry, asking first when unsaved text would go.
func (s *todayScreen) newEntry() {
	if s.empty() || !s.dirtyOrEditing() {
		s.clear()
		s.d.win.Canvas().Focus(s.body)
		return
	}
	s.d.dlg.confirm("Start a new entry?", "The text you are writing has not been saved as an entry. Discard it?", func() {
		s.clear()
		j := s.d.journal()
		s.d.bg.run(func() { _ = j.DiscardDraft() }, func() {})
	})
}

func (s *todayScreen) dirtyOrEditing() bool {
	return s.editing != nil || strings.TrimSpace(s.body.Text) != "" || strings.TrimSpace(s.title.Text) != ""
}

// edit loads an existing entry into the editor.
func (s *todayScreen) edit(e journal.Entry) {
	s.fill(e)
	s.dirty = false
	s.status.SetText("")
}

// wipe forgets every piece of private text the screen holds (on lock).
func (s *todayScreen) wipe() {
	s.halt()
	s.loading = true
	s.title.SetText("")
	s.body.SetText("")
	s.preview.ParseMarkdown("")
	s.tags.SetText("")
	s.prompt.SetText("")
	s.reason.SetText("")
	s.editing = nil
	s.loading = false
}

// texts returns the private text on the screen, to decide whether the
// clipboard holds something copied from Candor.
func (s *todayScreen) texts() []string {
	return []string{s.title.Text, s.body.Text, s.tags.Text}
}
