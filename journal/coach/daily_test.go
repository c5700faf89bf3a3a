package coach_test

import (
	"testing"
	"time"

	"candor/journal"
	"candor/journal/coach"
	"candor/journal/journaltest"
	"candor/prompts"
)

// date parses s or fails the test.
func date(t *testing.T, s string) journal.Date {
	t.Helper()
	d, err := journal.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDailyPromptUsesHistory(t *testing.T) {
	j, _ := journaltest.New(t)
	today := date(t, "2026-06-10")
	c1, err := coach.DailyPrompt(j, today, 0, prompts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := coach.DailyPrompt(j, today, 0, prompts.Options{})
	if c1.Prompt.ID != again.Prompt.ID {
		t.Fatal("the daily prompt is not deterministic")
	}
	// Entries today do not move today's prompt.
	if _, err := j.Add(journal.Entry{Date: today, Area: journal.AreaVision, PromptID: c1.Prompt.ID, Body: "x"}); err != nil {
		t.Fatal(err)
	}
	if c, _ := coach.DailyPrompt(j, today, 0, prompts.Options{}); c.Prompt.ID != c1.Prompt.ID {
		t.Fatal("writing today changed today's prompt")
	}
	// Twenty days of vision and motivation while problem-solving came up:
	// problem-solving is avoided, so within a week Candor checks in about
	// it instead of pushing it.
	for i := 1; i <= 20; i++ {
		for _, a := range []journal.Area{journal.AreaVision, journal.AreaMotivation} {
			if _, err := j.Add(journal.Entry{Date: today.AddDays(-i), Area: a, Rating: 4}); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkIns, ps := 0, 0
	for i := -7; i < 7; i++ {
		c, err := coach.DailyPrompt(j, today.AddDays(i), 0, prompts.Options{})
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
	focus := prompts.Options{Focus: "courage", FocusFrom: prompts.DayOf(today.Time(time.UTC)), FocusUntil: prompts.DayOf(today.Time(time.UTC)) + 13}
	courage := 0
	for i := 0; i < 7; i++ {
		if c, err := coach.DailyPrompt(j, today.AddDays(i), 0, focus); err == nil && c.Prompt.Trait == "courage" {
			courage++
		}
	}
	if courage < 4 {
		t.Fatalf("a focus on courage gave it %d of 7 days", courage)
	}
	if _, err := coach.DailyPrompt(j, journal.Date{}, 0, prompts.Options{}); err == nil {
		t.Fatal("a zero date was accepted")
	}
}

func TestDailyPromptAtTheStartOfTheSupportedRange(t *testing.T) {
	j, _ := journaltest.New(t)
	for _, s := range []string{"1000-01-01", "1000-01-15", "1000-03-01"} {
		if _, err := coach.DailyPrompt(j, date(t, s), 0, prompts.Options{}); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
}

// TestTodayChoosesAsDailyPrompt: Today takes the prompt's history from the
// summaries it reads anyway; its daily prompt is the one DailyPrompt
// chooses from the entries, on every day of a varied month, with the
// summaries from the store and from the search index.
func TestTodayChoosesAsDailyPrompt(t *testing.T) {
	j, _ := journaltest.New(t)
	today := date(t, "2026-06-10")
	lib := prompts.Builtin()
	areas := []journal.Area{journal.AreaVision, journal.AreaMotivation, journal.AreaProblemSolving, ""}
	for i := 1; i <= 40; i++ {
		for k := 0; k < 1+i%3; k++ {
			a := areas[(i+k)%len(areas)]
			e := journal.Entry{Date: today.AddDays(-i), Area: a, Rating: (i + k) % 6, Body: "x"}
			if a != "" && i%2 == 0 {
				e.PromptID = lib.InArea(string(a))[(i*7+k)%len(lib.InArea(string(a)))].ID
			}
			if _, err := j.Add(e); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, indexed := range []bool{false, true} {
		if indexed {
			if err := j.BuildIndex(); err != nil {
				t.Fatal(err)
			}
		}
		for i := -20; i < 10; i++ {
			d := today.AddDays(i)
			want, err := coach.DailyPrompt(j, d, 0, prompts.Options{})
			if err != nil {
				t.Fatal(err)
			}
			card, err := coach.Today(j, d, coach.Options{ReviewDay: time.Weekday(-1)})
			if err != nil {
				t.Fatal(err)
			}
			if got := card.Daily; got.Prompt.ID != want.Prompt.ID || got.Kind != want.Kind || got.Reason != want.Reason {
				t.Fatalf("%s (index %v): Today chose %s (%s), DailyPrompt %s (%s)", d, indexed, got.Prompt.ID, got.Kind, want.Prompt.ID, want.Kind)
			}
		}
	}
}
