package main

import "os"

// openTerminal opens the console this process is attached to: CONIN$ for
// input and CONOUT$ for output, whatever stdin and stdout are redirected to
// (Microsoft docs, "Console Handles" and CreateFile's "Consoles" section).
// Both are opened for reading and writing, which SetConsoleMode needs when
// term.ReadPassword turns echo off. Without a console (a double-clicked
// GUI build, a service) the open fails and the caller says there is no
// terminal. Go reads a console handle with ReadConsoleW, so a passphrase
// typed in any script arrives as UTF-8.
func openTerminal() (in, out *os.File, err error) {
	in, err = os.OpenFile("CONIN$", os.O_RDWR, 0)
	if err != nil {
		return nil, nil, err
	}
	out, err = os.OpenFile("CONOUT$", os.O_RDWR, 0)
	if err != nil {
		in.Close()
		return nil, nil, err
	}
	return in, out, nil
}
