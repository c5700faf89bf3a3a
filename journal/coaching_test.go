package journal

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/entryrec"
)

// coached returns an entry that uses every field of the coaching loop.
func coached() Entry {
	return Entry{ID: NewID(time.Now()), Date: Date{2026, 3, 1}, Created: time.Unix(1700000000, 0).UTC(), Updated: time.Unix(1700000001, 0).UTC(),
		Body: "b", Tags: []string{}, Kind: KindWeeklyReview, NextStep: "Ask Sam what blocks the release.", CheckOn: Date{2026, 3, 8},
		Decision: "Ship on Friday; the team will be fine.", Confidence: ConfidenceOf(0), ReviewOn: Date{2026, 3, 31},
		Follows: NewID(time.Unix(1600000000, 0)), Outcome: OutcomeDone}
}

func TestCodecCoachingRoundTrip(t *testing.T) {
	full := coached()
	next := Entry{ID: NewID(time.Now()), Date: Date{2026, 3, 1}, Tags: []string{"a"}, NextStep: "x", CheckOn: Date{2026, 3, 8}}
	conf := Entry{ID: NewID(time.Now()), Date: Date{2026, 3, 1}, Tags: []string{}, Decision: "d", Confidence: ConfidenceOf(100), ReviewOn: Date{2026, 4, 1}}
	kind := Entry{ID: NewID(time.Now()), Date: Date{2026, 3, 1}, Tags: []string{}, Kind: KindWeeklyReview}
	for _, e := range []Entry{full, next, conf, kind} {
		b := encodeEntry(&e)
		var got Entry
		if err := decodeEntry(b, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, e)
		}
		if again := encodeEntry(&got); string(again) != string(b) {
			t.Fatal("encoding not stable")
		}
	}
}

// TestCodecOldRecords decodes records in the layout written before the
// coaching loop (taken byte for byte from that encoder): they read as they
// were, with every coaching field empty.
func TestCodecOldRecords(t *testing.T) {
	id := ID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	old := []byte{codecBinary}
	old = append(old, id[:]...)
	old = append(old, 0x00, 0x0b, 0x3f, 0x6c) // a day number
	old = append(old, make([]byte, 24)...)    // created and updated: Unix 0
	old = append(old, 3)                      // rating
	for _, s := range []string{"Title", "Body", "vision", "leader", "vision-001", "Why?"} {
		old = append(old, byte(len(s)))
		old = append(old, s...)
	}
	old = append(old, 1, 3, 't', 'a', 'g')
	var e Entry
	if err := decodeEntry(old, &e); err != nil {
		t.Fatal(err)
	}
	want := Entry{ID: id, Date: DateFromDayNumber(0x000b3f6c), Created: time.Unix(0, 0).UTC(), Updated: time.Unix(0, 0).UTC(),
		Title: "Title", Body: "Body", Area: AreaVision, Rating: 3, Role: RoleLeader, Tags: []string{"tag"}, PromptID: "vision-001", Prompt: "Why?"}
	if !reflect.DeepEqual(e, want) {
		t.Fatalf("old record:\n got %+v\nwant %+v", e, want)
	}
	if string(encodeEntry(&e)) != string(old) {
		t.Fatal("an entry without coaching fields must encode as before")
	}
	// Bad trailing sections are refused, never misread.
	for name, tail := range map[string][]byte{
		"unknown section": {0x02},
		"empty section":   append(append([]byte{sectionCoaching, 0, 0, 0, 0, 0, 0, 0, noConfidence, 0, 0, 0, 0}, make([]byte, 16)...), 0),
		"bad confidence":  append(append([]byte{sectionCoaching, 0, 1, 'x', 0, 0, 0, 0, 0, 101, 0, 0, 0, 0}, make([]byte, 16)...), 0),
		"truncated":       {sectionCoaching, 0, 1},
	} {
		if err := decodeEntry(append(append([]byte(nil), old...), tail...), &Entry{}); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

func TestMetaCoaching(t *testing.T) {
	e := coached()
	e.PromptID = "vision-007"
	var m entryrec.Meta
	if err := entryrec.DecodeMeta(encodeMeta(&e), &m); err != nil {
		t.Fatal(err)
	}
	var s Summary
	s.setMeta(&m)
	want := SummaryOf(&e)
	want.ID, want.Date = ID{}, Date{}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("meta:\n got %+v\nwant %+v", s, want)
	}
	// The record's bytes, old and malformed, are entryrec's tests.
}

// TestCodeTables checks that the stored codes (package entryrec) name
// exactly the journal's areas, roles and outcomes, in their stored order,
// and that entryrec's day numbers are the journal's.
func TestCodeTables(t *testing.T) {
	areas := []Area{AreaNone, AreaVision, AreaMotivation, AreaProblemSolving}
	roles := []Role{RoleNone, RoleLeader, RoleManager}
	for i, a := range areas {
		if entryrec.Areas[i] != string(a) {
			t.Errorf("area code %d: %q", i, entryrec.Areas[i])
		}
	}
	for i, r := range roles {
		if entryrec.Roles[i] != string(r) {
			t.Errorf("role code %d: %q", i, entryrec.Roles[i])
		}
	}
	if len(entryrec.Areas) != len(areas) || len(entryrec.Roles) != len(roles) || len(entryrec.Outcomes) != len(outcomeCodes) {
		t.Fatal("a code table has another length")
	}
	for i, o := range outcomeCodes {
		if entryrec.Outcomes[i] != string(o) {
			t.Errorf("outcome code %d: %q", i, entryrec.Outcomes[i])
		}
	}
	for _, d := range []Date{{1000, 1, 1}, {1970, 1, 1}, {2026, 2, 28}, {9999, 12, 31}} {
		if _, ok := dayFrom(d.DayNumber()); !ok || !entryrec.ValidDay(d.DayNumber()) {
			t.Errorf("%v: day number %d", d, d.DayNumber())
		}
	}
}

func TestCoachingValidation(t *testing.T) {
	base := func() Entry { return Entry{Date: Date{2026, 3, 1}} }
	for _, c := range []struct {
		name, field string
		edit        func(e *Entry)
	}{
		{"outcome without follows", "outcome", func(e *Entry) { e.Outcome = OutcomeDone }},
		{"unknown outcome", "outcome", func(e *Entry) { e.Outcome = "maybe"; e.Follows = NewID(time.Now()) }},
		{"confidence too high", "confidence", func(e *Entry) { e.Decision = "d"; e.Confidence = ConfidenceOf(101) }},
		{"negative confidence", "confidence", func(e *Entry) { e.Decision = "d"; e.Confidence = ConfidenceOf(-1) }},
		{"confidence without decision", "confidence", func(e *Entry) { e.Confidence = ConfidenceOf(50) }},
		{"check-on without next step", "check_on", func(e *Entry) { e.CheckOn = Date{2026, 3, 5} }},
		{"check-on before the entry", "check_on", func(e *Entry) { e.NextStep = "x"; e.CheckOn = Date{2026, 2, 5} }},
		{"review-on without decision", "review_on", func(e *Entry) { e.ReviewOn = Date{2026, 3, 5} }},
		{"unknown kind", "kind", func(e *Entry) { e.Kind = "monthly" }},
		{"control characters", "next_step", func(e *Entry) { e.NextStep = "a\x00b" }},
		{"too long", "decision", func(e *Entry) { e.Decision = strings.Repeat("x", MaxStepRunes+1) }},
	} {
		e := base()
		c.edit(&e)
		e.Normalize()
		var ve *ValidationError
		if err := e.Validate(); !errors.As(err, &ve) || ve.Field != c.field {
			t.Errorf("%s: got %v, want a problem with %s", c.name, err, c.field)
		}
	}
	e := base()
	e.NextStep, e.Decision = "  step ", " call "
	e.Normalize()
	if e.CheckOn != (Date{2026, 3, 8}) || e.ReviewOn != (Date{2026, 3, 31}) || e.NextStep != "step" || e.Decision != "call" {
		t.Fatalf("defaults: %+v", e)
	}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestCoachingJSON(t *testing.T) {
	b, _ := json.Marshal(Entry{Date: Date{2026, 3, 1}, Tags: []string{}})
	for _, k := range []string{"kind", "next_step", "check_on", "decision", "confidence", "review_on", "follows", "outcome"} {
		if strings.Contains(string(b), `"`+k+`"`) {
			t.Errorf("unused %s in %s", k, b)
		}
	}
	e := coached()
	b, _ = json.Marshal(e)
	var back Entry
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, e) {
		t.Fatalf("JSON round trip: %v\n%s", err, b)
	}
	if !strings.Contains(string(b), `"confidence":0`) || !strings.Contains(string(b), `"check_on":"2026-03-08"`) {
		t.Fatalf("JSON: %s", b)
	}
}

// TestSummariesOldMeta: a date index record of three bytes, as written
// before the coaching loop, still gives the whole summary (the rest is read
// from the entry).
func TestSummariesOldMeta(t *testing.T) {
	j, _ := newJournal(t)
	e, err := j.Add(Entry{Date: Date{2026, 3, 1}, Area: AreaVision, Rating: 4, PromptID: "vision-001", NextStep: "x", Tags: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	dk := dateKey(e.Date, e.ID)
	err = j.update(func(txn *badger.Txn) error {
		v, err := j.sealValue([]byte{1, 4, 0}, dk)
		if err != nil {
			return err
		}
		return txn.Set(dk, v)
	})
	if err != nil {
		t.Fatal(err)
	}
	sums, err := j.AllSummaries()
	if err != nil || len(sums) != 1 {
		t.Fatal(sums, err)
	}
	if want := SummaryOf(&e); !reflect.DeepEqual(sums[0], want) {
		t.Fatalf("got %+v\nwant %+v", sums[0], want)
	}
}
