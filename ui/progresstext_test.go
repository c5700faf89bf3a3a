package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"candor/journal"
	"candor/journal/stats"
	"candor/prompts"
)

// rated makes period statistics with entries and the average rating of
// each area given (vision, motivation, problem-solving; 0 for none).
func rated(entries int, vision, motivation, problemSolving float64) stats.Stats {
	st := stats.Stats{Entries: entries, Areas: map[journal.Area]*stats.AreaStats{}}
	for i, r := range []float64{vision, motivation, problemSolving} {
		n := 0
		if r > 0 {
			n = 1
		}
		st.Areas[journal.Areas[i]] = &stats.AreaStats{Entries: n, AvgRating: r}
	}
	return st
}

func TestStrongestChange(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cur, prev stats.Stats
		want      string
	}{
		{"a rating rise", rated(5, 3, 4, 0), rated(5, 3.1, 3.1, 0),
			"your biggest change: Motivation rose to 4.0 on average, from 3.1 in the 4 weeks before"},
		{"the largest rating change, falling", rated(5, 2.5, 3.5, 0), rated(5, 3.4, 3.1, 0),
			"your biggest change: Vision fell to 2.5 on average, from 3.4 in the 4 weeks before"},
		{"a rating change beats more entries", rated(20, 3.3, 0, 0), rated(4, 3, 0, 0),
			"your biggest change: Vision rose to 3.3 on average, from 3.0 in the 4 weeks before"},
		{"small rating changes fall back to entries", rated(12, 3.2, 0, 0), rated(5, 3, 0, 0),
			"your biggest change: you wrote 12 entries, against 5 in the 4 weeks before"},
		{"an area rated in one period only is no change", rated(5, 0, 0, 4), rated(4, 0, 2, 0),
			"little changed from the 4 weeks before"},
		{"fewer entries", rated(3, 0, 0, 0), rated(9, 0, 0, 0),
			"your biggest change: you wrote 3 entries, against 9 in the 4 weeks before"},
		{"entries after none", rated(1, 0, 0, 0), rated(0, 0, 0, 0),
			"little changed from the 4 weeks before"},
		{"two entries after none", rated(2, 0, 0, 0), rated(0, 0, 0, 0),
			"your biggest change: you wrote 2 entries, against none in the 4 weeks before"},
		{"5 against 4 is noise", rated(5, 0, 0, 0), rated(4, 0, 0, 0),
			"little changed from the 4 weeks before"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := strongestChange(tc.cur, tc.prev)
			if got := changeClause(c, ok, periodBefore(28)); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// testTraits is a small library of traits, in library order.
var testTraits = []prompts.Trait{
	{ID: "set-direction", Area: "vision", Name: "Setting the direction"},
	{ID: "inspire", Area: "motivation", Name: "Inspiring people"},
	{ID: "courage", Area: "problem-solving", Name: "Courage"},
	{ID: "lead-or-manage", Area: "", Name: "Leading or managing?"},
	{ID: prompts.TraitCheckIn, Area: "", Name: "Checking in"},
}

func TestNeglectedTrait(t *testing.T) {
	st := rated(10, 3, 3, 3)
	st.Areas[journal.AreaVision].Entries = 5
	st.Areas[journal.AreaMotivation].Entries = 1
	st.Areas[journal.AreaProblemSolving].Entries = 3
	for _, tc := range []struct {
		name   string
		counts map[string]int
		want   string
	}{
		{"the fewest entries", map[string]int{"set-direction": 2, "inspire": 1, "courage": 3, "lead-or-manage": 2},
			"the trait you practised least is “Inspiring people”, with only 1 entry"},
		{"ties go to the area written least", map[string]int{"set-direction": 2},
			"the trait you practised least is “Inspiring people”, with no entries"},
		{"a trait of every area loses ties", map[string]int{"set-direction": 1, "inspire": 1, "courage": 1},
			"the trait you practised least is “Leading or managing?”, with no entries"},
		{"check-ins and own prompts are not traits to practise", map[string]int{"set-direction": 1, "inspire": 1, "courage": 1, "lead-or-manage": 1, prompts.TraitOwn: 4},
			"you practised every trait about as often"},
		{"nothing practised", map[string]int{prompts.TraitCheckIn: 2, prompts.TraitOwn: 1},
			"no entry answered a coaching prompt, so no trait has been practised yet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := neglectedClause(tc.counts, testTraits, st); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestSummarySentence(t *testing.T) {
	cur := rated(8, 3, 4, 0)
	cur.Traits = map[string]int{"set-direction": 3, "inspire": 2, "lead-or-manage": 1}
	for _, tc := range []struct {
		name    string
		cur     stats.Stats
		compare bool
		want    string
	}{
		{"nothing written", rated(0, 0, 0, 0), true,
			"Nothing written in this period yet: the entries you write on Today will show here."},
		{"a change and a neglected trait", cur, true,
			"Your biggest change: Motivation rose to 4.0 on average, from 2.0 in the quarter before; the trait you practised least is “Courage”, with no entries."},
		{"the whole journal", cur, false,
			"Over your whole journal, the trait you practised least is “Courage”, with no entries."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := summarySentence(tc.cur, rated(8, 3, 2, 0), tc.compare, periodBefore(91), testTraits)
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestTraitsNote(t *testing.T) {
	for _, tc := range []struct {
		counts map[string]int
		want   string
	}{
		{map[string]int{}, "No entry in this period answered a coaching prompt. Answer Today's prompt and its trait counts here."},
		{map[string]int{"inspire": 2, prompts.TraitCheckIn: 1}, "You practised 1 of the 4 traits in this period; 3 not yet."},
		{map[string]int{"set-direction": 1, "inspire": 2, "courage": 1, "lead-or-manage": 1}, "You practised all 4 traits in this period."},
	} {
		if got := traitsNote(tc.counts, testTraits); got != tc.want {
			t.Errorf("%v: got %q, want %q", tc.counts, got, tc.want)
		}
	}
}

func TestTraitRowsMarkTheUntouched(t *testing.T) {
	rows := traitRows(map[string]int{"set-direction": 3, prompts.TraitOwn: 1}, testTraits)
	var got []string
	for _, r := range rows {
		if r.Heading {
			got = append(got, "# "+r.Name)
		} else {
			got = append(got, r.Name+": "+r.Note)
		}
	}
	want := []string{"# Vision", "Setting the direction: 3 entries", "# Motivation", "Inspiring people: not yet practised",
		"# Problem-solving", "Courage: not yet practised", "# Across the areas", "Leading or managing?: not yet practised",
		"Your own prompts: 1 entry"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !rows[3].Empty || rows[1].Empty || rows[1].Value != 3 || rows[1].Max != 3 {
		t.Errorf("bars: %+v %+v", rows[1], rows[3])
	}
}

func TestFollowThroughText(t *testing.T) {
	for _, tc := range []struct {
		f    stats.FollowThrough
		want string
	}{
		{stats.FollowThrough{}, "No next step came due in this period. End an entry with a next step and a day to check on it, and this shows how often you follow through."},
		{stats.FollowThrough{Due: 1, Done: 1}, "One next step came due, and you did it."},
		{stats.FollowThrough{Due: 1, Partly: 1}, "One next step came due, and you did it partly."},
		{stats.FollowThrough{Due: 1, Not: 1}, "One next step came due, and you did not do it."},
		{stats.FollowThrough{Due: 1, Open: 1}, "One next step came due; you have not said yet what became of it."},
		{stats.FollowThrough{Due: 8, Done: 5, Partly: 2, Not: 1}, "You did 5 of the 8 next steps that came due (63%): 2 partly and 1 not."},
		{stats.FollowThrough{Due: 3, Done: 3}, "You did 3 of the 3 next steps that came due (100%)."},
		{stats.FollowThrough{Due: 6, Done: 3, Partly: 1, Not: 1, Open: 1}, "You did 3 of the 6 next steps that came due (50%): 1 partly, 1 not and 1 still unanswered."},
	} {
		if got := followThroughText(tc.f); got != tc.want {
			t.Errorf("%+v:\ngot  %q\nwant %q", tc.f, got, tc.want)
		}
	}
}

func TestDecisionsAndCalibrationText(t *testing.T) {
	band := func(name string, reviewed, right int) stats.Band {
		return stats.Band{Band: name, Reviewed: reviewed, Right: right}
	}
	for _, tc := range []struct {
		name              string
		d                 stats.Decisions
		want, calibration string
	}{
		{"none", stats.Decisions{},
			"No decision recorded in this period. Record a decision with how sure you are, review it later, and this shows how well your confidence matches the outcomes.",
			"How well your confidence matches the outcomes shows once 5 reviewed decisions had a confidence. There are none yet, so review 5 more."},
		{"none reviewed", stats.Decisions{Made: 1},
			"You recorded 1 decision; none has been reviewed yet.",
			"How well your confidence matches the outcomes shows once 5 reviewed decisions had a confidence. There are none yet, so review 5 more."},
		{"too few reviews", stats.Decisions{Made: 4, Reviewed: 3, Right: 2, Mixed: 1, Calibration: []stats.Band{band("70-79", 1, 1)}},
			"You recorded 4 decisions and reviewed 3: 2 right, 0 wrong, 1 mixed.",
			"How well your confidence matches the outcomes shows once 5 reviewed decisions had a confidence. There is 1, so review 4 more."},
		{"four of five", stats.Decisions{Made: 4, Reviewed: 4, Right: 4, Calibration: []stats.Band{band("70-79", 2, 2), band("90-100", 2, 2)}},
			"You recorded 4 decisions and reviewed 4: 4 right, 0 wrong, 0 mixed.",
			"How well your confidence matches the outcomes shows once 5 reviewed decisions had a confidence. There are 4, so review 1 more."},
		{"overconfident", stats.Decisions{Made: 7, Reviewed: 6, Right: 4, Wrong: 1, Mixed: 1,
			Calibration: []stats.Band{band("50-59", 1, 0), band("70-79", 2, 1), band("80-89", 1, 1), band("90-100", 2, 2)}},
			"You recorded 7 decisions and reviewed 6: 4 right, 1 wrong, 1 mixed.",
			"You were right in 67% of 6 reviewed decisions, made 80% sure on average: less often than you expected, so your confidence runs high."},
		{"underconfident", stats.Decisions{Made: 5, Reviewed: 5, Right: 5, Calibration: []stats.Band{band("50-59", 3, 3), band("60-69", 2, 2)}},
			"You recorded 5 decisions and reviewed 5: 5 right, 0 wrong, 0 mixed.",
			"You were right in 100% of 5 reviewed decisions, made 59% sure on average: more often than you expected, so you can trust your judgement more."},
		{"calibrated", stats.Decisions{Made: 5, Reviewed: 5, Right: 4, Wrong: 1, Calibration: []stats.Band{band("80-89", 5, 4)}},
			"You recorded 5 decisions and reviewed 5: 4 right, 1 wrong, 0 mixed.",
			"You were right in 80% of 5 reviewed decisions, made 85% sure on average: about as often as you expected."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := decisionsText(tc.d); got != tc.want {
				t.Errorf("decisions:\ngot  %q\nwant %q", got, tc.want)
			}
			if got := calibrationText(tc.d); got != tc.calibration {
				t.Errorf("calibration:\ngot  %q\nwant %q", got, tc.calibration)
			}
		})
	}
	if got := bandLabel("90-100"); got != "90–100% sure" {
		t.Errorf("band label %q", got)
	}
	if got := bandNote(band("70-79", 4, 3)); got != "3 of 4 right (75%)" {
		t.Errorf("band note %q", got)
	}
}

func TestBalanceText(t *testing.T) {
	for _, tc := range []struct {
		r    stats.Roles
		want string
	}{
		{stats.Roles{}, "No entry says yet whether you led or managed: mark it when you write (Leading or Managing) to see the balance."},
		{stats.Roles{Leader: 2, Manager: 1}, "You marked 3 moments: 2 leading (67%) and 1 managing (33%), a mix of both."},
		{stats.Roles{Leader: 1}, "You marked 1 moment: 1 leading (100%) and 0 managing (0%), mostly setting direction. Check that the planning and follow-up are not slipping."},
		{stats.Roles{Leader: 1, Manager: 7}, "You marked 8 moments: 1 leading (13%) and 7 managing (87%), mostly keeping the work running. Look for a moment to step back and set direction."},
	} {
		if got := tc.r.Reading(); got != tc.want {
			t.Errorf("%+v:\ngot  %q\nwant %q", tc.r, got, tc.want)
		}
	}
}

func TestFitText(t *testing.T) {
	test.NewTempApp(t)
	size := theme.TextSize()
	long := "Listening, mentoring and caring about others' success"
	full := fyne.MeasureText(long, size, fyne.TextStyle{}).Width
	if got := fitText(long, size, fyne.TextStyle{}, full); got != long {
		t.Errorf("a text that fits was cut: %q", got)
	}
	got := fitText(long, size, fyne.TextStyle{}, full/2)
	if !strings.HasSuffix(got, "…") || fyne.MeasureText(got, size, fyne.TextStyle{}).Width > full/2 || len(got) < len(long)/3 {
		t.Errorf("cut to half: %q", got)
	}
}
