package badgerdb

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"candor/journal/internal/dbcheck"
	"candor/journal/internal/layout"
)

func TestParseChecked(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       dbcheck.Known
	}{
		{"empty", "", nil},
		{"header only", checkedHeader + "\n", dbcheck.Known{}},
		{"two tables", checkedHeader + "\n000001.sst 10 20 30\n000002.sst 1 2 18446744073709551615\n",
			dbcheck.Known{"000001.sst": {Size: 10, Modified: 20, Index: 30}, "000002.sst": {Size: 1, Modified: 2, Index: 1<<64 - 1}}},
		{"another version", "candor checked tables 2\n000001.sst 10 20 30\n", nil},
		{"a field missing", checkedHeader + "\n000001.sst 10 20\n", nil},
		{"not a table", checkedHeader + "\nMANIFEST 10 20 30\n", nil},
		{"a path", checkedHeader + "\n../x.sst 10 20 30\n", nil},
		{"not a number", checkedHeader + "\n000001.sst ten 20 30\n", nil},
		{"negative checksum", checkedHeader + "\n000001.sst 10 20 -30\n", nil},
	} {
		got := parseChecked([]byte(c.text))
		if (got == nil) != (c.want == nil) || len(got) != len(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
			continue
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%s: %s is %v, want %v", c.name, k, got[k], v)
			}
		}
	}
}

// TestRememberRoundTrip: Remember keeps the tables that are still as they
// were checked and drops the others, and takeChecked reads them back once.
func TestRememberRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, layout.DBDir)
	os.Mkdir(db, 0o700)
	stat := func(name string) dbcheck.TableSum {
		st, err := os.Stat(filepath.Join(db, name))
		if err != nil {
			t.Fatal(err)
		}
		return dbcheck.TableSum{Size: st.Size(), Modified: st.ModTime().UnixNano(), Index: 7}
	}
	for _, name := range []string{"000001.sst", "000002.sst", "000003.sst"} {
		os.WriteFile(filepath.Join(db, name), []byte(name), 0o600)
	}
	c := &Checked{dir: dir, tables: dbcheck.Known{"000001.sst": stat("000001.sst"), "000002.sst": stat("000002.sst"), "000003.sst": stat("000003.sst")}}
	os.Remove(filepath.Join(db, "000002.sst"))                                 // compacted away
	os.WriteFile(filepath.Join(db, "000003.sst"), []byte("longer now"), 0o600) // changed
	if err := c.Remember(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Join(dir, layout.CheckedTables)); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the memory: %v, %v", st, err)
	}
	got := takeChecked(dir)
	if len(got) != 1 || got["000001.sst"] != c.tables["000001.sst"] {
		t.Errorf("remembered %v, want only 000001.sst", got)
	}
	if again := takeChecked(dir); again != nil {
		t.Errorf("read twice: %v", again)
	}
	if err := Forget(dir); err != nil {
		t.Errorf("Forget without a memory: %v", err)
	}
}

// FuzzParseChecked: any file parses without a panic, and what parses
// survives being written and read again.
func FuzzParseChecked(f *testing.F) {
	f.Add([]byte(checkedHeader + "\n000001.sst 10 20 30\n"))
	f.Add([]byte(checkedHeader + "\n000001.sst 10 20\n"))
	f.Add([]byte("x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		known := parseChecked(data)
		for name, ts := range known {
			again := parseChecked([]byte(checkedHeader + "\n" + name + " " + itoa(ts.Size) + " " + itoa(ts.Modified) + " " + utoa(ts.Index) + "\n"))
			if again[name] != ts {
				t.Fatalf("%q: %v read back as %v", name, ts, again[name])
			}
		}
	})
}

func itoa(n int64) string  { return strconv.FormatInt(n, 10) }
func utoa(n uint64) string { return strconv.FormatUint(n, 10) }
