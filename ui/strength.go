package ui

import (
	"fmt"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
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

// confirmWeak asks for a second confirmation before a weak passphrase is
// used, and calls use only when the user insists. The safe answer, choosing
// another passphrase, is the default: Enter and Esc both keep the user on
// the form. Other levels call use at once.
func confirmWeak(dlg *dialogs, p string, use func()) {
	level, bits := estimateStrength(p)
	if level != strengthWeak {
		use()
		return
	}
	msg := widget.NewLabel(fmt.Sprintf("This passphrase is weak (about %.0f bits): a guessing program could find it.\n"+
		"Anyone who copies your journal files could then read every entry.\n"+
		"A few unrelated words, like a short odd sentence, are stronger and still easy to remember.", bits))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Use a weak passphrase?", "Use it anyway", "Choose another", msg, func(ok bool) {
		if ok {
			use()
		}
	}, dlg.win)
	d.Resize(fyne.NewSize(460, 0))
	dlg.show(d)
}
