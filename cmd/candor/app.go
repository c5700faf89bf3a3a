package main

import (
	"fmt"
	"os"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"candor/assets"
	"candor/ui"
)

// appID is Candor's application ID, fixed by the contract.
const appID = "io.candor.journal"

// runApp opens the desktop app on the journal in dir and returns when the
// window closes.
func runApp(dir string) int {
	if runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" && !headlessBuild {
		fmt.Fprintln(os.Stderr, "candor: there is no display to open the app on (DISPLAY is not set); use the command line, e.g. 'candor list'.")
		return exitError
	}
	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Candor")
	w.Resize(fyne.NewSize(900, 640))
	ui.New(a, w, ui.Config{Dir: dir, Version: version}).Start()
	w.ShowAndRun()
	return exitOK
}
