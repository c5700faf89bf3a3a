package journal

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	ok := Entry{Date: Date{2026, 11, 27}, Title: "A day", Body: "text", Area: AreaVision, Rating: 3, Role: RoleLeader, Tags: []string{"a"}}
	tests := []struct {
		name  string
		edit  func(e *Entry)
		field string
	}{
		{"valid", func(e *Entry) {}, ""},
		{"no date", func(e *Entry) { e.Date = Date{} }, "date"},
		{"feb 30", func(e *Entry) { e.Date = Date{2026, 2, 30} }, "date"},
		{"year 10000", func(e *Entry) { e.Date = Date{10000, 1, 1} }, "date"},
		{"unknown area", func(e *Entry) { e.Area = "strategy" }, "area"},
		{"rating 6", func(e *Entry) { e.Rating = 6 }, "rating"},
		{"rating -1", func(e *Entry) { e.Rating = -1 }, "rating"},
		{"rating 0", func(e *Entry) { e.Rating = 0 }, ""},
		{"bad role", func(e *Entry) { e.Role = "boss" }, "role"},
		{"body too big", func(e *Entry) { e.Body = strings.Repeat("x", MaxBodyBytes+1) }, "body"},
		{"body at limit", func(e *Entry) { e.Body = strings.Repeat("x", MaxBodyBytes) }, ""},
		{"body invalid utf8", func(e *Entry) { e.Body = "a\xffb" }, "body"},
		{"title invalid utf8", func(e *Entry) { e.Title = "\xc3" }, "title"},
		{"title too long", func(e *Entry) { e.Title = strings.Repeat("é", MaxTitleRunes+1) }, "title"},
		{"title control", func(e *Entry) { e.Title = "a\x07b" }, "title"},
		{"tag newline", func(e *Entry) { e.Tags = []string{"a\nb"} }, "tags"},
		{"title line feed", func(e *Entry) { e.Title = "first line\nsecond" }, ""},
		{"title carriage return", func(e *Entry) { e.Title = "safe\rEVIL" }, "title"},
		{"title escape", func(e *Entry) { e.Title = "a\x1b[2Jb" }, "title"},
		{"title OSC 52", func(e *Entry) { e.Title = "a\x1b]52;c;ZXZpbA==\x07" }, "title"},
		{"title C1 control", func(e *Entry) { e.Title = "a\u009bb" }, "title"},
		{"title RLO", func(e *Entry) { e.Title = "invoice\u202egnp.exe" }, "title"},
		{"title LRE", func(e *Entry) { e.Title = "a\u202ab" }, "title"},
		{"title isolate", func(e *Entry) { e.Title = "a\u2067b\u2069" }, "title"},
		{"tag carriage return", func(e *Entry) { e.Tags = []string{"a\rb"} }, "tags"},
		{"tag RLO", func(e *Entry) { e.Tags = []string{"ok", "a\u202eb"} }, "tags"},
		{"tag LRI", func(e *Entry) { e.Tags = []string{"a\u2066b"} }, "tags"},
		{"next step RLO", func(e *Entry) { e.NextStep = "call\u202eback" }, "next_step"},
		{"decision escape", func(e *Entry) { e.Decision = "go\x1b[2J" }, "decision"},
		{"body may hold anything", func(e *Entry) { e.Body = "\x1b[2J\x1b]52;c;ZXZpbA==\x07\r\u202e" }, ""},
		{"too many tags", func(e *Entry) {
			e.Tags = nil
			for i := 0; i <= MaxTags; i++ {
				e.Tags = append(e.Tags, fmt.Sprint("t", i))
			}
		}, "tags"},
		{"bad prompt id", func(e *Entry) { e.PromptID = "Vision 7" }, "prompt_id"},
		{"unicode everywhere", func(e *Entry) { e.Title = "נושא 🚀"; e.Tags = []string{"équipe", "チーム"} }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ok.Clone()
			tc.edit(&e)
			err := e.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tc.field || !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want a ValidationError on %s", err, tc.field)
			}
		})
	}
}

func TestIDAndDate(t *testing.T) {
	a := NewID(time.UnixMilli(1000))
	b := NewID(time.UnixMilli(2000))
	if a.String() >= b.String() {
		t.Fatalf("IDs do not sort by time: %s, %s", a, b)
	}
	back, err := ParseID(strings.ToUpper(a.String()))
	if err != nil || back != a {
		t.Fatalf("ParseID round trip: %v %v", back, err)
	}
	for _, bad := range []string{"", "x", strings.Repeat("z", 26), strings.Repeat("0", 25) + "u", strings.Repeat("0", 27)} {
		if _, err := ParseID(bad); err == nil {
			t.Errorf("ParseID(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"2026-02-30", "2026-1-01", "0999-12-31", "20260101", "2026-01-01T00:00:00Z"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	d := mustDate(t, "2024-12-31")
	if got := d.AddDays(1).String(); got != "2025-01-01" {
		t.Errorf("AddDays: %s", got)
	}
	if !d.Before(d.AddDays(1)) || d.After(d) {
		t.Error("Before/After")
	}
}

func FuzzParseDate(f *testing.F) {
	f.Add("2026-11-27")
	f.Add("9999-12-31")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err == nil && (d.String() != s || !d.Valid()) {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
	})
}

func FuzzParseID(f *testing.F) {
	f.Add(NewID(time.Now()).String())
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseID(s)
		if err == nil && id.String() != strings.ToLower(strings.TrimSpace(s)) {
			t.Fatalf("ParseID(%q) = %v", s, id)
		}
	})
}

func TestAddGetUpdateDelete(t *testing.T) {
	clock := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	j, err := Init(dir, testPass, &Options{KDF: TestKDF, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	e, err := j.Add(Entry{Date: mustDate(t, "2026-11-27"), Title: "  Spoke up  ", Body: "Body\n", Tags: []string{" x ", "X", "", "y"}, Area: AreaVision, Rating: 4})
	if err != nil {
		t.Fatal(err)
	}
	if e.Title != "Spoke up" || !reflect.DeepEqual(e.Tags, []string{"x", "y"}) || !e.Created.Equal(clock) || !e.Updated.Equal(clock) {
		t.Fatalf("Add normalised wrongly: %+v", e)
	}
	got, err := j.Get(e.ID)
	if err != nil || !reflect.DeepEqual(got, e) {
		t.Fatalf("Get = %+v, %v; want %+v", got, err, e)
	}
	if _, err := j.Add(e); !errors.Is(err, ErrDuplicateID) {
		t.Fatalf("Add with an existing ID: %v", err)
	}
	clock = clock.Add(time.Hour)
	e.Date = mustDate(t, "2026-11-20")
	e.Rating = 9
	if _, err := j.Update(e); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Update with rating 9: %v", err)
	}
	e.Rating = 2
	up, err := j.Update(e)
	if err != nil {
		t.Fatal(err)
	}
	if !up.Created.Equal(got.Created) || !up.Updated.Equal(clock) {
		t.Fatalf("Update timestamps: %+v", up)
	}
	if l, _ := j.List(Query{From: mustDate(t, "2026-11-27")}); len(l) != 0 {
		t.Fatalf("old date index left behind: %d entries", len(l))
	}
	if l, _ := j.List(Query{To: mustDate(t, "2026-11-20")}); len(l) != 1 {
		t.Fatalf("new date not indexed")
	}
	if err := j.Delete(e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := j.Get(e.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if err := j.Delete(e.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete twice: %v", err)
	}
	if _, err := j.Update(e); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Update deleted: %v", err)
	}
	j.Close()
	if _, err := j.Get(e.ID); !errors.Is(err, ErrLocked) {
		t.Fatalf("Get after Close: %v", err)
	}
	if _, err := j.Add(Entry{Date: e.Date}); !errors.Is(err, ErrLocked) {
		t.Fatalf("Add after Close: %v", err)
	}
}

func TestListQueriesAndPaging(t *testing.T) {
	j, _ := newJournal(t)
	start := mustDate(t, "2025-12-25")
	var all []Entry
	for i := 0; i < 40; i++ {
		e := Entry{Date: start.AddDays(i / 2), Title: fmt.Sprint("n", i), Area: Areas[i%3]}
		if i%5 == 0 {
			e.Tags = []string{"Retro"}
		}
		added, err := j.Add(e)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, added)
	}
	sorted := append([]Entry(nil), all...)
	sort.SliceStable(sorted, func(a, b int) bool {
		if sorted[a].Date != sorted[b].Date {
			return sorted[a].Date.Before(sorted[b].Date)
		}
		return sorted[a].ID.String() < sorted[b].ID.String()
	})
	titles := func(es []Entry) []string {
		var s []string
		for _, e := range es {
			s = append(s, e.Title)
		}
		return s
	}
	got, err := j.List(Query{})
	if err != nil || !reflect.DeepEqual(titles(got), titles(sorted)) {
		t.Fatalf("List all oldest first:\n got %v\nwant %v (%v)", titles(got), titles(sorted), err)
	}
	from, to := mustDate(t, "2025-12-31"), mustDate(t, "2026-01-02")
	got, _ = j.List(Query{From: from, To: to})
	for _, e := range got {
		if e.Date.Before(from) || e.Date.After(to) {
			t.Fatalf("%v outside range", e.Date)
		}
	}
	if len(got) != 6 {
		t.Fatalf("range: %d entries, want 6", len(got))
	}
	got, _ = j.List(Query{Area: AreaMotivation, Tag: "retro"})
	for _, e := range got {
		if e.Area != AreaMotivation || !e.HasTag("retro") {
			t.Fatalf("filter let through %+v", e)
		}
	}
	if len(got) == 0 {
		t.Fatal("area+tag filter found nothing")
	}
	// Newest first, in pages of 7, must give the reverse order with no gaps.
	var paged []Entry
	q := Query{NewestFirst: true, Limit: 7}
	for {
		page, err := j.List(q)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
		q.After = CursorOf(page[len(page)-1])
	}
	var rev []string
	for i := len(sorted) - 1; i >= 0; i-- {
		rev = append(rev, sorted[i].Title)
	}
	if !reflect.DeepEqual(titles(paged), rev) {
		t.Fatalf("paged newest first:\n got %v\nwant %v", titles(paged), rev)
	}
	got, _ = j.List(Query{NewestFirst: true, To: mustDate(t, "2025-12-26"), Limit: 3})
	if len(got) != 3 || got[0].Date != mustDate(t, "2025-12-26") {
		t.Fatalf("newest first with To: %v", titles(got))
	}
}

func TestClaimKeepsOutASecondOpener(t *testing.T) {
	j, dir := newJournal(t)
	if _, err := ClaimDir(dir); !errors.Is(err, ErrInUse) {
		t.Fatalf("second claim while open: %v, want ErrInUse", err)
	}
	if _, err := Open(dir, testPass, nil); !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open while open: %v, want ErrInUse", err)
	}
	j.Close()
	c, err := ClaimDir(dir)
	if err != nil {
		t.Fatalf("claim after close: %v", err)
	}
	if _, err := c.Unlock([]byte("nope"), nil); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	j2, err := c.Unlock(testPass, nil)
	if err != nil {
		t.Fatalf("retry with the right passphrase on the same claim: %v", err)
	}
	j2.Close()
	if _, err := c.Unlock(testPass, nil); !errors.Is(err, ErrLocked) {
		t.Fatalf("Unlock on a released claim: %v", err)
	}
}

// TestModel drives random operations against the store and a map, reopening
// the journal at random points, and checks they always agree.
func TestModel(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	dir := t.TempDir()
	j, err := Init(dir, testPass, cheap())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { j.Close() }()
	model := map[ID]Entry{}
	var ids []ID
	bodies := []func() string{
		func() string { return "" },
		func() string { return "plain words" },
		func() string { return "ünïcødé — 日本語 — עברית — 🚀🔥\r\n\ttabs" },
		func() string { return strings.Repeat("large body line\n", 20000+rng.IntN(30000)) },
		func() string { return fmt.Sprint("note ", rng.Int()) },
	}
	randomEntry := func() Entry {
		e := Entry{
			Date:   Date{2000 + rng.IntN(30), time.Month(1 + rng.IntN(12)), 1 + rng.IntN(28)},
			Title:  []string{"", "t", "Ünï 标题", "a: b # c"}[rng.IntN(4)],
			Body:   bodies[rng.IntN(len(bodies))](),
			Area:   []Area{"", AreaVision, AreaMotivation, AreaProblemSolving}[rng.IntN(4)],
			Rating: rng.IntN(6),
			Role:   []Role{"", RoleLeader, RoleManager}[rng.IntN(3)],
		}
		for k := rng.IntN(4); k > 0; k-- {
			e.Tags = append(e.Tags, fmt.Sprint("tag", rng.IntN(5)))
		}
		return e
	}
	for step := 0; step < 300; step++ {
		switch op := rng.IntN(10); {
		case op < 4 || len(ids) == 0:
			e, err := j.Add(randomEntry())
			if err != nil {
				t.Fatalf("step %d add: %v", step, err)
			}
			model[e.ID] = e
			ids = append(ids, e.ID)
		case op < 6:
			id := ids[rng.IntN(len(ids))]
			e := randomEntry()
			e.ID = id
			up, err := j.Update(e)
			if _, live := model[id]; !live {
				if !errors.Is(err, ErrNotFound) {
					t.Fatalf("step %d update of deleted: %v", step, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("step %d update: %v", step, err)
			}
			model[id] = up
		case op < 8:
			id := ids[rng.IntN(len(ids))]
			err := j.Delete(id)
			if _, live := model[id]; live != (err == nil) {
				t.Fatalf("step %d delete: live=%v err=%v", step, live, err)
			}
			delete(model, id)
		case op < 9:
			if err := j.Close(); err != nil {
				t.Fatal(err)
			}
			if j, err = Open(dir, testPass, nil); err != nil {
				t.Fatalf("step %d reopen: %v", step, err)
			}
		default:
			id := ids[rng.IntN(len(ids))]
			got, err := j.Get(id)
			want, live := model[id]
			if !live {
				if !errors.Is(err, ErrNotFound) {
					t.Fatalf("step %d get deleted: %v", step, err)
				}
				continue
			}
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("step %d get mismatch: %v", step, err)
			}
		}
	}
	all, err := j.List(Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(model) {
		t.Fatalf("List has %d entries, model %d", len(all), len(model))
	}
	for _, e := range all {
		if !reflect.DeepEqual(e, model[e.ID]) {
			t.Fatalf("entry %s differs from the model", e.ID)
		}
	}
	if n, _ := j.Count(); n != len(model) {
		t.Fatalf("Count %d, model %d", n, len(model))
	}
}

func TestClaimOwnedByOpenJournal(t *testing.T) {
	j0, dir := newJournal(t)
	j0.Close()
	c, err := ClaimDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	j, err := c.Unlock(testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Unlock(testPass, nil); err == nil || errors.Is(err, ErrInUse) {
		t.Fatalf("second Unlock on the same claim: %v", err)
	}
	c.Release() // must not drop the lock under the open journal
	if _, err := ClaimDir(dir); !errors.Is(err, ErrInUse) {
		t.Fatalf("claim after Release of an owned claim: %v", err)
	}
	j.Close()
	c2, err := ClaimDir(dir)
	if err != nil {
		t.Fatalf("claim after Close: %v", err)
	}
	c2.Release()
}

// TestCloseStopsLongReads closes the journal in the middle of a long read:
// the read stops with ErrLocked, and Close does not wait for the rest of it.
func TestCloseStopsLongReads(t *testing.T) {
	j, _ := newJournal(t)
	for i := 0; i < 50; i++ {
		if _, err := j.Add(Entry{Date: Date{2026, 1, 1 + i%28}, Body: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	closed := make(chan error, 1)
	n := 0
	err := j.Each(Query{}, func(Entry) error {
		n++
		if n == 1 {
			go func() { closed <- j.Close() }()
			for !j.Closing() {
				runtime.Gosched()
			}
		}
		return nil
	})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("a read during Close: %v after %d entries, want ErrLocked", err, n)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
}

func TestSentence(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"the disk is full", "The disk is full."},
		{"already a sentence.", "Already a sentence."},
		{"two\n  lines", "Two lines."},
		{"  ", "Something went wrong."},
		{"imp/bomb.zip: too big", "imp/bomb.zip: too big."},
		{"notes.md, line 2: the front matter is broken", "notes.md, line 2: the front matter is broken."},
	} {
		if got := Sentence(errors.New(c.in)); got != c.want {
			t.Errorf("Sentence(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
