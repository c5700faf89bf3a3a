package ui

import (
	"fmt"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// readingWidth caps the width of the writing column: lines longer than about
// 90 characters are tiring to read and to write.
const readingWidth = 860

// Area choices in the editor. "No area" keeps an entry without one.
const noAreaChoice = "No area"

// entryForm is the writing part shared by Today and the edit screen: a
// title, the Markdown body with its preview (the largest thing on screen,
// growing with the window), one compact block of metadata (area, stars,
// leading or managing, tags) and a word count. Tab and Shift+Tab go through
// the fields in reading order.
type entryForm struct {
	title   *shortcutEntry
	body    *textEditor
	preview *widget.RichText
	// editArea shows the body, or in its place the preview.
	editArea    *fyne.Container
	previewPane *container.Scroll
	previewBtn  *widget.Button
	area        *widget.Select
	ratingQ     *widget.Label
	rating      *ratingPicker
	role        *widget.RadioGroup
	tags        *shortcutEntry
	words       *widget.Label
	// commit holds the next step and the decision, folded away until used.
	commit *commitFields

	// when returns the day the entry is about and today, for the rating
	// question's tense.
	when func() (day, today journal.Date)
	// loading is set while fill or clear changes the widgets, so that
	// onChange only hears the user.
	loading bool
	// onChange is called after the user changed a field.
	onChange func()
	// words counted last, to touch the label only when it changes.
	counted int
	// areaPicked is set once the user chose an area themselves; until
	// then Today's area follows the prompt.
	areaPicked bool
}

func newEntryForm(k *keys, when func() (day, today journal.Date), onChange func()) *entryForm {
	f := &entryForm{when: when, onChange: onChange, counted: -1}
	f.title = newShortcutEntry(k, false, false)
	f.title.SetPlaceHolder("Title (optional)")
	f.title.OnChanged = func(string) { f.changed() }
	f.body = newTextEditor(k)
	f.body.SetPlaceHolder("Write your reflection here. Markdown works: **bold**, *italic*, - lists, # headings.\nTab moves to the next field; Ctrl+Tab types a tab.")
	f.body.SetMinRowsVisible(3)
	f.body.OnChanged = func(string) { f.countWords(); f.changed() }
	f.preview = widget.NewRichTextFromMarkdown("")
	f.preview.Wrapping = fyne.TextWrapWord
	f.previewPane = container.NewVScroll(f.preview)
	f.previewPane.Hide()
	f.editArea = container.NewStack(f.body, f.previewPane)
	f.previewBtn = widget.NewButtonWithIcon("Preview", theme.VisibilityIcon(), func() { f.showPreview(!f.previewPane.Visible()) })
	choices := []string{noAreaChoice}
	for _, a := range journal.Areas {
		choices = append(choices, areaTitle(a))
	}
	f.area = widget.NewSelect(choices, func(string) {
		if !f.loading {
			f.areaPicked = true
		}
		f.areaChanged()
		f.changed()
	})
	f.area.PlaceHolder = noAreaChoice
	f.ratingQ = widget.NewLabel("")
	f.ratingQ.Truncation = fyne.TextTruncateEllipsis
	f.rating = newRatingPicker()
	f.rating.OnChanged = func(int) { f.changed() }
	f.role = widget.NewRadioGroup([]string{roleLeading, roleManaging}, func(string) { f.changed() })
	f.role.Horizontal = true
	f.tags = newShortcutEntry(k, false, false)
	f.tags.SetPlaceHolder("Tags, separated by commas")
	f.tags.OnChanged = func(string) { f.changed() }
	f.words = widget.NewLabel("")
	f.commit = newCommitFields(k, func() journal.Date { d, _ := f.when(); return d }, f.changed)
	f.countWords()
	f.areaChanged()
	return f
}

// meta is the metadata block: the area and the stars on one line (the
// stars keep their place whatever the question says), the role, the tags
// and the fold of the next step and decision on the next, then those
// fields when unfolded.
func (f *entryForm) meta() fyne.CanvasObject {
	return container.NewVBox(
		hrow(1, container.New(fixedWidthLayout{width: 180}, f.area), f.ratingQ, f.rating),
		hrow(2, widget.NewLabel("I was"), f.role, f.tags, f.commit.toggle),
		f.commit.box,
	)
}

// showPreview shows the rendered Markdown in place of the body, or the body
// again.
func (f *entryForm) showPreview(on bool) {
	if on {
		f.preview.ParseMarkdown(f.body.Value())
		f.body.Hide()
		f.previewPane.Show()
		f.previewBtn.SetText("Write")
		f.previewBtn.SetIcon(theme.DocumentCreateIcon())
		return
	}
	f.previewPane.Hide()
	f.body.Show()
	f.previewBtn.SetText("Preview")
	f.previewBtn.SetIcon(theme.VisibilityIcon())
}

func (f *entryForm) changed() {
	if f.loading {
		return
	}
	if f.onChange != nil {
		f.onChange()
	}
}

// countWords shows the body's word count. Counting 3,000 words takes about
// a tenth of a millisecond: it follows every key without a timer.
func (f *entryForm) countWords() {
	n := countWords(f.body.Text)
	if n == f.counted {
		return
	}
	f.counted = n
	switch n {
	case 0:
		f.words.SetText("No words yet")
	case 1:
		f.words.SetText("1 word")
	default:
		f.words.SetText(fmt.Sprintf("%d words", n))
	}
}

// countWords counts runs of letters, digits and joined punctuation between
// spaces.
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
			continue
		}
		if !in && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			n++
			in = true
		}
	}
	return n
}

// selectedArea is the area chosen, AreaNone for none.
func (f *entryForm) selectedArea() journal.Area {
	for _, a := range journal.Areas {
		if areaTitle(a) == f.area.Selected {
			return a
		}
	}
	return journal.AreaNone
}

// setArea shows a without telling onChange.
func (f *entryForm) setArea(a journal.Area) {
	old := f.loading
	f.loading = true
	if a == journal.AreaNone {
		f.area.ClearSelected()
	} else {
		f.area.SetSelected(areaTitle(a))
	}
	f.loading = old
	f.areaChanged()
}

// areaChanged asks the rating question of the area, in the tense of the
// entry's day, and shows the next step's and decision's default days for
// that day.
func (f *entryForm) areaChanged() {
	day, today := f.when()
	f.commit.dayChanged()
	when := "today"
	if day != today {
		when = "that day"
	}
	a := f.selectedArea()
	if a == journal.AreaNone {
		f.ratingQ.SetText(fmt.Sprintf("How well did you lead %s?", when))
		return
	}
	f.ratingQ.SetText(fmt.Sprintf("How well did you lead in %s %s?", strings.ToLower(areaTitle(a)), when))
}

// collect puts the fields into e (a copy of the entry being written).
func (f *entryForm) collect(e journal.Entry) journal.Entry {
	e.Title = f.title.Text
	e.Body = f.body.Value()
	e.Area = f.selectedArea()
	e.Rating = f.rating.Value
	switch f.role.Selected {
	case roleLeading:
		e.Role = journal.RoleLeader
	case roleManaging:
		e.Role = journal.RoleManager
	default:
		e.Role = journal.RoleNone
	}
	e.Tags = nil
	for _, t := range strings.Split(f.tags.Text, ",") {
		if t = strings.TrimSpace(t); t != "" {
			e.Tags = append(e.Tags, t)
		}
	}
	return f.commit.collect(e)
}

// problem says what keeps the form from being saved as an entry of day d
// (a day or confidence that cannot be read), or returns "".
func (f *entryForm) problem(d journal.Date) string { return f.commit.problem(d) }

// fill shows e without telling onChange. An entry without an area shows
// none.
func (f *entryForm) fill(e journal.Entry) {
	f.loading = true
	defer func() { f.loading = false }()
	f.areaPicked = e.Area != journal.AreaNone
	f.title.SetText(e.Title)
	f.body.SetText(e.Body)
	f.preview.ParseMarkdown("")
	f.showPreview(false)
	f.setArea(e.Area)
	f.rating.SetValue(e.Rating)
	switch e.Role {
	case journal.RoleLeader:
		f.role.SetSelected(roleLeading)
	case journal.RoleManager:
		f.role.SetSelected(roleManaging)
	default:
		f.role.SetSelected("")
	}
	f.tags.SetText(strings.Join(e.Tags, ", "))
	f.commit.fill(e)
	f.countWords()
}

// clear empties every field.
func (f *entryForm) clear() { f.fill(journal.Entry{}) }

// empty reports whether neither a title nor a body has been written.
func (f *entryForm) empty() bool {
	return strings.TrimSpace(f.title.Text) == "" && strings.TrimSpace(f.body.Value()) == ""
}

// texts returns the private text in the form.
func (f *entryForm) texts() []string {
	return append([]string{f.title.Text, f.body.Value(), f.tags.Text}, f.commit.texts()...)
}

// wipe forgets the private text (on lock).
func (f *entryForm) wipe() {
	f.loading = true
	f.title.SetText("")
	f.body.SetText("")
	f.preview.ParseMarkdown("")
	f.tags.SetText("")
	f.commit.wipe()
	f.loading = false
}

// saveRow is the row under the form: the buttons, a status line and the
// word count.
func saveRow(status *widget.Label, words *widget.Label, buttons ...fyne.CanvasObject) fyne.CanvasObject {
	status.Truncation = fyne.TextTruncateEllipsis
	return hrow(1, container.NewHBox(buttons...), status, words)
}

// readyToSave normalises and checks e, collected from f, before a save. It
// reports false, and says why (empty in the status line, invalid in a
// dialog), when e cannot be saved.
func readyToSave(e *journal.Entry, f *entryForm, status *widget.Label, empty string, dlg *dialogs) bool {
	if strings.TrimSpace(e.Body) == "" && strings.TrimSpace(e.Title) == "" {
		status.SetText(empty)
		return false
	}
	if p := f.problem(e.Date); p != "" {
		f.commit.expand(true)
		dlg.info("The next step or decision cannot be saved yet", p)
		return false
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		dlg.showError(err)
		return false
	}
	return true
}
