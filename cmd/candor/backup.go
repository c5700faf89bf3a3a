package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"candor/journal"
)

// backupOptions is the options of backup.
type backupOptions struct{ out string }

// backupFlags adds the flags of backup.
func backupFlags(fs *flag.FlagSet, o *backupOptions) {
	fs.StringVar(&o.out, "out", "", "the new backup `FILE` to write (required)")
}

// runBackup is the backup command.
func runBackup(c *cli, o *backupOptions, pos []string) error {
	if err := noArgs("backup", pos); err != nil {
		return err
	}
	if o.out == "" {
		return usagef("backup needs --out FILE")
	}
	return c.withJournal(func(j *journal.Journal) error {
		bar := c.newProgress("Backing up", 0, true)
		err := j.BackupProgress(o.out, func(written, estimate int64) { bar.setOf(written, estimate) })
		bar.done()
		if err != nil {
			return err
		}
		fmt.Fprintf(c.env.stdout, "Wrote an encrypted backup to %s. It opens with your current passphrase.\n", safeText(o.out))
		return nil
	})
}

// runRestore is the restore command.
func runRestore(c *cli, _ *none, pos []string) error {
	if len(pos) != 1 {
		return usagef("restore needs exactly one backup FILE")
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	pass, err := c.passphrase(false)
	if err != nil {
		return err
	}
	defer clear(pass)
	if err := journal.Restore(pos[0], dir, pass); err != nil {
		if errors.Is(err, journal.ErrWrongPassphrase) {
			return fmt.Errorf("%w: use the passphrase that was in force when the backup was made", journal.ErrWrongPassphrase)
		}
		return err
	}
	fmt.Fprintf(c.env.stdout, "Restored the journal into %s.\n", safeText(dir))
	return nil
}

// checkOptions is the options of check.
type checkOptions struct{ repair bool }

// checkFlags adds the flags of check.
func checkFlags(fs *flag.FlagSet, o *checkOptions) {
	fs.BoolVar(&o.repair, "repair", false, "make the journal private again (folders 0700, the key file 0600) when other users of the computer could open it, and say so")
}

// runCheck is the check command.
func runCheck(c *cli, o *checkOptions, pos []string) error {
	if err := noArgs("check", pos); err != nil {
		return err
	}
	c.quietPerms = true
	return c.withJournal(func(j *journal.Journal) error {
		n, problems, err := j.Check()
		if err != nil {
			return err
		}
		var perms []journal.PermProblem
		if o.repair {
			fixed, err := journal.FixPermissions(j.Dir())
			for _, p := range fixed {
				fmt.Fprintf(c.env.stdout, "Repaired: %s %s had mode %04o, open to other users of this computer; it is %04o now.\n", p.What, safeText(p.Path), p.Mode, p.Want)
			}
			if err != nil {
				return err
			}
		} else if perms, err = journal.CheckPermissions(j.Dir()); err != nil {
			return err
		}
		if len(problems) == 0 && len(perms) == 0 {
			fmt.Fprintf(c.env.stdout, "The journal is healthy: %d entries, all readable and indexed.\n", n)
			return nil
		}
		for _, p := range perms {
			fmt.Fprintln(c.env.stdout, safeText(p.String()))
		}
		for _, p := range problems {
			fmt.Fprintln(c.env.stdout, safeText(p))
		}
		var fix []string
		if len(perms) > 0 {
			fix = append(fix, "'candor check --repair' makes it private again")
		}
		if len(problems) > 0 {
			fix = append(fix, "restore a backup (candor restore) for the rest")
		}
		return fmt.Errorf("the journal has %s; %s", plural(len(problems)+len(perms), "problem", "problems"), strings.Join(fix, ", and "))
	})
}
