package journal

import (
	"fmt"
	"reflect"
	"testing"
)

// filterJournal holds six entries over three months with varied areas,
// ratings and tags, and returns them as stored, in the order added.
func filterJournal(t *testing.T) (*Journal, []Entry) {
	t.Helper()
	j, _ := newJournal(t)
	in := []Entry{
		{Date: mustDate(t, "2026-01-05"), Body: "plan the offsite", Area: AreaVision, Rating: 4, Tags: []string{"Offsite", "team"}},
		{Date: mustDate(t, "2026-01-20"), Body: "coached Ana", Area: AreaMotivation, Rating: 5, Tags: []string{"coaching"}},
		{Date: mustDate(t, "2026-02-03"), Body: "budget fight", Area: AreaProblemSolving, Rating: 2, Tags: []string{"team", "budget"}},
		{Date: mustDate(t, "2026-02-03"), Body: "second entry that day, offsite again", Area: AreaVision, Tags: []string{"offsite"}},
		{Date: mustDate(t, "2026-03-10"), Body: "quiet day"},
		{Date: mustDate(t, "2026-03-11"), Body: "team retro", Area: AreaMotivation, Rating: 4, Tags: []string{"TEAM"}},
	}
	out := make([]Entry, len(in))
	for i, e := range in {
		got, err := j.Add(e)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = got
	}
	return j, out
}

func TestMatching(t *testing.T) {
	cases := []struct {
		name string
		f    Filter
		want []int // indexes into the entries, oldest first
	}{
		{"everything", Filter{}, []int{0, 1, 2, 3, 4, 5}},
		{"date range", Filter{From: Date{2026, 1, 20}, To: Date{2026, 2, 3}}, []int{1, 2, 3}},
		{"from only", Filter{From: Date{2026, 3, 1}}, []int{4, 5}},
		{"area", Filter{Area: AreaVision}, []int{0, 3}},
		{"tag any case", Filter{Tag: "team"}, []int{0, 2, 5}},
		{"tag and area", Filter{Tag: "TEAM", Area: AreaMotivation}, []int{5}},
		{"rating", Filter{Rating: 4}, []int{0, 5}},
		{"unrated", Filter{Rating: Unrated}, []int{3, 4}},
		{"all at once", Filter{From: Date{2026, 1, 1}, To: Date{2026, 1, 31}, Area: AreaVision, Tag: "offsite", Rating: 4}, []int{0}},
		{"nothing", Filter{Tag: "nobody"}, nil},
	}
	for _, indexed := range []bool{false, true} {
		j, es := filterJournal(t)
		if indexed {
			if err := j.BuildIndex(); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s/indexed=%v", c.name, indexed), func(t *testing.T) {
				got, err := j.Matching(c.f)
				if err != nil {
					t.Fatal(err)
				}
				var want []Summary
				for _, i := range c.want {
					e := es[i]
					want = append(want, Summary{ID: e.ID, Date: e.Date, Area: e.Area, Rating: e.Rating, Role: e.Role, Created: e.Created})
				}
				sortSummaries(want) // the two entries of 2026-02-03 are ordered by ID
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("got %+v\nwant %+v", got, want)
				}
			})
		}
	}
}

func TestMatchingRefusesBadFilters(t *testing.T) {
	j, _ := newJournal(t)
	for _, f := range []Filter{{From: Date{2026, 2, 30}}, {Rating: 6}, {Rating: -2}} {
		if _, err := j.Matching(f); err == nil {
			t.Errorf("%+v: no error", f)
		}
	}
}

func TestTagCounts(t *testing.T) {
	want := []TagCount{{"TEAM", 3}, {"Offsite", 2}, {"budget", 1}, {"coaching", 1}}
	for _, indexed := range []bool{false, true} {
		j, _ := filterJournal(t)
		if indexed {
			if err := j.BuildIndex(); err != nil {
				t.Fatal(err)
			}
		}
		got, err := j.TagCounts()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("indexed=%v: got %+v, want %+v", indexed, got, want)
		}
	}
	j, _ := newJournal(t)
	if got, err := j.TagCounts(); err != nil || len(got) != 0 {
		t.Errorf("empty journal: %+v %v", got, err)
	}
}

func TestSearchWhere(t *testing.T) {
	j, _ := filterJournal(t)
	// Many entries that match the query but not the filter, so the first
	// round of hits holds none that pass.
	for i := 0; i < 40; i++ {
		if _, err := j.Add(Entry{Date: Date{2025, 6, 1 + i%28}, Body: "offsite logistics", Area: AreaMotivation}); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name  string
		f     Filter
		limit int
		want  int
	}{
		{"no filter", Filter{}, 100, 42},
		{"area", Filter{Area: AreaVision}, 10, 2},
		{"area, limit 1", Filter{Area: AreaVision}, 1, 1},
		{"tag", Filter{Tag: "offsite"}, 1, 1},
		{"nothing", Filter{Rating: 1}, 5, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hits, err := j.SearchWhere("offsite", c.limit, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != c.want {
				t.Fatalf("%d hits, want %d", len(hits), c.want)
			}
			for _, h := range hits {
				if !c.f.Keeps(&h.Entry) {
					t.Errorf("hit %s does not pass the filter", h.Entry.Date)
				}
			}
		})
	}
}
