package main

import (
	"os/exec"
	"syscall"
)

// detachTerminal starts cmd without a console (DETACHED_PROCESS), so
// CONIN$ cannot be opened and the passphrase prompt finds no terminal.
func detachTerminal(cmd *exec.Cmd) {
	const detachedProcess = 0x00000008 // Microsoft docs, "Process Creation Flags"
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: detachedProcess}
}
