package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"candor/journal"
	"candor/prompts"
)

func init() {
	register(command{"prompt", cmdPrompt})
	register(command{"prompts", cmdPrompts})
}

// promptJSON is the contract's prompt shape plus what the app shows.
type promptJSON struct {
	ID       string `json:"id"`
	Area     string `json:"area"`
	Trait    string `json:"trait"`
	Text     string `json:"text"`
	AsksRole bool   `json:"asks_role"`
	Own      bool   `json:"own"`
	Date     string `json:"date,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

func toJSON(p prompts.Prompt) promptJSON {
	return promptJSON{ID: p.ID, Area: p.Area, Trait: p.Trait, Text: p.Text, AsksRole: p.AsksRole, Own: p.Own}
}

func traitName(lib *prompts.Library, id string) string {
	if t, ok := lib.Trait(id); ok {
		return t.Name
	}
	return id
}

func cmdPrompt(c *cli, args []string) error {
	fs := c.flags("prompt")
	date := fs.String("date", "", "the day, YYYY-MM-DD (default today)")
	skip := fs.Int("skip", 0, "skip this many prompts (another prompt for the same day)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	d := journal.DateOf(c.env.now())
	if *date != "" {
		var err error
		if d, err = journal.ParseDate(*date); err != nil {
			return usagef("--date: %v", err)
		}
	}
	if *skip < 0 {
		return usagef("--skip must be 0 or more")
	}
	return c.withJournal(func(j *journal.Journal) error {
		ch, err := j.DailyPrompt(d, *skip)
		if err != nil {
			return err
		}
		if *asJSON {
			out := toJSON(ch.Prompt)
			out.Date, out.Reason = d.String(), ch.Reason
			return printJSON(c.env.stdout, out)
		}
		w := c.env.stdout
		fmt.Fprintf(w, "%s · %s · %s\n\n%s\n\n", d, ch.Prompt.Area, traitName(prompts.Builtin(), ch.Prompt.Trait), ch.Prompt.Text)
		fmt.Fprintf(w, "Why this prompt: %s\n", ch.Reason)
		role := ""
		if ch.Prompt.AsksRole {
			role = " --role leader|manager"
		}
		fmt.Fprintf(w, "Answer it with: candor add --prompt %s%s\n", ch.Prompt.ID, role)
		return nil
	})
}

func cmdPrompts(c *cli, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "add":
			return cmdPromptsAdd(c, args[1:])
		case "remove":
			return cmdPromptsRemove(c, args[1:])
		}
	}
	fs := c.flags("prompts")
	area := fs.String("area", "", "only this area")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *area != "" && !prompts.IsArea(*area) {
		return usagef("--area: %q is not an area (use vision, motivation or problem-solving)", *area)
	}
	return c.withJournal(func(j *journal.Journal) error {
		lib, err := j.Library()
		if err != nil {
			return err
		}
		list := lib.InArea(*area)
		if *asJSON {
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

func cmdPromptsAdd(c *cli, args []string) error {
	fs := c.flags("prompts add")
	area := fs.String("area", "", "vision, motivation or problem-solving (required)")
	trait := fs.String("trait", "", "the trait it works on (optional)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(strings.Join(pos, " "))
	if text == "" {
		return usagef("prompts add needs the prompt's text")
	}
	if !prompts.IsArea(*area) {
		return usagef("prompts add needs --area vision, motivation or problem-solving")
	}
	// Check the text before asking for the passphrase.
	if _, err := prompts.Builtin().NewOwn("own-check", *area, *trait, text); err != nil {
		return usagef("%v", err)
	}
	return c.withJournal(func(j *journal.Journal) error {
		p, err := j.AddOwnPrompt(*area, *trait, text)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.env.stdout, p.ID)
		return nil
	})
}

func cmdPromptsRemove(c *cli, args []string) error {
	fs := c.flags("prompts remove")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
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
