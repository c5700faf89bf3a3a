package journal

import (
	"errors"
	"strings"
	"testing"
)

func TestOwnPrompts(t *testing.T) {
	j, dir := newJournal(t)
	p, err := j.AddOwnPrompt("vision", "", "What would my team say our goal is, in one line?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.ID, "own-") || !p.Own {
		t.Fatalf("own prompt %+v", p)
	}
	if _, err := j.AddOwnPrompt("vision", "", "short"); err == nil {
		t.Fatal("a too-short prompt was stored")
	}
	j.Close()
	j, err = Open(dir, testPass, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	lib, err := j.Library()
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := lib.Get(p.ID); !ok || got.Text != p.Text || !got.Own {
		t.Fatalf("own prompt not in the library after reopening: %+v", got)
	}
	if err := j.RemoveOwnPrompt("vision-001"); !errors.Is(err, ErrBuiltinPrompt) {
		t.Fatalf("removing a built-in prompt: %v", err)
	}
	if err := j.RemoveOwnPrompt(p.ID); err != nil {
		t.Fatal(err)
	}
	if err := j.RemoveOwnPrompt(p.ID); err == nil {
		t.Fatal("removing twice succeeded")
	}
	if own, _ := j.OwnPrompts(); len(own) != 0 {
		t.Fatalf("%d own prompts left", len(own))
	}
}

func TestOwnPromptRefusesControlAndBidi(t *testing.T) {
	j, _ := newJournal(t)
	defer j.Close()
	for _, text := range []string{
		"What did I\rreally decide today?",
		"What did I \x1b[2Jreally decide today?",
		"What did I \x1b]52;c;ZXZpbA==\x07decide today?",
		"What did I \u202ereally decide today?",
		"What did I \u2066really\u2069 decide today?",
	} {
		_, err := j.AddOwnPrompt("vision", "", text)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != "prompt" {
			t.Errorf("AddOwnPrompt(%q) = %v, want a ValidationError on prompt", text, err)
		}
	}
	if own, _ := j.OwnPrompts(); len(own) != 0 {
		t.Fatalf("%d own prompts were stored", len(own))
	}
	// Line breaks and tabs typed into the text become spaces.
	p, err := j.AddOwnPrompt("vision", "", "What did I\nreally\tdecide today?")
	if err != nil || p.Text != "What did I really decide today?" {
		t.Fatalf("AddOwnPrompt with a line break: %+v %v", p, err)
	}
}
