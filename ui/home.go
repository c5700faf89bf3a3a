package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	"candor/prompts"
)

// HomeScreen is shown once the journal is unlocked: the prompt of the day
// with the reason it was chosen, how many entries the journal holds, and a
// Lock button. The writing and browsing screens build on it.
type HomeScreen struct {
	u       *App
	content fyne.CanvasObject
	count   *widget.Label
	area    *widget.Label
	prompt  *widget.Label
	reason  *widget.Label
	hint    *widget.Label
	another *widget.Button
	lock    *widget.Button
	skip    int
}

func newHomeScreen(u *App) *HomeScreen {
	h := &HomeScreen{u: u}
	h.count = heading("")
	h.area = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.prompt = wrapped("")
	h.prompt.SizeName = theme.SizeNameSubHeadingText
	h.reason = wrapped("")
	h.reason.TextStyle = fyne.TextStyle{Italic: true}
	h.hint = wrapped("")
	h.another = widget.NewButton("Another prompt", h.onAnother)
	h.lock = widget.NewButton("Lock (Ctrl+L)", u.Lock)
	card := widget.NewCard("", "Today's prompt", container.NewVBox(h.area, h.prompt, h.reason, h.another))
	h.content = centredColumn(560,
		h.count,
		card,
		h.hint,
		widget.NewLabelWithStyle("Journal folder: "+u.cfg.Dir, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
		h.lock,
	)
	return h
}

// refresh loads the count and the prompt off the UI thread.
func (h *HomeScreen) refresh() {
	j := h.u.journal
	skip := h.skip
	var n int
	var choice prompts.Choice
	var traitName string
	var err error
	h.count.SetText("Opening your journal…")
	h.u.background(func() {
		if n, err = j.Count(); err != nil {
			return
		}
		choice, err = j.DailyPrompt(journal.Today(), skip)
		if err == nil {
			if lib, lerr := j.Library(); lerr == nil {
				if t, ok := lib.Trait(choice.Prompt.Trait); ok {
					traitName = t.Name
				}
			}
		}
	}, func() {
		if err != nil {
			h.count.SetText(friendly(err))
			return
		}
		h.count.SetText(countText(n))
		h.area.SetText(strings.ToUpper(choice.Prompt.Area[:1]) + choice.Prompt.Area[1:] + " · " + traitName)
		h.prompt.SetText(choice.Prompt.Text)
		h.reason.SetText(choice.Reason)
		h.hint.SetText("Answer it from the command line: candor add --prompt " + choice.Prompt.ID)
	})
}

func (h *HomeScreen) onAnother() {
	h.skip++
	h.refresh()
}

func countText(n int) string {
	switch n {
	case 0:
		return "No entries yet."
	case 1:
		return "1 entry."
	}
	return fmt.Sprintf("%d entries.", n)
}

func sentenceOf(err error) string {
	s := strings.TrimSpace(err.Error())
	if s == "" {
		return "Something went wrong."
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
