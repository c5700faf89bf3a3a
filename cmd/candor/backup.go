package main

import (
	"errors"
	"fmt"

	"candor/journal"
)

func init() {
	register(command{"backup", cmdBackup})
	register(command{"restore", cmdRestore})
	register(command{"check", cmdCheck})
}

func cmdBackup(c *cli, args []string) error {
	fs := c.flags("backup")
	out := fs.String("out", "", "the backup file to write")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("backup needs --out FILE")
	}
	return c.withJournal(func(j *journal.Journal) error {
		if err := j.Backup(*out); err != nil {
			return err
		}
		fmt.Fprintf(c.env.stdout, "Wrote an encrypted backup to %s. It opens with your current passphrase.\n", *out)
		return nil
	})
}

func cmdRestore(c *cli, args []string) error {
	fs := c.flags("restore")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
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
	fmt.Fprintf(c.env.stdout, "Restored the journal into %s.\n", dir)
	return nil
}

func cmdCheck(c *cli, args []string) error {
	fs := c.flags("check")
	if err := parseNoArgs(fs, args); err != nil {
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
			fmt.Fprintln(c.env.stdout, p)
		}
		return fmt.Errorf("the journal has %d problems; restore a backup (candor restore)", len(problems))
	})
}
