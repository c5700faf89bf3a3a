package sortx

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// big is a value the size of a journal summary.
type big struct {
	key, id int
	pad     [29]int64
}

func byKey(a, b *big) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// TestSortIsTheStableOrder: on random slices (few keys, so many share
// one; ties broken by id, as the journal breaks them by entry ID), Sort gives
// what a stable sort gives, for every length up to 300 and for 10,000.
func TestSortIsTheStableOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var lengths []int
	for n := 0; n <= 300; n++ {
		lengths = append(lengths, n)
	}
	for _, n := range append(lengths, 10_000) {
		s := make([]big, n)
		for i := range s {
			s[i] = big{key: r.IntN(7), id: r.IntN(1 << 30)}
			s[i].pad[3] = int64(s[i].id)
		}
		want := slices.Clone(s)
		slices.SortStableFunc(want, func(a, b big) int { return byKey(&a, &b) })
		Sort(s, byKey)
		if !slices.Equal(s, want) {
			t.Fatalf("length %d: Sort differs from a stable sort", n)
		}
	}
}

// TestSortLeavesOrderedSlices: a slice already in order is not changed, and
// a reversed one is put right.
func TestSortLeavesOrderedSlices(t *testing.T) {
	s := make([]big, 1000)
	for i := range s {
		s[i] = big{key: i / 3, id: i}
	}
	want := slices.Clone(s)
	Sort(s, byKey)
	if !slices.Equal(s, want) {
		t.Fatal("an ordered slice changed")
	}
	slices.Reverse(s)
	Sort(s, byKey)
	if !slices.Equal(s, want) {
		t.Fatal("a reversed slice was not put in order")
	}
}

// BenchmarkSort100k sorts 100,000 summary-sized values in random order:
// Sort against sort.SliceStable, which the journal used before.
func BenchmarkSort100k(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	src := make([]big, 100_000)
	for i := range src {
		src[i] = big{key: r.IntN(10_000), id: i}
	}
	s := make([]big, len(src))
	b.Run("sortx", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			copy(s, src)
			Sort(s, byKey)
		}
	})
	b.Run("SliceStable", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			copy(s, src)
			sort.SliceStable(s, func(i, j int) bool { return byKey(&s[i], &s[j]) < 0 })
		}
	})
}
