package coach

import (
	"fmt"
	"sort"
	"time"

	"candor/journal"
	"candor/prompts"
)

// The kinds of card Candor shows on a day.
const (
	CardDaily          = "daily"
	CardCheckIn        = "check-in"
	CardFollowUp       = "follow-up"
	CardDecisionReview = "decision-review"
	CardWeeklyReview   = "weekly-review"
)

// ReviewOfferDays is how many days after the review day a weekly review not
// yet written is still offered.
const ReviewOfferDays = 3

// Options set the coach for one user.
type Options struct {
	// ReviewDay is the weekly review day; the zero value is Sunday.
	ReviewDay time.Weekday
	// Prompts are the work days and the focus of the daily choice.
	Prompts prompts.Options
}

// Card is what Candor asks on a day: the weekly review when it is due, else
// the oldest follow-up that has come due, else the daily prompt.
type Card struct {
	// Kind is one of the Card kinds.
	Kind string
	// Daily is the day's prompt: the card itself for daily and check-in,
	// one click away for the others.
	Daily prompts.Choice
	// Follows is the entry followed up (follow-up, decision-review), or the
	// previous weekly review whose next step a weekly review follows up.
	Follows journal.ID
	// Quote is the words followed up, word for word: the next step or the
	// decision, or in a weekly review the previous review's next step.
	Quote string
	// Written is the day the words followed up were written.
	Written journal.Date
	// Question is what the card asks.
	Question string
	// WeekFrom and WeekTo are the Monday and Sunday of the week a weekly
	// review looks back on, and WeekEntries the entries written in it.
	WeekFrom, WeekTo journal.Date
	WeekEntries      []journal.ID
	// WeekDays are the days of WeekEntries, one for each.
	WeekDays []journal.Date
	// Reason says why this card, in one sentence.
	Reason string
}

// ReviewWeek returns the Monday and the Sunday of the week a review written
// on d looks back on: the week that ends on d when d is a Sunday, else the
// last Monday-to-Sunday week that has ended.
func ReviewWeek(d journal.Date) (monday, sunday journal.Date) {
	sunday = d.AddDays(-int(d.Time(time.UTC).Weekday()))
	return sunday.AddDays(-6), sunday
}

// ReviewWindow returns the review day on or before d whose offer is still
// open on d (the review day and the ReviewOfferDays after it), and whether
// there is one.
func ReviewWindow(reviewDay time.Weekday, d journal.Date) (journal.Date, bool) {
	for k := 0; k <= ReviewOfferDays; k++ {
		if day := d.AddDays(-k); day.Time(time.UTC).Weekday() == reviewDay {
			return day, true
		}
	}
	return journal.Date{}, false
}

// Today returns the card for day d of journal j. A weekly review offered
// that day comes first (it follows up the previous review's next step
// inside it); then at most one follow-up a day, the oldest due, unless an
// entry of d already answers one; then the daily prompt.
func Today(j *journal.Journal, d journal.Date, opt Options) (Card, error) {
	// One read of the summaries serves the review, today's answers and
	// what is due; only the words followed up are read from an entry.
	sums, err := j.AllSummaries()
	if err != nil {
		return Card{}, err
	}
	return TodayFrom(j, sums, d, opt)
}

// TodayFrom is Today with the summaries of j already read (AllSummaries),
// for a caller that needs them for more than the card: the app reads them
// once after an unlock for the card and the open commitments, which at
// 100,000 entries is a third of a second of CPU saved. It does not change
// sums.
func TodayFrom(j *journal.Journal, sums []journal.Summary, d journal.Date, opt Options) (Card, error) {
	daily, err := dailyFrom(j, sums, d, opt.Prompts)
	if err != nil {
		return Card{}, err
	}
	card := Card{Kind: CardDaily, Daily: daily, Question: daily.Prompt.Text, Reason: daily.Reason}
	if daily.Kind == prompts.KindCheckIn {
		card.Kind = CardCheckIn
	}
	if start, ok := ReviewWindow(opt.ReviewDay, d); ok {
		c, due, err := weeklyReview(j, sums, d, start)
		if err != nil || due {
			c.Daily = daily
			return c, err
		}
	}
	for _, s := range sums {
		if s.Date == d && !s.Follows.IsZero() && s.Outcome != journal.OutcomeNone {
			return card, nil // one follow-up a day is enough
		}
	}
	due := Due(sums, d)
	if len(due) == 0 {
		return card, nil
	}
	if err := withText(j, &due[0]); err != nil {
		return Card{}, err
	}
	c := CardFor(due[0])
	c.Daily = daily
	return c, nil
}

// weeklyReview returns the weekly review card for d, whose offer opened on
// start, and whether it is due: it is not once a review was written since
// start.
func weeklyReview(j *journal.Journal, sums []journal.Summary, d, start journal.Date) (Card, bool, error) {
	monday, sunday := ReviewWeek(d)
	c := Card{Kind: CardWeeklyReview, WeekFrom: monday, WeekTo: sunday, WeekEntries: []journal.ID{},
		Question: "What will you try next week, by when, and what could get in the way?"}
	var last *journal.Summary
	for i, s := range sums {
		switch {
		case s.Kind == journal.KindWeeklyReview && !s.Date.Before(start) && !s.Date.After(start.AddDays(ReviewOfferDays)):
			return c, false, nil // written
		case s.Kind == journal.KindWeeklyReview && s.Date.Before(start):
			last = &sums[i]
		case s.Kind != journal.KindWeeklyReview && !s.Date.Before(monday) && !s.Date.After(sunday):
			c.WeekEntries = append(c.WeekEntries, s.ID)
			c.WeekDays = append(c.WeekDays, s.Date)
		}
	}
	sort.Stable(byDay{c.WeekEntries, c.WeekDays})
	c.Reason = fmt.Sprintf("Your weekly review of %s to %s.", monday.Time(time.UTC).Format("2 January"), sunday.Time(time.UTC).Format("2 January"))
	if last != nil && last.HasNextStep {
		e, err := j.Get(last.ID)
		if err != nil {
			return c, false, err
		}
		c.Follows, c.Quote, c.Written = e.ID, e.NextStep, e.Date
		c.Question = fmt.Sprintf("Last week you wrote: “%s” What happened? ", e.NextStep) + c.Question
	}
	return c, true, nil
}

// byDay sorts a week's entries by day, keeping each ID with its day.
type byDay struct {
	ids  []journal.ID
	days []journal.Date
}

func (b byDay) Len() int           { return len(b.ids) }
func (b byDay) Less(i, j int) bool { return b.days[i].Before(b.days[j]) }
func (b byDay) Swap(i, j int) {
	b.ids[i], b.ids[j] = b.ids[j], b.ids[i]
	b.days[i], b.days[j] = b.days[j], b.days[i]
}
