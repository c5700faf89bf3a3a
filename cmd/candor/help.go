package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Help is generated from the command table and from each command's flag
// set, so it cannot forget a command or a flag.

// helpWidth is where help wraps its paragraphs.
const helpWidth = 78

// runHelp is the help command: the list of commands, or one command's help.
func runHelp(c *cli, _ *none, args []string) error { return c.help(args) }

// help prints the overview when path is empty, else the help of the command
// path names, such as ["prompts", "add"].
func (c *cli) help(path []string) error {
	if len(path) == 0 {
		writeOverview(c.env.stdout)
		return nil
	}
	cmd := findCommand(path)
	if cmd == nil {
		return usagef("%q is not a command; run 'candor help' for the list", strings.Join(path, " "))
	}
	return c.commandHelp(cmd)
}

// commandHelp prints cmd's help on stdout.
func (c *cli) commandHelp(cmd *command) error {
	writeCommandHelp(c.env.stdout, cmd)
	return nil
}

// asksForHelp reports whether args, taken as typed, hold -h or --help
// before any "--".
func asksForHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--h", "--help":
			return true
		}
	}
	return false
}

// writeOverview writes what 'candor help' prints: the usage line, every
// command with its summary, the global flags and the exit statuses.
func writeOverview(w io.Writer) {
	fmt.Fprint(w, "Candor: an offline, encrypted journal that coaches you to lead.\n\n")
	fmt.Fprint(w, "Usage:\n  candor [--journal DIR] [--passphrase-file FILE] [COMMAND] [FLAGS] [ARGS]\n\n")
	fmt.Fprint(w, "Commands:\n")
	var rows [][2]string
	for _, cmd := range allCommands() {
		rows = append(rows, [2]string{cmd.name, cmd.summary})
	}
	writeColumns(w, "  ", rows)
	fmt.Fprint(w, "\nGlobal flags (before the command; most commands take them after it too):\n")
	writeColumns(w, "  ", flagRows(globalFlagSet(), nil))
	fmt.Fprintln(w)
	writeParagraph(w, "", "Run 'candor help COMMAND', 'candor COMMAND --help' or 'candor COMMAND -h' for a command's synopsis and every flag.")
	fmt.Fprintln(w)
	writeParagraph(w, "", "The journal folder is --journal, else $CANDOR_JOURNAL (empty counts as unset), else the platform's data folder; --journal \"\" is a usage error. The passphrase is read from --passphrase-file (its first line), else $CANDOR_PASSPHRASE, else asked on the terminal without echo.")
	fmt.Fprintln(w)
	fmt.Fprint(w, "Exit status: 0 ok, 1 error, 2 usage, 3 wrong passphrase, 4 journal in use.\n")
}

// writeCommandHelp writes cmd's synopsis, what it does, every flag of its
// flag set (its own, then the global ones) and its sub-commands.
func writeCommandHelp(w io.Writer, cmd *command) {
	fs := helpFlagSet(cmd)
	fmt.Fprintf(w, "Usage: candor %s\n\n", cmd.synopsis)
	writeParagraph(w, "", sentence(cmd.summary)+" "+cmd.details)
	own := flagRows(fs, isGlobalFlag)
	fmt.Fprintln(w)
	if len(own) == 0 {
		fmt.Fprint(w, "Flags: none of its own.\n")
	} else {
		fmt.Fprint(w, "Flags:\n")
		writeColumns(w, "  ", own)
	}
	if len(cmd.subcommands) > 0 {
		fmt.Fprint(w, "\nSub-commands:\n")
		for i := range cmd.subcommands {
			sub := &cmd.subcommands[i]
			fmt.Fprintf(w, "  candor %s\n", sub.synopsis)
			writeParagraph(w, "      ", sentence(sub.summary)+" "+sub.details)
			writeColumns(w, "      ", flagRows(helpFlagSet(sub), isGlobalFlag))
		}
	}
	if cmd.rawArgs {
		fmt.Fprint(w, "\nGlobal flags (before the command):\n")
		writeColumns(w, "  ", flagRows(globalFlagSet(), nil))
		return
	}
	fmt.Fprint(w, "\nGlobal flags (before or after the command):\n")
	writeColumns(w, "  ", flagRows(fs, func(name string) bool { return !isGlobalFlag(name) }))
}

// helpFlagSet builds cmd's flag set for help, on a fresh cli so that the
// global flags show no values given earlier on the command line.
func helpFlagSet(cmd *command) *flag.FlagSet {
	fs, _ := (&cli{}).flagSet(cmd)
	return fs
}

// globalFlagSet returns a flag set holding only the global flags.
func globalFlagSet() *flag.FlagSet {
	fs := newFlagSet("candor")
	(&globals{}).register(fs)
	return fs
}

// isGlobalFlag reports whether name is one of the global flags.
func isGlobalFlag(name string) bool { return globalFlagSet().Lookup(name) != nil }

// flagRows returns one row per flag of fs, sorted by name, leaving out the
// flags skip reports: "--name VALUE" and the flag's help, with its default
// when that is not the zero value.
func flagRows(fs *flag.FlagSet, skip func(name string) bool) [][2]string {
	var rows [][2]string
	fs.VisitAll(func(f *flag.Flag) {
		if skip != nil && skip(f.Name) {
			return
		}
		value, usage := flag.UnquoteUsage(f)
		switch value {
		case "string", "value":
			value = "TEXT"
		case "int", "uint", "float":
			value = "N"
		}
		left := "--" + f.Name
		if value != "" {
			left += " " + value
		}
		switch f.DefValue {
		case "", "0", "false":
		default:
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		rows = append(rows, [2]string{left, usage})
	})
	return rows
}

// writeColumns writes rows as two aligned columns after indent. A left
// column too wide to share its line puts the right one on the next.
func writeColumns(w io.Writer, indent string, rows [][2]string) {
	const maxLeft = 24
	width := 0
	for _, r := range rows {
		if n := utf8.RuneCountInString(r[0]); n <= maxLeft && n > width {
			width = n
		}
	}
	for _, r := range rows {
		n := utf8.RuneCountInString(r[0])
		if n > maxLeft {
			fmt.Fprintf(w, "%s%s\n", indent, r[0])
			writeParagraph(w, indent+strings.Repeat(" ", width+3), r[1])
			continue
		}
		pad := indent + r[0] + strings.Repeat(" ", width-n+3)
		writeWrapped(w, pad, indent+strings.Repeat(" ", width+3), r[1])
	}
}

// writeParagraph writes text word-wrapped at helpWidth, each line after
// indent.
func writeParagraph(w io.Writer, indent, text string) {
	writeWrapped(w, indent, indent, text)
}

// writeWrapped writes text word-wrapped at helpWidth: the first line after
// first, the others after indent.
func writeWrapped(w io.Writer, first, indent, text string) {
	line := first
	empty := true
	for _, word := range strings.Fields(text) {
		if !empty && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > helpWidth {
			fmt.Fprintln(w, line)
			line, empty = indent, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	fmt.Fprintln(w, strings.TrimRight(line, " "))
}

// sentence turns a summary into a sentence: a capital first letter and a
// full stop.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
