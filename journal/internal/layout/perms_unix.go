//go:build !windows

package layout

// permsApply says whether mode bits protect a journal here: they do on
// every system but Windows.
const permsApply = true
