// Package journal is Candor's domain layer: journal entries, the encrypted
// on-disk store that holds them, the key file that guards the store, and the
// process lock that keeps a journal to one program at a time.
//
// A journal lives in one directory. The file journal.key seals a random
// 32-byte root secret with XChaCha20-Poly1305 under a key derived from the
// user's passphrase with Argon2id. Two keys are derived from the root secret
// with HKDF-SHA256: one for Badger's own encryption of the db/ directory and
// one that seals every entry a second time, with its ID as associated data,
// because Badger's AES-CTR encryption does not detect tampering.
//
// The package never imports a GUI toolkit; the desktop app and the command
// line both use the API below.
package journal
