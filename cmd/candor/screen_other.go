//go:build !cgo || ci || wasm || js || android || ios

package main

// screenSize cannot tell the screen's size in this build (headless, or no
// cgo): the window keeps the size it asks for.
func screenSize() (width, height int, ok bool) { return 0, 0, false }

// openDisplay has nothing to open in this build: Fyne's driver here needs no
// display connection before the first window.
func openDisplay() error { return nil }
