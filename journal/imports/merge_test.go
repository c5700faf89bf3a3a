package imports

import (
	"slices"
	"testing"

	"candor/journal"
)

// TestMergeTags merges tags as sets, against the source's tags at the last
// import when there is one, without regard to case.
func TestMergeTags(t *testing.T) {
	base := &journal.Entry{Tags: []string{"trip", "old"}}
	for _, tc := range []struct {
		name              string
		base              *journal.Entry
		cur, theirs, want []string
	}{
		{"no base: the source's are added", nil, []string{"mine", "Trip"}, []string{"trip", "new"}, []string{"mine", "Trip", "new"}},
		{"added in the source", base, []string{"trip", "old", "mine"}, []string{"trip", "old", "new"}, []string{"trip", "old", "mine", "new"}},
		{"removed in the source", base, []string{"trip", "old", "mine"}, []string{"trip"}, []string{"trip", "mine"}},
		{"removed in Candor stays removed", base, []string{"mine"}, []string{"trip", "old"}, []string{"mine"}},
	} {
		if got := mergeTags(tc.base, tc.cur, tc.theirs); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestMergeFieldsWithoutBase: with no earlier version of the source, a
// difference in spacing only is taken from the source, any other is a
// clash, and the created time always follows the source.
func TestMergeFieldsWithoutBase(t *testing.T) {
	cur := journal.Entry{Title: "T", Body: "Body.", Tags: []string{}}
	theirs := journal.Entry{Title: "T", Body: "Body.\n", Tags: []string{}}
	theirs.Created = theirs.Created.AddDate(1, 0, 0)
	out, clash := mergeFields(nil, cur, theirs, FieldTitle|FieldBody|FieldTimes|FieldTags)
	if len(clash) != 0 || out.Body != "Body.\n" || !out.Created.Equal(theirs.Created) {
		t.Fatalf("spacing: %+v %v", out, clash)
	}
	theirs.Title = "Other"
	if _, clash := mergeFields(nil, cur, theirs, FieldTitle|FieldBody); !slices.Equal(clash, []string{"title"}) {
		t.Fatalf("clash %v", clash)
	}
	if _, clash := mergeFields(nil, cur, theirs, FieldBody); len(clash) != 0 {
		t.Fatalf("a field the source does not hold clashed: %v", clash)
	}
}
