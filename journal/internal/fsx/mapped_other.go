//go:build !linux

package fsx

// ReleaseMapped does nothing on this system (see the Linux version).
func ReleaseMapped(string) {}
