package main

import (
	"flag"
	"strings"
)

// command is one row of the command table: everything the dispatcher needs
// to run a command and everything help needs to describe it.
type command struct {
	// name is what the user types after "candor"; a sub-command's name
	// includes its parent's, as in "prompts add".
	name string
	// synopsis is the usage line that follows "candor" in help.
	synopsis string
	// summary is one line for the list of commands.
	summary string
	// details, when set, is a paragraph help prints under the summary.
	details string
	// action builds the command's flag set and runs it; see with.
	action action
	// rawArgs marks a command that takes no flags, not even the global
	// ones: its run function gets the arguments exactly as typed.
	rawArgs bool
	// subcommands are chosen by the first argument, as in "prompts add".
	subcommands []command
}

// action adds a command's own flags to fs, bound to fresh option values,
// and returns the function that runs the command once fs has parsed the
// arguments; pos are the positional ones.
type action func(fs *flag.FlagSet) (run func(c *cli, pos []string) error)

// with joins a command's flags function, which adds its own flags to fs
// bound to the fields of *O, and its run function, which gets those values
// after parsing, into an action.
func with[O any](flags func(fs *flag.FlagSet, o *O), run func(c *cli, o *O, pos []string) error) action {
	return func(fs *flag.FlagSet) func(c *cli, pos []string) error {
		o := new(O)
		flags(fs, o)
		return func(c *cli, pos []string) error { return run(c, o, pos) }
	}
}

// none is the options of a command without flags of its own.
type none struct{}

// noFlags adds no flags: the command takes only the global ones.
func noFlags(*flag.FlagSet, *none) {}

// commandTable lists every command, in the order help shows them.
func commandTable() []command {
	return []command{
		{
			name:     "app",
			synopsis: "app",
			summary:  "open the desktop app (what candor does with no command)",
			action:   with(noFlags, runOpenApp),
			rawArgs:  true,
		},
		{
			name:     "init",
			synopsis: "init",
			summary:  "create a new journal (refuses if one exists)",
			details:  "The folder must be new or empty: one that holds anything else is refused, before the passphrase is asked, and left as it is. The passphrase is asked twice on the terminal, unless --passphrase-file or $CANDOR_PASSPHRASE gives it.",
			action:   with(noFlags, runInit),
		},
		{
			name:     "add",
			synopsis: "add [FLAGS]",
			summary:  "add an entry; prints its ID on stdout",
			details:  "The body is --body, else everything read from stdin. With --prompt, the entry keeps the prompt's text and takes its area when --area is not given. --next-step records a commitment to check on, --decision a call to review later, and --follows with --outcome answers one of them ('candor followups' lists those due).",
			action:   with(addFlags, runAdd),
		},
		{
			name:     "edit",
			synopsis: "edit ID [FLAGS]",
			summary:  "change only the fields given (--body - reads stdin)",
			details:  "It takes the same flags as add; the fields not given are kept.",
			action:   with(editFlags, runEdit),
		},
		{
			name:     "delete",
			synopsis: "delete ID",
			summary:  "delete an entry",
			action:   with(noFlags, runDelete),
		},
		{
			name:     "show",
			synopsis: "show ID [--json]",
			summary:  "print one entry",
			action:   with(showFlags, runShow),
		},
		{
			name:     "list",
			synopsis: "list [--from D] [--to D] [--area A] [--tag T] [--json]",
			summary:  "list entries, oldest first",
			action:   with(listFlags, runList),
		},
		{
			name:     "search",
			synopsis: "search QUERY [--limit N] [--json]",
			summary:  "find entries, best first; typos and word beginnings match",
			details:  "Every word of QUERY must match, in a title, tag, prompt or body. In text output, matches are bold on a terminal and «like this» otherwise.",
			action:   with(searchFlags, runSearch),
		},
		{
			name:     "stats",
			synopsis: "stats [--from D] [--to D] [--json]",
			summary:  "entries, days written, streaks, and progress per area",
			action:   with(statsFlags, runStats),
		},
		{
			name:     "followups",
			synopsis: "followups [--date D] [--json]",
			summary:  "open commitments and decisions due on or before a day (default today)",
			details:  "A next step or decision stays open until an entry answers it: 'candor add --follows ID --outcome done' (partly, not; right, wrong or mixed for a decision).",
			action:   with(followupsFlags, runFollowups),
		},
		{
			name:     "report",
			synopsis: "report --out DIR [--from D] [--to D]",
			summary:  "a progress report: report.md plus chart images, for a coach",
			details:  "It writes into a new folder DIR, or an empty one: report.md with the figures and two PNG charts (ratings and entries per week). A DIR that is a file, a link, a device or a folder holding anything is refused and left as it is. The report is not encrypted: keep it somewhere private.",
			action:   with(reportFlags, runReport),
		},
		{
			name:     "export",
			synopsis: "export --out PATH [--single-file] [--from D] [--to D] [--area A]",
			summary:  "export entries to Markdown (not encrypted)",
			details:  "By default PATH is a new folder with one file per entry in year folders, plus index.md; with --single-file it is one Markdown document.",
			action:   with(exportFlags, runExport),
		},
		{
			name:     "import",
			synopsis: "import --format markdown|jrnl|dayone PATH",
			summary:  "import entries from Markdown, jrnl or Day One",
			details:  "Every file is read and checked before anything is written. Importing the same source again creates no duplicates.",
			action:   with(importFlags, runImport),
		},
		{
			name:     "backup",
			synopsis: "backup --out FILE",
			summary:  "write an encrypted backup of the whole journal",
			action:   with(backupFlags, runBackup),
		},
		{
			name:     "restore",
			synopsis: "restore FILE",
			summary:  "restore a backup into an empty --journal DIR",
			details:  "Give the passphrase that was in force when the backup was made.",
			action:   with(noFlags, runRestore),
		},
		{
			name:     "sync",
			synopsis: "sync [--folder DIR] [--status [--json]]",
			summary:  "sync the journal with your other computers through a folder",
			details:  "DIR is a folder that Syncthing, Dropbox, a network share or a USB stick carries between your computers; Candor writes only sealed files, in DIR/candor-sync, and reads the other computers' there. The folder is remembered: later, 'candor sync' alone is enough. Entries changed on two computers before either saw the other's keep both versions: the newer one, and a copy tagged conflict.",
			action:   with(syncFlags, runSync),
		},
		{
			name:     "join",
			synopsis: "join --folder DIR",
			summary:  "make this computer's journal from one synced through DIR",
			details:  "The --journal folder must be new or empty. Give the passphrase of one of the computers that sync through DIR (the one in force there when it last synced); afterwards you may change it here with passwd.",
			action:   with(joinFlags, runJoin),
		},
		{
			name:     "check",
			synopsis: "check [--repair]",
			summary:  "verify the journal and say whether it is healthy",
			details:  "It reads every entry and the date index, and checks that other users of the computer cannot open the journal folder, its database folder or journal.key; --repair makes them private again (0700, 0600). Any command warns on stderr when they are not.",
			action:   with(checkFlags, runCheck),
		},
		{
			name:     "prompt",
			synopsis: "prompt [--date D] [--skip N] [--json]",
			summary:  "the prompt for a day (default today), and why it was chosen",
			action:   with(promptFlags, runPrompt),
		},
		{
			name:     "prompts",
			synopsis: "prompts [--area A] [--json]",
			summary:  "the whole prompt library, your own prompts included",
			action:   with(promptsFlags, runPrompts),
			subcommands: []command{
				{
					name:     "prompts add",
					synopsis: "prompts add --area A [--trait T] TEXT",
					summary:  "add your own prompt; prints its ID",
					action:   with(promptsAddFlags, runPromptsAdd),
				},
				{
					name:     "prompts remove",
					synopsis: "prompts remove ID",
					summary:  "remove one of your own prompts",
					action:   with(noFlags, runPromptsRemove),
				},
			},
		},
		{
			name:     "passwd",
			synopsis: "passwd [--new-passphrase-file FILE]",
			summary:  "change the passphrase",
			details:  "The new passphrase comes from --new-passphrase-file, else $CANDOR_NEW_PASSPHRASE, else it is asked twice on the terminal. Only journal.key is rewritten.",
			action:   with(passwdFlags, runPasswd),
		},
		{
			name:     "version",
			synopsis: "version",
			summary:  "print the version",
			action:   with(noFlags, runVersion),
		},
		{
			name:     "help",
			synopsis: "help [COMMAND]",
			summary:  "the commands, or one command's synopsis and every flag",
			details:  "'candor COMMAND --help' and 'candor COMMAND -h' show the same.",
			action:   with(noFlags, runHelp),
			rawArgs:  true,
		},
	}
}

// findCommand returns the command that path names, such as ["list"] or
// ["prompts", "add"], or nil when there is none.
func findCommand(path []string) *command {
	if len(path) == 0 {
		return nil
	}
	table := commandTable()
	var found *command
	for i := range table {
		if table[i].name == path[0] {
			found = &table[i]
			break
		}
	}
	for _, name := range path[1:] {
		if found == nil {
			return nil
		}
		found = found.subcommand(name)
	}
	return found
}

// subcommand returns cmd's sub-command with the given last word of its
// name, or nil.
func (cmd *command) subcommand(word string) *command {
	for i := range cmd.subcommands {
		sub := &cmd.subcommands[i]
		if strings.TrimPrefix(sub.name, cmd.name+" ") == word {
			return sub
		}
	}
	return nil
}

// allCommands returns every command of the table, each sub-command right
// after its parent.
func allCommands() []*command {
	var out []*command
	table := commandTable()
	for i := range table {
		out = append(out, &table[i])
		for j := range table[i].subcommands {
			out = append(out, &table[i].subcommands[j])
		}
	}
	return out
}

// flagSet builds cmd's flag set: its own flags and, unless it takes its
// arguments raw, the global ones. run runs the command once the flag set
// has parsed the arguments.
func (c *cli) flagSet(cmd *command) (fs *flag.FlagSet, run func(c *cli, pos []string) error) {
	fs = newFlagSet(cmd.name)
	if !cmd.rawArgs {
		c.g.register(fs)
	}
	return fs, cmd.action(fs)
}
