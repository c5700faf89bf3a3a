package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// HomeScreen is shown once the journal is unlocked: how many entries it
// holds, and a Lock button. The writing and browsing screens build on it.
type HomeScreen struct {
	u       *App
	content fyne.CanvasObject
	count   *widget.Label
	lock    *widget.Button
}

func newHomeScreen(u *App) *HomeScreen {
	h := &HomeScreen{u: u}
	h.count = heading("")
	h.lock = widget.NewButton("Lock (Ctrl+L)", u.Lock)
	h.content = centredColumn(460,
		widget.NewLabel("Journal unlocked."),
		h.count,
		widget.NewLabelWithStyle("Journal folder: "+u.cfg.Dir, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
		wrapped("Add entries from the command line with 'candor add'."),
		h.lock,
	)
	return h
}

// refresh counts the entries off the UI thread.
func (h *HomeScreen) refresh() {
	j := h.u.journal
	h.count.SetText("Counting entries…")
	var n int
	var err error
	h.u.background(func() {
		n, err = j.Count()
	}, func() {
		if err != nil {
			h.count.SetText(friendly(err))
			return
		}
		h.count.SetText(countText(n))
	})
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
