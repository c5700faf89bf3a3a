package journal

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"candor/journal/internal/badgerdb"
	"candor/journal/internal/dbcheck"
	"candor/journal/internal/keyfile"
)

func TestZZOpenBig(t *testing.T) {
	dir := os.Getenv("ZZ_DIR")
	if dir == "" {
		t.Skip()
	}
	for i := 0; i < 5; i++ {
		t0 := time.Now()
		kf, err := keyfile.Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := kf.Open([]byte("wl pass words")); err != nil {
			t.Fatal(err)
		}
		kdf := time.Since(t0)
		t1 := time.Now()
		j, err := Open(dir, []byte("wl pass words"), nil)
		if err != nil {
			t.Fatal(err)
		}
		open := time.Since(t1)
		t2 := time.Now()
		if err := j.BuildIndex(); err != nil {
			t.Fatal(err)
		}
		idx := time.Since(t2)
		j.Close()
		t.Logf("kdf %v open %v (beyond kdf %v) index %v", kdf, open, open-kdf, idx)
	}
	_ = filepath.Join
	_ = badgerdb.Forget
	_ = dbcheck.Known{}
}
