package journal

import (
	"errors"
	"fmt"
	"strings"

	"candor/journal/internal/backupfmt"
	"candor/journal/internal/dbcheck"
	"candor/journal/internal/layout"

	"candor/journal/internal/fsx"
	"candor/journal/internal/keyfile"
)

// Sentinel errors returned (possibly wrapped) by this package. Test for them
// with errors.Is.
var (
	// ErrWrongPassphrase means the passphrase does not open the key file.
	ErrWrongPassphrase = keyfile.ErrWrongPassphrase
	// ErrEmptyPassphrase means an empty passphrase was given.
	ErrEmptyPassphrase = keyfile.ErrEmptyPassphrase
	// ErrInUse means another process holds the journal open.
	ErrInUse = fsx.ErrInUse
	// ErrNoJournal means the directory holds no journal.
	ErrNoJournal = keyfile.ErrMissing
	// ErrExists means a journal already exists where a new one was to be made.
	ErrExists = layout.ErrExists
	// ErrNotEmpty means a new journal was to be made in a folder that holds
	// something other than a journal.
	ErrNotEmpty = layout.ErrNotEmpty
	// ErrKeyFileDamaged means journal.key cannot be parsed or fails its checks.
	ErrKeyFileDamaged = keyfile.ErrDamaged
	// ErrKeyFileMissing means the folder holds a journal database but no
	// journal.key: without it nothing can be read. It wraps ErrKeyFileDamaged.
	ErrKeyFileMissing = layout.ErrKeyFileMissing
	// ErrForeignKeyFile means journal.key opens, but belongs to another journal.
	ErrForeignKeyFile = keyfile.ErrForeign
	// ErrDamaged means the database could not be read or failed an integrity check.
	ErrDamaged = dbcheck.ErrDamaged
	// ErrLocked means the journal was closed (locked) and must be unlocked again.
	ErrLocked = errors.New("the journal is locked")
	// ErrNotFound means no entry has the given ID.
	ErrNotFound = errors.New("no entry with that ID")
	// ErrDuplicateID means an entry with the given ID already exists.
	ErrDuplicateID = errors.New("an entry with that ID already exists")
	// ErrBackupDamaged means a backup file is truncated, altered or not a
	// Candor backup.
	ErrBackupDamaged = backupfmt.ErrDamaged
	// ErrDiskFull means the disk holding the journal has too little room
	// left for Candor to write, open or close it safely. Nothing was written.
	ErrDiskFull = dbcheck.ErrDiskFull
	// ErrOutputExists means an export or report folder exists and is not
	// empty.
	ErrOutputExists = errors.New("the output folder exists and is not empty")
	// ErrEmptyQuery means the query holds no word to search for.
	ErrEmptyQuery = errors.New("the search has no words in it")
	// ErrImport wraps every problem found in an import source; nothing is
	// written when it is returned.
	ErrImport = errors.New("the import source has a problem; nothing was imported")
	// ErrInvalid is wrapped by every *ValidationError.
	ErrInvalid = errors.New("invalid entry")
)

// ValidationError reports one field of an entry that failed validation. It
// never quotes the field's content, which may be private.
type ValidationError struct {
	// Field is the JSON name of the offending field, such as "rating".
	Field string
	// Problem says what is wrong, in words a user understands.
	Problem string
}

// Error implements error.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s: %s", e.Field, e.Problem)
}

// Unwrap lets errors.Is(err, ErrInvalid) succeed.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Sentence renders err for people as one line that starts with a capital
// letter and ends with a full stop, as the app and the command line show
// errors.
func Sentence(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if s == "" {
		return "Something went wrong."
	}
	// A capital first letter, unless the sentence starts with a file name
	// ("imp/bomb.zip: …"), which must stay as it is.
	if first, _, _ := strings.Cut(s, " "); !strings.ContainsAny(first, "/\\.:_~0123456789") {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// KDFParams are the Argon2id parameters that turn a passphrase into the key
// that seals the root secret. They are stored in journal.key.
type KDFParams = keyfile.KDFParams

// Key-derivation settings.
var (
	// DefaultKDF is what new journals and passphrase changes use: RFC 9106's
	// second recommended setting (t=3, 64 MiB, p=4).
	DefaultKDF = keyfile.DefaultKDF
	// TestKDF is a deliberately cheap setting for tests. Never use it for a
	// real journal: it makes guessing passphrases fast.
	TestKDF = keyfile.TestKDF
)
