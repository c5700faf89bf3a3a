//go:build !ci

package main

// headlessBuild is false in a normal build: the app needs a display.
const headlessBuild = false
