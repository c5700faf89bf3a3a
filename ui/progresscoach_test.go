package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
	"candor/journal/stats"
	"candor/prompts"
)

// progressJournal makes a journal for the coaching figures of the Progress
// screen, as seen on goldenNow. In the 4 weeks up to then: eight entries
// answer prompts of five traits (Motivation rated 4, against 2 in the 4
// weeks before), six next steps came due (3 done, 1 partly, 1 not, 1 open)
// and seven decisions were made, six reviewed with a confidence.
func progressJournal(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "journal")
	j, err := journal.Init(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	today := journal.DateOf(goldenNow)
	day := func(ago int) journal.Date { return today.AddDays(-ago) }
	add := func(e journal.Entry) journal.Entry {
		t.Helper()
		if e.Body == "" {
			e.Body = "Written for the coaching figures."
		}
		got, err := j.Add(e)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	// The 4 weeks before.
	add(journal.Entry{Date: day(40), Area: journal.AreaMotivation, Rating: 2})
	add(journal.Entry{Date: day(35), Area: journal.AreaMotivation, Rating: 2})

	// Entries per trait: the first prompt of each trait.
	promptOf := map[string]prompts.Prompt{}
	for _, p := range prompts.Builtin().Prompts {
		if _, ok := promptOf[p.Trait]; !ok && !p.Retired && p.Kind == "" {
			promptOf[p.Trait] = p
		}
	}
	ratingOf := map[journal.Area]int{journal.AreaVision: 3, journal.AreaMotivation: 4, journal.AreaProblemSolving: 3}
	for i, trait := range []string{"set-direction", "set-direction", "set-direction", "inspire", "inspire", "listen-mentor", "courage", "lead-or-manage"} {
		p := promptOf[trait]
		role := journal.RoleLeader
		if i%3 == 2 {
			role = journal.RoleManager
		}
		a := journal.Area(p.Area)
		add(journal.Entry{Date: day(24 - 2*i), Area: a, Rating: ratingOf[a], Role: role, PromptID: p.ID, Prompt: p.Text})
	}

	// Next steps that came due, and what became of them.
	for i, o := range []journal.Outcome{journal.OutcomeDone, journal.OutcomeDone, journal.OutcomeDone, journal.OutcomePartly, journal.OutcomeNot, journal.OutcomeNone} {
		step := add(journal.Entry{Date: day(20 - i), NextStep: fmt.Sprintf("Step %d", i+1), CheckOn: day(10 - i)})
		if o != journal.OutcomeNone {
			add(journal.Entry{Date: day(4), Follows: step.ID, Outcome: o})
		}
	}

	// Decisions with a confidence, and how they turned out.
	for i, d := range []struct {
		confidence int
		outcome    journal.Outcome
	}{{90, journal.OutcomeRight}, {95, journal.OutcomeRight}, {70, journal.OutcomeRight}, {75, journal.OutcomeWrong},
		{50, journal.OutcomeMixed}, {85, journal.OutcomeRight}, {60, journal.OutcomeNone}} {
		c := d.confidence
		dec := add(journal.Entry{Date: day(26 - i), Decision: fmt.Sprintf("Decision %d", i+1), Confidence: &c, ReviewOn: day(12)})
		if d.outcome != journal.OutcomeNone {
			add(journal.Entry{Date: day(3), Follows: dec.ID, Outcome: d.outcome})
		}
	}
	return dir
}

// onCoachProgress opens the coaching journal on the Progress screen, in
// theme th, in a window of size.
func onCoachProgress(t *testing.T, th string, size fyne.Size) *App {
	t.Helper()
	now := goldenNow
	u := unlockedAt(t, progressJournal(t), &now, func(p fyne.Preferences) { p.SetString(prefTheme, th) })
	u.win.Resize(size)
	u.main.selectTab(tabProgress)
	settle(u)
	return u
}

// barTexts are the texts drawn by the bar rows, one row a line: name,
// then note.
func barTexts(b *barRows) string {
	var lines []string
	var line []string
	walkObjects(b, func(o fyne.CanvasObject) {
		if t, ok := o.(*canvas.Text); ok {
			line = append(line, t.Text)
			if len(line) == 2 || t.TextStyle.Bold {
				lines = append(lines, strings.Join(line, ": "))
				line = nil
			}
		}
	})
	return strings.Join(lines, "\n")
}

func TestProgressCoachingFigures(t *testing.T) {
	u := onCoachProgress(t, themeLight, fyne.NewSize(800, 600))
	p := u.main.progress
	want := "Your biggest change: Motivation rose to 4.0 on average, from 2.0 in the 4 weeks before; " +
		"the trait you practised least is “Analysing failures so they are not repeated”, with no entries."
	if p.summary.Text != want {
		t.Errorf("summary:\ngot  %q\nwant %q", p.summary.Text, want)
	}

	c := p.coach
	if want := "You practised 5 of the 17 traits in this period; 12 not yet."; c.traitsNote.Text != want {
		t.Errorf("traits note %q, want %q", c.traitsNote.Text, want)
	}
	rows := barTexts(c.traits) + "\n"
	for _, want := range []string{
		"Vision", "Setting the direction and communicating it: 3 entries",
		"Driving change and questioning habits: " + notPractised,
		"Inspiring people and bringing out their best: 2 entries",
		"Courage to say and sit with hard things: 1 entry",
		"Across the areas", "Leading or managing?: 1 entry",
	} {
		if !strings.Contains(rows, want+"\n") {
			t.Errorf("the trait rows lack %q:\n%s", want, rows)
		}
	}
	if strings.Contains(rows, "Checking in") {
		t.Errorf("check-ins are listed as a trait to practise:\n%s", rows)
	}
	if n := strings.Count(rows, notPractised); n != 12 {
		t.Errorf("%d traits marked %q, want 12", n, notPractised)
	}

	if want := "You did 3 of the 6 next steps that came due (50%): 1 partly, 1 not and 1 still unanswered."; c.followText.Text != want {
		t.Errorf("follow-through %q, want %q", c.followText.Text, want)
	}
	if got, want := barTexts(c.follow), "Done: 3 (50%)\nPartly: 1 (17%)\nNot done: 1 (17%)\nUnanswered: 1 (17%)"; got != want {
		t.Errorf("follow-through bars:\n%s\nwant\n%s", got, want)
	}

	if want := "You recorded 7 decisions and reviewed 6: 4 right, 1 wrong, 1 mixed."; c.decisionsText.Text != want {
		t.Errorf("decisions %q, want %q", c.decisionsText.Text, want)
	}
	if want := "You were right in 67% of 6 reviewed decisions, made 80% sure on average: less often than you expected, so your confidence runs high."; c.calibrationText.Text != want {
		t.Errorf("calibration %q, want %q", c.calibrationText.Text, want)
	}
	if got, want := barTexts(c.calibration), "50–59% sure: 0 of 1 right (0%)\n70–79% sure: 1 of 2 right (50%)\n80–89% sure: 1 of 1 right (100%)\n90–100% sure: 2 of 2 right (100%)"; got != want {
		t.Errorf("calibration bars:\n%s\nwant\n%s", got, want)
	}

	if want := "You marked 8 moments: 6 leading (75%) and 2 managing (25%), mostly setting direction. Check that the planning and follow-up are not slipping."; p.roles.Text != want {
		t.Errorf("roles %q, want %q", p.roles.Text, want)
	}
	var meaning bool
	walkObjects(p.content, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Text == stats.RolesMeaning {
			meaning = true
		}
	})
	if !meaning {
		t.Error("Leading and managing does not say what they mean")
	}

	// It fits a small laptop's screen: it scrolls down, never sideways.
	if m := u.main.content.MinSize(); m.Width > 800 {
		t.Errorf("the Progress screen needs %v", m)
	}
	if w := p.scroll.Content.Size().Width; w > p.scroll.Size().Width {
		t.Errorf("the figures are %v wide in a scroll of %v", w, p.scroll.Size().Width)
	}

	// The whole journal has no period before it.
	p.period.SetSelected("All")
	settle(u)
	if !strings.HasPrefix(p.summary.Text, "Over your whole journal, the trait you practised least") {
		t.Errorf("summary of the whole journal: %q", p.summary.Text)
	}

	// Lock forgets the figures.
	u.lock()
	if p.summary.Text != "" || c.followText.Text != "" || len(c.traits.Rows) != 0 || p.roles.Text != "" {
		t.Error("lock left the coaching figures on the screen")
	}
}

func TestProgressCoachingWithTooFewReviews(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "journal")
	j, err := journal.Init(dir, []byte(testPass), cheap())
	if err != nil {
		t.Fatal(err)
	}
	today := journal.DateOf(goldenNow)
	c := 80
	dec, err := j.Add(journal.Entry{Date: today.AddDays(-10), Body: "A call.", Decision: "Hire", Confidence: &c})
	if err == nil {
		_, err = j.Add(journal.Entry{Date: today.AddDays(-1), Body: "Went well.", Follows: dec.ID, Outcome: journal.OutcomeRight})
	}
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	now := goldenNow
	u := unlockedAt(t, dir, &now, nil)
	u.main.selectTab(tabProgress)
	settle(u)
	f := u.main.progress.coach
	if want := "How well your confidence matches the outcomes shows once 5 reviewed decisions had a confidence. There is 1, so review 4 more."; f.calibrationText.Text != want {
		t.Errorf("calibration %q, want %q", f.calibrationText.Text, want)
	}
	if len(f.calibration.Rows) != 0 || !f.calibrationText.Visible() {
		t.Error("calibration bars shown on one review")
	}
	if !strings.HasPrefix(f.followText.Text, "No next step came due") {
		t.Errorf("follow-through %q", f.followText.Text)
	}
	if !strings.Contains(u.main.progress.summary.Text, "no entry answered a coaching prompt") {
		t.Errorf("summary %q", u.main.progress.summary.Text)
	}
}

// scrollTo scrolls the Progress screen so that o, one of its cards, is at
// the top, or as near as the scroll goes.
func scrollTo(p *progressScreen, o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	y := p.scroll.Offset.Y + d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(p.scroll).Y
	p.scroll.Offset = fyne.NewPos(0, max(0, min(y, p.scroll.Content.Size().Height-p.scroll.Size().Height)))
	p.scroll.Refresh()
}

// TestGoldenProgressCoaching pins the Progress screen's figures in both
// themes, at 800×600 (the top, then the traits, follow-through, decisions
// and leading and managing, scrolled to in turn) and at 1920×1080.
func TestGoldenProgressCoaching(t *testing.T) {
	for _, th := range []string{themeLight, themeDark} {
		t.Run(th, func(t *testing.T) {
			u := onCoachProgress(t, th, fyne.NewSize(800, 600))
			p, c := u.main.progress, u.win.Canvas()
			test.AssertImageMatches(t, "progress_coach_"+th+"_800x600_top.png", c.Capture())
			scrollTo(p, p.coach.cards[0])
			test.AssertImageMatches(t, "progress_coach_"+th+"_800x600_traits.png", c.Capture())
			scrollTo(p, p.coach.cards[1])
			test.AssertImageMatches(t, "progress_coach_"+th+"_800x600_decisions.png", c.Capture())
			scrollTo(p, p.coach.cards[2])
			test.AssertImageMatches(t, "progress_coach_"+th+"_800x600_calibration.png", c.Capture())
			scrollTo(p, p.rolesCard)
			test.AssertImageMatches(t, "progress_coach_"+th+"_800x600_roles.png", c.Capture())

			u.win.Resize(fyne.NewSize(1920, 1080))
			// Side by side, the cards take less height: the scroll knows.
			if got, want := p.scroll.Content.Size().Height, p.scroll.Content.MinSize().Height; got != want {
				t.Errorf("at 1920×1080 the figures are %v high, but need %v", got, want)
			}
			scrollTo(p, p.coach.cards[0])
			test.AssertImageMatches(t, "progress_coach_"+th+"_1920x1080.png", c.Capture())
		})
	}
}
