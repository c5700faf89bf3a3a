package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"candor/journal"
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
		ch, err := j.DailyPrompt(d, o.skip)
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
		fmt.Fprintf(w, "%s · %s · %s\n\n%s\n\n", d, ch.Prompt.Area, traitName(prompts.Builtin(), ch.Prompt.Trait), ch.Prompt.Text)
		for _, f := range ch.Prompt.FollowUps {
			fmt.Fprintf(w, "Go deeper: %s\n", f)
		}
		if len(ch.Prompt.FollowUps) > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "Why this prompt: %s\n", ch.Reason)
		role := ""
		if ch.Prompt.AsksRole {
			role = " --role leader|manager"
		}
		fmt.Fprintf(w, "Answer it with: candor add --prompt %s%s\n", ch.Prompt.ID, role)
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
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.ID, p.Area, p.Trait, p.Text)
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
