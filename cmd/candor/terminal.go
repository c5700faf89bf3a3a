package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"

	"golang.org/x/term"
)

// errNoTerminal says there is no terminal to ask for a passphrase on.
var errNoTerminal = errors.New("no terminal to ask for the passphrase on")

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// terminalPrompt reads a secret from the controlling terminal without echo.
// On Unix it uses /dev/tty, so stdin stays free for an entry's body.
func terminalPrompt(label string) ([]byte, error) {
	in, out := os.Stdin, os.Stderr
	if runtime.GOOS != "windows" {
		tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
		if err != nil {
			return nil, errNoTerminal
		}
		defer tty.Close()
		in, out = tty, tty
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
