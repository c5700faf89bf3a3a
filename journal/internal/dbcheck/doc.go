// Package dbcheck reads a Badger database's files before Badger opens them,
// and measures the disk before Badger writes, because Badger handles some
// damage and a full disk badly: it silently drops write-ahead log records
// after a damaged one, deletes tables its MANIFEST no longer lists, panics
// in its own goroutines on a table whose lengths are out of range, and
// crashes with SIGBUS when a memory-mapped write meets a full disk.
//
// The checks of the write-ahead logs and the MANIFEST need no key: they
// read lengths and checksums of the bytes as stored. So does the check of a
// table's footer and index; its blocks are checksummed before encryption,
// so CheckTables reads them with the data keys of the database's key
// registry when it is given the database key. Damage found wraps ErrDamaged
// and too little room wraps ErrDiskFull; a file that cannot be read at all
// is reported as it is.
package dbcheck

import "errors"

// Errors returned, wrapped, by the checks.
var (
	// ErrDamaged means the database could not be read or failed an
	// integrity check.
	ErrDamaged = errors.New("the journal database is damaged")
	// ErrDiskFull means the disk has too little room left to write, open or
	// close the database safely.
	ErrDiskFull = errors.New("the disk is full")
)
