package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"candor/journal"
	"candor/journal/imports"
)

// Exit statuses fixed by Candor's contract.
const (
	exitOK            = 0
	exitError         = 1
	exitUsage         = 2
	exitWrongPass     = 3
	exitInUse         = 4
	maxPassphraseSize = 1024
)

// usageError is a mistake in how the command was called (exit 2).
type usageError struct{ msg string }

// Error implements error.
func (e *usageError) Error() string { return e.msg }

// usagef makes a usage error from a format, as fmt.Sprintf does.
func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// globals are the flags accepted before (and after) any command.
type globals struct {
	journalDir     string
	passphraseFile string
	// journalGiven says --journal was given, even as "": an empty folder
	// name is a mistake, never a way to ask for the default journal.
	journalGiven bool
}

// register adds the global flags to fs; their defaults are the values
// already parsed, so a command's flag set keeps what came before it.
func (g *globals) register(fs *flag.FlagSet) {
	fs.Var(dirFlag{&g.journalDir, &g.journalGiven}, "journal", "use the journal in `DIR` (default: $CANDOR_JOURNAL, else the platform's data folder)")
	fs.StringVar(&g.passphraseFile, "passphrase-file", g.passphraseFile, "read the passphrase from the first line of `FILE` (else $CANDOR_PASSPHRASE, else the terminal asks)")
}

// dirFlag is the value of --journal: a folder name that remembers whether
// it was given at all.
type dirFlag struct {
	dir   *string
	given *bool
}

// String implements flag.Value.
func (d dirFlag) String() string {
	if d.dir == nil {
		return ""
	}
	return *d.dir
}

// Set implements flag.Value.
func (d dirFlag) Set(v string) error {
	*d.dir, *d.given = v, true
	return nil
}

// newFlagSet returns an empty flag set that reports errors to its caller
// and prints nothing itself.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseInterspersed parses flags that may come before, between or after the
// positional arguments, and returns the positional ones. A request for help
// (-h, --help) returns flag.ErrHelp itself.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, flag.ErrHelp
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// cli carries what every command needs.
type cli struct {
	env *env
	g   globals
	// keepPass asks openJournal to keep the passphrase in pass (passwd
	// needs it again); the command clears it.
	keepPass bool
	pass     []byte
	// quietPerms keeps openJournal from warning about loose permissions:
	// check reports them itself.
	quietPerms bool
	// importSource is the source an import command is about to import
	// (an absolute path); openJournal says nothing of an unfinished import
	// of that same source, which is being run again.
	importSource string
}

// run runs the command line args (without the program name) in e and
// returns the exit status.
func run(args []string, e *env) int {
	c := &cli{env: e}
	fs := newFlagSet("candor")
	c.g.register(fs)
	help := fs.Bool("help", false, "show help")
	fs.BoolVar(help, "h", false, "show help")
	if err := fs.Parse(args); err != nil {
		return c.fail(usagef("%v", err))
	}
	rest := fs.Args()
	if *help {
		return c.fail(c.help(rest))
	}
	name := "app"
	if len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	cmd := findCommand([]string{name})
	if cmd == nil {
		return c.fail(usagef("%q is not a command; run 'candor help' for the list", name))
	}
	return c.fail(c.runCommand(cmd, rest))
}

// runCommand parses args with cmd's flag set (or hands them over as typed
// when cmd takes raw arguments) and runs it. A first argument naming one of
// cmd's sub-commands runs that instead; -h or --help prints help.
func (c *cli) runCommand(cmd *command, args []string) error {
	if len(args) > 0 {
		if sub := cmd.subcommand(args[0]); sub != nil {
			cmd, args = sub, args[1:]
		}
	}
	fs, runIt := c.flagSet(cmd)
	if cmd.rawArgs {
		if asksForHelp(args) {
			return c.commandHelp(cmd)
		}
		return runIt(c, args)
	}
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return c.commandHelp(cmd)
	}
	if err != nil {
		return err
	}
	return runIt(c, pos)
}

// exitStatus is an error that only carries an exit status: whatever there
// was to say has been said.
type exitStatus int

// Error implements error.
func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// fail prints err as one sentence and returns the exit status it calls for.
// The sentence passes safeText: an error may quote a file name or text from
// a journal or an import, which must not reach the terminal as control
// characters.
func (c *cli) fail(err error) int {
	if err == nil {
		return exitOK
	}
	var status exitStatus
	if errors.As(err, &status) {
		return int(status)
	}
	msg := safeText(journal.Sentence(err))
	if errors.Is(err, journal.ErrDamaged) || errors.Is(err, journal.ErrKeyFileDamaged) {
		msg += " Open the Candor app to restore a backup in place (the damaged journal is kept, renamed), or restore one into a new folder with 'candor --journal NEWDIR restore FILE'."
	}
	fmt.Fprintf(c.env.stderr, "candor: %s\n", msg)
	var ue *usageError
	switch {
	case errors.As(err, &ue), errors.Is(err, errNoTerminal), errors.Is(err, journal.ErrEmptyPassphrase):
		return exitUsage
	case errors.Is(err, journal.ErrWrongPassphrase):
		return exitWrongPass
	case errors.Is(err, journal.ErrInUse):
		return exitInUse
	}
	return exitError
}

// dir is the journal folder: --journal, else $CANDOR_JOURNAL, else the
// platform's default. An empty --journal "" is a usage error, never the
// default journal; an empty $CANDOR_JOURNAL counts as unset, but one of
// only spaces is refused too.
func (c *cli) dir() (string, error) {
	if c.g.journalGiven && strings.TrimSpace(c.g.journalDir) == "" {
		return "", usagef("--journal names no folder; give the journal's folder, or leave --journal out to use $CANDOR_JOURNAL or the platform's data folder")
	}
	if v := c.env.getenv("CANDOR_JOURNAL"); v != "" && strings.TrimSpace(v) == "" {
		return "", usagef("$CANDOR_JOURNAL holds only spaces; set it to the journal's folder, or unset it")
	}
	return journal.ResolveDir(c.g.journalDir, c.env.getenv)
}

// openJournal claims the journal (so a second process is told it is in use
// before any passphrase is asked), then asks for the passphrase and unlocks.
func (c *cli) openJournal() (*journal.Journal, error) {
	dir, err := c.dir()
	if err != nil {
		return nil, err
	}
	cl, err := journal.ClaimDir(dir)
	if err != nil {
		if errors.Is(err, journal.ErrNoJournal) {
			return nil, fmt.Errorf("there is no journal in %s; create one with 'candor init'", dir)
		}
		if errors.Is(err, journal.ErrInUse) {
			return nil, fmt.Errorf("%w (%s); close the Candor app or lock it, then try again", journal.ErrInUse, dir)
		}
		return nil, err
	}
	if !c.quietPerms {
		c.warnPermissions(dir)
	}
	pass, err := c.passphrase(false)
	if err != nil {
		cl.Release()
		return nil, err
	}
	j, err := cl.Unlock(pass, nil)
	if c.keepPass && err == nil {
		c.pass = pass
	} else {
		clear(pass)
	}
	if err != nil {
		cl.Release()
		if errors.Is(err, journal.ErrWrongPassphrase) {
			return nil, fmt.Errorf("%w for the journal in %s", journal.ErrWrongPassphrase, dir)
		}
		return nil, err
	}
	if src, total, ok, err := imports.Unfinished(j); err == nil && ok && src != c.importSource {
		fmt.Fprintf(c.env.stderr, "candor: note: an import of %s (%s) was cut short, so only part of it may be in the journal; run the same import again to complete it (importing is idempotent: nothing is duplicated).\n",
			safeText(src), plural(total, "entry", "entries"))
	}
	return j, nil
}

// warnPermissions says on stderr, one line each, which parts of the journal
// in dir other users of the computer may open, and how to fix it.
func (c *cli) warnPermissions(dir string) {
	probs, _ := journal.CheckPermissions(dir)
	for _, p := range probs {
		fmt.Fprintf(c.env.stderr, "candor: warning: %s; make it private with 'chmod %o %s' or 'candor check --repair'.\n",
			safeText(p.String()), p.Want, safeText(p.Path))
	}
}

// withJournal runs fn on the unlocked journal and closes it afterwards.
func (c *cli) withJournal(fn func(j *journal.Journal) error) error {
	j, err := c.openJournal()
	if err != nil {
		return err
	}
	err = fn(j)
	if cerr := j.CanClose(); cerr != nil {
		// Closing would write the memtable out, which a full disk turns
		// into a crash. Everything saved is in the database's synced log
		// already; the next open replays it, and the lock goes with the
		// process.
		if err == nil {
			fmt.Fprintf(c.env.stderr, "candor: warning: %s\n", safeText(journal.Sentence(cerr)))
		}
		return err
	}
	if cerr := j.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing the journal: %w", cerr)
	}
	return err
}

// passphrase reads the passphrase: --passphrase-file, CANDOR_PASSPHRASE, or a
// prompt (twice when confirm is set).
func (c *cli) passphrase(confirm bool) ([]byte, error) {
	label := "Passphrase: "
	if confirm {
		label = "Choose a passphrase: "
	}
	return c.secret(c.g.passphraseFile, "--passphrase-file", "CANDOR_PASSPHRASE", label, confirm)
}

// secret reads a passphrase from file, else the environment variable envVar,
// else the terminal; flagName and envVar name the sources in errors.
func (c *cli) secret(file, flagName, envVar, label string, confirm bool) ([]byte, error) {
	if file != "" {
		if info, err := os.Stat(file); err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o077 != 0 && runtime.GOOS != "windows" {
			fmt.Fprintf(c.env.stderr, "candor: warning: other users can read the passphrase file %s (mode %04o); make it private with 'chmod 600 %s'.\n", safeText(file), info.Mode().Perm(), safeText(file))
		}
		return readPassphraseFile(file)
	}
	if v := c.env.getenv(envVar); v != "" {
		return []byte(v), nil
	}
	p, err := c.env.prompt(label)
	if errors.Is(err, errNoTerminal) {
		return nil, fmt.Errorf("%w: give it with %s or %s", errNoTerminal, flagName, envVar)
	}
	if err != nil {
		return nil, err
	}
	if len(p) == 0 {
		return nil, journal.ErrEmptyPassphrase
	}
	if confirm {
		again, err := c.env.prompt("Repeat it: ")
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(p, again) {
			return nil, usagef("the two passphrases differ; nothing was changed")
		}
	}
	return p, nil
}

// readPassphraseFile reads the first line of path, without its line ending.
func readPassphraseFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the passphrase file: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxPassphraseSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the passphrase file: %w", err)
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	} else if len(b) > maxPassphraseSize {
		return nil, usagef("the passphrase file's first line is longer than %d bytes", maxPassphraseSize)
	}
	b = bytes.TrimSuffix(b, []byte("\r"))
	if len(b) == 0 {
		return nil, fmt.Errorf("%w (the first line of %s is empty)", journal.ErrEmptyPassphrase, path)
	}
	return b, nil
}
