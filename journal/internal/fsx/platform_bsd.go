//go:build unix && !linux

package fsx

import (
	"errors"
	"syscall"
)

// FlushFS asks the kernel to write every dirty buffer to disk: one call
// instead of an fsync per file when an export writes thousands of them.
func FlushFS(string) error { syscall.Sync(); return nil }

// ExchangeDirs is not available here; the caller renames in two steps.
func ExchangeDirs(string, string) error { return errors.ErrUnsupported }

// DiskFree is not measured here; writes report a full disk themselves.
func DiskFree(string) (uint64, error) { return 0, errors.ErrUnsupported }

// AllocatedBytes returns how much of the file at path has blocks on disk
// (zero where it is not measured).
func AllocatedBytes(string) int64 { return 0 }
