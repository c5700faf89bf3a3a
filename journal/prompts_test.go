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
	// Twenty days of vision and motivation: problem-solving is neglected.
	for i := 1; i <= 20; i++ {
		for _, a := range []Area{AreaVision, AreaMotivation} {
			if _, err := j.Add(Entry{Date: today.AddDays(-i), Area: a, Rating: 4}); err != nil {
				t.Fatal(err)
			}
		}
	}
	n := 0
	for i := 0; i < 7; i++ {
		c, err := j.DailyPrompt(today.AddDays(i), 0)
		if err != nil {
			t.Fatal(err)
		}
		if c.Prompt.Area == prompts.AreaProblemSolving {
			n++
		}
	}
	if n < 4 {
		t.Fatalf("problem-solving on %d of 7 days", n)
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
