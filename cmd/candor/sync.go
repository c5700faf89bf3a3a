package main

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"candor/journal"
	jsync "candor/journal/sync"
)

// syncOptions is the options of sync.
type syncOptions struct {
	folder string
	status bool
	json   bool
}

// syncFlags adds the flags of sync.
func syncFlags(fs *flag.FlagSet, o *syncOptions) {
	fs.StringVar(&o.folder, "folder", "", "the `DIR` that Syncthing, Dropbox or a USB stick carries (remembered for the next sync)")
	fs.BoolVar(&o.status, "status", false, "say how the journal stands instead of syncing: last sync, computers seen, pending changes, conflicts")
	fs.BoolVar(&o.json, "json", false, "with --status, print JSON")
}

// runSync is the sync command.
func runSync(c *cli, o *syncOptions, pos []string) error {
	if err := noArgs("sync", pos); err != nil {
		return err
	}
	if o.json && !o.status {
		return usagef("--json goes with --status")
	}
	if o.status && o.folder != "" {
		return usagef("--status shows the remembered folder; give --folder without it to sync")
	}
	return c.withJournal(func(j *journal.Journal) error {
		if o.status {
			st, err := jsync.StatusOf(j)
			if err != nil {
				return err
			}
			return printSyncStatus(c, st, o.json)
		}
		r, err := jsync.Sync(j, o.folder, nil)
		for _, u := range r.Unreadable {
			fmt.Fprintf(c.env.stderr, "candor: skipped %s\n", safeText(u))
		}
		if errors.Is(err, jsync.ErrNoFolder) {
			return usagef("this journal has not synced yet: give the folder to sync through with --folder DIR")
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(c.env.stdout, "Synced through %s: %s sent, %s received", safeText(r.Folder),
			plural(r.Sent, "change", "changes"), plural(r.Received, "change", "changes"))
		if r.Conflicts > 0 {
			fmt.Fprintf(c.env.stdout, "; %s to settle (tagged %q)", plural(r.Conflicts, "conflict copy", "conflict copies"), jsync.ConflictTag)
		}
		fmt.Fprintln(c.env.stdout, ".")
		return nil
	})
}

// syncStatusJSON is sync --status --json.
type syncStatusJSON struct {
	Folder    string         `json:"folder"`
	Device    string         `json:"device"`
	LastSync  *time.Time     `json:"last_sync"`
	Computers []computerJSON `json:"computers"`
	Pending   int            `json:"pending"`
	Conflicts int            `json:"conflicts"`
}

type computerJSON struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	LastSeen time.Time `json:"last_seen"`
}

func printSyncStatus(c *cli, st jsync.Status, asJSON bool) error {
	if asJSON {
		out := syncStatusJSON{Folder: st.Folder, Device: st.Device, Computers: []computerJSON{}, Pending: st.Pending, Conflicts: st.Conflicts}
		if !st.LastSync.IsZero() {
			t := st.LastSync.UTC()
			out.LastSync = &t
		}
		for _, p := range st.Computers {
			out.Computers = append(out.Computers, computerJSON{ID: p.ID, Name: p.Name, LastSeen: p.Seen.UTC()})
		}
		return printJSON(c.env.stdout, out)
	}
	w := c.env.stdout
	if st.Folder == "" {
		fmt.Fprintln(w, "This journal does not sync yet: 'candor sync --folder DIR' starts.")
		return nil
	}
	fmt.Fprintf(w, "Folder:     %s\n", safeText(st.Folder))
	last := "never"
	if !st.LastSync.IsZero() {
		last = st.LastSync.Local().Format("2006-01-02 15:04:05")
	}
	fmt.Fprintf(w, "Last sync:  %s\n", last)
	fmt.Fprintf(w, "Pending:    %s changed here since\n", plural(st.Pending, "entry", "entries"))
	fmt.Fprintf(w, "Conflicts:  %d\n", st.Conflicts)
	if len(st.Computers) == 0 {
		fmt.Fprintln(w, "Computers:  none seen yet")
		return nil
	}
	fmt.Fprintln(w, "Computers:")
	for _, p := range st.Computers {
		fmt.Fprintf(w, "  %s (%s), last seen %s\n", safeText(p.Name), p.ID[:8], p.Seen.Local().Format("2006-01-02 15:04"))
	}
	return nil
}

// joinOptions is the options of join.
type joinOptions struct{ folder string }

// joinFlags adds the flags of join.
func joinFlags(fs *flag.FlagSet, o *joinOptions) {
	fs.StringVar(&o.folder, "folder", "", "the synced `DIR` another computer syncs through (required)")
}

// runJoin is the join command.
func runJoin(c *cli, o *joinOptions, pos []string) error {
	if err := noArgs("join", pos); err != nil {
		return err
	}
	if o.folder == "" {
		return usagef("join needs --folder DIR")
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if err := journal.CanInit(dir); err != nil {
		return err
	}
	pass, err := c.passphrase(false)
	if err != nil {
		return err
	}
	defer clear(pass)
	j, r, err := jsync.Join(dir, o.folder, pass, nil, nil)
	if err != nil {
		return err
	}
	defer j.Close()
	for _, u := range r.Unreadable {
		fmt.Fprintf(c.env.stderr, "candor: skipped %s\n", safeText(u))
	}
	fmt.Fprintf(c.env.stdout, "Joined the journal synced through %s into %s: %s.\n", safeText(r.Folder), safeText(dir), plural(r.Received, "entry", "entries"))
	return nil
}
