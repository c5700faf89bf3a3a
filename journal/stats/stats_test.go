package stats_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"candor/journal"
	"candor/journal/journaltest"
	"candor/journal/stats"
)

func TestStatsHandBuilt(t *testing.T) {
	j, _ := journaltest.New(t)
	add := func(date string, a journal.Area, rating int, role journal.Role) {
		if _, err := j.Add(journal.Entry{Date: journaltest.Date(t, date), Area: a, Rating: rating, Role: role, Body: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	// Week 2020-W53 spans 2020-12-28 .. 2021-01-03.
	add("2020-12-28", journal.AreaVision, 2, journal.RoleLeader)
	add("2020-12-31", journal.AreaVision, 4, journal.RoleManager)
	add("2021-01-03", journal.AreaVision, 0, journal.RoleNone) // unrated
	add("2021-01-04", journal.AreaVision, 5, journal.RoleLeader)
	add("2021-01-04", journal.AreaMotivation, 3, journal.RoleLeader) // same day: counts once for days written
	add("2021-01-10", journal.AreaProblemSolving, 1, journal.RoleNone)
	add("2021-01-11", journal.AreaNone, 0, journal.RoleNone)

	st, err := stats.Read(j, journal.Date{}, journal.Date{}, journaltest.Date(t, "2021-01-11"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Entries != 7 || st.DaysWritten != 6 || st.StreakCurrent != 2 || st.StreakLongest != 2 {
		t.Fatalf("totals: %+v", st)
	}
	v := st.Areas[journal.AreaVision]
	if v.Entries != 4 || v.AvgRating != 3.67 {
		t.Fatalf("vision: %d entries, avg %v", v.Entries, v.AvgRating)
	}
	if len(v.Weekly) != 2 || v.Weekly[0] != (stats.WeekStats{"2020-W53", 3, 3}) || v.Weekly[1] != (stats.WeekStats{"2021-W01", 1, 5}) {
		t.Fatalf("vision weekly: %+v", v.Weekly)
	}
	if v.Trend != stats.TrendRising {
		t.Errorf("vision trend %s", v.Trend)
	}
	if st.Roles.Leader != 3 || st.Roles.Manager != 1 || len(st.Roles.Weekly) != 2 || st.Roles.Weekly[0] != (stats.RoleWeek{"2020-W53", 1, 1}) {
		t.Fatalf("roles: %+v", st.Roles)
	}
	// Rolling, at each week's end: on Sunday 2021-01-03 the window holds 2
	// and 4; on Sunday 2021-01-10 also the 5.
	want := []stats.DayAverage{{journaltest.Date(t, "2021-01-03"), 3}, {journaltest.Date(t, "2021-01-10"), 3.67}, {journaltest.Date(t, "2021-01-11"), 3.67}}
	if !reflect.DeepEqual(v.Rolling30, want) {
		t.Errorf("rolling: %+v", v.Rolling30)
	}
	// A period: the week of 2021-01-04 only.
	st, _ = stats.Read(j, journaltest.Date(t, "2021-01-04"), journaltest.Date(t, "2021-01-10"), journaltest.Date(t, "2021-01-11"))
	if st.Entries != 3 || st.DaysWritten != 2 || st.Areas[journal.AreaVision].Entries != 1 {
		t.Fatalf("period: %+v", st)
	}
	// The rolling window still sees the days before the period.
	if r := st.Areas[journal.AreaVision].Rolling30; len(r) == 0 || r[0].Date != journaltest.Date(t, "2021-01-10") || r[0].AvgRating != 3.67 {
		t.Errorf("rolling at the period start: %+v", r)
	}
	if _, err := stats.Read(j, journaltest.Date(t, "2021-02-01"), journaltest.Date(t, "2021-01-01"), journaltest.Date(t, "2021-01-11")); err == nil {
		t.Error("a reversed period was accepted")
	}
}

func TestStatsEmptyAndSingle(t *testing.T) {
	j, _ := journaltest.New(t)
	today := journaltest.Date(t, "2026-11-27")
	st, err := stats.Read(j, journal.Date{}, journal.Date{}, today)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(st)
	if err != nil || strings.Contains(string(b), "NaN") || strings.Contains(string(b), "null") {
		t.Fatalf("empty stats JSON: %s %v", b, err)
	}
	if st.Entries != 0 || st.Areas[journal.AreaVision].AvgRating != 0 || st.Areas[journal.AreaVision].Trend != stats.TrendSteady {
		t.Fatalf("empty: %+v", st)
	}
	if _, err := j.Add(journal.Entry{Date: today, Area: journal.AreaMotivation, Rating: 4}); err != nil {
		t.Fatal(err)
	}
	st, _ = stats.Read(j, journal.Date{}, journal.Date{}, today)
	if st.Entries != 1 || st.StreakCurrent != 1 || st.Areas[journal.AreaMotivation].AvgRating != 4 || len(st.Areas[journal.AreaMotivation].Weekly) != 1 {
		t.Fatalf("single: %+v", st.Areas[journal.AreaMotivation])
	}
}

func TestISOWeekAndTimeZones(t *testing.T) {
	for d, want := range map[string]string{
		"2020-12-31": "2020-W53", "2021-01-03": "2020-W53", "2021-01-04": "2021-W01",
		"2024-12-30": "2025-W01", "2026-01-01": "2026-W01", "2027-01-01": "2026-W53",
	} {
		if got := stats.ISOWeek(journaltest.Date(t, d)); got != want {
			t.Errorf("stats.ISOWeek(%s) = %s, want %s", d, got, want)
		}
	}
	// An entry's day is the civil date where it was written, whatever the
	// zone or a DST change: 02:30 on the day New York springs forward.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	if d := journal.DateOf(time.Date(2026, 3, 8, 2, 30, 0, 0, ny)); d != journaltest.Date(t, "2026-03-08") {
		t.Errorf("DST day: %s", d)
	}
	if d := journal.DateOf(time.Date(2026, 11, 1, 23, 59, 0, 0, ny)); d != journaltest.Date(t, "2026-11-01") {
		t.Errorf("fall back day: %s", d)
	}
}

func BenchmarkStats100k(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	sums := make([]journal.Summary, 100_000)
	start := journal.Date{Year: 1990, Month: 1, Day: 1}
	for i := range sums {
		sums[i] = journal.Summary{Date: start.AddDays(i / 3), Area: journal.Areas[rng.IntN(3)], Rating: rng.IntN(6), Role: []journal.Role{journal.RoleNone, journal.RoleLeader, journal.RoleManager}[rng.IntN(3)]}
	}
	today := start.AddDays(len(sums) / 3)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stats.Compute(sums, start, today, today)
	}
}

func TestStatsFromIndexMatchStore(t *testing.T) {
	j, _ := journaltest.New(t)
	rng := rand.New(rand.NewPCG(4, 4))
	for i := 0; i < 300; i++ {
		if _, err := j.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 1, Day: 1}.AddDays(rng.IntN(200)), Area: journal.Areas[rng.IntN(3)], Rating: rng.IntN(6), Role: []journal.Role{journal.RoleNone, journal.RoleLeader, journal.RoleManager}[rng.IntN(3)]}); err != nil {
			t.Fatal(err)
		}
	}
	today := journal.Date{Year: 2026, Month: 8, Day: 1}
	a, err := stats.Read(j, journal.Date{}, journal.Date{}, today)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	b, _ := stats.Read(j, journal.Date{}, journal.Date{}, today)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("statistics from the index differ from those read from the store")
	}
}
