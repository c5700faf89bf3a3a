package ui

import (
	"math"

	"github.com/trustelem/zxcvbn"
)

// strength is a rough estimate of how hard a passphrase is to guess.
type strength int

// The strength levels, weakest first.
const (
	strengthNone strength = iota
	strengthWeak
	strengthFair
	strengthGood
	strengthStrong
)

// String names the level for the user.
func (s strength) String() string {
	return [...]string{"", "Weak", "Fair", "Good", "Strong"}[s]
}

// maxEstimateRunes bounds the work zxcvbn does per keystroke; characters past
// it only make a passphrase stronger.
const maxEstimateRunes = 64

// estimateStrength estimates how many guesses an attacker would need, with
// zxcvbn's pattern matching (dictionary words, keyboard walks, dates,
// repeats), and returns a level and the estimate in bits. The thresholds
// assume an offline attack slowed by Argon2id.
func estimateStrength(p string) (strength, float64) {
	if p == "" {
		return strengthNone, 0
	}
	r := []rune(p)
	if len(r) > maxEstimateRunes {
		r = r[:maxEstimateRunes]
	}
	res := zxcvbn.PasswordStrength(string(r), []string{"candor", "journal", "leader", "leadership"})
	bits := math.Log2(math.Max(res.Guesses, 1))
	switch {
	case bits < 30:
		return strengthWeak, bits
	case bits < 45:
		return strengthFair, bits
	case bits < 60:
		return strengthGood, bits
	}
	return strengthStrong, bits
}
