package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCLIPrompts(t *testing.T) {
	dir, pf := newTestJournal(t)
	g := []string{"--journal", dir, "--passphrase-file", pf}
	run := func(code int, args ...string) result {
		t.Helper()
		return candor(t, "", nil, append(append([]string{}, g...), args...)...).want(t, code)
	}

	var p map[string]any
	out := run(0, "prompt", "--date", "2026-12-03", "--json").stdout
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("prompt --json: %v\n%s", err, out)
	}
	for _, k := range []string{"id", "area", "trait", "text", "date", "reason", "kind", "mechanism"} {
		if s, _ := p[k].(string); s == "" {
			t.Errorf("prompt --json lacks %s: %s", k, out)
		}
	}
	if fu, _ := p["follow_ups"].([]any); len(fu) < 1 || len(fu) > 2 || p["kind"] != "daily" {
		t.Errorf("prompt --json: follow_ups %v, kind %v", p["follow_ups"], p["kind"])
	}
	if _, ok := p["workday_only"].(bool); !ok {
		t.Errorf("prompt --json lacks workday_only: %s", out)
	}
	if p["date"] != "2026-12-03" {
		t.Errorf("date %v", p["date"])
	}
	again := run(0, "prompt", "--date", "2026-12-03", "--json").stdout
	if again != out {
		t.Error("the prompt of a day changed between two runs")
	}
	other := run(0, "prompt", "--date", "2026-12-03", "--skip", "1", "--json").stdout
	if other == out {
		t.Error("--skip 1 gave the same prompt")
	}
	text := run(0, "prompt", "--date", "2026-12-03").stdout
	if !strings.Contains(text, p["text"].(string)) || !strings.Contains(text, "Why this prompt") {
		t.Errorf("prompt text output:\n%s", text)
	}

	// On a weekly review day the review takes the daily prompt's place; the
	// daily prompt is one flag away and in the JSON.
	var card map[string]any
	out = run(0, "prompt", "--date", "2026-11-29", "--json").stdout
	if err := json.Unmarshal([]byte(out), &card); err != nil {
		t.Fatalf("prompt --json on the review day: %v\n%s", err, out)
	}
	if daily, _ := card["daily"].(map[string]any); card["kind"] != "weekly-review" || daily["id"] == "" || card["week_entries"] == nil ||
		!strings.Contains(card["text"].(string), "What will you try next week") {
		t.Fatalf("the weekly review card: %s", out)
	}
	if text := run(0, "prompt", "--date", "2026-11-29").stdout; !strings.Contains(text, "candor add --kind weekly-review") {
		t.Fatalf("the weekly review card as text:\n%s", text)
	}
	if p := run(0, "prompt", "--date", "2026-11-29", "--skip", "1", "--json").stdout; !strings.Contains(p, `"kind": "daily"`) && !strings.Contains(p, `"kind": "check-in"`) {
		t.Fatalf("--skip 1 on the review day: %s", p)
	}

	// A next step due on a Thursday comes back as that day's card.
	stepID := strings.TrimSpace(run(0, "add", "--date", "2026-12-01", "--body", "x", "--next-step", "Ask Sam.", "--check-on", "2026-12-10").stdout)
	var fu map[string]any
	out = run(0, "prompt", "--date", "2026-12-10", "--json").stdout
	if err := json.Unmarshal([]byte(out), &fu); err != nil || fu["kind"] != "follow-up" || fu["follows"] != stepID || fu["quote"] != "Ask Sam." {
		t.Fatalf("the follow-up card: %v\n%s", err, out)
	}

	var lib []map[string]any
	if err := json.Unmarshal([]byte(run(0, "prompts", "--json").stdout), &lib); err != nil || len(lib) < 120 {
		t.Fatalf("prompts --json: %d prompts, %v", len(lib), err)
	}
	kinds := map[any]int{}
	for _, q := range lib {
		kinds[q["kind"]]++
		fu, ok := q["follow_ups"].([]any)
		if _, wd := q["workday_only"].(bool); !ok || !wd || len(fu) < 1 {
			t.Fatalf("prompts --json: %v lacks follow_ups or workday_only", q)
		}
	}
	if kinds["daily"] < 120 || kinds["check-in"] < 3 {
		t.Errorf("prompts --json kinds: %v", kinds)
	}
	lib = nil
	json.Unmarshal([]byte(run(0, "prompts", "--area", "vision", "--json").stdout), &lib)
	for _, q := range lib {
		if q["area"] != "vision" {
			t.Fatalf("--area vision listed %v", q)
		}
	}

	id := strings.TrimSpace(run(0, "prompts", "add", "--area", "motivation", "What did I do today to make someone's work easier?").stdout)
	if !strings.HasPrefix(id, "own-") {
		t.Fatalf("prompts add printed %q", id)
	}
	if !strings.Contains(run(0, "prompts", "--area", "motivation").stdout, id) {
		t.Error("own prompt missing from the library")
	}
	entry := strings.TrimSpace(run(0, "add", "--prompt", id, "--body", "answer").stdout)
	var e map[string]any
	json.Unmarshal([]byte(run(0, "show", entry, "--json").stdout), &e)
	if e["prompt_id"] != id || e["prompt"] != "What did I do today to make someone's work easier?" || e["area"] != "motivation" {
		t.Errorf("entry answering an own prompt: %v", e)
	}
	if r := run(0, "add", "--prompt", "vision-030", "--body", "x"); !strings.Contains(r.stderr, "--role leader") {
		t.Errorf("no role hint for a leading-or-managing prompt: %q", r.stderr)
	}
	if r := run(0, "add", "--prompt", "vision-030", "--role", "manager", "--body", "x"); r.stderr != "" {
		t.Errorf("role hint although --role was given: %q", r.stderr)
	}
	run(0, "prompts", "remove", id)
	if strings.Contains(run(0, "prompts").stdout, id) {
		t.Error("removed prompt still listed")
	}
	run(1, "prompts", "remove", id)
	run(2, "prompts", "remove", "vision-001")
	run(2, "prompts", "add", "--area", "vision", "short")
	run(2, "prompts", "add", "What is missing here, an area?")
	run(2, "prompts", "--area", "strategy")
	run(2, "prompt", "--date", "someday")
	run(2, "add", "--prompt", "no-such-prompt", "--body", "x")
}
