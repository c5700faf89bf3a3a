package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCLISearch(t *testing.T) {
	dir, pf := newTestJournal(t)
	g := []string{"--journal", dir, "--passphrase-file", pf}
	run := func(code int, args ...string) result {
		t.Helper()
		return candor(t, "", nil, append(append([]string{}, g...), args...)...).want(t, code)
	}
	a := strings.TrimSpace(run(0, "add", "--date", "2026-01-05", "--title", "Delegation day", "--body", "I handed the roadmap to Priya.").stdout)
	b := strings.TrimSpace(run(0, "add", "--date", "2026-02-05", "--title", "Budget", "--body", "Delegating the budget review felt right. Café after.").stdout)
	run(0, "add", "--date", "2026-03-05", "--title", "Unrelated", "--body", "Quiet day.")

	var hits []map[string]any
	out := run(0, "search", "deleg", "--json").stdout
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatalf("search --json: %v\n%s", err, out)
	}
	if len(hits) != 2 || hits[0]["id"] != a || hits[1]["id"] != b {
		t.Fatalf("deleg: %v", hits)
	}
	for _, h := range hits {
		for _, k := range []string{"id", "date", "created", "updated", "title", "body", "area", "rating", "role", "tags", "prompt_id", "prompt", "score", "snippet"} {
			if _, ok := h[k]; !ok {
				t.Errorf("search --json lacks %s", k)
			}
		}
	}
	if s, _ := hits[0]["score"].(float64); s <= hits[1]["score"].(float64) {
		t.Error("a title hit does not outrank a body hit")
	}
	text := run(0, "search", "cafe").stdout
	if !strings.Contains(text, b) || !strings.Contains(text, "«Café»") {
		t.Errorf("text output:\n%s", text)
	}
	hits = nil
	json.Unmarshal([]byte(run(0, "search", "--limit", "1", "--json", "delegaton").stdout), &hits)
	if len(hits) != 1 {
		t.Errorf("--limit 1 with a typo: %d hits", len(hits))
	}
	if r := run(0, "search", "nothingmatches"); !strings.Contains(r.stderr, "No entry matches") {
		t.Errorf("no match: %q", r.stderr)
	}
	run(2, "search")
	run(2, "search", "--limit", "0", "x")
	run(2, "search", "!!!")
}
