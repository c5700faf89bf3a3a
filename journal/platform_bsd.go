//go:build unix && !linux

package journal

import (
	"errors"
	"syscall"
)

// flushFS asks the kernel to write every dirty buffer to disk: one call
// instead of an fsync per file when an export writes thousands of them.
func flushFS(string) error { syscall.Sync(); return nil }

// exchangeDirs is not available here; the caller renames in two steps.
func exchangeDirs(string, string) error { return errors.ErrUnsupported }

// diskFree is not measured here; writes report a full disk themselves.
func diskFree(string) (uint64, error) { return 0, errors.ErrUnsupported }

func allocatedBytes(string) int64 { return 0 }
