// Package journal is Candor's domain aggregate: the Journal, its entries and
// their codec, the encrypted store that holds them, drafts, own prompts,
// summaries for statistics, backups, restore and health checks, and every
// sentinel error the packages below it return.
//
// A journal lives in one directory. The file journal.key (package
// internal/keyfile) seals a random 32-byte root secret with
// XChaCha20-Poly1305 under a key derived from the user's passphrase with
// Argon2id. Two keys are derived from the root secret with HKDF-SHA256: one
// for Badger's own encryption of the db/ directory and one that seals every
// entry a second time, with its ID as associated data, because Badger's
// AES-CTR encryption does not detect tampering.
//
// Features built on the public API live in packages of their own: stats,
// report, markdown, importers, imports (the re-import merge), coach (the
// daily prompt and the follow-ups) and sync. Plumbing lives in internal/:
// fsx (files), layout (the journal folder), keyfile, badgerdb (Badger as
// Candor runs it), dbcheck (damage and disk-space checks), restorefs,
// backupfmt (the sealed backup stream), entryrec (the stored records),
// textindex and searchindex (the search index), mdtext (Markdown as plain
// text) and sortx (sorting large values). docs/ARCHITECTURE.md maps them.
//
// The package never imports a GUI toolkit; the desktop app and the command
// line both use the API below.
package journal
