package sync

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"candor/journal"
	"candor/journal/journaltest"
)

// computer is one computer of the property test: its journal, its copy
// of the synced folder, its passphrase.
type computer struct {
	name   string
	j      *journal.Journal
	dir    string
	folder string
	pass   []byte
}

// carrier moves files between the computers' folders the way a sync
// engine might: late, out of order, twice, first cut short then whole,
// under "conflicted copy" names, and removals late.
type carrier struct {
	t       *testing.T
	rng     *rand.Rand
	folders []string
	// sent[i][rel] is what folder i held of rel the last time it was
	// looked at; pending lists the deliveries not yet made.
	pending []delivery
	known   map[string]*knownFile
}

type delivery struct {
	from, to int
	rel      string
	remove   bool
}

// look queues a delivery to every other folder of each file folder i
// made or changed (a file is made in one folder, its owner's; others get
// copies), and a removal of each file gone from it.
func (c *carrier) look(i int) {
	root := filepath.Join(c.folders[i], syncDirName)
	seen := map[string]bool{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || strings.Contains(d.Name(), "conflict") {
			return nil
		}
		rel, _ := filepath.Rel(c.folders[i], p)
		b, _ := os.ReadFile(p)
		sum := fmt.Sprintf("%x", sha256.Sum256(b))
		k := c.known[rel]
		if k == nil {
			k = &knownFile{owner: i}
			c.known[rel] = k
		}
		if k.owner != i {
			return nil
		}
		seen[rel] = true
		if k.sum != sum {
			k.sum = sum
			for o := range c.folders {
				if o != i {
					c.pending = append(c.pending, delivery{from: i, to: o, rel: rel})
				}
			}
		}
		return nil
	})
	for rel, k := range c.known {
		if k.owner == i && !seen[rel] && !k.gone {
			k.gone = true
			for o := range c.folders {
				if o != i {
					c.pending = append(c.pending, delivery{from: i, to: o, rel: rel, remove: true})
				}
			}
		}
	}
}

// knownFile is a file the carrier carries: the folder it is made in, and
// the hash of its content there.
type knownFile struct {
	owner int
	sum   string
	gone  bool
}

// step makes one random delivery, or part of one.
func (c *carrier) step() {
	if len(c.pending) == 0 {
		return
	}
	n := c.rng.IntN(len(c.pending))
	d := c.pending[n]
	dst := filepath.Join(c.folders[d.to], d.rel)
	if d.remove {
		if c.rng.IntN(3) > 0 { // some removals never arrive
			os.Remove(dst)
		}
		c.pending = append(c.pending[:n], c.pending[n+1:]...)
		return
	}
	b, err := os.ReadFile(filepath.Join(c.folders[d.from], d.rel))
	if err != nil { // removed at the source since
		c.pending = append(c.pending[:n], c.pending[n+1:]...)
		return
	}
	os.MkdirAll(filepath.Dir(dst), 0o700)
	switch r := c.rng.IntN(10); {
	case r == 0: // cut short, delivered whole later
		os.WriteFile(dst, b[:c.rng.IntN(len(b))], 0o600)
		return
	case r == 1: // a duplicate under a conflicted-copy name
		ext := filepath.Ext(dst)
		os.WriteFile(strings.TrimSuffix(dst, ext)+".sync-conflict-20261130-101010-ABCDEFG"+ext, b, 0o600)
	case r == 2:
		ext := filepath.Ext(dst)
		os.WriteFile(strings.TrimSuffix(dst, ext)+" (conflicted copy 2026-11-30)"+ext, b, 0o600)
	}
	os.WriteFile(dst, b, 0o600)
	if c.rng.IntN(5) > 0 {
		c.pending = append(c.pending[:n], c.pending[n+1:]...)
	} // else it is delivered again later
}

func (c *carrier) flush() {
	for i := range c.folders {
		c.look(i)
	}
	for len(c.pending) > 0 {
		d := c.pending[0]
		c.pending = c.pending[1:]
		dst := filepath.Join(c.folders[d.to], d.rel)
		if d.remove {
			continue // late removals: the files stay, as carriers often leave them
		}
		if b, err := os.ReadFile(filepath.Join(c.folders[d.from], d.rel)); err == nil {
			os.MkdirAll(filepath.Dir(dst), 0o700)
			os.WriteFile(dst, b, 0o600)
		}
	}
}

// TestPropertyThreeComputers runs random adds, edits, deletes, passphrase
// changes and syncs on three computers joined through a carrier that
// misbehaves, then delivers everything and checks that all three hold the
// same journal, that no edit was lost unless a later change on some
// computer replaced it, and that the folders hold no plaintext.
func TestPropertyThreeComputers(t *testing.T) {
	seeds := 6
	if testing.Short() {
		seeds = 2
	}
	for seed := 1; seed <= seeds; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { propertyRun(t, uint64(seed), 250) })
	}
}

func propertyRun(t *testing.T, seed uint64, steps int) {
	rng := rand.New(rand.NewPCG(seed, 42))
	const marker = "SECRETWORD"
	first, _ := journaltest.New(t)
	cs := []*computer{{name: "A", j: first, folder: t.TempDir(), pass: journaltest.Passphrase}}
	mustSync(t, first, cs[0].folder, "A")
	car := &carrier{t: t, rng: rng, folders: []string{cs[0].folder}, known: map[string]*knownFile{}}
	for _, n := range []string{"B", "C"} {
		f := t.TempDir()
		car.folders = append(car.folders, f)
		car.flush()
		dir := filepath.Join(t.TempDir(), n)
		j, _, err := Join(dir, f, journaltest.Passphrase, cheap, &Options{Name: n})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { j.Close() })
		cs = append(cs, &computer{name: n, j: j, dir: dir, folder: f, pass: journaltest.Passphrase})
	}
	bodies := map[journal.ID][]string{} // every body written, by entry
	replaced := map[string]bool{}       // bodies a later change replaced where it was seen
	var ids []journal.ID
	for step := 0; step < steps; step++ {
		c := cs[rng.IntN(len(cs))]
		body := fmt.Sprintf("%s body %d from %s", marker, step, c.name)
		switch r := rng.IntN(100); {
		case r < 25 || len(ids) == 0:
			e, err := c.j.Add(journal.Entry{Date: journal.Date{Year: 2026, Month: 1, Day: 1 + step%28}, Title: fmt.Sprint("entry ", step), Body: body})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, e.ID)
			bodies[e.ID] = append(bodies[e.ID], body)
		case r < 55:
			id := ids[rng.IntN(len(ids))]
			e, err := c.j.Get(id)
			if err != nil {
				continue // deleted here, or not arrived
			}
			replaced[e.Body] = true
			e.Body = body
			if _, err := c.j.Update(e); err != nil {
				t.Fatal(err)
			}
			bodies[id] = append(bodies[id], body)
		case r < 62:
			id := ids[rng.IntN(len(ids))]
			if e, err := c.j.Get(id); err == nil {
				replaced[e.Body] = true
				c.j.Delete(id)
			}
		case r < 63:
			if own, _ := c.j.OwnPrompts(); len(own) > 0 && rng.IntN(2) == 0 {
				c.j.RemoveOwnPrompt(own[rng.IntN(len(own))].ID)
			} else if _, err := c.j.AddOwnPrompt("motivation", "", fmt.Sprintf("What did %s learn at step %d?", c.name, step)); err != nil {
				t.Fatal(err)
			}
		case r < 64:
			np := []byte(fmt.Sprint("passphrase ", step))
			if err := c.j.ChangePassphrase(c.pass, np); err != nil {
				t.Fatal(err)
			}
			c.pass = np
			if err := UpdateKeyCopy(c.j); err != nil {
				t.Fatal(err)
			}
		case r < 85:
			i := indexOf(cs, c)
			car.look(i)
			if _, err := Sync(c.j, "", &Options{Name: c.name}); err != nil {
				t.Fatalf("step %d: sync of %s: %v", step, c.name, err)
			}
			car.look(i)
		default:
			for k := 0; k < 3; k++ {
				car.step()
			}
		}
	}
	// Deliver everything; sync until nothing moves.
	for round := 0; round < 4; round++ {
		for i, c := range cs {
			car.flush()
			if _, err := Sync(c.j, "", &Options{Name: c.name}); err != nil {
				t.Fatalf("final sync of %s: %v", c.name, err)
			}
			car.look(i)
		}
	}
	car.flush()
	for _, c := range cs {
		mustSync(t, c.j, "", c.name)
	}
	for _, c := range cs[1:] {
		same(t, cs[0].j, c.j)
		pa, _ := cs[0].j.OwnPrompts()
		pc, _ := c.j.OwnPrompts()
		if fmt.Sprint(pa) != fmt.Sprint(pc) {
			t.Fatalf("own prompts differ: %d on A, %d on %s", len(pa), len(pc), c.name)
		}
	}
	final := contents(t, cs[0].j)
	present := map[string]bool{}
	for _, rec := range final {
		e, _ := journal.UnmarshalEntry([]byte(rec))
		present[e.Body] = true
	}
	copies := 0
	for id, bs := range bodies {
		if _, ok := final[id]; !ok {
			continue // deleted: a deletion newer than the edits it met wins
		}
		for _, b := range bs {
			if !replaced[b] && !present[b] {
				t.Errorf("entry %s: the edit %q was lost", id, b)
			}
		}
	}
	for id := range final {
		if _, ok, _ := ConflictOf(cs[0].j, id); ok {
			copies++
		}
	}
	for _, c := range cs {
		if hits := scan(t, c.folder, marker); len(hits) > 0 {
			t.Fatalf("plaintext in %v", hits)
		}
	}
	// A new computer joins with the passphrase in force on A.
	car.flush()
	d, _, err := Join(filepath.Join(t.TempDir(), "d"), cs[0].folder, cs[0].pass, cheap, &Options{Name: "D"})
	if err != nil {
		t.Fatalf("a new computer cannot join: %v", err)
	}
	defer d.Close()
	same(t, cs[0].j, d)
	t.Logf("seed %d: %d entries, %d conflict copies", seed, len(final), copies)
}

func indexOf(cs []*computer, c *computer) int {
	for i := range cs {
		if cs[i] == c {
			return i
		}
	}
	return -1
}
