package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"candor/journal"
	"candor/journal/coach"
	"candor/prompts"
)

// promptJSON is the contract's prompt shape plus what the app shows.
type promptJSON struct {
	ID          string   `json:"id"`
	Area        string   `json:"area"`
	Trait       string   `json:"trait"`
	Text        string   `json:"text"`
	FollowUps   []string `json:"follow_ups"`
	WorkdayOnly bool     `json:"workday_only"`
	Forward     bool     `json:"forward"`
	Kind        string   `json:"kind"`
	AsksRole    bool     `json:"asks_role"`
	Own         bool     `json:"own"`
	Date        string   `json:"date,omitempty"`
	Reason      string   `json:"reason,omitempty"`
	Mechanism   string   `json:"mechanism,omitempty"`
	// The coaching card's keys (prompt only): what is followed up, word for
	// word, and for a weekly review the week's entries.
	Follows     string      `json:"follows,omitempty"`
	Quote       string      `json:"quote,omitempty"`
	WeekEntries *[]string   `json:"week_entries,omitempty"`
	Daily       *promptJSON `json:"daily,omitempty"`
}

// toJSON gives a prompt its JSON shape; kind is "daily" or "check-in".
func toJSON(p prompts.Prompt) promptJSON {
	kind := prompts.KindDaily
	if p.Kind != "" {
		kind = p.Kind
	}
	fu := append([]string{}, p.FollowUps...)
	return promptJSON{ID: p.ID, Area: p.Area, Trait: p.Trait, Text: p.Text, FollowUps: fu, WorkdayOnly: p.WorkdayOnly,
		Forward: p.Forward, Kind: kind, AsksRole: p.AsksRole, Own: p.Own}
}

// traitName is the name of the trait id, or id when the library has none.
func traitName(lib *prompts.Library, id string) string {
	if t, ok := lib.Trait(id); ok {
		return t.Name
	}
	return id
}

// promptOptions is the options of prompt.
type promptOptions struct {
	date string
	skip int
	json bool
}

// promptFlags adds the flags of prompt.
func promptFlags(fs *flag.FlagSet, o *promptOptions) {
	fs.StringVar(&o.date, "date", "", "the `DAY` to ask for, YYYY-MM-DD (default: today)")
	fs.IntVar(&o.skip, "skip", 0, "pass over `N` prompts: the next-best questions for the same day")
	fs.BoolVar(&o.json, "json", false, "print the prompt as JSON, with the date and the reason")
}

// runPrompt is the prompt command.
func runPrompt(c *cli, o *promptOptions, pos []string) error {
	if err := noArgs("prompt", pos); err != nil {
		return err
	}
	d := journal.DateOf(c.env.now())
	if o.date != "" {
		var err error
		if d, err = journal.ParseDate(o.date); err != nil {
			return usagef("--date: %v", err)
		}
	}
	if o.skip < 0 {
		return usagef("--skip must be 0 or more")
	}
	return c.withJournal(func(j *journal.Journal) error {
		if o.skip == 0 {
			card, err := coach.Today(j, d, coach.Options{})
			if err != nil {
				return err
			}
			if card.Kind != coach.CardDaily && card.Kind != coach.CardCheckIn {
				return printCard(c, d, card, o.json)
			}
		}
		ch, err := coach.DailyPrompt(j, d, o.skip, prompts.Options{})
		if err != nil {
			return err
		}
		if o.json {
			out := toJSON(ch.Prompt)
			out.Date, out.Reason, out.Mechanism = d.String(), ch.Reason, ch.Mechanism
			if ch.Kind != "" {
				out.Kind = ch.Kind
			}
			return printJSON(c.env.stdout, out)
		}
		w := c.env.stdout
		fmt.Fprintf(w, "%s · %s · %s\n\n%s\n\n", d, safeText(ch.Prompt.Area), safeText(traitName(prompts.Builtin(), ch.Prompt.Trait)), safeText(ch.Prompt.Text))
		for _, f := range ch.Prompt.FollowUps {
			fmt.Fprintf(w, "Go deeper: %s\n", safeText(f))
		}
		if len(ch.Prompt.FollowUps) > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "Why this prompt: %s\n", safeText(ch.Reason))
		role := ""
		if ch.Prompt.AsksRole {
			role = " --role leader|manager"
		}
		fmt.Fprintf(w, "Answer it with: candor add --prompt %s%s\n", safeText(ch.Prompt.ID), role)
		return nil
	})
}

// promptsOptions is the options of prompts.
type promptsOptions struct {
	area string
	json bool
}

// promptsFlags adds the flags of prompts.
func promptsFlags(fs *flag.FlagSet, o *promptsOptions) {
	fs.StringVar(&o.area, "area", "", "only the prompts of `AREA`: vision, motivation or problem-solving")
	fs.BoolVar(&o.json, "json", false, "print a JSON array of prompts")
}

// runPrompts is the prompts command; the command table sends "prompts add"
// and "prompts remove" to their own functions.
func runPrompts(c *cli, o *promptsOptions, pos []string) error {
	if err := noArgs("prompts", pos); err != nil {
		return err
	}
	if o.area != "" && !prompts.IsArea(o.area) {
		return usagef("--area: %q is not an area (use vision, motivation or problem-solving)", o.area)
	}
	return c.withJournal(func(j *journal.Journal) error {
		lib, err := j.Library()
		if err != nil {
			return err
		}
		// The daily prompts, then the check-ins Candor asks about an area
		// the user keeps passing over.
		list := lib.InArea(o.area)
		for _, a := range prompts.Areas {
			if o.area == "" || o.area == a {
				list = append(list, lib.CheckIns(a)...)
			}
		}
		if o.json {
			out := make([]promptJSON, 0, len(list))
			for _, p := range list {
				out = append(out, toJSON(p))
			}
			return printJSON(c.env.stdout, out)
		}
		tw := tabwriter.NewWriter(c.env.stdout, 0, 2, 2, ' ', 0)
		for _, p := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", safeText(p.ID), safeText(p.Area), safeText(p.Trait), safeText(p.Text))
		}
		return tw.Flush()
	})
}

// ownPromptOptions is the options of prompts add.
type ownPromptOptions struct{ area, trait string }

// promptsAddFlags adds the flags of prompts add.
func promptsAddFlags(fs *flag.FlagSet, o *ownPromptOptions) {
	fs.StringVar(&o.area, "area", "", "the `AREA` the prompt belongs to, vision, motivation or problem-solving (required)")
	fs.StringVar(&o.trait, "trait", "", "the `TRAIT` it works on, such as courage (optional)")
}

// runPromptsAdd is the prompts add command.
func runPromptsAdd(c *cli, o *ownPromptOptions, pos []string) error {
	text := strings.TrimSpace(strings.Join(pos, " "))
	if text == "" {
		return usagef("prompts add needs the prompt's text")
	}
	if !prompts.IsArea(o.area) {
		return usagef("prompts add needs --area vision, motivation or problem-solving")
	}
	// Check the text before asking for the passphrase.
	if _, err := prompts.Builtin().NewOwn("own-check", o.area, o.trait, text); err != nil {
		return usagef("%v", err)
	}
	return c.withJournal(func(j *journal.Journal) error {
		p, err := j.AddOwnPrompt(o.area, o.trait, text)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.env.stdout, p.ID)
		return nil
	})
}

// runPromptsRemove is the prompts remove command.
func runPromptsRemove(c *cli, _ *none, pos []string) error {
	if len(pos) != 1 {
		return usagef("prompts remove needs exactly one prompt ID")
	}
	return c.withJournal(func(j *journal.Journal) error {
		err := j.RemoveOwnPrompt(pos[0])
		if errors.Is(err, journal.ErrBuiltinPrompt) {
			return usagef("%v", err)
		}
		return err
	})
}

// printCard prints a coaching card (a follow-up, a decision review or the
// weekly review) that takes the place of the daily prompt; the daily prompt
// stays one flag away (--skip 1) and is in the JSON as "daily".
func printCard(c *cli, d journal.Date, card coach.Card, asJSON bool) error {
	if asJSON {
		daily := toJSON(card.Daily.Prompt)
		out := promptJSON{Kind: card.Kind, Text: card.Question, Date: d.String(), Reason: card.Reason,
			Quote: card.Quote, FollowUps: []string{}, Daily: &daily}
		if !card.Follows.IsZero() {
			out.Follows = card.Follows.String()
		}
		if card.Kind == coach.CardWeeklyReview {
			ids := []string{}
			for _, id := range card.WeekEntries {
				ids = append(ids, id.String())
			}
			out.WeekEntries = &ids // present even when the week is empty
		}
		return printJSON(c.env.stdout, out)
	}
	w := c.env.stdout
	fmt.Fprintf(w, "%s · %s\n\n%s\n\nWhy this card: %s\n", d, card.Kind, safeText(card.Question), safeText(card.Reason))
	switch card.Kind {
	case coach.CardFollowUp:
		fmt.Fprintf(w, "Answer it with: candor add --follows %s --outcome done|partly|not\n", card.Follows)
	case coach.CardDecisionReview:
		fmt.Fprintf(w, "Answer it with: candor add --follows %s --outcome right|wrong|mixed\n", card.Follows)
	case coach.CardWeeklyReview:
		fmt.Fprintf(w, "The week %s to %s: %d entries.\n", card.WeekFrom, card.WeekTo, len(card.WeekEntries))
		answer := ""
		if !card.Follows.IsZero() {
			answer = fmt.Sprintf(" --follows %s --outcome done|partly|not", card.Follows)
		}
		fmt.Fprintf(w, "Answer it with: candor add --kind weekly-review%s --next-step TEXT\n", answer)
	}
	fmt.Fprintln(w, "The daily prompt: candor prompt --skip 1")
	return nil
}
