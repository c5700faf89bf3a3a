package ui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"candor/journal"
	"candor/journal/coach"
	"candor/journal/stats"
	"candor/prompts"
)

// reviewTag marks the weekly reviews written before they had a kind of
// their own; the app still counts them as reviews.
const reviewTag = "weekly-review"

// reviewQuestion is the weekly review's last question, a heading of the
// body the review fills in: the answer under it becomes next week's
// commitment.
const reviewQuestion = "What will I try next week, by when, and what could get in the way?"

// reviewWindow returns the review day on or before d whose offer is still
// open on d, and whether there is one: coach.ReviewWindow with the review
// day set in Settings.
func reviewWindow(p fyne.Preferences, d journal.Date) (journal.Date, bool) {
	return coach.ReviewWindow(reviewWeekday(p), d)
}

// updateReview offers the Weekly review button on the review day and the
// three days after it, until a review has been written in that time, when
// the card does not show the review already.
func (s *todayScreen) updateReview() {
	start, ok := reviewWindow(s.d.prefs, s.date)
	if !ok || (s.card != nil && s.card.Kind == coach.CardWeeklyReview) {
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
		list, err := j.List(journal.Query{From: start, To: end})
		for _, e := range list {
			written = written || e.Kind == journal.KindWeeklyReview || e.HasTag(reviewTag)
		}
		written = written || err != nil
	}, func() {
		if _, still := reviewWindow(s.d.prefs, s.date); !still || written || (s.card != nil && s.card.Kind == coach.CardWeeklyReview) {
			s.review.Hide()
			return
		}
		s.review.Show()
	})
}

// onReview brings the weekly review back to the card (after Another
// prompt) and fills in the week, asking first when text would be replaced.
func (s *todayScreen) onReview() {
	s.daily, s.skip = false, 0
	s.loadPrompt()
	s.onFillWeek()
}

// onFillWeek puts the week in figures and the review's questions in the
// body, asking first when text would be replaced.
func (s *todayScreen) onFillWeek() {
	if s.dirtyOrEditing() {
		s.d.dlg.confirmDanger("Fill in the week?", "The text you are writing has not been saved. Replace it with the weekly review?", "Replace it", s.startReview)
		return
	}
	s.startReview()
}

// startReview fills the form with the weekly review of the last complete
// week: its entries, rated areas, traits and the commitments that came due,
// then the questions. Saving makes a weekly review.
func (s *todayScreen) startReview() {
	j, today := s.d.journal(), s.date
	monday, sunday := coach.ReviewWeek(today)
	var lib *prompts.Library
	var week coach.Week
	var rated, prev stats.Stats
	var err error
	s.d.bg.run(func() {
		if lib, err = j.Library(); err != nil {
			return
		}
		traitOf := func(id string) string { p, _ := lib.Get(id); return p.Trait }
		if week, err = coach.ReviewOf(j, monday, sunday, traitOf); err != nil {
			return
		}
		var sums []journal.Summary
		if sums, err = j.AllSummaries(); err != nil {
			return
		}
		if rated, err = stats.Of(sums, monday, sunday, today); err == nil {
			prev, err = stats.Of(sums, monday.AddDays(-7), monday.AddDays(-1), today)
		}
	}, func() {
		if err != nil {
			s.d.dlg.showError(err)
			return
		}
		quote := ""
		if s.card != nil && s.card.Kind == coach.CardWeeklyReview {
			quote = s.card.Quote
		}
		s.loading = true
		s.form.fill(journal.Entry{})
		s.title.SetText("Weekly review, " + stats.ISOWeek(monday))
		s.body.SetText(reviewBody(week, rated, prev, quote, func(id string) string {
			if t, ok := lib.Trait(id); ok {
				return t.Name
			}
			return id
		}))
		s.reviewing = true
		s.loading = false
		s.markDirty()
		s.d.touch()
		s.d.win.Canvas().Focus(s.body)
	})
}

// reviewBody is the review's Markdown: the week in figures, the
// commitments that came due and what became of them, then the questions,
// with room to answer. traitName names a trait ID.
func reviewBody(week coach.Week, rated, prev stats.Stats, quote string, traitName func(string) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## The week of %s\n\n", weekSpan(week.From, week.To))
	fmt.Fprintf(&b, "- %s on %s.\n", plural(len(week.Entries), "entry", "entries"), plural(week.Days, "day", "days"))
	for _, a := range journal.Areas {
		n := week.Areas[a]
		line := fmt.Sprintf("- %s: %s", areaTitle(a), plural(n, "entry", "entries"))
		if w := rated.Areas[a]; w != nil && w.AvgRating > 0 {
			line += fmt.Sprintf(", rated %.1f", w.AvgRating)
			if p := prev.Areas[a]; p != nil && p.AvgRating > 0 {
				line += fmt.Sprintf(" (%+.1f on the week before)", w.AvgRating-p.AvgRating)
			}
		}
		b.WriteString(line + ".\n")
	}
	if len(week.Traits) > 0 {
		ids := make([]string, 0, len(week.Traits))
		for id := range week.Traits {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool {
			if week.Traits[ids[i]] != week.Traits[ids[j]] {
				return week.Traits[ids[i]] > week.Traits[ids[j]]
			}
			return ids[i] < ids[j]
		})
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = fmt.Sprintf("%s (%d)", traitName(id), week.Traits[id])
		}
		b.WriteString("- Traits practised: " + strings.Join(parts, ", ") + ".\n")
	}
	if len(week.Due) > 0 {
		b.WriteString("\n## What came due\n\n")
		for _, d := range week.Due {
			what := "Next step"
			if d.Kind == coach.Decision {
				what = "Decision"
			}
			fmt.Fprintf(&b, "- %s of %s, due %s: “%s” — %s.\n", what, d.Date.Time(time.UTC).Format("2 January"),
				d.Due.Time(time.UTC).Format("2 January"), d.Text, outcomeWords(d.Outcome))
		}
	}
	if quote != "" {
		fmt.Fprintf(&b, "\n## Last week I wrote: “%s” What happened?\n\n\n", quote)
	}
	b.WriteString("\n## What went well, and what did I learn?\n\n\n\n## " + reviewQuestion + "\n\n")
	return b.String()
}

// outcomeWords says what became of a follow-up.
func outcomeWords(o journal.Outcome) string {
	switch o {
	case journal.OutcomeDone:
		return "done"
	case journal.OutcomePartly:
		return "partly done"
	case journal.OutcomeNot:
		return "not done"
	case journal.OutcomeRight:
		return "the right call"
	case journal.OutcomeWrong:
		return "the wrong call"
	case journal.OutcomeMixed:
		return "mixed"
	}
	return "not answered yet"
}

// reviewNextStep is the answer under the review's last question in body:
// its first paragraph, on one line, cut to the longest next step allowed;
// "" when there is none.
func reviewNextStep(body string) string {
	i := strings.Index(body, "## "+reviewQuestion)
	if i < 0 {
		return ""
	}
	rest := body[i+len("## "+reviewQuestion):]
	var words []string
	for _, line := range strings.Split(rest, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") || (line == "" && len(words) > 0) {
			break
		}
		if line != "" {
			words = append(words, strings.TrimLeft(line, "-*> "))
		}
	}
	return cutRunes(strings.Join(words, " "), journal.MaxStepRunes)
}

// cutRunes cuts s to at most n characters.
func cutRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
