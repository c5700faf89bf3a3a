package main

import (
	"io"
	"os"
	"time"
)

// env is everything a command touches outside itself, so tests can run the
// command line in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// prompt asks for a secret without echo; it returns errNoTerminal when
	// there is no terminal to ask on.
	prompt func(label string) ([]byte, error)
	// stdinIsTerminal says whether stdin is interactive, stdoutIsTerminal
	// whether output goes to a terminal (search highlights in bold there).
	stdinIsTerminal, stdoutIsTerminal bool
	now                               func() time.Time
	// openApp starts the desktop app on the journal folder.
	openApp func(dir string) int
}

// systemEnv is the env of the real process: its standard streams,
// environment, terminal and clock.
func systemEnv() *env {
	return &env{
		stdin:            os.Stdin,
		stdout:           os.Stdout,
		stderr:           os.Stderr,
		getenv:           os.Getenv,
		prompt:           terminalPrompt,
		stdinIsTerminal:  isTerminal(os.Stdin),
		stdoutIsTerminal: isTerminal(os.Stdout),
		now:              time.Now,
		openApp:          runApp,
	}
}
