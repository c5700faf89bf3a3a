package main

import (
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// readmeCommand is one command as the README's command list gives it: the
// text of its line and of the indented lines under it.
type readmeCommand struct {
	name string
	text string
}

// readmeCommandList reads the command list, the first code block under
// "## Command line" in the README: its usage line, then one line per
// command, indented by two spaces, with deeper-indented lines continuing
// the command above them.
func readmeCommandList(t *testing.T) (usage string, cmds []readmeCommand) {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Command line\n")
	if !ok {
		t.Fatal(`the README has no "## Command line" section`)
	}
	_, block, ok := strings.Cut(section, "```\n")
	if ok {
		block, _, ok = strings.Cut(block, "```")
	}
	if !ok {
		t.Fatal("the README's command line section has no code block")
	}
	lines := strings.Split(strings.TrimRight(block, "\n"), "\n")
	usage = lines[0]
	if !strings.HasPrefix(usage, "candor ") {
		t.Fatalf("the README's command list does not start with the usage line: %q", usage)
	}
	for _, line := range lines[1:] {
		indent := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		case strings.TrimSpace(line) == "":
		case indent == 2:
			cmds = append(cmds, readmeCommand{name: readmeCommandName(line), text: line})
		case indent > 2 && len(cmds) > 0:
			cmds[len(cmds)-1].text += "\n" + line
		default:
			t.Fatalf("the README's command list has a line that belongs to no command: %q", line)
		}
	}
	return usage, cmds
}

// readmeCommandName is the command a line of the list starts with: "app"
// for "(no command), app", and a sub-command's full name ("prompts add")
// when the second word names one.
func readmeCommandName(line string) string {
	line = strings.TrimPrefix(strings.TrimSpace(line), "(no command), ")
	words := strings.Fields(line)
	if len(words) > 1 && findCommand(words[:2]) != nil {
		return words[0] + " " + words[1]
	}
	return words[0]
}

var (
	readmeFlag     = regexp.MustCompile(`--[a-z][a-z-]*`)
	readmeSameAsRE = regexp.MustCompile(`the same flags as ([a-z]+)`)
)

// TestREADMECommandList keeps the README's command list and the command
// table together: the same commands in both; every flag the README gives a
// command exists in its flag set; every flag of a command's own is in the
// README, on its lines or, for "the same flags as CMD", on CMD's; and the
// usage line gives every global flag, and only those. --help, which every
// command takes, may be mentioned anywhere.
func TestREADMECommandList(t *testing.T) {
	usage, cmds := readmeCommandList(t)

	globals := globalFlagSet()
	var inUsage []string
	for _, f := range readmeFlag.FindAllString(usage, -1) {
		inUsage = append(inUsage, strings.TrimPrefix(f, "--"))
		if globals.Lookup(strings.TrimPrefix(f, "--")) == nil {
			t.Errorf("the README's usage line gives %s, which is not a global flag", f)
		}
	}
	globals.VisitAll(func(f *flag.Flag) {
		if !slices.Contains(inUsage, f.Name) {
			t.Errorf("the README's usage line lacks the global flag --%s", f.Name)
		}
	})

	text := map[string]string{}
	for _, rc := range cmds {
		if _, dup := text[rc.name]; dup {
			t.Errorf("the README lists %q twice", rc.name)
		}
		text[rc.name] = rc.text
		if findCommand(strings.Fields(rc.name)) == nil {
			t.Errorf("the README lists %q, which is not in the command table", rc.name)
		}
	}
	for _, cmd := range allCommands() {
		own, ok := text[cmd.name]
		if !ok {
			t.Errorf("the README's command list lacks %q", cmd.name)
			continue
		}
		fs, _ := (&cli{}).flagSet(cmd)
		mentioned := map[string]bool{}
		for _, f := range readmeFlag.FindAllString(own, -1) {
			name := strings.TrimPrefix(f, "--")
			mentioned[name] = true
			if fs.Lookup(name) == nil && globals.Lookup(name) == nil && name != "help" {
				t.Errorf("the README gives %s a flag %s it does not have", cmd.name, f)
			}
		}
		if m := readmeSameAsRE.FindStringSubmatch(oneSpaced(own)); m != nil {
			other, ok := text[m[1]]
			if !ok {
				t.Errorf("the README says %s takes the same flags as %q, which it does not list", cmd.name, m[1])
			}
			for _, f := range readmeFlag.FindAllString(other, -1) {
				mentioned[strings.TrimPrefix(f, "--")] = true
			}
		}
		fs.VisitAll(func(f *flag.Flag) {
			if !mentioned[f.Name] && globals.Lookup(f.Name) == nil {
				t.Errorf("the README's command list does not give %s its flag --%s", cmd.name, f.Name)
			}
		})
	}
}
