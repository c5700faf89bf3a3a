package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	"candor/journal/coach"
	"candor/journal/stats"
	"candor/prompts"
)

// autosaveAfter is how long after the first change since the last save the
// draft is saved into the store. Nothing is woken while nothing changes.
const autosaveAfter = 3 * time.Second

// prefPromptFolded remembers whether the prompt card is folded (UI state
// only).
const prefPromptFolded = "prompt_folded"

// todayScreen is where the user writes a new entry: the day (today unless
// the user picks another), the prompt of that day in a card that folds away,
// and the writing form, whose editor takes all the room left. Existing
// entries are changed on the edit screen, not here.
type todayScreen struct {
	d       todayDeps
	content fyne.CanvasObject

	dateCtl *dateControl
	streak  *widget.Label
	// open counts the commitments and decisions not yet answered; it
	// lists them when pressed.
	open *widget.Button

	areaBar   *canvas.Rectangle
	areaLabel *widget.Label
	prompt    *widget.Label
	reason    *widget.Label
	another   *widget.Button
	review    *widget.Button
	fold      *widget.Button
	folded    bool
	// autoFolded is set when the card folded itself to make room for the
	// next step and decision on a short window.
	autoFolded bool

	form *entryForm
	// title, body, tags and the rest are the form's, named here for the
	// weekly review and tests.
	title   *shortcutEntry
	body    *textEditor
	preview *widget.RichText
	area    *widget.Select
	ratingQ *widget.Label
	rating  *ratingPicker
	role    *widget.RadioGroup
	tags    *shortcutEntry
	save    *widget.Button
	status  *widget.Label

	// editing is the entry this text was already saved as, when the user
	// kept writing while it saved; nil for a new entry.
	editing *journal.Entry
	choice  prompts.Choice
	skip    int
	// card is the follow-up or decision review shown instead of the daily
	// prompt, or nil; outcome is its answer, and daily is set once the
	// user asked for the daily prompt instead.
	card    *coach.Card
	outcome *widget.RadioGroup
	daily   bool
	// then keeps, changes or drops the next step followed up; weekLinks
	// open the entries of the week a weekly review looks back on, and
	// fillWeek puts the week's figures in the body.
	then      *widget.RadioGroup
	thenRow   *fyne.Container
	weekLinks *fyne.Container
	fillWeek  *widget.Button
	// reviewing is set while the form holds the weekly review: it is saved
	// as a weekly review, with no daily prompt attached.
	reviewing bool
	date      journal.Date
	// dirty is set when the user changed something not yet in the draft.
	dirty bool
	// loading is kept for the weekly review, which fills the form.
	loading bool
	saving  bool
	// pending is the save in flight (Ctrl+S), nil when none: a lock waits
	// for it before it stores the draft.
	pending *pendingSave
	// started is set from start to halt: while the journal is open, a
	// change arms the autosave.
	started bool
	// autosave is the armed autosave timer, nil when none is armed.
	autosave *time.Timer
	// promptGen counts prompt requests; only the latest one is shown.
	promptGen int
}

const (
	roleLeading  = "Leading"
	roleManaging = "Managing"
)

func newTodayScreen(d todayDeps) *todayScreen {
	s := &todayScreen{d: d}
	s.dateCtl = newDateControl(d.keys, d.today)
	s.dateCtl.OnChanged = s.dateChanged
	s.streak = widget.NewLabel("")
	s.streak.Alignment = fyne.TextAlignTrailing
	s.streak.Truncation = fyne.TextTruncateEllipsis

	s.areaBar = canvas.NewRectangle(areaColour(""))
	s.areaBar.SetMinSize(fyne.NewSize(5, 10))
	s.areaLabel = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.areaLabel.Truncation = fyne.TextTruncateEllipsis
	s.prompt = wrapped("")
	s.prompt.SizeName = theme.SizeNameSubHeadingText
	s.reason = wrapped("")
	s.reason.TextStyle = fyne.TextStyle{Italic: true}
	s.another = widget.NewButtonWithIcon("Another prompt", theme.ViewRefreshIcon(), s.onAnother)
	s.another.Importance = widget.LowImportance
	s.review = widget.NewButtonWithIcon("Weekly review", theme.HistoryIcon(), s.onReview)
	s.review.Importance = widget.LowImportance
	s.review.Hide()
	s.fold = widget.NewButtonWithIcon("", theme.MenuDropUpIcon(), s.toggleFold)
	s.fold.Importance = widget.LowImportance
	s.outcome = widget.NewRadioGroup(nil, func(string) { s.changed() })
	s.outcome.Horizontal = true
	s.outcome.Hide()
	s.then = widget.NewRadioGroup([]string{thenKeep, thenChange, thenDrop}, s.onThen)
	s.then.Horizontal = true
	s.thenRow = container.NewHBox(widget.NewSeparator(), widget.NewLabel("The step:"), s.then)
	s.thenRow.Hide()
	s.weekLinks = container.NewHBox()
	s.weekLinks.Hide()
	s.fillWeek = widget.NewButtonWithIcon("Fill in the week", theme.ContentPasteIcon(), s.onFillWeek)
	s.fillWeek.Importance = widget.LowImportance
	s.fillWeek.Hide()
	s.open = widget.NewButtonWithIcon("", theme.ListIcon(), s.onOpenCommitments)
	s.open.Importance = widget.LowImportance
	s.open.Hide()
	card := container.NewStack(newPanel(), hrow(1, s.areaBar,
		container.NewVBox(
			hrow(0, s.areaLabel, s.fillWeek, s.review, s.another, s.fold),
			s.prompt, s.reason, container.NewHBox(s.outcome, s.thenRow), s.weekLinks)))

	s.form = newEntryForm(d.keys, func() (journal.Date, journal.Date) { return s.date, s.d.today() }, s.changed)
	f := s.form
	s.title, s.body, s.preview = f.title, f.body, f.preview
	s.area, s.ratingQ, s.rating, s.role, s.tags = f.area, f.ratingQ, f.rating, f.role, f.tags
	s.save = widget.NewButtonWithIcon("Save (Ctrl+S)", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.status = widget.NewLabel("")

	s.content = readingColumn(readingWidth, column(3,
		hrow(1, s.dateCtl.content, s.streak, s.open),
		card,
		s.title,
		f.editArea,
		f.meta(),
		saveRow(s.status, f.words, s.save, f.previewBtn)))
	f.commit.relayout = s.commitShown
	if d.prefs != nil && d.prefs.Bool(prefPromptFolded) {
		s.setFolded(true)
	}
	return s
}

// shortWindow is the window height under which the open next step and
// decision fields fold the prompt card, to leave the editor its rows.
const shortWindow = 700

// commitShown follows the next step and decision fields as they open or
// fold: on a short window the prompt card folds while they are open, and
// unfolds after if it folded itself.
func (s *todayScreen) commitShown() {
	open := s.form.commit.box.Visible()
	switch {
	case open && !s.folded && s.d.win.Canvas().Size().Height < shortWindow:
		s.setFolded(true)
		s.autoFolded = true
	case !open && s.autoFolded:
		s.setFolded(false)
		s.autoFolded = false
	}
	s.refreshCard()
}

// toggleFold folds the prompt card to one line, or unfolds it.
func (s *todayScreen) toggleFold() {
	s.autoFolded = false
	s.setFolded(!s.folded)
	if s.d.prefs != nil {
		s.d.prefs.SetBool(prefPromptFolded, s.folded)
	}
}

func (s *todayScreen) setFolded(on bool) {
	s.folded = on
	if on {
		s.prompt.Wrapping = fyne.TextWrapOff
		s.prompt.Truncation = fyne.TextTruncateEllipsis
		s.prompt.SizeName = theme.SizeNameText
		s.reason.Hide()
		s.fold.SetIcon(theme.MenuDropDownIcon())
	} else {
		s.prompt.Wrapping = fyne.TextWrapWord
		s.prompt.Truncation = fyne.TextTruncateOff
		s.prompt.SizeName = theme.SizeNameSubHeadingText
		s.reason.Show()
		s.fold.SetIcon(theme.MenuDropUpIcon())
	}
	s.prompt.Refresh()
}

// start loads today's prompt, the streak and any saved draft, then starts
// arming the autosave. A saved draft of an edit goes back to the edit
// screen through resumeEdit.
func (s *todayScreen) start() {
	s.date = s.d.today()
	s.dateCtl.set(s.date)
	s.form.areaChanged() // the rating question and default days of today
	s.loadCard(true)     // the prompt, and the open commitments
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
		if !found {
			return
		}
		if !draft.ID.IsZero() && s.d.resumeEdit != nil {
			s.d.resumeEdit(draft)
			return
		}
		if !s.dirty { // never over text typed meanwhile
			s.fillDraft(draft)
			s.status.SetText("Your unsaved draft is back.")
		}
	})
	s.started = true
}

// markDirty records a change not yet in the draft and arms the autosave,
// unless it is armed already: the draft is saved autosaveAfter the first
// change since the last save.
func (s *todayScreen) markDirty() {
	s.dirty = true
	if !s.started || s.autosave != nil {
		return
	}
	var t *time.Timer
	t = s.d.bg.timer(autosaveAfter, func() {
		if s.autosave != t {
			return // halted, or armed again since
		}
		s.autosave = nil
		s.saveDraft(false)
	})
	s.autosave = t
}

// fillDraft shows a draft of a new entry, on its own day.
func (s *todayScreen) fillDraft(e journal.Entry) {
	if e.Date.Valid() && e.Date != s.date && !e.Date.After(s.d.today()) {
		s.date = e.Date
		s.dateCtl.set(e.Date)
		s.loadPrompt()
	}
	s.form.fill(e)
	s.form.areaChanged()
	s.reviewing = e.Kind == journal.KindWeeklyReview
	s.body.caretToEnd() // go on writing where the draft ends
}

// halt disarms the autosave; wipe calls it when the journal locks.
func (s *todayScreen) halt() {
	s.started = false
	if s.autosave != nil {
		s.autosave.Stop()
		s.autosave = nil
	}
}

// dateChanged follows the date control: the entry is now about d, with
// d's prompt.
func (s *todayScreen) dateChanged(d journal.Date) {
	s.date = d
	s.skip = 0
	s.daily = false
	s.form.areaChanged()
	s.loadPrompt()
	s.updateReview()
	s.changed()
}

// stepDay moves the date a day back or forward (Alt+Left, Alt+Right).
func (s *todayScreen) stepDay(n int) { s.dateCtl.step(n) }

// loadPrompt shows the prompt for the chosen day. Until the user picks an
// area, the area and the rating question follow the prompt.
func (s *todayScreen) loadPrompt() { s.loadCard(false) }

// loadCard is loadPrompt; withOpen also counts the open commitments
// (refreshOpen) from the same read of the summaries, as start does.
func (s *todayScreen) loadCard(withOpen bool) {
	j := s.d.journal()
	d, skip := s.date, s.skip
	s.promptGen++
	gen := s.promptGen
	var c prompts.Choice
	var card coach.Card
	var name string
	var err error
	askCoach := skip == 0 && !s.daily
	opts := s.coachOptions()
	var open []coach.FollowUp
	var openErr error
	s.d.bg.run(func() {
		var sums []journal.Summary
		if askCoach || withOpen {
			sums, err = j.AllSummaries()
			openErr = err
			if err == nil && withOpen {
				open = coach.Due(sums, journal.Date{})
			}
		}
		switch {
		case err != nil: // said when done
		case askCoach:
			if card, err = coach.TodayFrom(j, sums, d, opts); err == nil {
				c = card.Daily
			}
		default:
			c, err = coach.DailyPrompt(j, d, skip, opts.Prompts)
		}
		// Traits live in the built-in library only: no second read.
		if t, ok := prompts.Builtin().Trait(c.Prompt.Trait); err == nil && ok {
			name = t.Name
		}
	}, func() {
		if withOpen {
			s.showOpen(open, openErr)
		}
		if gen != s.promptGen {
			return // another day or prompt was asked for since
		}
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		switch card.Kind {
		case coach.CardFollowUp, coach.CardDecisionReview, coach.CardWeeklyReview:
			s.showCard(card)
			return
		}
		s.hideCard()
		s.choice = c
		a := journal.Area(c.Prompt.Area)
		s.areaBar.FillColor = areaColour(a)
		s.areaBar.Refresh()
		label := areaTitle(a)
		if name != "" {
			label += " · " + name
		}
		s.areaLabel.SetText(label)
		s.prompt.SetText(c.Prompt.Text)
		s.reason.SetText(c.Reason)
		if !s.form.areaPicked {
			s.form.setArea(a)
		}
		s.refreshCard() // the card's height follows the prompt's lines now
	})
}

// streak returns the journal's streak as of today.
func streak(j *journal.Journal, today journal.Date) (stats.Streak, error) {
	days, err := j.DaysWritten()
	if err != nil {
		return stats.Streak{}, err
	}
	return stats.StreakOf(days, today), nil
}

func (s *todayScreen) refreshStreak() {
	j, today := s.d.journal(), s.d.today()
	var st stats.Streak
	var err error
	s.d.bg.run(func() { st, err = streak(j, today) }, func() {
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

func (s *todayScreen) changed() {
	if s.loading {
		return
	}
	s.markDirty()
	s.d.touch()
}

// onAnother shows the next-best prompt; the area and the rating question
// follow it. Over a follow-up or a weekly review it shows the daily prompt:
// the follow-up stays one click away (the open commitments, the Weekly
// review button) until the day changes.
func (s *todayScreen) onAnother() {
	if s.card != nil {
		s.daily = true
		s.reviewing = false
	} else {
		s.skip++
	}
	s.loadPrompt()
	s.updateReview()
}

// The choices for a next step followed up.
const (
	thenKeep   = "Keep it"
	thenChange = "Change it"
	thenDrop   = "Drop it"
)

// showCard shows a follow-up, a decision review or a weekly review in the
// prompt card, with its answers.
func (s *todayScreen) showCard(c coach.Card) {
	s.card = &c
	s.choice = prompts.Choice{}
	var answers []string
	label := ""
	switch c.Kind {
	case coach.CardFollowUp:
		answers, label = []string{"Done", "Partly", "Not done"}, "Follow-up · a next step you set"
	case coach.CardDecisionReview:
		answers, label = []string{"Right", "Wrong", "Mixed"}, "Decision review · a call you made"
	case coach.CardWeeklyReview:
		label = "Weekly review · " + weekSpan(c.WeekFrom, c.WeekTo)
		if c.Quote != "" {
			answers = []string{"Done", "Partly", "Not done"}
		}
	}
	s.outcome.Options = answers
	s.outcome.Selected = ""
	s.outcome.Refresh()
	s.outcome.Hidden = len(answers) == 0
	s.then.Selected = ""
	s.then.Refresh()
	s.thenRow.Hidden = c.Quote == "" || c.Kind == coach.CardDecisionReview
	s.showWeekLinks(c)
	s.fillWeek.Hidden = c.Kind != coach.CardWeeklyReview
	s.review.Hide()
	s.areaBar.FillColor = areaColour("")
	s.areaBar.Refresh()
	s.areaLabel.SetText(label)
	s.prompt.SetText(c.Question)
	s.reason.SetText(c.Reason)
	s.refreshCard()
}

// showWeekLinks lists the entries of the week a weekly review looks back
// on, each a button that opens it in the Journal; past eight, one more
// button opens the whole week.
func (s *todayScreen) showWeekLinks(c coach.Card) {
	s.weekLinks.RemoveAll()
	if c.Kind != coach.CardWeeklyReview {
		s.weekLinks.Hide()
		return
	}
	if len(c.WeekEntries) == 0 {
		s.weekLinks.Add(widget.NewLabel("You wrote no entry that week."))
	} else {
		s.weekLinks.Add(widget.NewLabel(fmt.Sprintf("The week's %s:", plural(len(c.WeekEntries), "entry", "entries"))))
	}
	const most = 8
	for i, id := range c.WeekEntries {
		if i == most {
			more := widget.NewButton(fmt.Sprintf("+%d more", len(c.WeekEntries)-most), func() {
				s.d.openRange(c.WeekFrom, c.WeekTo, "week "+weekSpan(c.WeekFrom, c.WeekTo))
			})
			more.Importance = widget.LowImportance
			s.weekLinks.Add(more)
			break
		}
		id := id
		b := widget.NewButton(c.WeekDays[i].Time(time.UTC).Format("Mon 2"), func() { s.d.openEntry(id) })
		b.Importance = widget.LowImportance
		s.weekLinks.Add(b)
	}
	s.weekLinks.Show()
}

// weekSpan names a week: "23–29 November", "30 November – 6 December".
func weekSpan(from, to journal.Date) string {
	f, t := from.Time(time.UTC), to.Time(time.UTC)
	if f.Month() == t.Month() {
		return fmt.Sprintf("%d–%s", f.Day(), t.Format("2 January"))
	}
	return f.Format("2 January") + " – " + t.Format("2 January")
}

// refreshCard lays the card out again after rows were shown or hidden.
func (s *todayScreen) refreshCard() {
	if s.content != nil {
		s.content.Refresh()
	}
}

// hideCard goes back to the daily prompt in the card.
func (s *todayScreen) hideCard() {
	s.card = nil
	s.outcome.Hide()
	s.thenRow.Hide()
	s.weekLinks.Hide()
	s.weekLinks.RemoveAll()
	s.fillWeek.Hide()
	s.refreshCard()
}

// onThen keeps the step followed up as the new next step, puts it in the
// next-step field to be changed, or drops it.
func (s *todayScreen) onThen(choice string) {
	if s.card == nil {
		return
	}
	c := s.form.commit
	switch choice {
	case thenKeep, thenChange:
		if strings.TrimSpace(c.nextStep.Text) == "" || choice == thenKeep {
			c.nextStep.SetText(s.card.Quote)
			c.checkOn.SetText("")
		}
		c.expand(true)
		if choice == thenChange {
			s.d.win.Canvas().Focus(c.nextStep)
		}
	case thenDrop:
		if strings.TrimSpace(c.nextStep.Text) == s.card.Quote {
			c.nextStep.SetText("")
			c.checkOn.SetText("")
		}
		c.expand(false)
	}
	s.changed()
}

// outcomeOf turns the chosen answer of a card into an outcome.
func outcomeOf(answer string) journal.Outcome {
	switch answer {
	case "Done":
		return journal.OutcomeDone
	case "Partly":
		return journal.OutcomePartly
	case "Not done":
		return journal.OutcomeNot
	case "Right":
		return journal.OutcomeRight
	case "Wrong":
		return journal.OutcomeWrong
	case "Mixed":
		return journal.OutcomeMixed
	}
	return journal.OutcomeNone
}

// entry collects the form into an entry of the chosen day.
func (s *todayScreen) entry() journal.Entry {
	e := journal.Entry{}
	if s.editing != nil {
		e = s.editing.Clone()
	} else if s.card != nil {
		e.Prompt = s.card.Question
		o := outcomeOf(s.outcome.Selected)
		if s.card.Kind == coach.CardWeeklyReview {
			e.Kind = journal.KindWeeklyReview
			if o != journal.OutcomeNone {
				e.Follows, e.Outcome = s.card.Follows, o
			}
		} else {
			e.Follows, e.Outcome = s.card.Follows, o
		}
	} else if s.reviewing {
		e.Kind = journal.KindWeeklyReview
	} else if s.choice.Prompt.ID != "" {
		e.PromptID, e.Prompt = s.choice.Prompt.ID, s.choice.Prompt.Text
	}
	e.Date = s.date
	e = s.form.collect(e)
	if e.Kind == journal.KindWeeklyReview && e.NextStep == "" {
		// The answer to the review's last question is next week's
		// commitment.
		e.NextStep = reviewNextStep(e.Body)
	}
	return e
}

// empty reports whether nothing has been written.
func (s *todayScreen) empty() bool { return s.form.empty() && s.editing == nil }

// pendingSave is a save in flight: what it saves, and, once done is
// closed, what the journal made of it.
type pendingSave struct {
	entry journal.Entry // normalized
	saved journal.Entry
	err   error
	done  chan struct{}
}

// saveDraft stores the editor's content as the draft when it changed. With
// wait set it blocks until stored (lock and quit). A save in flight ends
// first, or it would remove the draft just stored (or keep as a draft the
// text it just saved): the text it saved needs no draft, newer text is
// stored as an edit of the entry it saved.
func (s *todayScreen) saveDraft(wait bool) error {
	if wait && s.pending != nil {
		p := s.pending
		select {
		case <-p.done:
			if p.err == nil {
				now := s.entry()
				now.Normalize()
				if sameText(now, p.entry) {
					s.dirty = false
					return nil
				}
				c := p.saved.Clone()
				s.editing = &c
			}
		case <-time.After(time.Minute): // the disk hangs: keep the text
		}
	}
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
			s.markDirty()
		}
		return err
	}
	var err error
	s.d.bg.run(func() { err = j.SaveDraft(e) }, func() {
		if err != nil {
			s.markDirty()
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
	if !s.dateCtl.takeTyped() {
		return // a typed date that is not a day: it says why
	}
	e := s.entry()
	if !readyToSave(&e, s.form, s.status, "Write something first.", s.d.dlg) {
		return
	}
	j := s.d.journal()
	editing := s.editing != nil
	var saved journal.Entry
	var err error
	s.save.Disable()
	s.saving = true
	p := &pendingSave{entry: e, done: make(chan struct{})}
	p.entry.Normalize()
	s.pending = p
	s.d.bg.run(func() {
		defer close(p.done)
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
		p.saved, p.err = saved, err
	}, func() {
		s.save.Enable()
		s.saving = false
		s.pending = nil
		if err != nil {
			// The text stays in the editor, and in the draft.
			s.markDirty()
			s.saveDraft(false)
			s.d.dlg.showError(err)
			return
		}
		now := s.entry()
		now.Normalize()
		if !sameText(now, e) {
			// The user kept writing while it saved: keep the newer text,
			// now as an edit of the saved entry, not yet saved (a lock
			// saves it as the draft).
			c := saved.Clone()
			s.editing = &c
			s.markDirty()
			s.status.SetText("Saved; your newer changes are not saved yet.")
			s.refreshStreak()
			s.d.saved(saved)
			return
		}
		s.dirty = false
		s.clear()
		msg := "Saved " + time.Now().Format("15:04") + ": " + saved.Date.Time(time.UTC).Format("Monday 2 January") + "."
		if saved.NextStep != "" {
			msg += " Candor will ask about your next step on " + saved.CheckOn.Time(time.UTC).Format("Monday 2 January") + "."
		}
		s.status.SetText(msg)
		s.refreshStreak()
		s.refreshOpen()
		s.d.saved(saved)
	})
}

// sameText reports whether two entries hold the same user-written fields.
func sameText(a, b journal.Entry) bool {
	return a.Title == b.Title && a.Body == b.Body && a.Area == b.Area && a.Rating == b.Rating &&
		a.Role == b.Role && a.Date == b.Date && strings.Join(a.Tags, "\x00") == strings.Join(b.Tags, "\x00") &&
		a.NextStep == b.NextStep && a.CheckOn == b.CheckOn && a.Decision == b.Decision && a.ReviewOn == b.ReviewOn &&
		confidenceOf(a) == confidenceOf(b) && a.Outcome == b.Outcome && a.Follows == b.Follows
}

// clear empties the editor for a new entry of today.
func (s *todayScreen) clear() {
	s.editing = nil
	s.reviewing = false
	s.form.clear()
	s.dirty = false
	s.status.SetText("")
	s.date = s.d.today()
	s.dateCtl.set(s.date)
	s.form.areaChanged()
	s.skip = 0
	s.daily = false
	s.choice = prompts.Choice{}
	s.loadPrompt()
	s.updateReview()
}

// newEntry starts a fresh entry with the cursor in the body, asking first
// when unsaved text would go.
func (s *todayScreen) newEntry() {
	if !s.dirtyOrEditing() {
		s.clear()
		s.focus()
		return
	}
	s.d.dlg.confirmDanger("Start a new entry?", "The text you are writing has not been saved as an entry. Discard it?", "Discard it", func() {
		s.clear()
		s.focus()
		j := s.d.journal()
		s.d.bg.run(func() { _ = j.DiscardDraft() }, func() {})
	})
}

// focus puts the cursor in the body.
func (s *todayScreen) focus() { s.d.win.Canvas().Focus(s.body) }

func (s *todayScreen) dirtyOrEditing() bool {
	return s.editing != nil || !s.form.empty()
}

// wipe forgets every piece of private text the screen holds (on lock).
func (s *todayScreen) wipe() {
	s.halt()
	s.reviewing = false
	s.form.wipe()
	s.prompt.SetText("")
	s.reason.SetText("")
	s.hideCard() // it quotes the user's words
	s.editing = nil
}

// texts returns the private text on the screen, to decide whether the
// clipboard holds something copied from Candor.
func (s *todayScreen) texts() []string { return s.form.texts() }
