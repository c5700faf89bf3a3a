package entryrec

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestMetaRoundTrip(t *testing.T) {
	for _, m := range []Meta{
		{Confidence: NoConfidence},
		{Area: 3, Rating: 5, Role: 2, PromptID: "vision-007", Flags: FlagNextStep | FlagDecision | FlagWeekly,
			CheckOn: 739000, ReviewOn: 739030, Confidence: 80, Follows: [16]byte{1, 2}, Outcome: 6,
			Created: time.Unix(1700000000, 0).UTC()},
		{Area: 1, Flags: FlagDecision, Confidence: NoConfidence},
	} {
		var got Meta
		if err := DecodeMeta(EncodeMeta(&m), &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("got %+v\nwant %+v", got, m)
		}
	}
	// Fields their flag does not cover are not stored.
	m := Meta{CheckOn: 5, ReviewOn: 6, Confidence: 7, Outcome: 2}
	var got Meta
	if err := DecodeMeta(EncodeMeta(&m), &got); err != nil || !reflect.DeepEqual(got, Meta{Confidence: NoConfidence}) {
		t.Fatalf("uncovered fields: %+v %v", got, err)
	}
	// A stored confidence above 100 is none.
	b := EncodeMeta(&Meta{Flags: FlagDecision, Confidence: 150})
	if err := DecodeMeta(b, &got); err != nil || got.Confidence != NoConfidence {
		t.Fatalf("confidence 150: %+v %v", got, err)
	}
}

func TestMetaOldAndMalformed(t *testing.T) {
	var old Meta
	if err := DecodeMeta([]byte{1, 4, 2}, &old); !errors.Is(err, ErrOldMeta) || old.Area != 1 || old.Rating != 4 || old.Role != 2 {
		t.Fatalf("3-byte record: %+v %v", old, err)
	}
	for _, b := range [][]byte{nil, {1, 4}, {4, 0, 0}, {0, 6, 0}, {0, 0, 3}, {1, 4, 2, 9, 0, 0},
		{1, 4, 2, MetaVersion, FlagNextStep, 0}, {1, 4, 2, MetaVersion, FlagDecision, 0, 0, 0, 0, 0},
		{1, 4, 2, MetaVersion, FlagCreated, 0, 1}, {1, 4, 2, MetaVersion, 0, 5, 'a'}, {1, 4, 2, MetaVersion, 0, 0, 0},
		append([]byte{1, 4, 2, MetaVersion, FlagFollows, 0}, make([]byte, 16)...),
		append(append([]byte{1, 4, 2, MetaVersion, FlagFollows, 0}, make([]byte, 16)...), byte(len(Outcomes))),
	} {
		if err := DecodeMeta(b, &Meta{}); !errors.Is(err, ErrMalformed) {
			t.Errorf("%v: %v", b, err)
		}
	}
}

func TestCode(t *testing.T) {
	if Code(Areas, "problem-solving") != 3 || Code(Roles, "manager") != 2 || Code(Outcomes, "mixed") != 6 || Code(Areas, "nope") != 0 {
		t.Fatal("codes")
	}
}

func TestValidDay(t *testing.T) {
	for _, n := range []uint32{0, 1, epochDay, 738000, 3652058, 1 << 31, 1<<32 - 1} {
		if !ValidDay(n) {
			t.Errorf("day %d", n)
		}
	}
}
