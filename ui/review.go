package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"

	"candor/journal"
	"candor/journal/coach"
	"candor/journal/stats"
)

// reviewTag marks the entries that are weekly reviews.
const reviewTag = "weekly-review"

// reviewWindow returns the review day on or before d whose offer is still
// open on d, and whether there is one: coach.ReviewWindow with the review
// day set in Settings.
func reviewWindow(p fyne.Preferences, d journal.Date) (journal.Date, bool) {
	return coach.ReviewWindow(reviewWeekday(p), d)
}

// updateReview offers the weekly review on the review day and the three
// days after it, until a review has been written in that time.
func (s *todayScreen) updateReview() {
	start, ok := reviewWindow(s.d.prefs, s.date)
	if !ok {
		s.review.Hide()
		return
	}
	j := s.d.journal()
	if j == nil {
		return
	}
	end := start.AddDays(coach.ReviewOfferDays)
	var written bool
	s.d.bg.run(func() {
		list, err := j.List(journal.Query{From: start, To: end, Tag: reviewTag, Limit: 1})
		written = err == nil && len(list) > 0
	}, func() {
		if _, still := reviewWindow(s.d.prefs, s.date); !still || written {
			s.review.Hide()
			return
		}
		s.review.Show()
	})
}

// onReview fills the editor with this week's figures and the review's two
// questions; saving it makes an entry tagged weekly-review.
func (s *todayScreen) onReview() {
	if s.dirtyOrEditing() {
		s.d.dlg.confirmDanger("Start the weekly review?", "The text you are writing has not been saved. Replace it with the weekly review?", "Replace it", s.startReview)
		return
	}
	s.startReview()
}

func (s *todayScreen) startReview() {
	j, today := s.d.journal(), s.date
	monday, sunday := coach.ReviewWeek(today)
	var week, prev stats.Stats
	var err error
	s.d.bg.run(func() {
		var sums []journal.Summary
		if sums, err = j.AllSummaries(); err != nil {
			return
		}
		if week, err = stats.Of(sums, monday, sunday, today); err == nil {
			prev, err = stats.Of(sums, monday.AddDays(-7), monday.AddDays(-1), today)
		}
	}, func() {
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.clear()
		if today != s.date { // clear went back to today: the review keeps its day
			s.date = today
			s.dateCtl.set(today)
			s.loadPrompt()
		}
		s.loading = true
		s.title.SetText("Weekly review, " + stats.ISOWeek(monday))
		s.body.SetText(reviewBody(week, prev))
		s.tags.SetText(reviewTag)
		s.reviewing = true
		s.loading = false
		s.dirty = true
		s.d.win.Canvas().Focus(s.body)
	})
}

// reviewBody is the review's Markdown: the week in figures, then the
// questions, with room to answer.
func reviewBody(week, prev stats.Stats) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## This week\n\n- %s on %s; current streak %s.\n", plural(week.Entries, "entry", "entries"), plural(week.DaysWritten, "day", "days"), plural(week.StreakCurrent, "day", "days"))
	for _, a := range journal.Areas {
		w, p := week.Areas[a], prev.Areas[a]
		line := fmt.Sprintf("- %s: %d entries", areaTitle(a), w.Entries)
		if w.AvgRating > 0 {
			line += fmt.Sprintf(", rated %.1f", w.AvgRating)
			if p != nil && p.AvgRating > 0 {
				line += fmt.Sprintf(" (%+.1f on last week)", w.AvgRating-p.AvgRating)
			}
		}
		b.WriteString(line + ".\n")
	}
	b.WriteString("\n## What did I learn this week?\n\n\n\n## What will I try next week?\n\n")
	return b.String()
}
