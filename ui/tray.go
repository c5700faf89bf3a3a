package ui

import (
	"os"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// addTray puts Show, New entry and Lock in the system tray (Fyne adds
// Quit), on desktops that have one.
func addTray(a fyne.App, w fyne.Window, newEntry, lock func()) {
	d, ok := a.(desktop.App)
	if !ok || !trayAvailable() {
		return
	}
	d.SetSystemTrayMenu(fyne.NewMenu("Candor",
		fyne.NewMenuItem("Show Candor", func() { w.Show(); w.RequestFocus() }),
		fyne.NewMenuItem("New entry", func() { w.Show(); newEntry() }),
		fyne.NewMenuItem("Lock", lock),
	))
}

// trayAvailable reports whether a system tray can work. On Linux and the
// BSDs the tray talks over the D-Bus session bus; without one, Fyne v2.7.1's
// tray fails to start and then crashes on quit (a nil D-Bus connection is
// closed), so Candor does not ask for a tray there.
func trayAvailable() bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	return os.Getenv("DBUS_SESSION_BUS_ADDRESS") != ""
}
