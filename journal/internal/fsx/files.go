package fsx

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// FilesIn returns the paths of the entries in dir whose names start with
// prefix and end with suffix, sorted by name. Unlike filepath.Glob it does
// not read the folder's own path as a pattern, so a journal in a folder
// named with [, * or ? is handled like any other.
func FilesIn(dir, prefix, suffix string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if len(n) >= len(prefix)+len(suffix) && strings.HasPrefix(n, prefix) && strings.HasSuffix(n, suffix) {
			out = append(out, filepath.Join(dir, n))
		}
	}
	sort.Strings(out)
	return out
}
