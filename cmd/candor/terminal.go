package main

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/term"
)

// errNoTerminal says there is no terminal to ask for a passphrase on.
var errNoTerminal = errors.New("no terminal to ask for the passphrase on")

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// terminalPrompt reads a secret from the controlling terminal without echo:
// /dev/tty on Unix, the console (CONIN$ and CONOUT$) on Windows, so stdin
// stays free for an entry's body on both.
func terminalPrompt(label string) ([]byte, error) {
	in, out, err := openTerminal()
	if err != nil {
		return nil, errNoTerminal
	}
	defer in.Close()
	if out != in {
		defer out.Close()
	}
	if !isTerminal(in) {
		return nil, errNoTerminal
	}
	fmt.Fprint(out, label)
	b, err := term.ReadPassword(int(in.Fd()))
	fmt.Fprintln(out)
	if err != nil {
		return nil, fmt.Errorf("reading the passphrase: %w", err)
	}
	return b, nil
}
