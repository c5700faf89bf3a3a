package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	"candor/journal/coach"
)

// coachOptions are the coach's settings for this journal: the review day,
// the work days and the focus.
func (s *todayScreen) coachOptions() coach.Options { return coachOptions(s.d.prefs) }

// refreshOpen counts the next steps and decisions no entry has answered
// yet, due or not, on the open-commitments button (hidden when none).
func (s *todayScreen) refreshOpen() {
	j := s.d.journal()
	if j == nil {
		return
	}
	var open []coach.FollowUp
	var err error
	s.d.bg.run(func() {
		var sums []journal.Summary
		if sums, err = j.AllSummaries(); err == nil {
			open = coach.Due(sums, journal.Date{})
		}
	}, func() { s.showOpen(open, err) })
}

// showOpen shows how many commitments are open (open, read with err), and
// how many of them are due.
func (s *todayScreen) showOpen(open []coach.FollowUp, err error) {
	if err != nil || len(open) == 0 {
		s.open.Hide()
		s.refreshCard()
		return
	}
	due := 0
	for _, f := range open {
		if !f.Due.After(s.d.today()) {
			due++
		}
	}
	text := plural(len(open), "open commitment", "open commitments")
	if due > 0 {
		text += fmt.Sprintf(" (%d due)", due)
	}
	s.open.SetText(text)
	s.open.Show()
	s.refreshCard() // the row gives the button room
}

// onOpenCommitments lists the open next steps and decisions, oldest due
// first, each with a button that shows it on the card to answer now.
func (s *todayScreen) onOpenCommitments() {
	j := s.d.journal()
	var open []coach.FollowUp
	var err error
	s.d.bg.run(func() { open, err = coach.FollowUps(j, journal.Date{}) }, func() {
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		if len(open) == 0 {
			s.open.Hide()
			return
		}
		var d dialog.Dialog
		rows := container.NewVBox()
		today := s.d.today()
		for _, f := range open {
			f := f
			what := "Next step"
			if f.Kind == coach.Decision {
				what = "Decision"
			}
			when := "due " + f.Due.Time(time.UTC).Format("Mon 2 Jan")
			if f.Due.After(today) {
				when = "comes up " + f.Due.Time(time.UTC).Format("Mon 2 Jan")
			}
			head := widget.NewLabelWithStyle(fmt.Sprintf("%s of %s, %s", what, f.Date.Time(time.UTC).Format("2 January"), when),
				fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			text := wrapped("“" + f.Text + "”")
			answer := widget.NewButton("Answer now", func() {
				d.Hide()
				s.answerNow(f)
			})
			rows.Add(container.NewVBox(hrow(0, head, answer), text, widget.NewSeparator()))
		}
		scroll := container.NewVScroll(rows)
		size := s.d.win.Canvas().Size()
		scroll.SetMinSize(fyne.NewSize(fyne.Min(560, size.Width*0.8), fyne.Min(380, size.Height*0.6)))
		d = dialog.NewCustom("Open commitments and decisions", "Close", scroll, s.d.win)
		s.d.dlg.show(d)
	})
}

// answerNow shows follow-up f on the card of the day being written, ahead
// of its day if need be.
func (s *todayScreen) answerNow(f coach.FollowUp) {
	s.promptGen++ // a prompt still loading must not replace it
	s.daily = false
	s.showCard(coach.CardFor(f))
	s.updateReview()
	s.focus()
}

// confidenceOf is an entry's confidence, or -1 when it has none.
func confidenceOf(e journal.Entry) int {
	if e.Confidence == nil {
		return -1
	}
	return *e.Confidence
}
