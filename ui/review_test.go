package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"candor/journal"
	"candor/journal/coach"
)

// TestReviewWeekAndWindow pins which week a review looks back on and on
// which days it is offered, for a Sunday and a Monday review day.
func TestReviewWeekAndWindow(t *testing.T) {
	a := test.NewTempApp(t)
	p := a.Preferences()
	d := func(s string) journal.Date {
		t.Helper()
		v, err := journal.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		reviewDay, day   string
		offered          bool
		start            string // the review day whose offer is open
		monday, sundayOf string // the week under review
	}{
		// 2026-11-29 is a Sunday.
		{"Sunday", "2026-11-29", true, "2026-11-29", "2026-11-23", "2026-11-29"},
		{"Sunday", "2026-12-02", true, "2026-11-29", "2026-11-23", "2026-11-29"},
		{"Sunday", "2026-12-03", false, "", "", ""},
		{"Sunday", "2026-11-28", false, "", "", ""},
		// A Monday review day reviews the week that ended the day before,
		// never the week that has just begun.
		{"Monday", "2026-11-30", true, "2026-11-30", "2026-11-23", "2026-11-29"},
		{"Monday", "2026-12-03", true, "2026-11-30", "2026-11-23", "2026-11-29"},
		{"Monday", "2026-12-04", false, "", "", ""},
		{"Friday", "2026-11-29", true, "2026-11-27", "2026-11-23", "2026-11-29"},
	} {
		p.SetString(prefReview, c.reviewDay)
		start, ok := reviewWindow(p, d(c.day))
		if ok != c.offered || ok && start != d(c.start) {
			t.Errorf("%s review, %s: offered %v from %s; want %v from %s", c.reviewDay, c.day, ok, start, c.offered, c.start)
		}
		if mon, sun := coach.ReviewWeek(d(c.day)); c.offered && (mon != d(c.monday) || sun != d(c.sundayOf)) {
			t.Errorf("%s: reviews %s..%s, want %s..%s", c.day, mon, sun, c.monday, c.sundayOf)
		}
	}
}

// TestWeeklyReviewOfferedUntilWritten checks that the review stays offered
// in the days after the review day and goes once one is written.
func TestWeeklyReviewOfferedUntilWritten(t *testing.T) {
	dir := makeJournal(t, 0)
	tuesday := time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local) // two days after a Sunday
	now := tuesday
	u := unlockedAt(t, dir, &now, nil)
	settle(u)
	s := u.main.today
	if !reviewOffered(s) {
		t.Fatal("the review is not offered two days after the review day")
	}
	startReviewNow(s)
	settle(u)
	if want := "2026-W48"; !strings.Contains(s.title.Text, want) {
		t.Fatalf("title %q, want the week that ended on Sunday (%s)", s.title.Text, want)
	}
	s.body.SetText(s.body.Text + "Fewer meetings.")
	test.Tap(s.save)
	settle(u)
	if reviewOffered(s) {
		t.Fatal("the review is still offered after it was written")
	}
}

// TestSettingsStayWithTheirJournal checks that one journal's theme and
// review day do not change another's, that a journal without its own value
// reads the app-wide one earlier versions stored, and that the window size
// is shared.
func TestSettingsStayWithTheirJournal(t *testing.T) {
	p := test.NewTempApp(t).Preferences()
	p.SetString(prefReview, "Friday") // written by an earlier version
	a, b := newJournalPrefs(p, "/home/x/work"), newJournalPrefs(p, "/home/x/home")
	if got := a.StringWithFallback(prefReview, "Sunday"); got != "Friday" {
		t.Fatalf("the app-wide value is not the fallback: %q", got)
	}
	a.SetString(prefTheme, themeDark)
	a.SetString(prefReview, "Monday")
	a.SetInt(prefAutoLock, 3)
	if b.StringWithFallback(prefTheme, themeSystem) != themeSystem || b.String(prefReview) != "Friday" || b.IntWithFallback(prefAutoLock, 10) != 10 {
		t.Fatal("one journal's settings reached another")
	}
	if a.String(prefTheme) != themeDark || a.String(prefReview) != "Monday" || a.Int(prefAutoLock) != 3 {
		t.Fatal("a journal lost its own settings")
	}
	a.SetFloat(prefWidth, 1000)
	if b.Float(prefWidth) != 1000 {
		t.Fatal("the window size is not shared between journals")
	}
	if again := newJournalPrefs(p, "/home/x/work/"); again.String(prefTheme) != themeDark {
		t.Fatal("the same folder, written differently, is another journal")
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 days", 1: "1 day", 2: "2 days"} {
		if got := plural(n, "day", "days"); got != want {
			t.Errorf("plural(%d) = %q, want %q", n, got, want)
		}
	}
}

// reviewOffered reports whether Today offers the weekly review: on the card,
// or (after Another prompt) as the Weekly review button.
func reviewOffered(s *todayScreen) bool {
	return (s.card != nil && s.card.Kind == coach.CardWeeklyReview) || s.review.Visible()
}

// startReviewNow fills in the week as the user would: from the card, or
// with the Weekly review button.
func startReviewNow(s *todayScreen) {
	if s.fillWeek.Visible() {
		test.Tap(s.fillWeek)
		return
	}
	test.Tap(s.review)
}
