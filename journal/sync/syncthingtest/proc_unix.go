//go:build unix

package syncthingtest

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup makes the command the leader of a process group of its
// own, so that stopping the group stops whatever it started too, and where
// the system allows it (Linux), has the command killed when the thread that
// started it ends: start runs it from a thread kept for it alone, so an
// instance cannot outlive a test binary that was killed or timed out.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	setDeathSignal(cmd.SysProcAttr)
}

// signalGroup sends SIGTERM, or SIGKILL when kill is set, to the command's
// process group.
func signalGroup(cmd *exec.Cmd, kill bool) {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGKILL
	}
	_ = syscall.Kill(-cmd.Process.Pid, sig)
}
