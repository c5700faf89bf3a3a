//go:build unix

package importers

import "syscall"

// mkfifo makes a FIFO at p, which a reader must refuse without blocking.
func mkfifo(p string) error { return syscall.Mkfifo(p, 0o600) }
