package ui

import (
	"math"

	"github.com/trustelem/zxcvbn"
)

// Strength is a rough estimate of how hard a passphrase is to guess.
type Strength int

// The strength levels, weakest first.
const (
	StrengthNone Strength = iota
	StrengthWeak
	StrengthFair
	StrengthGood
	StrengthStrong
)

// String names the level for the user.
func (s Strength) String() string {
	return [...]string{"", "Weak", "Fair", "Good", "Strong"}[s]
}

// maxEstimateRunes bounds the work zxcvbn does per keystroke; characters past
// it only make a passphrase stronger.
const maxEstimateRunes = 64

// EstimateStrength estimates how many guesses an attacker would need, with
// zxcvbn's pattern matching (dictionary words, keyboard walks, dates,
// repeats), and returns a level and the estimate in bits. The thresholds
// assume an offline attack slowed by Argon2id.
func EstimateStrength(p string) (Strength, float64) {
	if p == "" {
		return StrengthNone, 0
	}
	r := []rune(p)
	if len(r) > maxEstimateRunes {
		r = r[:maxEstimateRunes]
	}
	res := zxcvbn.PasswordStrength(string(r), []string{"candor", "journal", "leader", "leadership"})
	bits := math.Log2(math.Max(res.Guesses, 1))
	switch {
	case bits < 30:
		return StrengthWeak, bits
	case bits < 45:
		return StrengthFair, bits
	case bits < 60:
		return StrengthGood, bits
	}
	return StrengthStrong, bits
}
