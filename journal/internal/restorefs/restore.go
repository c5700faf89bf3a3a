package restorefs

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"candor/journal/internal/backupfmt"
	"candor/journal/internal/dbcheck"
	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
	"candor/journal/internal/layout"
)

// Load fills the database of the journal being restored: c holds its
// folder, whose key file is written; u is the key file unlocked, salt the
// backup's salt, and r the rest of the backup file, its sealed chunks.
type Load func(c *layout.Claim, u *keyfile.Unsealed, salt []byte, r *bufio.Reader) error

// Restore recreates a journal in dir (which must not exist or be empty)
// from the backup file at path, unlocked with the passphrase that was in
// force when the backup was made: it checks the passphrase against the key
// file in the backup before anything is created, makes sure the disk has
// room for a database of a Badger with the sizes in space, claims dir,
// writes the key file and calls load. Whatever fails, dir is left as it
// was found: gone, or empty.
func Restore(path, dir string, passphrase []byte, space dbcheck.Space, load Load) error {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("%w: restore only into an empty folder (%s is not)", layout.ErrExists, dir)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading the backup: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	salt, keyData, err := backupfmt.ReadHeader(r)
	if err != nil {
		return err
	}
	kf, err := keyfile.Parse(keyData)
	if err != nil {
		return fmt.Errorf("%w: %v", backupfmt.ErrDamaged, err)
	}
	u, err := kf.Open(passphrase)
	if err != nil {
		return err // wrong passphrase: nothing was created
	}
	defer clear(u.Root[:])
	_, statErr := os.Stat(dir)
	created := os.IsNotExist(statErr)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	layout.MakePrivate(dir)
	// cleanup leaves dir as it was found: gone, or empty.
	cleanup := func() {
		if created {
			os.RemoveAll(dir)
			return
		}
		for _, name := range []string{layout.DBDir, keyfile.FileName, layout.LockFile, layout.OpeningMarker} {
			os.RemoveAll(filepath.Join(dir, name))
		}
	}
	// Badger writes the restored database through mapped files, which a
	// full disk turns into a crash: make sure it fits first, with room for
	// its logs and a compaction.
	if info, err := f.Stat(); err == nil {
		need := uint64(3*info.Size()) + uint64(space.WALMax()+space.MemTable+dbcheck.Margin)
		if free, err := fsx.DiskFree(dir); err == nil && free < need {
			if created {
				os.RemoveAll(dir)
			}
			return fmt.Errorf("%w: restoring this backup needs about %d MB free, and %d MB are", dbcheck.ErrDiskFull, need>>20, free>>20)
		}
	}
	c, err := layout.Take(dir)
	if err != nil {
		if created {
			os.RemoveAll(dir)
		}
		return err
	}
	err = keyfile.Write(dir, kf, nil)
	if err == nil {
		err = load(c, u, salt, r)
	}
	if err != nil {
		// Leave nothing half-restored behind.
		c.Release()
		cleanup()
		return err
	}
	return nil
}
