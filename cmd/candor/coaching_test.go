package main

import (
	"encoding/json"
	"strings"
	"testing"

	"candor/journal"
	"candor/prompts"
)

func TestCLICoachingLoop(t *testing.T) {
	dir, pf := newTestJournal(t)
	g := []string{"--journal", dir, "--passphrase-file", pf}
	run := func(code int, args ...string) string {
		t.Helper()
		return strings.TrimSpace(candor(t, "", nil, append(g, args...)...).want(t, code).stdout)
	}
	show := func(id string) (journal.Entry, map[string]any) {
		t.Helper()
		out := run(0, "show", id, "--json")
		var e journal.Entry
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &e); err != nil {
			t.Fatal(err)
		}
		json.Unmarshal([]byte(out), &m)
		return e, m
	}

	// A plain entry prints none of the coaching keys.
	plain := run(0, "add", "--date", "2026-03-01", "--body", "Plain.")
	if _, m := show(plain); len(m) != 12 {
		t.Errorf("a plain entry has keys beyond the contract's twelve: %v", m)
	}

	step := run(0, "add", "--date", "2026-03-01", "--body", "b", "--next-step", "Ask Sam what blocks the release.")
	call := run(0, "add", "--date", "2026-03-02", "--body", "b", "--decision", "Ship Friday; no rollback needed.", "--confidence", "70", "--review-on", "2026-03-20")
	review := run(0, "add", "--date", "2026-03-08", "--body", "b", "--kind", "weekly-review", "--next-step", "Pair with Ana.", "--check-on", "2026-03-15")
	if e, m := show(step); e.NextStep != "Ask Sam what blocks the release." || m["check_on"] != "2026-03-08" {
		t.Fatalf("next step: %v", m)
	}
	if e, m := show(call); e.Confidence == nil || *e.Confidence != 70 || m["review_on"] != "2026-03-20" || m["confidence"] != 70.0 {
		t.Fatalf("decision: %v", m)
	}
	if _, m := show(review); m["kind"] != "weekly-review" || m["check_on"] != "2026-03-15" {
		t.Fatalf("weekly review: %v", m)
	}
	text := run(0, "show", call)
	if !strings.Contains(text, "decision: Ship Friday; no rollback needed. (review on 2026-03-20, 70% sure)") {
		t.Errorf("show lacks the decision:\n%s", text)
	}

	// followups: due by the day, oldest first, as JSON and as text.
	var fus []map[string]any
	out := run(0, "followups", "--date", "2026-03-15", "--json")
	if err := json.Unmarshal([]byte(out), &fus); err != nil {
		t.Fatal(err)
	}
	if len(fus) != 2 || fus[0]["id"] != step || fus[0]["kind"] != "commitment" || fus[0]["due"] != "2026-03-08" || fus[0]["date"] != "2026-03-01" ||
		fus[0]["text"] != "Ask Sam what blocks the release." || fus[1]["id"] != review {
		t.Fatalf("followups --json: %s", out)
	}
	if out := run(0, "followups", "--date", "2026-03-07", "--json"); out != "[]" {
		t.Fatalf("nothing is due before its day: %s", out)
	}
	if out := run(0, "followups", "--date", "2026-03-07"); !strings.Contains(out, "Nothing to follow up on by 2026-03-07") {
		t.Fatalf("followups text: %s", out)
	}

	// Answering closes a follow-up; the wrong kind of outcome is refused.
	candor(t, "", nil, append(g, "add", "--date", "2026-03-09", "--body", "b", "--follows", step, "--outcome", "right")...).want(t, 2)
	answer := run(0, "add", "--date", "2026-03-09", "--body", "Sam said the tests.", "--follows", step, "--outcome", "partly")
	out = run(0, "followups", "--date", "2026-03-31")
	if strings.Contains(out, step) || !strings.Contains(out, call) || !strings.Contains(out, "decision") {
		t.Fatalf("after the answer:\n%s", out)
	}
	if e, _ := show(answer); e.Follows.String() != step || e.Outcome != journal.OutcomePartly {
		t.Fatalf("answer: %+v", e)
	}

	// edit changes only the fields given; empty values remove them.
	run(0, "edit", call, "--confidence", "85")
	if e, _ := show(call); *e.Confidence != 85 || e.Decision != "Ship Friday; no rollback needed." || e.ReviewOn.String() != "2026-03-20" {
		t.Fatalf("edit --confidence: %+v", e)
	}
	run(0, "edit", call, "--decision", "")
	if _, m := show(call); m["decision"] != nil || m["confidence"] != nil || m["review_on"] != nil {
		t.Fatalf("removing the decision left %v", m)
	}
	run(0, "edit", plain, "--next-step", "Write the memo.")
	if e, _ := show(plain); e.CheckOn.String() != "2026-03-08" {
		t.Fatalf("edit --next-step: %+v", e)
	}

	// list --json carries the new keys.
	out = run(0, "list", "--json")
	if !strings.Contains(out, `"outcome":"partly"`) || !strings.Contains(out, `"kind":"weekly-review"`) {
		t.Fatalf("list --json: %s", out)
	}

	// Bad input: one clear sentence, exit 2.
	for _, args := range [][]string{
		{"add", "--body", "b", "--decision", "d", "--confidence", "101"},
		{"add", "--body", "b", "--confidence", "50"},
		{"add", "--body", "b", "--outcome", "done"},
		{"add", "--body", "b", "--follows", "nope", "--outcome", "done"},
		{"add", "--body", "b", "--kind", "monthly"},
		{"add", "--body", "b", "--next-step", "x", "--check-on", "soon"},
		{"add", "--date", "2026-03-10", "--body", "b", "--next-step", "x", "--check-on", "2026-03-01"},
		{"followups", "--date", "tomorrow"},
		{"followups", "extra"},
	} {
		r := candor(t, "", nil, append(g, args...)...).want(t, 2)
		if strings.TrimSpace(r.stderr) == "" {
			t.Errorf("%v: no message", args)
		}
	}
}

func TestCLIStatsCoaching(t *testing.T) {
	dir, pf := newTestJournal(t)
	g := []string{"--journal", dir, "--passphrase-file", pf}
	run := func(args ...string) string {
		t.Helper()
		return strings.TrimSpace(candor(t, "", nil, append(g, args...)...).want(t, 0).stdout)
	}
	p, ok := prompts.Builtin().Get("problem-solving-001")
	if !ok {
		t.Fatal("no prompt problem-solving-001")
	}
	step := run("add", "--date", "2026-01-05", "--body", "a", "--prompt", "problem-solving-001", "--next-step", "Ask Sam.")
	call := run("add", "--date", "2026-01-05", "--body", "b", "--decision", "Hire Ana.", "--confidence", "75", "--review-on", "2026-01-10")
	run("add", "--date", "2026-01-12", "--body", "c", "--follows", step, "--outcome", "done")
	run("add", "--date", "2026-01-12", "--body", "d", "--follows", call, "--outcome", "right")
	var st struct {
		Traits        map[string]int `json:"traits"`
		FollowThrough map[string]int `json:"follow_through"`
		Decisions     struct {
			Made, Reviewed int
			Calibration    []struct {
				Band            string
				Reviewed, Right int
			}
		} `json:"decisions"`
	}
	out := run("stats", "--json", "--from", "2026-01-01", "--to", "2026-01-31")
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.Traits[p.Trait] != 1 || len(st.Traits) < 2 {
		t.Errorf("traits: %v (want %s: 1 and the library's other traits at 0)", st.Traits, p.Trait)
	}
	want := map[string]int{"due": 1, "done": 1, "partly": 0, "not": 0, "open": 0}
	for k, v := range want {
		if n, ok := st.FollowThrough[k]; !ok || n != v {
			t.Errorf("follow_through.%s = %d, want %d: %s", k, n, v, out)
		}
	}
	if d := st.Decisions; d.Made != 1 || d.Reviewed != 1 || len(d.Calibration) != 1 || d.Calibration[0].Band != "70-79" || d.Calibration[0].Right != 1 {
		t.Errorf("decisions: %+v", d)
	}
	text := run("stats", "--from", "2026-01-01", "--to", "2026-01-31")
	for _, s := range []string{"Traits: " + p.Trait + " 1; never touched:", "Follow-through: 1 next step came due: 1 done, 0 partly, 0 not done, 0 still open.",
		"Decisions: 1 made, 1 reviewed (1 right, 0 wrong, 0 mixed). Calibration needs 5 reviewed decisions with a confidence; there are 1."} {
		if !strings.Contains(text, s) {
			t.Errorf("stats text lacks %q:\n%s", s, text)
		}
	}
}
