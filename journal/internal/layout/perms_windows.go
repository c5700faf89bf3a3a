//go:build windows

package layout

// permsApply says whether mode bits protect a journal here: on Windows
// they do not (access lists do), so the permission checks do nothing.
const permsApply = false
