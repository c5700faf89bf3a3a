package searchindex

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"candor/journal/internal/entryrec"
	"candor/journal/internal/textindex"
)

func id(n byte) [16]byte { return [16]byte{15: n} }

// doc returns a Doc of entry n with every field set.
func doc(n byte, day uint32, tags ...string) Doc {
	m := entryrec.Meta{Area: 1, Rating: 3, Role: 2, PromptID: "vision-1", Flags: entryrec.FlagDecision | entryrec.FlagWeekly,
		CheckOn: day + 7, ReviewOn: day + 30, Confidence: 70, Follows: id(n + 100), Outcome: 4, Created: time.Unix(1e9+int64(n), 0).UTC()}
	return DocOf(id(n), day, &m, tags)
}

func texts(title, body string) textindex.Texts { return textindex.Texts{title, "", "", body} }

func TestDocMetaRoundTrip(t *testing.T) {
	m := entryrec.Meta{Area: 3, Rating: 5, Role: 1, PromptID: "p", Flags: entryrec.FlagNextStep, CheckOn: 739000,
		Confidence: entryrec.NoConfidence, Created: time.Unix(1700000000, 0).UTC()}
	d := DocOf(id(1), 738000, &m, nil)
	if got := d.Meta(); !reflect.DeepEqual(got, m) {
		t.Fatalf("got %+v\nwant %+v", got, m)
	}
	m.Created = time.Time{}
	if d = DocOf(id(1), 738000, &m, nil); d.Created != 0 || !d.Meta().Created.IsZero() {
		t.Fatalf("no creation time: %+v", d)
	}
}

func TestPutRemoveSearch(t *testing.T) {
	x := New()
	tags := []string{"Team"}
	x.Put(texts("budget talk", "we met"), doc(1, 738000, tags...))
	tags[0] = "changed" // Put keeps a copy
	x.Put(texts("budget plan", ""), doc(2, 738001))
	x.Put(texts("other", "budget"), doc(3, 738000))
	if x.Len() != 3 {
		t.Fatalf("Len %d", x.Len())
	}
	ids, scores, _ := x.Search("budget", 10, nil)
	if len(ids) != 3 || len(scores) != 3 {
		t.Fatalf("hits %v", ids)
	}
	if ids[0] != id(2) || ids[1] != id(1) { // equal title scores: the later day first
		t.Fatalf("order %v", ids)
	}
	ids, _, _ = x.Search("budget", 10, func(d *Doc) bool { return d.HasTag("team") })
	if len(ids) != 1 || ids[0] != id(1) {
		t.Fatalf("kept %v", ids)
	}
	x.Put(texts("renamed", ""), doc(2, 738001)) // replaces
	x.Remove(id(3))
	x.Remove(id(9)) // not there
	ids, _, _ = x.Search("budget", 10, nil)
	if len(ids) != 1 || ids[0] != id(1) || x.Len() != 2 {
		t.Fatalf("after changes: %v, %d", ids, x.Len())
	}
	seen := 0
	x.Each(func(d *Doc) {
		seen++
		if d.ID == id(1) && (len(d.Tags) != 1 || d.Tags[0] != "Team") {
			t.Errorf("tags %v", d.Tags)
		}
	})
	if seen != 2 {
		t.Fatalf("Each saw %d", seen)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	x := New()
	for i := byte(1); i <= 20; i++ {
		x.Put(texts(fmt.Sprintf("title%d", i), "shared body"), doc(i, 738000+uint32(i), "a", fmt.Sprint("t", i%3)))
	}
	x.Remove(id(5))
	x.Put(texts("title7 again", ""), doc(7, 738100, "a"))
	b := x.AppendBinary(nil)
	y, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(y.AppendBinary(nil), b) {
		t.Fatal("the decoded index encodes differently")
	}
	if y.Len() != 19 {
		t.Fatalf("Len %d", y.Len())
	}
	want := map[[16]byte]Doc{}
	x.Each(func(d *Doc) { want[d.ID] = *d })
	y.Each(func(d *Doc) {
		if !reflect.DeepEqual(*d, want[d.ID]) {
			t.Errorf("decoded %+v\nwant %+v", *d, want[d.ID])
		}
	})
	for _, q := range []string{"shared", "title7", "again"} {
		a, _, _ := x.Search(q, 50, nil)
		c, _, _ := y.Search(q, 50, nil)
		if !reflect.DeepEqual(a, c) {
			t.Errorf("%q: %v, decoded %v", q, a, c)
		}
	}
	for _, bad := range [][]byte{nil, {Format + 1}, b[:len(b)-1], append(append([]byte(nil), b...), 0)} {
		if _, err := Decode(bad); !errors.Is(err, ErrFormat) {
			t.Errorf("%d bytes: %v", len(bad), err)
		}
	}
}

func TestMergeParts(t *testing.T) {
	whole := New()
	parts := []*Part{NewPart(), NewPart(), NewPart()}
	for i := byte(1); i <= 9; i++ {
		d := doc(i, 738000+uint32(i), "tag")
		tx := texts(fmt.Sprint("word", i), "common")
		whole.Put(tx, d)
		parts[(i-1)/3].Add(tx, d)
	}
	merged := Merge(parts)
	if !bytes.Equal(merged.AppendBinary(nil), whole.AppendBinary(nil)) {
		t.Fatal("merged parts differ from one index built in order")
	}
}

func TestKeysAndRecord(t *testing.T) {
	seq, got, ok := ParseMarkKey(MarkKey(12345, id(7)))
	if !ok || seq != 12345 || got != id(7) || !bytes.HasPrefix(MarkKey(1, id(1)), MarksPrefix) {
		t.Fatal("mark key round trip")
	}
	if _, _, ok := ParseMarkKey(ChunkKey(1, 2)); ok {
		t.Fatal("a chunk key read as a mark")
	}
	if gen, ok := ChunkGen(ChunkKey(9, 3)); !ok || gen != 9 || !bytes.HasPrefix(ChunkKey(9, 3), ChunksPrefix) {
		t.Fatal("chunk key round trip")
	}
	if _, ok := ChunkGen(MarkKey(1, id(1))); ok {
		t.Fatal("a mark key read as a chunk")
	}
	m := NewRecord(4, 2*ChunkSize+1, 99)
	if m.Chunks != 3 || m.Size != 2*ChunkSize+1 {
		t.Fatalf("record %+v", m)
	}
	if got, err := DecodeRecord(m.Encode()); err != nil || got != m {
		t.Fatalf("record round trip: %+v %v", got, err)
	}
	big := Record{Gen: 1, Chunks: 2, Size: 2*ChunkSize + 1}
	for _, b := range [][]byte{nil, {1, 2, 3}, append([]byte{9}, make([]byte, 28)...), big.Encode()} {
		if _, err := DecodeRecord(b); err != ErrDamaged {
			t.Errorf("%x: %v", b, err)
		}
	}
}

func TestChunks(t *testing.T) {
	blob := make([]byte, 2*ChunkSize+10)
	for i := range blob {
		blob[i] = byte(i * 7)
	}
	m := NewRecord(2, len(blob), 0)
	var sealed [][]byte
	for n := 0; n < int(m.Chunks); n++ {
		// A toy seal: the key, then the plain text.
		sealed = append(sealed, append(ChunkKey(m.Gen, uint32(n)), Chunk(blob, n)...))
	}
	if Chunk(blob, int(m.Chunks)) != nil {
		t.Fatal("a chunk past the end")
	}
	open := func(dst, v, aad []byte) ([]byte, error) {
		if !bytes.HasPrefix(v, aad) {
			return nil, errors.New("wrong key")
		}
		return append(dst, v[len(aad):]...), nil
	}
	got, err := OpenChunks(m, sealed, open)
	if err != nil || !bytes.Equal(got, blob) {
		t.Fatalf("joined: %v", err)
	}
	swapped := [][]byte{sealed[1], sealed[0], sealed[2]}
	short := NewRecord(2, len(blob)+1, 0)
	for name, c := range map[string]struct {
		m      Record
		sealed [][]byte
	}{"missing": {m, sealed[:2]}, "swapped": {m, swapped}, "wrong size": {short, sealed}} {
		if _, err := OpenChunks(c.m, c.sealed, open); err != ErrDamaged {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// table is a table Badger reports whose first key is key.
func table(key string, count uint32) badger.TableInfo {
	return badger.TableInfo{Left: append([]byte(key), make([]byte, 8)...), KeyCount: count}
}

func TestSplits(t *testing.T) {
	tables := []badger.TableInfo{table("e3", 100), table("d1", 500), table("e1", 100), table("e2", 100), table("e4", 100), {Left: []byte("x")}}
	got := Splits(tables, 'e', 2)
	if len(got) != 1 || string(got[0]) != "e3" {
		t.Fatalf("2 parts: %q", got)
	}
	if got := Splits(tables, 'e', 4); len(got) != 3 || string(got[0]) != "e2" || string(got[2]) != "e4" {
		t.Fatalf("4 parts: %q", got)
	}
	if Splits(tables, 'e', 1) != nil || Splits(tables[:2], 'e', 4) != nil {
		t.Fatal("splits with one part or one table")
	}
}

func TestBuildRanges(t *testing.T) {
	tables := []badger.TableInfo{table("e\x01", 10), table("e\x05", 10), table("e\x09", 10)}
	var mu sync.Mutex
	ranges := 0
	x, err := build(tables, 'e', 3, func(lo, hi []byte, p *Part) error {
		mu.Lock()
		ranges++
		mu.Unlock()
		for i := byte(1); i <= 11; i++ {
			if k := string([]byte{'e', i}); k >= string(lo) && k < string(hi) {
				p.Add(texts(fmt.Sprint("entry", i), ""), doc(i, 738000))
			}
		}
		return nil
	})
	if err != nil || x.Len() != 11 || ranges != 3 {
		t.Fatalf("built %v in %d ranges, %v", x, ranges, err)
	}
	if ids, _, _ := x.Search("entry5", 5, nil); len(ids) != 1 || ids[0] != id(5) {
		t.Fatalf("entry5: %v", ids)
	}
	boom := errors.New("boom")
	if _, err := build(tables, 'e', 3, func(lo, hi []byte, p *Part) error { return boom }); err != boom {
		t.Fatalf("error %v", err)
	}
}

func TestPersistAfter(t *testing.T) {
	if PersistAfter(0) != 256 || PersistAfter(100000) != 6250 {
		t.Fatal(PersistAfter(0), PersistAfter(100000))
	}
}

// FuzzDecode checks that no bytes make the stored index's decoder panic,
// and that what it accepts can be searched and changed.
func FuzzDecode(f *testing.F) {
	x := New()
	x.Put(texts("budget talk", "we met"), doc(1, 738000, "team"))
	m := entryrec.Meta{PromptID: "vision-1", Confidence: entryrec.NoConfidence}
	x.Put(texts("", "hired"), DocOf(id(2), 738001, &m, nil))
	f.Add(x.AppendBinary(nil))
	f.Add([]byte{Format})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Decode(b)
		if err != nil {
			return
		}
		d.Search("budget", 5, func(d *Doc) bool { return d.HasTag("team") })
		d.Each(func(di *Doc) { di.Meta() })
		d.Put(texts("", "more"), doc(3, 738100))
		d.AppendBinary(nil)
	})
}
