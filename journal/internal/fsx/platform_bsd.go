//go:build unix && !linux && !darwin

package fsx

import (
	"errors"
	"os"
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

// Rename moves old to new, replacing a file at new.
func Rename(old, new string) error { return os.Rename(old, new) }

// FlushMapped does nothing here: Badger's msync already writes its mapped
// files with SyncWrites.
func FlushMapped(string) error { return nil }
