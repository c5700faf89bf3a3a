package journal

import (
	"errors"
	"strings"
	"testing"

	"candor/prompts"
)

func TestOwnPrompts(t *testing.T) {
	j, dir := newJournal(t)
	p, err := j.AddOwnPrompt("vision", "", "What would my team say our goal is, in one line?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.ID, "own-") || !p.Own {
		t.Fatalf("own prompt %+v", p)
	}
	if _, err := j.AddOwnPrompt("vision", "", "short"); err == nil {
		t.Fatal("a too-short prompt was stored")
	}
	j.Close()
	j, err = Open(dir, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	lib, err := j.Library()
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := lib.Get(p.ID); !ok || got.Text != p.Text || !got.Own {
		t.Fatalf("own prompt not in the library after reopening: %+v", got)
	}
	if err := j.RemoveOwnPrompt("vision-001"); !errors.Is(err, ErrBuiltinPrompt) {
		t.Fatalf("removing a built-in prompt: %v", err)
	}
	if err := j.RemoveOwnPrompt(p.ID); err != nil {
		t.Fatal(err)
	}
	if err := j.RemoveOwnPrompt(p.ID); err == nil {
		t.Fatal("removing twice succeeded")
	}
	if own, _ := j.OwnPrompts(); len(own) != 0 {
		t.Fatalf("%d own prompts left", len(own))
	}
}

func TestOwnPromptRefusesControlAndBidi(t *testing.T) {
	j, _ := newJournal(t)
	defer j.Close()
	for _, text := range []string{
		"What did I\rreally decide today?",
		"What did I \x1b[2Jreally decide today?",
		"What did I \x1b]52;c;ZXZpbA==\x07decide today?",
		"What did I \u202ereally decide today?",
		"What did I \u2066really\u2069 decide today?",
	} {
		_, err := j.AddOwnPrompt("vision", "", text)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != "prompt" {
			t.Errorf("AddOwnPrompt(%q) = %v, want a ValidationError on prompt", text, err)
		}
	}
	if own, _ := j.OwnPrompts(); len(own) != 0 {
		t.Fatalf("%d own prompts were stored", len(own))
	}
	// Line breaks and tabs typed into the text become spaces.
	p, err := j.AddOwnPrompt("vision", "", "What did I\nreally\tdecide today?")
	if err != nil || p.Text != "What did I really decide today?" {
		t.Fatalf("AddOwnPrompt with a line break: %+v %v", p, err)
	}
}

func TestDailyPromptUsesHistory(t *testing.T) {
	j, _ := newJournal(t)
	today := mustDate(t, "2026-06-10")
	c1, err := j.DailyPrompt(today, 0)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := j.DailyPrompt(today, 0)
	if c1.Prompt.ID != again.Prompt.ID {
		t.Fatal("the daily prompt is not deterministic")
	}
	// Entries today do not move today's prompt.
	if _, err := j.Add(Entry{Date: today, Area: AreaVision, PromptID: c1.Prompt.ID, Body: "x"}); err != nil {
		t.Fatal(err)
	}
	if c, _ := j.DailyPrompt(today, 0); c.Prompt.ID != c1.Prompt.ID {
		t.Fatal("writing today changed today's prompt")
	}
	// Twenty days of vision and motivation while problem-solving came up:
	// problem-solving is avoided, so within a week Candor checks in about
	// it instead of pushing it.
	for i := 1; i <= 20; i++ {
		for _, a := range []Area{AreaVision, AreaMotivation} {
			if _, err := j.Add(Entry{Date: today.AddDays(-i), Area: a, Rating: 4}); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkIns, ps := 0, 0
	for i := -7; i < 7; i++ {
		c, err := j.DailyPrompt(today.AddDays(i), 0)
		if err != nil {
			t.Fatal(err)
		}
		if c.Prompt.Area == prompts.AreaProblemSolving {
			ps++
		}
		if c.Kind == prompts.KindCheckInChoice && c.Prompt.Area == prompts.AreaProblemSolving {
			checkIns++
		}
	}
	if checkIns != 1 || ps > 8 {
		t.Fatalf("%d check-ins about problem-solving and %d problem-solving days in 14, want one check-in and no push", checkIns, ps)
	}
	// The options reach the choice: a focus on courage takes four days.
	focus := prompts.Options{Focus: "courage", FocusFrom: dayOf(today), FocusUntil: dayOf(today) + 13}
	courage := 0
	for i := 0; i < 7; i++ {
		if c, err := j.DailyPromptWith(today.AddDays(i), 0, focus); err == nil && c.Prompt.Trait == "courage" {
			courage++
		}
	}
	if courage < 4 {
		t.Fatalf("a focus on courage gave it %d of 7 days", courage)
	}
	if _, err := j.DailyPrompt(Date{}, 0); err == nil {
		t.Fatal("a zero date was accepted")
	}
}

func TestDailyPromptAtTheStartOfTheSupportedRange(t *testing.T) {
	j, _ := newJournal(t)
	for _, s := range []string{"1000-01-01", "1000-01-15", "1000-03-01"} {
		if _, err := j.DailyPrompt(mustDate(t, s), 0); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
}
