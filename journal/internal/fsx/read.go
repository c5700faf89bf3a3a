package fsx

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// ErrNotRegular is returned for a path that is not a plain file: a
// symbolic link, a device, a FIFO, a socket or a folder. Reading those
// could follow a link out of the folder the user chose, or block forever.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooBig is returned when a file, or all the files of one import
// together, pass their limit. The limit is counted while reading, never
// taken from the file's stated size (a device says 0).
var ErrTooBig = errors.New("too big")

// Budget bounds the bytes one import may read over all its files. It is
// safe for concurrent use.
type Budget struct {
	mu    sync.Mutex
	total int64
	left  int64
}

// NewBudget returns a budget of total bytes.
func NewBudget(total int64) *Budget { return &Budget{total: total, left: total} }

// Total is the budget's size in bytes.
func (b *Budget) Total() int64 { return b.total }

// take charges n bytes; it reports false once the budget is spent.
func (b *Budget) take(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > b.left {
		b.left = 0
		return false
	}
	b.left -= n
	return true
}

// ReadFile reads the regular file at path, at most max bytes, charged to
// the budget. A symbolic link, device, FIFO or socket is refused with
// ErrNotRegular without being read (and without blocking on a FIFO).
func (b *Budget) ReadFile(path string, max int64) ([]byte, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []byte
	if st, err := f.Stat(); err == nil && st.Size() >= 0 {
		// A hint only: the limits are counted while reading.
		out = make([]byte, 0, min(st.Size(), max)+1)
	}
	return b.readAll(f, path, max, out)
}

// ReadAll reads r to its end, at most max bytes, charged to the budget;
// name says what is read in errors.
func (b *Budget) ReadAll(r io.Reader, name string, max int64) ([]byte, error) {
	return b.readAll(r, name, max, nil)
}

// bufs holds the buffers readAll reads through.
var bufs = sync.Pool{New: func() any { return new([64 << 10]byte) }}

func (b *Budget) readAll(r io.Reader, name string, max int64, out []byte) ([]byte, error) {
	bp := bufs.Get().(*[64 << 10]byte)
	defer bufs.Put(bp)
	buf := bp[:]
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if int64(len(out)+n) > max {
				return nil, fmt.Errorf("%s: %w: more than %s, the most one file may hold", name, ErrTooBig, Size(max))
			}
			if !b.take(int64(n)) {
				return nil, fmt.Errorf("%s: %w: the import passes %s, the most one import may read", name, ErrTooBig, Size(b.total))
			}
			out = append(out, buf[:n]...)
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// OpenRegular opens path for reading if it is a regular file, never
// following a symbolic link and never blocking on a FIFO or device.
func OpenRegular(path string) (*os.File, error) {
	f, err := openNoFollow(path)
	if err != nil {
		if isLoop(err) {
			return nil, fmt.Errorf("%s: %w (a symbolic link)", path, ErrNotRegular)
		}
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, kindOf(st.Mode()))
	}
	return f, nil
}

// kindOf names what a non-regular file is.
func kindOf(m os.FileMode) string {
	switch {
	case m&os.ModeSymlink != 0:
		return "a symbolic link"
	case m&os.ModeNamedPipe != 0:
		return "a FIFO"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	}
	return "not a plain file"
}

// Size writes n bytes for people: "4 MiB", "1 GiB".
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
