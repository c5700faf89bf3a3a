package main

import (
	"fmt"
	"os"
	"runtime"

	"fyne.io/fyne/v2/app"

	"candor/assets"
	"candor/ui"
)

// appID is Candor's application ID, fixed by the contract.
const appID = "io.candor.journal"

// runOpenApp is the app command, also what candor does with no command: it
// opens the desktop app on the journal folder through the env.
func runOpenApp(c *cli, _ *none, args []string) error {
	if len(args) > 0 {
		return usagef("app takes no arguments")
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if status := c.env.openApp(dir); status != exitOK {
		return exitStatus(status)
	}
	return nil
}

// runApp opens the desktop app on the journal in dir and returns when the
// window closes.
func runApp(dir string) int {
	if runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" && !headlessBuild {
		fmt.Fprintln(os.Stderr, "candor: there is no display to open the app on (DISPLAY is not set); use the command line, e.g. 'candor list'.")
		return exitError
	}
	a := app.NewWithID(appID)
	if err := openDisplay(); err != nil {
		fmt.Fprintf(os.Stderr, "candor: %v; use the command line, e.g. 'candor list'.\n", err)
		return exitError
	}
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Candor")
	u := ui.New(a, w, ui.Config{Dir: dir, Version: version, ScreenSize: screenSize})
	u.Start()
	stop := quitOnHangup(a)
	defer stop()
	u.Run() // returns once the draft is saved and the journal closed
	return exitOK
}
