package backupfmt

import (
	"bufio"
	"bytes"
	"errors"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"
)

// sealed returns a header and a stream of plain cut into chunks of the
// given sizes, and the AEAD that seals them.
func sealed(t *testing.T, plain []byte, cuts ...int) ([]byte, []byte) {
	t.Helper()
	aead, err := chacha20poly1305.NewX(bytes.Repeat([]byte{7}, chacha20poly1305.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	var hdr, body bytes.Buffer
	if err := WriteHeader(&hdr, bytes.Repeat([]byte{1}, SaltLen), []byte("key file")); err != nil {
		t.Fatal(err)
	}
	w := NewWriter(&body, aead, nil)
	rest := plain
	for _, n := range cuts {
		w.Write(rest[:n])
		rest = rest[n:]
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	w.Write(rest)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return hdr.Bytes(), body.Bytes()
}

func unseal(t *testing.T, body []byte) ([]byte, error) {
	t.Helper()
	aead, _ := chacha20poly1305.NewX(bytes.Repeat([]byte{7}, chacha20poly1305.KeySize))
	var out bytes.Buffer
	err := Unseal(bufio.NewReader(bytes.NewReader(body)), aead, &out)
	return out.Bytes(), err
}

func TestRoundTripAndHeader(t *testing.T) {
	plain := bytes.Repeat([]byte("journal stream "), 1000)
	hdr, body := sealed(t, plain, 10, 5000)
	salt, key, err := ReadHeader(bytes.NewReader(hdr))
	if err != nil || !bytes.Equal(salt, bytes.Repeat([]byte{1}, SaltLen)) || string(key) != "key file" {
		t.Fatalf("header: %x %q %v", salt, key, err)
	}
	got, err := unseal(t, body)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("round trip: %d bytes, %v", len(got), err)
	}
}

// TestDamageIsDetected cuts, extends, reorders and flips the sealed chunks.
func TestDamageIsDetected(t *testing.T) {
	plain := bytes.Repeat([]byte("x"), 300)
	_, body := sealed(t, plain, 100, 100)
	chunk := 4 + chacha20poly1305.NonceSizeX + 100 + chacha20poly1305.Overhead
	swapped := append(append(append([]byte{}, body[chunk:2*chunk]...), body[:chunk]...), body[2*chunk:]...)
	flipped := bytes.Clone(body)
	flipped[len(flipped)/2] ^= 1
	for name, b := range map[string][]byte{
		"cut before the last chunk": body[:2*chunk],
		"cut inside a chunk":        body[:len(body)-3],
		"bytes after the last":      append(bytes.Clone(body), 0),
		"chunks swapped":            swapped,
		"a flipped bit":             flipped,
		"empty":                     nil,
	} {
		if _, err := unseal(t, b); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v, want ErrDamaged", name, err)
		}
	}
	for name, h := range map[string][]byte{
		"not a backup": []byte("hello, world, this is text"),
		"short salt":   []byte(Magic + "abc"),
		"huge key":     append([]byte(Magic), append(bytes.Repeat([]byte{0}, SaltLen), 0xff, 0xff, 0xff, 0xff)...),
	} {
		if _, _, err := ReadHeader(bytes.NewReader(h)); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v, want ErrDamaged", name, err)
		}
	}
}

// TestStopEndsTheStream checks that a Writer whose stop function reports an
// error refuses further writes and remembers the error.
func TestStopEndsTheStream(t *testing.T) {
	aead, _ := chacha20poly1305.NewX(bytes.Repeat([]byte{7}, chacha20poly1305.KeySize))
	stopped := errors.New("closing")
	w := NewWriter(&bytes.Buffer{}, aead, func() error { return stopped })
	if _, err := w.Write([]byte("x")); err != stopped || w.Err() != stopped {
		t.Fatalf("write: %v, Err: %v", err, w.Err())
	}
}
