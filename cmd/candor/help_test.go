package main

import (
	"flag"
	"slices"
	"strings"
	"testing"
)

// flagLine reports whether text has a line whose first word is --name, as
// help lists a flag.
func flagLine(text, name string) bool {
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == "--"+name {
			return true
		}
	}
	return false
}

// oneSpaced joins the words of s with single spaces, so wrapped help text
// compares with the help string of a flag.
func oneSpaced(s string) string { return strings.Join(strings.Fields(s), " ") }

// checkFlagsListed fails the test unless help lists every flag of fs, each
// on its own line with its help string.
func checkFlagsListed(t *testing.T, what, help string, fs *flag.FlagSet) {
	t.Helper()
	text := oneSpaced(help)
	fs.VisitAll(func(f *flag.Flag) {
		_, usage := flag.UnquoteUsage(f)
		if !flagLine(help, f.Name) {
			t.Errorf("%s does not list --%s:\n%s", what, f.Name, help)
		}
		if !strings.Contains(text, oneSpaced(usage)) {
			t.Errorf("%s lacks the help of --%s (%q):\n%s", what, f.Name, usage, help)
		}
	})
}

// TestHelpEveryCommand asks for every command's help in each way there is,
// without a journal: each prints the synopsis and every flag of the
// command's flag set (the global flags too, and its sub-commands') on
// stdout, and exits 0.
func TestHelpEveryCommand(t *testing.T) {
	for _, cmd := range allCommands() {
		path := strings.Fields(cmd.name)
		fs, _ := (&cli{}).flagSet(cmd)
		for _, args := range [][]string{
			append([]string{"help"}, path...),
			append(slices.Clone(path), "--help"),
			append(slices.Clone(path), "-h"),
			append([]string{"--help"}, path...),
			append([]string{"--journal", t.TempDir(), "-h"}, path...),
		} {
			r := candor(t, "", nil, args...).want(t, 0)
			if r.stderr != "" {
				t.Errorf("candor %v wrote to stderr: %q", args, r.stderr)
			}
			if !strings.HasPrefix(r.stdout, "Usage: candor "+cmd.synopsis+"\n") {
				t.Errorf("candor %v does not start with the synopsis %q:\n%s", args, cmd.synopsis, r.stdout)
			}
			if !strings.Contains(oneSpaced(r.stdout), oneSpaced(sentence(cmd.summary))) {
				t.Errorf("candor %v lacks the summary %q:\n%s", args, cmd.summary, r.stdout)
			}
			what := "candor " + strings.Join(args, " ")
			checkFlagsListed(t, what, r.stdout, fs)
			checkFlagsListed(t, what, r.stdout, globalFlagSet())
			for i := range cmd.subcommands {
				sub := &cmd.subcommands[i]
				if !strings.Contains(r.stdout, "candor "+sub.synopsis+"\n") {
					t.Errorf("%s lacks the sub-command %q:\n%s", what, sub.synopsis, r.stdout)
				}
				subFlags, _ := (&cli{}).flagSet(sub)
				checkFlagsListed(t, what, r.stdout, subFlags)
			}
		}
	}
}

// TestHelpAddListsItsFlags spells out what TestHelpEveryCommand checks for
// the command with the most flags.
func TestHelpAddListsItsFlags(t *testing.T) {
	out := candor(t, "", nil, "help", "add").want(t, 0).stdout
	for _, name := range []string{"date", "title", "area", "rating", "role", "tag", "prompt", "body", "journal", "passphrase-file"} {
		if !flagLine(out, name) {
			t.Errorf("help add does not list --%s:\n%s", name, out)
		}
	}
	if r := candor(t, "", nil, "prompt", "--help").want(t, 0); strings.Contains(r.stdout+r.stderr, "help requested") {
		t.Errorf("prompt --help: %q %q", r.stdout, r.stderr)
	}
}

// TestHelpOverview: help with no command lists every command of the table
// with its summary, and the global flags, on stdout.
func TestHelpOverview(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		r := candor(t, "", nil, args...).want(t, 0)
		if r.stderr != "" {
			t.Errorf("candor %v wrote to stderr: %q", args, r.stderr)
		}
		text := oneSpaced(r.stdout)
		for _, cmd := range allCommands() {
			if !strings.Contains(text, oneSpaced(cmd.name+" "+cmd.summary)) {
				t.Errorf("candor %v does not list %q with its summary:\n%s", args, cmd.name, r.stdout)
			}
		}
		checkFlagsListed(t, "candor help", r.stdout, globalFlagSet())
		if !strings.Contains(r.stdout, "Exit status") {
			t.Errorf("candor %v does not give the exit statuses:\n%s", args, r.stdout)
		}
	}
}

// TestHelpOfNoCommand: asking for the help of a command that does not
// exist is a usage error, said in one sentence on stderr.
func TestHelpOfNoCommand(t *testing.T) {
	for _, args := range [][]string{{"help", "nosuch"}, {"help", "prompts", "nosuch"}, {"help", "add", "extra"}, {"--help", "nosuch"}} {
		r := candor(t, "", nil, args...).want(t, 2)
		if r.stdout != "" || !strings.HasPrefix(r.stderr, "candor: ") || !strings.Contains(r.stderr, "is not a command") {
			t.Errorf("candor %v: stdout %q, stderr %q", args, r.stdout, r.stderr)
		}
	}
}

// TestEveryFlagHasHelp: every flag of every command, and every global flag,
// has a help string of a few words, not just its own name.
func TestEveryFlagHasHelp(t *testing.T) {
	check := func(where string, fs *flag.FlagSet) {
		fs.VisitAll(func(f *flag.Flag) {
			_, usage := flag.UnquoteUsage(f)
			if len(strings.Fields(usage)) < 3 || strings.EqualFold(strings.TrimSpace(usage), f.Name) {
				t.Errorf("%s: --%s has no real help string: %q", where, f.Name, f.Usage)
			}
		})
	}
	check("global flags", globalFlagSet())
	for _, cmd := range allCommands() {
		if cmd.summary == "" || cmd.synopsis == "" || !strings.HasPrefix(cmd.synopsis, cmd.name) {
			t.Errorf("command %q: summary %q, synopsis %q", cmd.name, cmd.summary, cmd.synopsis)
		}
		fs, _ := (&cli{}).flagSet(cmd)
		check(cmd.name, fs)
	}
}
