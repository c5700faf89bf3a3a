package journal

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestStatsHandBuilt(t *testing.T) {
	j, _ := newJournal(t)
	add := func(date string, a Area, rating int, role Role) {
		if _, err := j.Add(Entry{Date: mustDate(t, date), Area: a, Rating: rating, Role: role, Body: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	// Week 2020-W53 spans 2020-12-28 .. 2021-01-03.
	add("2020-12-28", AreaVision, 2, RoleLeader)
	add("2020-12-31", AreaVision, 4, RoleManager)
	add("2021-01-03", AreaVision, 0, RoleNone) // unrated
	add("2021-01-04", AreaVision, 5, RoleLeader)
	add("2021-01-04", AreaMotivation, 3, RoleLeader) // same day: counts once for days written
	add("2021-01-10", AreaProblemSolving, 1, RoleNone)
	add("2021-01-11", AreaNone, 0, RoleNone)

	st, err := j.Stats(Date{}, Date{}, mustDate(t, "2021-01-11"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Entries != 7 || st.DaysWritten != 6 || st.StreakCurrent != 2 || st.StreakLongest != 2 {
		t.Fatalf("totals: %+v", st)
	}
	v := st.Areas[AreaVision]
	if v.Entries != 4 || v.AvgRating != 3.67 {
		t.Fatalf("vision: %d entries, avg %v", v.Entries, v.AvgRating)
	}
	if len(v.Weekly) != 2 || v.Weekly[0] != (WeekStats{"2020-W53", 3, 3}) || v.Weekly[1] != (WeekStats{"2021-W01", 1, 5}) {
		t.Fatalf("vision weekly: %+v", v.Weekly)
	}
	if v.Trend != TrendRising {
		t.Errorf("vision trend %s", v.Trend)
	}
	if st.Roles.Leader != 3 || st.Roles.Manager != 1 || len(st.Roles.Weekly) != 2 || st.Roles.Weekly[0] != (RoleWeek{"2020-W53", 1, 1}) {
		t.Fatalf("roles: %+v", st.Roles)
	}
	// Rolling, at each week's end: on Sunday 2021-01-03 the window holds 2
	// and 4; on Sunday 2021-01-10 also the 5.
	want := []DayAverage{{mustDate(t, "2021-01-03"), 3}, {mustDate(t, "2021-01-10"), 3.67}, {mustDate(t, "2021-01-11"), 3.67}}
	if !reflect.DeepEqual(v.Rolling30, want) {
		t.Errorf("rolling: %+v", v.Rolling30)
	}
	// A period: the week of 2021-01-04 only.
	st, _ = j.Stats(mustDate(t, "2021-01-04"), mustDate(t, "2021-01-10"), mustDate(t, "2021-01-11"))
	if st.Entries != 3 || st.DaysWritten != 2 || st.Areas[AreaVision].Entries != 1 {
		t.Fatalf("period: %+v", st)
	}
	// The rolling window still sees the days before the period.
	if r := st.Areas[AreaVision].Rolling30; len(r) == 0 || r[0].Date != mustDate(t, "2021-01-10") || r[0].AvgRating != 3.67 {
		t.Errorf("rolling at the period start: %+v", r)
	}
	if _, err := j.Stats(mustDate(t, "2021-02-01"), mustDate(t, "2021-01-01"), mustDate(t, "2021-01-11")); err == nil {
		t.Error("a reversed period was accepted")
	}
}

func TestStatsEmptyAndSingle(t *testing.T) {
	j, _ := newJournal(t)
	today := mustDate(t, "2026-11-27")
	st, err := j.Stats(Date{}, Date{}, today)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(st)
	if err != nil || strings.Contains(string(b), "NaN") || strings.Contains(string(b), "null") {
		t.Fatalf("empty stats JSON: %s %v", b, err)
	}
	if st.Entries != 0 || st.Areas[AreaVision].AvgRating != 0 || st.Areas[AreaVision].Trend != TrendSteady {
		t.Fatalf("empty: %+v", st)
	}
	if _, err := j.Add(Entry{Date: today, Area: AreaMotivation, Rating: 4}); err != nil {
		t.Fatal(err)
	}
	st, _ = j.Stats(Date{}, Date{}, today)
	if st.Entries != 1 || st.StreakCurrent != 1 || st.Areas[AreaMotivation].AvgRating != 4 || len(st.Areas[AreaMotivation].Weekly) != 1 {
		t.Fatalf("single: %+v", st.Areas[AreaMotivation])
	}
}

func TestISOWeekAndTimeZones(t *testing.T) {
	for d, want := range map[string]string{
		"2020-12-31": "2020-W53", "2021-01-03": "2020-W53", "2021-01-04": "2021-W01",
		"2024-12-30": "2025-W01", "2026-01-01": "2026-W01", "2027-01-01": "2026-W53",
	} {
		if got := ISOWeek(mustDate(t, d)); got != want {
			t.Errorf("ISOWeek(%s) = %s, want %s", d, got, want)
		}
	}
	// An entry's day is the civil date where it was written, whatever the
	// zone or a DST change: 02:30 on the day New York springs forward.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	if d := DateOf(time.Date(2026, 3, 8, 2, 30, 0, 0, ny)); d != mustDate(t, "2026-03-08") {
		t.Errorf("DST day: %s", d)
	}
	if d := DateOf(time.Date(2026, 11, 1, 23, 59, 0, 0, ny)); d != mustDate(t, "2026-11-01") {
		t.Errorf("fall back day: %s", d)
	}
}

func BenchmarkStats100k(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	sums := make([]Summary, 100_000)
	start := Date{1990, 1, 1}
	for i := range sums {
		sums[i] = Summary{Date: start.AddDays(i / 3), Area: Areas[rng.IntN(3)], Rating: rng.IntN(6), Role: roleCodes[rng.IntN(3)]}
	}
	today := start.AddDays(len(sums) / 3)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ComputeStats(sums, start, today, today)
	}
}

// BenchmarkStatsJournal100k is the whole path: summaries read from an
// encrypted 100k-entry journal, then the statistics.
func BenchmarkStatsJournal100k(b *testing.B) {
	dir, _, _ := searchJournalDir(b, 100_000)
	j, err := Open(dir, testPass, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	today := Date{2026, 11, 27}
	if os.Getenv("CANDOR_BENCH_NO_INDEX") == "" {
		if err := j.BuildIndex(); err != nil { // as in the app after unlock
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, err := j.Stats(Date{}, Date{}, today)
		if err != nil || st.Entries != 100_000 {
			b.Fatalf("%d entries, %v", st.Entries, err)
		}
	}
}

func TestStatsFromIndexMatchStore(t *testing.T) {
	j, _ := newJournal(t)
	rng := rand.New(rand.NewPCG(4, 4))
	for i := 0; i < 300; i++ {
		if _, err := j.Add(Entry{Date: Date{2026, 1, 1}.AddDays(rng.IntN(200)), Area: Areas[rng.IntN(3)], Rating: rng.IntN(6), Role: roleCodes[rng.IntN(3)]}); err != nil {
			t.Fatal(err)
		}
	}
	today := Date{2026, 8, 1}
	a, err := j.Stats(Date{}, Date{}, today)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.BuildIndex(); err != nil {
		t.Fatal(err)
	}
	b, _ := j.Stats(Date{}, Date{}, today)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("statistics from the index differ from those read from the store")
	}
}
