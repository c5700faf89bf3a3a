//go:build !unix

package main

import "fyne.io/fyne/v2"

// quitOnHangup does nothing where there is no SIGHUP.
func quitOnHangup(fyne.App) (stop func()) { return func() {} }
