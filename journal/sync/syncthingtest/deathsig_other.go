//go:build unix && !linux

package syncthingtest

import "syscall"

// setDeathSignal does nothing: only Linux can kill a process when the
// thread that started it ends.
func setDeathSignal(attr *syscall.SysProcAttr) {}
