package syncthingtest

import "syscall"

// setDeathSignal has the process killed when the thread that started it
// ends.
func setDeathSignal(attr *syscall.SysProcAttr) {
	attr.Pdeathsig = syscall.SIGKILL
}
