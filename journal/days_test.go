package journal

import (
	"reflect"
	"testing"
)

func TestStreakOf(t *testing.T) {
	d := func(s string) Date { return mustDate(t, s) }
	today := d("2026-03-02")
	for _, tc := range []struct {
		name string
		days []Date
		want Streak
	}{
		{"empty", nil, Streak{}},
		{"only today", []Date{today}, Streak{Current: 1, Longest: 1, Today: true}},
		{"ends yesterday", []Date{d("2026-02-27"), d("2026-02-28"), d("2026-03-01")}, Streak{Current: 3, Longest: 3}},
		{"across month end, today written", []Date{d("2026-02-28"), d("2026-03-01"), today}, Streak{Current: 3, Longest: 3, Today: true}},
		{"broken", []Date{d("2026-01-01"), d("2026-01-02"), d("2026-01-03"), d("2026-01-04"), d("2026-02-28")}, Streak{Current: 0, Longest: 4}},
		{"year boundary", []Date{d("2025-12-31"), d("2026-01-01")}, Streak{Longest: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := StreakOf(tc.days, today); got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestDaysWrittenAndStreak(t *testing.T) {
	j, _ := newJournal(t)
	for _, s := range []string{"2026-03-01", "2026-03-01", "2026-02-28", "1999-12-31"} {
		if _, err := j.Add(Entry{Date: mustDate(t, s)}); err != nil {
			t.Fatal(err)
		}
	}
	days, err := j.DaysWritten()
	if err != nil {
		t.Fatal(err)
	}
	want := []Date{mustDate(t, "1999-12-31"), mustDate(t, "2026-02-28"), mustDate(t, "2026-03-01")}
	if !reflect.DeepEqual(days, want) {
		t.Fatalf("DaysWritten = %v", days)
	}
	s, err := j.Streak(mustDate(t, "2026-03-01"))
	if err != nil || s != (Streak{Current: 2, Longest: 2, Today: true}) {
		t.Fatalf("Streak = %+v, %v", s, err)
	}
}

func TestDraft(t *testing.T) {
	j, dir := newJournal(t)
	if _, found, err := j.Draft(); found || err != nil {
		t.Fatalf("fresh journal has a draft: %v %v", found, err)
	}
	d := Entry{Title: "Half", Body: "typed so far…", Area: AreaMotivation, Rating: 3, Tags: []string{"x"}}
	if err := j.SaveDraft(d); err != nil {
		t.Fatal(err)
	}
	d.Date = mustDate(t, "2026-05-05")
	if err := j.SaveDraft(d); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j, err := Open(dir, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	got, found, err := j.Draft()
	if err != nil || !found || !reflect.DeepEqual(got, d) {
		t.Fatalf("Draft = %+v %v %v, want %+v", got, found, err, d)
	}
	if err := j.SaveDraft(Entry{Body: "no date yet"}); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := j.Draft(); !got.Date.IsZero() || got.Body != "no date yet" {
		t.Fatalf("undated draft: %+v", got)
	}
	if err := j.DiscardDraft(); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := j.Draft(); found {
		t.Fatal("draft still there after DiscardDraft")
	}
	if err := j.SaveDraft(Entry{Body: "\xff"}); err == nil {
		t.Fatal("invalid UTF-8 draft accepted")
	}
}
