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
		err = j.Each(journal.Query{From: from, To: to}, func(e journal.Entry) error {
			hist = append(hist, prompts.Event{Day: dayOf(e.Date), Area: string(e.Area), Rating: e.Rating, PromptID: e.PromptID})
			return nil
		})
		if err != nil {
			return prompts.Choice{}, err
		}
	}
	return prompts.ChooseWith(lib, dayOf(d), hist, skip, opts), nil
}

// dayOf is d as the prompts package counts days.
func dayOf(d journal.Date) prompts.Day { return prompts.DayOf(d.Time(time.UTC)) }
