//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// detachTerminal starts cmd in a new session, without a controlling
// terminal, so the passphrase prompt finds none.
func detachTerminal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}
