package backupfmt

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/crypto/chacha20poly1305"

	"candor/journal/internal/fsx"
)

// FileOptions say what WriteFile seals into a backup file.
type FileOptions struct {
	// KeyData is the key file in force, stored in the header.
	KeyData []byte
	// Key returns the chunk key for the backup's salt.
	Key func(salt []byte) ([]byte, error)
	// Stop, if set, is checked before each write; its error ends the backup
	// (the journal is closing).
	Stop func() error
	// Progress, if set, is called with the bytes written so far and
	// Estimate, an estimate of the whole.
	Progress func(written, estimate int64)
	Estimate int64
}

// WriteFile writes a backup file to path (0600, atomically: a temporary
// file beside it, fsynced, then renamed): the header with a new salt and
// o.KeyData, then what stream writes to w, sealed in chunks under o.Key's
// key. It refuses to replace a file, and says in words when the disk is
// full.
func WriteFile(path string, o FileOptions, stream func(w io.Writer) error) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists; choose a new file name", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return fmt.Errorf("creating the backup: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	fail := func(err error) error {
		f.Close()
		if fsx.IsNoSpace(err) {
			return fmt.Errorf("the disk is full; no backup was written: %w", err)
		}
		return fmt.Errorf("writing the backup: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	salt, err := NewSalt()
	if err != nil {
		return fail(err)
	}
	w := bufio.NewWriterSize(&countingWriter{w: f, progress: o.Progress, estimate: o.Estimate}, 1<<20)
	if err := WriteHeader(w, salt, o.KeyData); err != nil {
		return fail(err)
	}
	if err := seal(w, salt, o, stream); err != nil {
		return fail(err)
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := fsx.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	return fsx.SyncDir(filepath.Dir(path))
}

// seal writes what stream writes onto w in sealed chunks.
func seal(w io.Writer, salt []byte, o FileOptions, stream func(w io.Writer) error) error {
	key, err := o.Key(salt)
	if err != nil {
		return err
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return err
	}
	s := NewWriter(w, aead, o.Stop)
	err = stream(s)
	if s.Err() != nil {
		return s.Err()
	}
	if err != nil {
		return err
	}
	return s.Close()
}

// NewReader returns the plaintext of the sealed chunks that follow a
// backup's header in r, unsealed under key as it is read. Damage gives
// ErrDamaged. The caller closes it with the error that ended its reading
// (CloseWithError), which stops the unsealing.
func NewReader(r *bufio.Reader, key []byte) (*io.PipeReader, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(Unseal(r, aead, pw))
	}()
	return pr, nil
}

// countingWriter passes writes on and reports the bytes written so far.
type countingWriter struct {
	w        io.Writer
	n        int64
	estimate int64
	progress func(written, estimate int64)
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if c.progress != nil {
		c.progress(c.n, c.estimate)
	}
	return n, err
}
