package dbcheck

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/fsx"
)

// CheckManifest reads Badger's MANIFEST before Badger does. Badger deletes
// every table file its manifest does not list, so a damaged manifest would
// silently empty the journal. A crash can leave unlisted tables behind
// legitimately (a compaction or a flush cut short: their contents are still
// in listed tables or the write-ahead log), and those may be older than a
// listed table when a flush finished during the compaction. A manifest cut
// off in the middle of a record, with unlisted tables older than a listed
// one, or a manifest that lists no table while tables exist, means records
// were lost: the journal is reported damaged and every file is left alone.
// (A crash during the very first flush of a new journal, or a power cut in
// the middle of a manifest write during a compaction, look the same; safety
// wins. A manifest cut exactly between two records cannot be told apart from
// a crash.) It returns the manifest as read, for CheckTables; a new
// database has none and gets an empty one.
func CheckManifest(dbDir string, opt badger.Options) (badger.Manifest, error) {
	f, err := os.Open(filepath.Join(dbDir, badger.ManifestFilename))
	if errors.Is(err, os.ErrNotExist) {
		return badger.Manifest{}, nil // a new database
	}
	if err != nil {
		return badger.Manifest{}, fmt.Errorf("reading the database manifest: %w", err)
	}
	defer f.Close()
	mf, valid, err := badger.ReplayManifestFile(f, 0, opt)
	if err != nil {
		return badger.Manifest{}, fmt.Errorf("%w: its MANIFEST cannot be read (%v); restore a backup", ErrDamaged, err)
	}
	info, err := f.Stat()
	if err != nil {
		return badger.Manifest{}, fmt.Errorf("reading the database manifest: %w", err)
	}
	torn := valid < info.Size() // the last record is incomplete
	// An append cut short leaves less than one change set (a few hundred
	// bytes); a long unreadable tail is damage in the middle.
	if info.Size()-valid > ManifestTornMax {
		return badger.Manifest{}, fmt.Errorf("%w: its MANIFEST cannot be read past byte %d of %d; nothing was changed, restore a backup", ErrDamaged, valid, info.Size())
	}
	files := fsx.FilesIn(dbDir, "", ".sst")
	var maxListed uint64
	for id := range mf.Tables {
		maxListed = max(maxListed, id)
	}
	unlisted := 0
	for _, p := range files {
		var id uint64
		if _, err := fmt.Sscanf(filepath.Base(p), "%06d.sst", &id); err != nil {
			continue
		}
		if _, ok := mf.Tables[id]; ok {
			continue
		}
		unlisted++
		if len(mf.Tables) > 0 && id < maxListed && torn {
			return badger.Manifest{}, fmt.Errorf("%w: its MANIFEST no longer lists table %d; nothing was changed, restore a backup", ErrDamaged, id)
		}
	}
	if len(mf.Tables) == 0 && unlisted > 0 {
		return badger.Manifest{}, fmt.Errorf("%w: its MANIFEST lists none of its %d tables; nothing was changed, restore a backup", ErrDamaged, unlisted)
	}
	return mf, nil
}

// ManifestTornMax is the longest incomplete tail a crash can leave in the
// MANIFEST.
const ManifestTornMax = 64 << 10
