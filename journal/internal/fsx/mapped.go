package fsx

import "io"

// releaseEvery is how much a ReleasingWriter passes on between two calls of
// ReleaseMapped.
const releaseEvery = 64 << 20

// ReleasingWriter passes writes on to w and, after every 64 MiB, hands back
// the table pages the process has mapped in dbDir (ReleaseMapped): a
// backup streams the whole database, and would otherwise hold every page of
// it at its end.
func ReleasingWriter(w io.Writer, dbDir string) io.Writer {
	return &releasingWriter{w: w, dir: dbDir}
}

type releasingWriter struct {
	w   io.Writer
	dir string
	n   int64
}

func (r *releasingWriter) Write(p []byte) (int, error) {
	n, err := r.w.Write(p)
	if r.n += int64(n); r.n >= releaseEvery {
		r.n = 0
		ReleaseMapped(r.dir)
	}
	return n, err
}
