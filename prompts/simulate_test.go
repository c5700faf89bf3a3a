package prompts

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// simUser decides, for one day, what a simulated user does with the prompts
// of that day: the skip they settle on and the entry they write (ok false
// when they write nothing).
type simUser struct {
	name string
	act  func(day Day, ask func(skip int) Choice) (skip int, e Event, ok bool)
}

// answer writes the prompt offered at skip 0 with a rating.
func answer(rating func(area string) int) func(Day, func(int) Choice) (int, Event, bool) {
	return func(d Day, ask func(int) Choice) (int, Event, bool) {
		c := ask(0)
		return 0, Event{Day: d, Area: c.Prompt.Area, Rating: rating(c.Prompt.Area), PromptID: c.Prompt.ID}, true
	}
}

// simUsers are the four users of the review of issue 14.
var simUsers = []simUser{
	{"no entries", func(Day, func(int) Choice) (int, Event, bool) { return 0, Event{}, false }},
	{"daily writer", answer(func(string) int { return 4 })},
	{"low ratings in motivation", answer(func(a string) int {
		if a == AreaMotivation {
			return 1
		}
		return 4
	})},
	{"avoids vision", func(d Day, ask func(int) Choice) (int, Event, bool) {
		for skip := 0; skip < 10; skip++ {
			if c := ask(skip); c.Prompt.Area != AreaVision {
				return skip, Event{Day: d, Area: c.Prompt.Area, Rating: 4, PromptID: c.Prompt.ID}, true
			}
		}
		return 0, Event{}, false
	}},
}

// simDay is what the simulation records for one day.
type simDay struct {
	day    Day
	first  Choice // the prompt of the day (skip 0)
	taken  Choice // the prompt the user settled on
	others []Choice
}

// simulate runs u for n days from start with opts and returns each day.
func simulate(u simUser, n int, opts Options) []simDay {
	lib := Builtin()
	var hist []Event
	out := make([]simDay, 0, n)
	for i := 0; i < n; i++ {
		d := start + Day(i)
		var window []Event
		for _, e := range hist {
			if e.Day >= d-HistoryDays {
				window = append(window, e)
			}
		}
		asked := map[int]Choice{}
		ask := func(skip int) Choice {
			if c, ok := asked[skip]; ok {
				return c
			}
			c := ChooseWith(lib, d, window, skip, opts)
			asked[skip] = c
			return c
		}
		sd := simDay{day: d, first: ask(0)}
		skip, e, ok := u.act(d, ask)
		sd.taken = ask(skip)
		for k := 1; k <= 3; k++ {
			sd.others = append(sd.others, ask(k))
		}
		if ok {
			hist = append(hist, e)
		}
		out = append(out, sd)
	}
	return out
}

// mechanismWords are what the reason of each mechanism must say.
var mechanismWords = map[string]string{
	MechRotation:      "rotates through the three areas",
	MechBalance:       "of your last",
	MechNeglect:       "You have not written about",
	MechLowRating:     "average",
	MechFallingRating: "fell from",
	MechCheckIn:       "instead of repeating it",
	MechFocus:         "focus",
	MechAnother:       "Another question on",
}

// maxReasonRunes keeps a reason on one line of Today's card at 800×600.
const maxReasonRunes = 120

// checkReason checks that c's reason states the mechanism that chose it.
func checkReason(t *testing.T, who string, c Choice) {
	t.Helper()
	words, ok := mechanismWords[c.Mechanism]
	if !ok {
		t.Fatalf("%s %s: unknown mechanism %q", who, c.Day, c.Mechanism)
	}
	if !strings.Contains(c.Reason, words) {
		t.Fatalf("%s %s: mechanism %s but reason %q", who, c.Day, c.Mechanism, c.Reason)
	}
	if n := len([]rune(c.Reason)); n > maxReasonRunes {
		t.Fatalf("%s %s: the reason %q is %d characters, more than one line", who, c.Day, c.Reason, n)
	}
	if c.Mechanism != MechAnother && c.Mechanism != MechFocus && !strings.Contains(strings.ToLower(c.Reason), c.Prompt.Area) {
		t.Fatalf("%s %s: reason %q does not name the area %s", who, c.Day, c.Reason, c.Prompt.Area)
	}
	if c.Mechanism == MechRotation && c.Prompt.Area != rotationArea(c.Day) {
		t.Fatalf("%s %s: reason says rotation, but %s is not the rotation's area (%s)", who, c.Day, c.Prompt.Area, rotationArea(c.Day))
	}
	if (c.Mechanism == MechCheckIn) != (c.Kind == KindCheckInChoice) || (c.Kind == KindCheckInChoice) != (c.Prompt.Kind == KindCheckIn) {
		t.Fatalf("%s %s: mechanism %s, kind %q, prompt kind %q", who, c.Day, c.Mechanism, c.Kind, c.Prompt.Kind)
	}
	if c.Trait != "" {
		name := Builtin().Traits[0].Name
		if tr, ok := Builtin().Trait(c.Trait); ok {
			name = tr.Name
		}
		if c.Prompt.Trait != c.Trait || !strings.Contains(c.Reason, name) {
			t.Fatalf("%s %s: aimed at %s but prompt %s (%s), reason %q", who, c.Day, c.Trait, c.Prompt.ID, c.Prompt.Trait, c.Reason)
		}
	}
	if (c.Mechanism == MechLowRating || c.Mechanism == MechFallingRating) && c.Trait == "" {
		t.Fatalf("%s %s: a rating chose %s but aimed at no trait: %q", who, c.Day, c.Prompt.ID, c.Reason)
	}
}

// TestSimulatedYear runs the four users of the review over 400 days.
func TestSimulatedYear(t *testing.T) {
	const days = 400
	mechs := map[string]map[string]int{}
	for _, u := range simUsers {
		sim := simulate(u, days, Options{})
		mechs[u.name] = map[string]int{}
		for i, sd := range sim {
			who := u.name
			mechs[who][sd.first.Mechanism]++
			if i > 0 && sd.first.Prompt.ID == sim[i-1].first.Prompt.ID {
				t.Fatalf("%s: %s is the prompt on %s and %s", who, sd.first.Prompt.ID, sim[i-1].day, sd.day)
			}
			wd := sd.day.Time().Weekday()
			for _, c := range append([]Choice{sd.first}, sd.others...) {
				if c.Prompt.WorkdayOnly && (wd == time.Saturday || wd == time.Sunday) {
					t.Fatalf("%s: workday-only %s offered on %s, a %s", who, c.Prompt.ID, sd.day, wd)
				}
				checkReason(t, who, c)
			}
		}
	}
	// Every user meets the mechanisms their behaviour calls for.
	for who, want := range map[string][]string{
		"no entries":                {MechRotation},
		"daily writer":              {MechRotation},
		"low ratings in motivation": {MechRotation, MechLowRating},
		"avoids vision":             {MechRotation, MechCheckIn},
	} {
		for _, m := range want {
			if mechs[who][m] == 0 {
				t.Errorf("%s: no day chosen by %s (%v)", who, m, mechs[who])
			}
		}
	}
	for who, m := range mechs {
		if who != "avoids vision" && m[MechCheckIn] > 0 {
			t.Errorf("%s got %d check-ins without avoiding anything", who, m[MechCheckIn])
		}
		if who == "no entries" && len(m) != 1 {
			t.Errorf("an empty journal was chosen by more than the rotation: %v", m)
		}
	}
	t.Logf("mechanisms: %v", mechs)
}

// TestAvoiderGetsACheckIn: a user who skips every vision prompt gets a
// check-in within three weeks, and afterwards vision is never again pushed
// on most days.
func TestAvoiderGetsACheckIn(t *testing.T) {
	sim := simulate(simUsers[3], 400, Options{})
	first := -1
	var checkIns []int
	for i, sd := range sim {
		if sd.first.Kind == KindCheckInChoice {
			if sd.first.Prompt.Area != AreaVision {
				t.Fatalf("%s: check-in about %s, which the user never avoided", sd.day, sd.first.Prompt.Area)
			}
			if first < 0 {
				first = i
			}
			checkIns = append(checkIns, i)
		}
	}
	if first < 0 || first > 21 {
		t.Fatalf("the first check-in came on day %d, want within 21 days", first)
	}
	// Check-ins come back while the avoidance lasts, but not often.
	for k := 1; k < len(checkIns); k++ {
		if gap := checkIns[k] - checkIns[k-1]; gap < 7 {
			t.Errorf("check-ins on days %d and %d: too close", checkIns[k-1], checkIns[k])
		}
	}
	if len(checkIns) < 2 {
		t.Errorf("only %d check-in in 400 days of avoidance", len(checkIns))
	}
	// Before the check-in the area was pushed (that is what makes it
	// avoided "despite prompts"); afterwards its share is ordinary.
	worst, total := 0, 0
	for i := first + 1; i < len(sim); i++ {
		if sim[i].first.Prompt.Area == AreaVision {
			total++
		}
		if i+7 > len(sim) {
			continue
		}
		n := 0
		for _, sd := range sim[i : i+7] {
			if sd.first.Prompt.Area == AreaVision {
				n++
			}
		}
		worst = max(worst, n)
	}
	if worst > 4 {
		t.Errorf("after the check-in vision was the prompt on %d of 7 days", worst)
	}
	if share := float64(total) / float64(len(sim)-first-1); share > 0.45 {
		t.Errorf("after the check-in vision was the prompt on %.0f%% of days", share*100)
	}
	t.Logf("first check-in day %d, %d check-ins, vision at most %d of 7 days afterwards, %d of %d days", first, len(checkIns), worst, total, len(sim)-first-1)
}

// TestLowRatingsAimAtATrait: the user rating motivation 1 gets motivation
// more often than the daily writer, aimed at its traits.
func TestLowRatingsAimAtATrait(t *testing.T) {
	count := func(sim []simDay) (area, aimed int) {
		for _, sd := range sim {
			if sd.first.Prompt.Area == AreaMotivation {
				area++
				if sd.first.Trait != "" {
					aimed++
				}
			}
		}
		return
	}
	base, _ := count(simulate(simUsers[1], 200, Options{}))
	low, aimed := count(simulate(simUsers[2], 200, Options{}))
	if low < base+20 {
		t.Errorf("motivation rated 1 came up on %d of 200 days, rated 4 on %d: want clearly more", low, base)
	}
	if aimed < 20 {
		t.Errorf("only %d motivation prompts were aimed at a trait", aimed)
	}
}

// TestFocusGetsFourDaysOfSeven: a focus of two weeks gets at least 4 of any
// 7 days of it, for a trait of one area and for the cross-area trait, on an
// empty journal and for a daily writer.
func TestFocusGetsFourDaysOfSeven(t *testing.T) {
	for _, trait := range []string{"well-being-pace", "expectations-autonomy", "reverse-course", TraitLeadOrManage} {
		for _, u := range simUsers[:4] {
			from := start + 30
			opts := Options{Focus: trait, FocusFrom: from, FocusUntil: from + FocusDays - 1}
			sim := simulate(u, 60, opts)
			for i := 30; i+7 <= 30+FocusDays; i++ {
				n := 0
				for _, sd := range sim[i : i+7] {
					if sd.first.Prompt.Trait == trait {
						n++
					}
				}
				if n < 4 {
					t.Fatalf("%s, focus %s: %d of the 7 days from %s", u.name, trait, n, sim[i].day)
				}
			}
			for _, sd := range sim[30+FocusDays:] {
				if sd.first.Mechanism == MechFocus {
					t.Fatalf("%s: focus still chosen on %s after it ended", u.name, sd.day)
				}
			}
		}
	}
	// An unknown trait is ignored, not an error.
	c := ChooseWith(Builtin(), start, nil, 0, Options{Focus: "nope", FocusFrom: start, FocusUntil: start + 14})
	if c.Mechanism != MechRotation {
		t.Errorf("an unknown focus changed the choice: %+v", c)
	}
}

// TestWorkDaysOption: with a Sunday-to-Thursday week, workday-only prompts
// come on Sundays but never on Fridays or Saturdays.
func TestWorkDaysOption(t *testing.T) {
	opts := Options{WorkDays: []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday}}
	byDay := map[time.Weekday]int{}
	for i := 0; i < 28; i++ {
		d := start + Day(i)
		for skip := 0; skip < 40; skip++ {
			if c := ChooseWith(Builtin(), d, nil, skip, opts); c.Prompt.WorkdayOnly {
				byDay[d.Time().Weekday()]++
			}
		}
	}
	if byDay[time.Friday]+byDay[time.Saturday] > 0 || byDay[time.Sunday] == 0 {
		t.Errorf("workday-only prompts by weekday: %v", byDay)
	}
}

func ExampleChooseWith() {
	d := DayOf(time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)) // a Saturday
	c := ChooseWith(Builtin(), d, nil, 0, Options{})
	fmt.Println(c.Kind, c.Mechanism, c.Prompt.WorkdayOnly)
	// Output: daily rotation false
}
