//go:build ci

package main

// headlessBuild is true with -tags ci, where Fyne uses a software driver and
// needs no display.
const headlessBuild = true
