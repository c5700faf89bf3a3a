// Package localefix gives the process a UTF-8 locale Fyne understands before
// Fyne's packages initialise. Fyne parses LANG when its lang package starts
// and logs an error for "C" or "POSIX", which would otherwise print on every
// command. Go initialises packages in import-path order once their
// dependencies are ready, and this path sorts before fyne.io's; it depends
// only on the standard library.
package localefix

import (
	"os"
	"strings"
)

func init() {
	if l := os.Getenv("LANG"); l == "" || l == "C" || l == "POSIX" || strings.HasPrefix(l, "C.") || strings.HasPrefix(l, "POSIX.") {
		os.Setenv("LANG", "en_US.UTF-8")
	}
}
