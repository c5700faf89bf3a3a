package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	"candor/journal/coach"
	"candor/prompts"
)

// coachJournal makes a journal holding entries added by add, with the test
// passphrase.
func coachJournal(t *testing.T, add func(j *journal.Journal)) string {
	t.Helper()
	dir := makeJournal(t, 0)
	j, err := journal.Open(dir, []byte(testPass), nil)
	if err != nil {
		t.Fatal(err)
	}
	add(j)
	j.Close()
	return dir
}

// mustAdd adds e to j or fails the test.
func mustAdd(t *testing.T, j *journal.Journal, e journal.Entry) journal.Entry {
	t.Helper()
	saved, err := j.Add(e)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

func day(y int, m time.Month, d int) journal.Date { return journal.Date{Year: y, Month: m, Day: d} }

// TestFollowUpKeepChangeDrop answers a follow-up and keeps, changes or
// drops the step: kept and changed steps become the new entry's next step,
// checked on a week later; a dropped one leaves none. The answered
// follow-up never comes back, the kept one comes back on its new day.
func TestFollowUpKeepChangeDrop(t *testing.T) {
	for _, c := range []struct {
		then, typed, want string
	}{
		{thenKeep, "", "Ask Sam what blocks the release."},
		{thenChange, "Ask Sam and Ana what blocks the release.", "Ask Sam and Ana what blocks the release."},
		{thenDrop, "", ""},
	} {
		t.Run(c.then, func(t *testing.T) {
			var step journal.Entry
			dir := coachJournal(t, func(j *journal.Journal) {
				step = mustAdd(t, j, journal.Entry{Date: day(2026, 11, 19), Body: "x", NextStep: "Ask Sam what blocks the release."})
			})
			now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local) // the check-on day, a Thursday
			u := unlockedAt(t, dir, &now, nil)
			s := u.main.today
			if s.card == nil || s.card.Kind != coach.CardFollowUp || !s.thenRow.Visible() {
				t.Fatalf("no follow-up card with keep/change/drop: %q", s.prompt.Text)
			}
			if !strings.Contains(s.open.Text, "1 open commitment (1 due)") {
				t.Fatalf("open commitments: %q", s.open.Text)
			}
			s.outcome.SetSelected("Partly")
			s.then.SetSelected(c.then)
			if c.then != thenDrop && (!s.form.commit.box.Visible() || s.form.commit.nextStep.Text != "Ask Sam what blocks the release.") {
				t.Fatalf("%s: next step field %q (shown %v)", c.then, s.form.commit.nextStep.Text, s.form.commit.box.Visible())
			}
			if c.then == thenChange && u.win.Canvas().Focused() != s.form.commit.nextStep {
				t.Fatal("Change it does not put the cursor in the next step")
			}
			if c.typed != "" {
				s.form.commit.nextStep.SetText(c.typed)
			}
			s.body.SetText("Sam was out; half of it done.")
			test.Tap(s.save)
			settle(u)
			list, _ := u.session.journal.List(journal.Query{From: journal.DateOf(now), To: journal.DateOf(now)})
			if len(list) != 1 {
				t.Fatalf("saved %d entries", len(list))
			}
			e := list[0]
			if e.Follows != step.ID || e.Outcome != journal.OutcomePartly || e.NextStep != c.want {
				t.Fatalf("saved follows %v outcome %q next step %q; want %v partly %q", e.Follows, e.Outcome, e.NextStep, step.ID, c.want)
			}
			if c.want != "" && e.CheckOn != day(2026, 12, 3) {
				t.Fatalf("check-on %v, want a week later", e.CheckOn)
			}
			if s.card != nil {
				t.Fatal("the answered follow-up came back")
			}
			// A week later the kept step comes back, quoted from the new
			// entry; the answered one never does.
			now = now.AddDate(0, 0, 7)
			s.clear()
			settle(u)
			if c.want == "" {
				if s.card != nil {
					t.Fatalf("a dropped step came back: %q", s.prompt.Text)
				}
				return
			}
			if s.card == nil || s.card.Follows != e.ID || !strings.Contains(s.prompt.Text, c.want) {
				t.Fatalf("a week later: card %+v", s.card)
			}
		})
	}
}

// TestDecisionFields records a decision with the entry's form: the fields
// fold out, the review day takes "2w", and a confidence out of range is
// refused with a message before anything is saved.
func TestDecisionFields(t *testing.T) {
	dir := makeJournal(t, 0)
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local)
	u := unlockedAt(t, dir, &now, nil)
	s := u.main.today
	f := s.form.commit
	if f.box.Visible() {
		t.Fatal("the next step and decision are not folded away at first")
	}
	test.Tap(f.toggle)
	if !f.box.Visible() {
		t.Fatal("the toggle does not show the fields")
	}
	if f.reviewOn.PlaceHolder != "Sat 26 Dec 2026" || f.checkOn.PlaceHolder != "Thu 3 Dec 2026" {
		t.Fatalf("default days shown: %q, %q", f.checkOn.PlaceHolder, f.reviewOn.PlaceHolder)
	}
	s.body.SetText("Moved Ana to the platform team.")
	test.Type(f.decision, "Ana leads the platform team; expect the backlog halved by March.")
	test.Type(f.confidence, "150")
	test.Tap(s.save)
	settle(u)
	if u.dlg.open == nil {
		t.Fatal("a confidence of 150 was not refused")
	}
	u.dlg.escape()
	if list, _ := u.session.journal.List(journal.Query{}); len(list) != 0 {
		t.Fatalf("saved despite the bad confidence: %+v", list)
	}
	f.confidence.SetText("70 %")
	f.reviewOn.SetText("2w")
	test.Tap(s.save)
	settle(u)
	list, _ := u.session.journal.List(journal.Query{})
	if len(list) != 1 {
		t.Fatalf("saved %d entries", len(list))
	}
	e := list[0]
	if e.Decision != "Ana leads the platform team; expect the backlog halved by March." || e.Confidence == nil || *e.Confidence != 70 || e.ReviewOn != day(2026, 12, 10) {
		t.Fatalf("saved decision %q confidence %v review %v", e.Decision, e.Confidence, e.ReviewOn)
	}
	if f.box.Visible() || f.decision.Text != "" {
		t.Fatal("the fields are not cleared and folded after saving")
	}
	// On the edit screen the decision is shown, unfolded.
	u.main.editEntry(e)
	ef := u.main.edit.form.commit
	if !ef.box.Visible() || ef.decision.Text != e.Decision || ef.confidence.Text != "70" || ef.reviewOn.Text != "2026-12-10" {
		t.Fatalf("edit screen: %v %q %q %q", ef.box.Visible(), ef.decision.Text, ef.confidence.Text, ef.reviewOn.Text)
	}
}

// TestOpenCommitments counts the open next steps and decisions on Today,
// lists them, and answers one ahead of its day.
func TestOpenCommitments(t *testing.T) {
	conf := 60
	var decision journal.Entry
	dir := coachJournal(t, func(j *journal.Journal) {
		mustAdd(t, j, journal.Entry{Date: day(2026, 11, 10), Body: "x", NextStep: "Write the hiring plan."})
		decision = mustAdd(t, j, journal.Entry{Date: day(2026, 11, 20), Body: "y", Decision: "Delay the launch a week.", Confidence: &conf})
	})
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local)
	u := unlockedAt(t, dir, &now, nil)
	s := u.main.today
	if !s.open.Visible() || s.open.Text != "2 open commitments (1 due)" {
		t.Fatalf("open commitments: %q visible %v", s.open.Text, s.open.Visible())
	}
	test.Tap(s.open)
	settle(u)
	if u.dlg.open == nil {
		t.Fatal("no list of open commitments")
	}
	var answers []*widget.Button
	var texts []string
	walkObjects(u.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == "Answer now" {
				answers = append(answers, v)
			}
		case *widget.Label:
			texts = append(texts, v.Text)
		}
	})
	joined := strings.Join(texts, "\n")
	if len(answers) != 2 || !strings.Contains(joined, "“Write the hiring plan.”") || !strings.Contains(joined, "comes up Sun 20 Dec") {
		t.Fatalf("list: %d buttons\n%s", len(answers), joined)
	}
	test.Tap(answers[1]) // the decision, not due yet
	settle(u)
	if s.card == nil || s.card.Kind != coach.CardDecisionReview || s.card.Follows != decision.ID || !strings.Contains(s.prompt.Text, "what would you do differently") {
		t.Fatalf("card after Answer now: %+v", s.card)
	}
	s.outcome.SetSelected("Mixed")
	s.body.SetText("Launched late; fewer bugs, one angry client.")
	test.Tap(s.save)
	settle(u)
	if s.open.Text != "1 open commitment (1 due)" {
		t.Fatalf("after answering: %q", s.open.Text)
	}
}

// TestWeeklyReviewCard checks the weekly review on Today: it lists the
// week's entries as links that open them in the Journal, quotes last
// week's next step word for word and takes its outcome, lists what came
// due, and its answer to the last question becomes next week's
// commitment.
func TestWeeklyReviewCard(t *testing.T) {
	var last journal.Entry
	var week []journal.Entry
	dir := coachJournal(t, func(j *journal.Journal) {
		last = mustAdd(t, j, journal.Entry{Date: day(2026, 11, 22), Kind: journal.KindWeeklyReview, Body: "r", NextStep: "Hold one skip-level a week."})
		for i, a := range journal.Areas {
			week = append(week, mustAdd(t, j, journal.Entry{Date: day(2026, 11, 24+i), Area: a, Rating: 3, Body: fmt.Sprint("week entry ", i),
				NextStep: map[bool]string{true: "Share the roadmap draft."}[i == 0], CheckOn: map[bool]journal.Date{true: day(2026, 11, 27)}[i == 0]}))
		}
	})
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.Local) // Monday, the day after the review day
	u := unlockedAt(t, dir, &now, nil)
	s := u.main.today
	if s.card == nil || s.card.Kind != coach.CardWeeklyReview {
		t.Fatalf("no weekly review card: %q", s.prompt.Text)
	}
	if !strings.Contains(s.prompt.Text, "Last week you wrote: “Hold one skip-level a week.” What happened?") || !s.outcome.Visible() {
		t.Fatalf("the review does not quote last week's next step: %q", s.prompt.Text)
	}
	if !strings.Contains(s.areaLabel.Text, "23–29 November") {
		t.Fatalf("label %q", s.areaLabel.Text)
	}
	var links []*widget.Button
	for _, o := range s.weekLinks.Objects {
		if b, ok := o.(*widget.Button); ok {
			links = append(links, b)
		}
	}
	if len(links) != len(week) || links[0].Text != "Tue 24" {
		t.Fatalf("week links: %d, first %q", len(links), links[0].Text)
	}
	test.Tap(links[1])
	settle(u)
	if u.main.tabs.SelectedIndex() != tabJournal || u.main.journal.selected == nil || u.main.journal.selected.ID != week[1].ID {
		t.Fatal("a week link does not open its entry in the Journal")
	}
	u.main.selectTab(tabToday)
	test.Tap(s.fillWeek)
	settle(u)
	for _, want := range []string{"3 entries on 3 days", "Next step of 24 November, due 27 November: “Share the roadmap draft.” — not answered yet.",
		"## Last week I wrote: “Hold one skip-level a week.” What happened?", "## " + reviewQuestion} {
		if !strings.Contains(s.body.Text, want) {
			t.Fatalf("review body lacks %q:\n%s", want, s.body.Text)
		}
	}
	s.outcome.SetSelected("Done")
	s.body.SetText(s.body.Text + "Book the quarterly offsite by Friday; the budget may block it.\n")
	test.Tap(s.save)
	settle(u)
	var review *journal.Entry
	list, _ := u.session.journal.List(journal.Query{From: journal.DateOf(now), To: journal.DateOf(now)})
	for i := range list {
		if list[i].Kind == journal.KindWeeklyReview {
			review = &list[i]
		}
	}
	if review == nil || review.Follows != last.ID || review.Outcome != journal.OutcomeDone || review.PromptID != "" {
		t.Fatalf("saved review: %+v", review)
	}
	if review.NextStep != "Book the quarterly offsite by Friday; the budget may block it." || review.CheckOn != day(2026, 12, 7) {
		t.Fatalf("next week's commitment: %q on %v", review.NextStep, review.CheckOn)
	}
	if s.card != nil && s.card.Kind == coach.CardWeeklyReview {
		t.Fatal("the review is still offered after it was written")
	}
}

func TestParseDue(t *testing.T) {
	d := day(2026, 11, 26)
	for _, c := range []struct {
		in      string
		want    journal.Date
		problem bool
	}{
		{"", journal.Date{}, false},
		{"10", day(2026, 12, 6), false},
		{"2w", day(2026, 12, 10), false},
		{"in 3 weeks", day(2026, 12, 17), false},
		{"5 days", day(2026, 12, 1), false},
		{"2026-12-24", day(2026, 12, 24), false},
		{"2026-11-25", journal.Date{}, true},
		{"0", journal.Date{}, true},
		{"next Tuesday", journal.Date{}, true},
	} {
		got, p := parseDue(c.in, d)
		if got != c.want || (p != "") != c.problem {
			t.Errorf("parseDue(%q) = %v, %q; want %v, problem %v", c.in, got, p, c.want, c.problem)
		}
	}
	for in, want := range map[string]int{"": 0, "0": 0, "70": 70, "70 %": 70, "100%": 100} {
		if n, ok := parseConfidence(in); !ok || n != want {
			t.Errorf("parseConfidence(%q) = %d, %v", in, n, ok)
		}
	}
	for _, in := range []string{"101", "-1", "most"} {
		if _, ok := parseConfidence(in); ok {
			t.Errorf("parseConfidence(%q) accepted", in)
		}
	}
}

func TestReviewNextStep(t *testing.T) {
	q := "## " + reviewQuestion + "\n"
	for _, c := range []struct{ body, want string }{
		{"", ""},
		{q, ""},
		{q + "\n", ""},
		{q + "\nCall Ana by Tuesday.\n", "Call Ana by Tuesday."},
		{q + "\n- Call Ana\n  by Tuesday.\n\nMore thoughts.", "Call Ana by Tuesday."},
		{q + "\n## Notes\nnot this", ""},
		{"## Other\nnot this\n", ""},
		{q + "\n" + strings.Repeat("word ", journal.MaxStepRunes/4), strings.TrimSpace(strings.Repeat("word ", journal.MaxStepRunes/4))[:journal.MaxStepRunes]},
	} {
		if got := reviewNextStep(c.body); got != c.want {
			t.Errorf("reviewNextStep(%q) = %q, want %q", c.body, got, c.want)
		}
	}
}

// TestTodayFollowsWorkDaysAndFocus checks that Today's prompt is the one
// the daily choice makes with the work days and the focus set in Settings,
// on each day of a fortnight: a focus trait on at least 4 days of 7, no
// work-day prompt on a day off.
func TestTodayFollowsWorkDaysAndFocus(t *testing.T) {
	dir := makeJournal(t, 0)
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local)
	u := unlockedAt(t, dir, &now, nil)
	s := u.main.today
	setWorkDays(u.prefs, []time.Weekday{time.Monday, time.Tuesday, time.Wednesday})
	setFocus(u.prefs, "feedback-humility", journal.DateOf(now).AddDays(-6)) // the week looked at below
	u.main.reloadTodayPrompt()                                              // as Settings does after a change
	settle(u)
	opts := coachOptions(u.prefs)
	if opts.Prompts.Focus != "feedback-humility" || len(opts.Prompts.WorkDays) != 3 {
		t.Fatalf("options: %+v", opts.Prompts)
	}
	focused := 0
	for i := 0; i < 7; i++ {
		d := journal.DateOf(now).AddDays(-i)
		s.dateCtl.choose(d)
		settle(u)
		want, err := coach.DailyPrompt(u.session.journal, d, 0, opts.Prompts)
		if err != nil {
			t.Fatal(err)
		}
		if s.card == nil && s.choice.Prompt.ID != want.Prompt.ID {
			t.Fatalf("%s: Today shows %s, the choice with the settings is %s", d, s.choice.Prompt.ID, want.Prompt.ID)
		}
		if want.Prompt.Trait == "feedback-humility" {
			focused++
		}
		if want.Prompt.WorkdayOnly && !opts.Prompts.IsWorkDay(prompts.DayOf(d.Time(time.UTC))) {
			t.Fatalf("%s: a work-day prompt on a day off", d)
		}
	}
	if focused < 4 {
		t.Fatalf("the focus trait came on %d of 7 days", focused)
	}
}

// TestGoldenCoach pins the coaching cards at 800×600 in both themes: a
// follow-up answered "Partly" and kept, with the next-step fields open, and
// the weekly review with the week's links and last week's step quoted.
func TestGoldenCoach(t *testing.T) {
	for _, th := range []string{themeLight, themeDark} {
		t.Run(th, func(t *testing.T) {
			u := goldenApp(t, th, func(j *journal.Journal) {
				mustAdd(t, j, journal.Entry{Date: day(2026, 11, 21), Kind: journal.KindWeeklyReview, Body: "r", NextStep: "Hold one skip-level a week."})
				mustAdd(t, j, journal.Entry{Date: day(2026, 11, 20), Body: "x", NextStep: "Ask Sam what blocks the release.", CheckOn: day(2026, 11, 27)})
			})
			u.unlock.pass.SetText(testPass)
			u.unlock.onUnlock()
			settle(u)
			u.win.Resize(fyne.NewSize(800, 600))
			s := u.main.today
			if s.card == nil || s.card.Kind != coach.CardFollowUp {
				t.Fatalf("no follow-up card: %q", s.prompt.Text)
			}
			s.outcome.SetSelected("Partly")
			s.then.SetSelected(thenKeep)
			settle(u)
			c := u.win.Canvas()
			test.AssertImageMatches(t, "coach_followup_"+th+".png", c.Capture())

			// The weekly review, with Friday as the review day.
			s.then.SetSelected(thenDrop)
			s.form.clear()
			u.prefs.SetString(prefReview, "Friday")
			u.main.reloadTodayPrompt()
			settle(u)
			if s.card == nil || s.card.Kind != coach.CardWeeklyReview {
				t.Fatalf("no weekly review card: %q", s.prompt.Text)
			}
			test.AssertImageMatches(t, "coach_review_"+th+".png", c.Capture())
		})
	}
}

// TestDraftComesBackWithTheCaretAtItsEnd saves a draft, locks, unlocks:
// the caret is after the draft's last character, where writing goes on.
func TestDraftComesBackWithTheCaretAtItsEnd(t *testing.T) {
	dir := makeJournal(t, 0)
	j, err := journal.Open(dir, []byte(testPass), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.SaveDraft(journal.Entry{Date: day(2026, 11, 26), Body: "First line.\nSecond line goes on"}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local)
	u := unlockedAt(t, dir, &now, nil)
	b := u.main.today.body
	if b.Text != "First line.\nSecond line goes on" || b.CursorRow != 1 || b.CursorColumn != len("Second line goes on") {
		t.Fatalf("draft %q, caret at %d:%d", b.Text, b.CursorRow, b.CursorColumn)
	}
	if b.SelectedText() != "" {
		t.Fatalf("selected %q", b.SelectedText())
	}
}

// TestWeeklyReviewOfAnEmptyWeek checks that a review of a week without
// entries says so in words, with no links.
func TestWeeklyReviewOfAnEmptyWeek(t *testing.T) {
	dir := coachJournal(t, func(j *journal.Journal) {
		mustAdd(t, j, journal.Entry{Date: day(2026, 11, 15), Body: "an entry two weeks ago"})
	})
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.Local)
	u := unlockedAt(t, dir, &now, nil)
	s := u.main.today
	if s.card == nil || s.card.Kind != coach.CardWeeklyReview {
		t.Fatalf("no weekly review card: %q", s.prompt.Text)
	}
	var texts []string
	for _, o := range s.weekLinks.Objects {
		switch w := o.(type) {
		case *widget.Label:
			texts = append(texts, w.Text)
		case *widget.Button:
			t.Fatalf("a link in an empty week: %q", w.Text)
		}
	}
	if len(texts) != 1 || texts[0] != "You wrote no entry that week." {
		t.Fatalf("week links say %q", texts)
	}
}
