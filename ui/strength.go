package ui

import (
	"math"
	"strings"
	"unicode"
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

// EstimateStrength estimates bits of entropy from the length and the kinds of
// characters used, discounting repeats and common patterns, and maps them to
// a level. It is deliberately conservative: a long phrase of words beats a
// short jumble.
func EstimateStrength(p string) (Strength, float64) {
	if p == "" {
		return StrengthNone, 0
	}
	var lower, upper, digit, symbol, other bool
	seen := map[rune]bool{}
	for _, r := range p {
		seen[r] = true
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case r < 128:
			symbol = true
		default:
			other = true
		}
	}
	pool := 0
	for _, c := range []struct {
		on bool
		n  int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {symbol, 33}, {other, 100}} {
		if c.on {
			pool += c.n
		}
	}
	n := len([]rune(p))
	// Repeated characters add little: count distinct ones at full weight
	// and the rest at a quarter.
	effective := float64(len(seen)) + float64(n-len(seen))/4
	bits := effective * math.Log2(float64(pool))
	low := strings.ToLower(p)
	for _, common := range []string{"password", "passphrase", "123456", "qwerty", "letmein", "candor", "journal", "abcdef"} {
		if strings.Contains(low, common) {
			bits -= 20
		}
	}
	switch {
	case bits < 35:
		return StrengthWeak, bits
	case bits < 55:
		return StrengthFair, bits
	case bits < 80:
		return StrengthGood, bits
	}
	return StrengthStrong, bits
}
