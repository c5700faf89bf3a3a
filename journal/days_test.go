package journal

import (
	"reflect"
	"testing"
)

func TestDaysWritten(t *testing.T) {
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
