// Package sync keeps one journal on several computers through a folder
// that something else carries: Syncthing, Dropbox, a network share or a USB
// stick. Candor has no server; the carrier sees only sealed files.
//
// # The folder
//
// Inside the chosen folder, candor-sync/ID/ holds one journal, where ID is
// derived from the journal's root secret and reveals nothing. In it:
//
//   - journal.key: a copy of a computer's key file, so that a new computer
//     can join with the passphrase in force where it was last written.
//   - one folder per computer, named by its random device ID, holding that
//     computer's files: change files (c-SEQ.cnd) and now and then a
//     snapshot (s-SEQ.cnd) that replaces the change files before it. A file
//     is written under a temporary name, synced and renamed, and never
//     changed afterwards.
//
// Every file is a header (magic, kind, journal ID, device ID, sequence
// number) followed by its body sealed with XChaCha20-Poly1305 under a key
// derived from the root secret (HKDF, label "sync seal"), with the header as
// associated data: a file cannot be read, forged, moved to another place in
// the sequence, spliced from another computer's files or taken from another
// journal without the seal failing. Files are recognised by their header,
// not their name, so the "conflicted copy" names carriers invent change
// nothing.
//
// # Merging
//
// Every change is a version of an entry: its content (or a deletion), a
// version vector (how many changes of each computer it has seen) and a
// hybrid logical clock (wall time, a counter, the computer), so a computer
// whose clock is behind cannot make an older edit win. Each computer keeps,
// per entry, the versions no other version it has seen supersedes. Usually
// that is one; two or more means edits made on different computers before
// either saw the other's. The newest of them (by clock) is the entry; every
// other one that is not a deletion appears as a conflict copy, an entry of
// its own tagged "conflict" whose ID is derived from the version, so every
// computer shows the same copies. A deletion newer than the edits it met
// wins over them, and leaves no copies; an edit newer than a deletion wins
// over it. The kept versions are a function of the set of versions seen, so
// merging is idempotent and order-independent: computers that have read the
// same files hold the same journal.
//
// Editing or deleting an entry that has conflict copies settles the
// conflict: the copies stay, as entries of their own (keep both), until the
// user deletes them. Deleting a copy keeps the entry as it is.
package sync
