//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"
)

// quitOnHangup makes a SIGHUP (the terminal that started the app closed, or
// a session manager ending it) quit the app the way closing its window does:
// Fyne's driver already does so for SIGINT and SIGTERM, and once the event
// loop has ended ui.App.Run locks the journal, saving the draft. It returns
// a function that stops listening, to call once the app has quit.
func quitOnHangup(a fyne.App) (stop func()) {
	ch := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(ch, syscall.SIGHUP)
	go func() {
		select {
		case <-ch:
			fyne.Do(a.Quit)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}
