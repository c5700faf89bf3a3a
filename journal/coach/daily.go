package coach

import (
	"errors"
	"time"

	"candor/journal"
	"candor/prompts"
)

// DailyPrompt returns the prompt for day d of journal j, chosen from the
// user's entries of the weeks before d (prompts.HistoryDays) with opts (the
// work days and the focus; the zero Options give Monday to Friday and no
// focus); skip > 0 asks for the next-best ones ("Another prompt"). Entries
// of d itself do not move it.
func DailyPrompt(j *journal.Journal, d journal.Date, skip int, opts prompts.Options) (prompts.Choice, error) {
	return dailyPrompt(j, d, skip, opts, func(from, to journal.Date) ([]prompts.Event, error) {
		var hist []prompts.Event
		err := j.Each(journal.Query{From: from, To: to}, func(e journal.Entry) error {
			hist = append(hist, prompts.Event{Day: dayOf(e.Date), Area: string(e.Area), Rating: e.Rating, PromptID: e.PromptID})
			return nil
		})
		return hist, err
	})
}

// dailyFrom is DailyPrompt (with no skip) from the journal's summaries,
// already read (AllSummaries): they hold all the history needs, where
// DailyPrompt reads every entry of its weeks in full (110 ms of CPU at
// 100,000 entries, about 27 a day).
func dailyFrom(j *journal.Journal, sums []journal.Summary, d journal.Date, opts prompts.Options) (prompts.Choice, error) {
	return dailyPrompt(j, d, 0, opts, func(from, to journal.Date) ([]prompts.Event, error) {
		var hist []prompts.Event
		for _, s := range sums {
			if !s.Date.Before(from) && !s.Date.After(to) {
				hist = append(hist, prompts.Event{Day: dayOf(s.Date), Area: string(s.Area), Rating: s.Rating, PromptID: s.PromptID})
			}
		}
		return hist, nil
	})
}

// dailyPrompt is DailyPrompt with the history of the days from..to read by
// history.
func dailyPrompt(j *journal.Journal, d journal.Date, skip int, opts prompts.Options, history func(from, to journal.Date) ([]prompts.Event, error)) (prompts.Choice, error) {
	if !d.Valid() {
		return prompts.Choice{}, errors.New("the date is not valid")
	}
	lib, err := j.Library()
	if err != nil {
		return prompts.Choice{}, err
	}
	var hist []prompts.Event
	from, to := d.AddDays(-prompts.HistoryDays), d.AddDays(-1)
	for !from.Valid() && from.Before(d) {
		from = from.AddDays(1) // the history of the earliest supported days is short
	}
	if to.Valid() && !to.Before(from) {
		if hist, err = history(from, to); err != nil {
			return prompts.Choice{}, err
		}
	}
	return prompts.ChooseWith(lib, dayOf(d), hist, skip, opts), nil
}

// dayOf is d as the prompts package counts days.
func dayOf(d journal.Date) prompts.Day { return prompts.DayOf(d.Time(time.UTC)) }
