package backupfmt

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteFileRoundTrip writes a backup file of 2.5 chunks and reads it
// back: the header, then the stream through NewReader. Progress counts every
// byte written, and an existing file is never replaced.
func TestWriteFileRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.backup")
	plain := bytes.Repeat([]byte("candor "), ChunkSize*5/2/7)
	key := bytes.Repeat([]byte{3}, 32)
	var written, estimate int64
	o := FileOptions{
		KeyData:  []byte("key file"),
		Key:      func([]byte) ([]byte, error) { return key, nil },
		Progress: func(w, e int64) { written, estimate = w, e },
		Estimate: 42,
	}
	if err := WriteFile(path, o, func(w io.Writer) error { _, err := w.Write(plain); return err }); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 || written != info.Size() || estimate != 42 {
		t.Fatalf("file %v (%v), progress %d of %d", info, err, written, estimate)
	}
	f, _ := os.Open(path)
	defer f.Close()
	r := bufio.NewReader(f)
	if _, keyData, err := ReadHeader(r); err != nil || string(keyData) != "key file" {
		t.Fatalf("header: %q, %v", keyData, err)
	}
	pr, err := NewReader(r, key)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(pr)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("read back %d bytes, %v", len(got), err)
	}
	if err := WriteFile(path, o, func(io.Writer) error { return nil }); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("over an existing file: %v", err)
	}
}

// TestWriteFileFailureLeavesNothing: a stream that fails, or a stop, leaves
// no file and no temporary file behind.
func TestWriteFileFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	boom := errors.New("boom")
	stopped := errors.New("closing")
	for name, o := range map[string]FileOptions{
		"stream": {Key: func([]byte) ([]byte, error) { return make([]byte, 32), nil }},
		"key":    {Key: func([]byte) ([]byte, error) { return nil, boom }},
		"stop":   {Key: func([]byte) ([]byte, error) { return make([]byte, 32), nil }, Stop: func() error { return stopped }},
	} {
		err := WriteFile(filepath.Join(dir, name+".backup"), o, func(w io.Writer) error {
			if _, err := w.Write([]byte("x")); err != nil {
				return errors.New("cancelled") // a database reports only this
			}
			return boom
		})
		want := boom
		if name == "stop" {
			want = stopped
		}
		if !errors.Is(err, want) || !strings.HasPrefix(err.Error(), "writing the backup") {
			t.Errorf("%s: %v, want %v", name, err, want)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left behind: %v", ents)
	}
}
