package journal

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
)

// idAlphabet is Crockford's base32 alphabet in lower case; it keeps the
// byte order of IDs, so the text form sorts like the bytes.
const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

var idEncoding = base32.NewEncoding(idAlphabet).WithPadding(base32.NoPadding)

// ID identifies an entry. It is 16 bytes: the first six hold the creation time
// in milliseconds since 1970, the rest are random, so IDs sort by creation time
// and say nothing about the entry's content. Its text form is 26 characters.
type ID [16]byte

// NewID returns a fresh ID stamped with t.
func NewID(t time.Time) ID {
	var id ID
	ms := uint64(t.UnixMilli())
	var stamp [8]byte
	binary.BigEndian.PutUint64(stamp[:], ms)
	copy(id[:6], stamp[2:])
	if _, err := rand.Read(id[6:]); err != nil {
		// crypto/rand never fails on supported platforms.
		panic("candor: no system randomness: " + err.Error())
	}
	return id
}

// ParseID parses the 26-character text form of an ID, in either case.
func ParseID(s string) (ID, error) {
	var id ID
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) != 26 {
		return id, fmt.Errorf("%q is not an entry ID (IDs have 26 characters)", clip(s, 40))
	}
	b, err := idEncoding.DecodeString(s)
	if err != nil || len(b) != 16 {
		return id, fmt.Errorf("%q is not an entry ID", clip(s, 40))
	}
	copy(id[:], b)
	if id.String() != s { // non-zero padding bits
		return ID{}, fmt.Errorf("%q is not an entry ID", clip(s, 40))
	}
	return id, nil
}

// IsZero reports whether id is the zero ID, which no entry has.
func (id ID) IsZero() bool { return id == ID{} }

// String returns the 26-character text form.
func (id ID) String() string { return idEncoding.EncodeToString(id[:]) }

// MarshalText implements encoding.TextMarshaler.
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (id *ID) UnmarshalText(b []byte) error {
	v, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
