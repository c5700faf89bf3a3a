package journal

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestCodecRoundTrip(t *testing.T) {
	for _, e := range []Entry{
		{ID: NewID(time.Now()), Date: Date{2026, 11, 27}, Created: time.Unix(1700000000, 0).UTC(), Updated: time.Unix(1700000100, 5).UTC(), Tags: []string{}},
		{ID: NewID(time.Now()), Date: Date{1000, 1, 1}, Created: time.Unix(-30000000000, 0).UTC(), Updated: time.Unix(1, 999999999).UTC(),
			Title: "ünï 🚀", Body: "line\r\n\x01body", Area: AreaProblemSolving, Rating: 5, Role: RoleManager,
			Tags: []string{"a", "b c", ""}, PromptID: "vision-001", Prompt: "Why?"},
	} {
		var got Entry
		if err := decodeEntry(encodeEntry(&e), &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, e)
		}
	}
	// Entries written as JSON by earlier builds still read.
	e := Entry{ID: NewID(time.Now()), Date: Date{2026, 1, 2}, Created: time.Unix(5, 0).UTC(), Updated: time.Unix(6, 0).UTC(), Title: "old", Tags: []string{"x"}}
	js, _ := json.Marshal(e)
	var got Entry
	if err := decodeEntry(js, &got); err != nil || !reflect.DeepEqual(got, e) {
		t.Fatalf("JSON record: %+v %v", got, err)
	}
}

func FuzzDecodeEntry(f *testing.F) {
	f.Add(encodeEntry(&Entry{ID: NewID(time.Now()), Date: Date{2026, 1, 1}, Title: "t", Tags: []string{"x"}}))
	f.Add([]byte{codecBinary})
	full := coached()
	f.Add(encodeEntry(&full))
	f.Fuzz(func(t *testing.T, b []byte) {
		var e Entry
		if decodeEntry(b, &e) != nil || len(b) == 0 || b[0] != codecBinary {
			return
		}
		// Whatever decodes must encode back to the same bytes.
		if again := encodeEntry(&e); string(again) != string(b) {
			t.Fatalf("decode/encode not stable")
		}
	})
}
