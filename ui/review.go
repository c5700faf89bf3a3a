package ui

import (
	"fmt"
	"strings"
	"time"

	"candor/journal"
	"candor/journal/stats"
)

// reviewTag marks the entries that are weekly reviews.
const reviewTag = "weekly-review"

// updateReview shows the Weekly review button on the review day.
func (s *todayScreen) updateReview() {
	if isReviewDay(s.d.prefs, s.date) {
		s.review.Show()
	} else {
		s.review.Hide()
	}
}

// onReview fills the editor with this week's figures and the review's two
// questions; saving it makes an entry tagged weekly-review.
func (s *todayScreen) onReview() {
	if s.dirtyOrEditing() && strings.TrimSpace(s.body.Text) != "" {
		s.d.dlg.confirm("Start the weekly review?", "The text you are writing has not been saved. Replace it with the weekly review?", s.startReview)
		return
	}
	s.startReview()
}

func (s *todayScreen) startReview() {
	j, today := s.d.journal(), s.date
	monday := today.AddDays(-((int(today.Time(time.UTC).Weekday()) + 6) % 7))
	var week, prev stats.Stats
	var err error
	s.d.bg.run(func() {
		var sums []journal.Summary
		if sums, err = j.AllSummaries(); err != nil {
			return
		}
		if week, err = stats.Of(sums, monday, today, today); err == nil {
			prev, err = stats.Of(sums, monday.AddDays(-7), monday.AddDays(-1), today)
		}
	}, func() {
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		s.clear()
		s.loading = true
		s.title.SetText("Weekly review, " + stats.ISOWeek(today))
		s.body.SetText(reviewBody(week, prev))
		s.tags.SetText(reviewTag)
		s.loading = false
		s.dirty = true
		s.d.win.Canvas().Focus(s.body)
	})
}

// reviewBody is the review's Markdown: the week in figures, then the
// questions, with room to answer.
func reviewBody(week, prev stats.Stats) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## This week\n\n- %d entries on %d days; current streak %d days.\n", week.Entries, week.DaysWritten, week.StreakCurrent)
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
