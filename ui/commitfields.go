package ui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"candor/journal"
)

// commitFields are the coaching part of the entry form, folded away until
// used: a next step with the day to check on it, and a decision with how
// sure the writer is and the day to review it. Empty day fields take the
// defaults (a week, and thirty days, after the entry's day), which their
// placeholders show.
type commitFields struct {
	toggle     *widget.Button
	box        *fyne.Container
	nextStep   *shortcutEntry
	checkOn    *shortcutEntry
	decision   *shortcutEntry
	confidence *shortcutEntry
	reviewOn   *shortcutEntry
	// day returns the entry's day, for the defaults.
	day func() journal.Date
	// relayout lays the screen out again after the fields were shown or
	// folded; the screen that holds the form sets it.
	relayout func()
}

func newCommitFields(k *keys, day func() journal.Date, onChange func()) *commitFields {
	c := &commitFields{day: day}
	field := func(placeholder string) *shortcutEntry {
		e := newShortcutEntry(k, false, false)
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { onChange(); c.showSummary() }
		return e
	}
	c.nextStep = field("Next step: one thing you will do, e.g. Ask Sam what blocks the release")
	c.checkOn = field("")
	c.decision = field("Decision: the call you made, and what you expect to happen")
	c.confidence = field("% sure")
	c.reviewOn = field("")
	c.toggle = widget.NewButtonWithIcon("Next step or decision", theme.MenuDropDownIcon(), func() { c.expand(!c.box.Visible()) })
	c.toggle.Importance = widget.LowImportance
	dayField := func(e *shortcutEntry) fyne.CanvasObject {
		return container.New(fixedWidthLayout{width: 150}, e)
	}
	c.box = container.NewVBox(
		hrow(0, c.nextStep, widget.NewLabel("check on"), dayField(c.checkOn)),
		hrow(0, c.decision, container.New(fixedWidthLayout{width: 84}, c.confidence), widget.NewLabel("review on"), dayField(c.reviewOn)),
	)
	c.box.Hide()
	c.dayChanged()
	return c
}

// expand shows or folds the fields; a field that holds text keeps them
// shown.
func (c *commitFields) expand(on bool) {
	if !on && c.used() {
		on = true
	}
	if on {
		c.box.Show()
		c.toggle.SetIcon(theme.MenuDropUpIcon())
	} else {
		c.box.Hide()
		c.toggle.SetIcon(theme.MenuDropDownIcon())
	}
	c.showSummary()
	if c.relayout != nil {
		c.relayout()
	}
}

// showSummary names what the folded fields hold on the toggle.
func (c *commitFields) showSummary() {
	text := "Next step or decision"
	switch {
	case strings.TrimSpace(c.nextStep.Text) != "" && strings.TrimSpace(c.decision.Text) != "":
		text = "Next step and decision"
	case strings.TrimSpace(c.nextStep.Text) != "":
		text = "Next step set"
	case strings.TrimSpace(c.decision.Text) != "":
		text = "Decision set"
	}
	if c.toggle.Text != text {
		c.toggle.SetText(text)
	}
}

// used reports whether any field holds text.
func (c *commitFields) used() bool {
	for _, e := range []*shortcutEntry{c.nextStep, c.checkOn, c.decision, c.confidence, c.reviewOn} {
		if strings.TrimSpace(e.Text) != "" {
			return true
		}
	}
	return false
}

// dayChanged shows the default days of the entry's day in the empty day
// fields.
func (c *commitFields) dayChanged() {
	d := c.day()
	if !d.Valid() {
		return
	}
	c.checkOn.SetPlaceHolder(shortDay(d.AddDays(journal.DefaultCheckOnDays)))
	c.reviewOn.SetPlaceHolder(shortDay(d.AddDays(journal.DefaultReviewOnDays)))
}

// shortDay is a day as the day fields show it: "Mon 7 Dec 2026".
func shortDay(d journal.Date) string { return d.Time(time.UTC).Format("Mon 2 Jan 2006") }

// fill shows the coaching fields of e, unfolded when it has any.
func (c *commitFields) fill(e journal.Entry) {
	c.nextStep.SetText(e.NextStep)
	c.decision.SetText(e.Decision)
	c.checkOn.SetText("")
	if e.NextStep != "" && !e.CheckOn.IsZero() && e.CheckOn != e.Date.AddDays(journal.DefaultCheckOnDays) {
		c.checkOn.SetText(e.CheckOn.String())
	}
	c.reviewOn.SetText("")
	if e.Decision != "" && !e.ReviewOn.IsZero() && e.ReviewOn != e.Date.AddDays(journal.DefaultReviewOnDays) {
		c.reviewOn.SetText(e.ReviewOn.String())
	}
	c.confidence.SetText("")
	if e.Confidence != nil {
		c.confidence.SetText(strconv.Itoa(*e.Confidence))
	}
	c.dayChanged()
	c.expand(c.used())
}

// collect puts the fields into e. A day or confidence that cannot be read
// is left out; problem says what is wrong with it.
func (c *commitFields) collect(e journal.Entry) journal.Entry {
	e.NextStep = strings.TrimSpace(c.nextStep.Text)
	e.Decision = strings.TrimSpace(c.decision.Text)
	e.CheckOn, e.ReviewOn, e.Confidence = journal.Date{}, journal.Date{}, nil
	if e.NextStep != "" {
		e.CheckOn, _ = parseDue(c.checkOn.Text, e.Date)
	}
	if e.Decision != "" {
		e.ReviewOn, _ = parseDue(c.reviewOn.Text, e.Date)
		if n, ok := parseConfidence(c.confidence.Text); ok && strings.TrimSpace(c.confidence.Text) != "" {
			e.Confidence = &n
		}
	}
	return e
}

// problem says what keeps the fields from being saved with an entry of day
// d, or returns "".
func (c *commitFields) problem(d journal.Date) string {
	next, dec := strings.TrimSpace(c.nextStep.Text) != "", strings.TrimSpace(c.decision.Text) != ""
	switch {
	case !next && strings.TrimSpace(c.checkOn.Text) != "":
		return "A check-on day needs a next step: write the step, or clear the day."
	case !dec && (strings.TrimSpace(c.reviewOn.Text) != "" || strings.TrimSpace(c.confidence.Text) != ""):
		return "A confidence or review day needs a decision: write the decision, or clear them."
	}
	if _, p := parseDue(c.checkOn.Text, d); next && p != "" {
		return "Check on: " + p
	}
	if _, p := parseDue(c.reviewOn.Text, d); dec && p != "" {
		return "Review on: " + p
	}
	if _, ok := parseConfidence(c.confidence.Text); dec && !ok {
		return "How sure you are is a number from 0 to 100 (per cent)."
	}
	return ""
}

// texts returns the private text in the fields.
func (c *commitFields) texts() []string { return []string{c.nextStep.Text, c.decision.Text} }

// wipe forgets the private text (on lock).
func (c *commitFields) wipe() {
	c.nextStep.SetText("")
	c.decision.SetText("")
}

// relDays matches "7", "7d", "2w", "in 2 weeks", "10 days".
var relDays = regexp.MustCompile(`^(?:in\s+)?(\d{1,3})\s*(d|days?|w|weeks?)?$`)

// parseDue reads a check-on or review day typed for an entry of day d:
// YYYY-MM-DD, or a number of days or weeks after d ("10", "2w", "in 3
// weeks"); empty means the default. It returns a problem to show when the
// text is not such a day, or is before d.
func parseDue(s string, d journal.Date) (journal.Date, string) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return journal.Date{}, ""
	}
	if m := relDays.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		if strings.HasPrefix(m[2], "w") {
			n *= 7
		}
		if n == 0 {
			return journal.Date{}, "pick a day after the entry's day."
		}
		return d.AddDays(n), ""
	}
	day, err := journal.ParseDate(s)
	if err != nil {
		return journal.Date{}, fmt.Sprintf("type a day as YYYY-MM-DD (e.g. %s) or a number of days or weeks (10, 2w).", d.AddDays(7))
	}
	if day.Before(d) {
		return journal.Date{}, fmt.Sprintf("%s is before the entry's day, %s.", day, d)
	}
	return day, ""
}

// parseConfidence reads "70", "70 %" or "" (none, reported as ok).
func parseConfidence(s string) (int, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= 100
}
