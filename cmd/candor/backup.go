package main

import (
	"errors"
	"flag"
	"fmt"

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
		if err := j.Backup(o.out); err != nil {
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

// runCheck is the check command.
func runCheck(c *cli, _ *none, pos []string) error {
	if err := noArgs("check", pos); err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		n, problems, err := j.Check()
		if err != nil {
			return err
		}
		if len(problems) == 0 {
			fmt.Fprintf(c.env.stdout, "The journal is healthy: %d entries, all readable and indexed.\n", n)
			return nil
		}
		for _, p := range problems {
			fmt.Fprintln(c.env.stdout, safeText(p))
		}
		return fmt.Errorf("the journal has %d problems; restore a backup (candor restore)", len(problems))
	})
}
