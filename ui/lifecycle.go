package ui

import "fyne.io/fyne/v2"

// Run shows the window and runs the event loop until the app quits (Ctrl+Q,
// the close button, the tray, SIGINT, SIGTERM, or SIGHUP through Quit),
// then ends the session on this goroutine: the draft is saved, the journal
// closed, the preferences saved. Call it instead of ShowAndRun.
func (u *App) Run() {
	u.win.ShowAndRun()
	u.stopped()
}

// stopped ends the session once the event loop has ended: the display is
// gone, so the lock touches neither the clipboard nor the widgets; then
// Fyne's own stop hook runs.
func (u *App) stopped() {
	u.session.stopped = true
	u.session.lock(false)
	if u.fyneStop != nil {
		f := u.fyneStop
		u.fyneStop = nil
		f()
	}
}

// stopHookOwner is the part of Fyne 2.7's lifecycle, beyond fyne.Lifecycle,
// that holds the hooks run when the event loop ends.
type stopHookOwner interface {
	OnStopped() func()
	SetOnStoppedHookExecuted(func())
}

// takeStopHooks takes every stop hook off Fyne's lifecycle, so that the end
// of the event loop queues none, and returns Fyne's own (it saves the
// preferences) for Run to call, or nil.
//
// Fyne 2.7.1 hands a stop hook from the ending loop to its lifecycle
// goroutine, which sends it back to the main thread's queue while the main
// thread drains and closes that queue. Whichever comes first, the hook runs,
// or is dropped unrun (the draft not saved, the journal not closed, and yet
// exit status 0), or the send panics ("send on closed channel"), or the
// quit hangs. Under strace, which slows every system call, the smoke test
// saw each of the first three. A hook that is never queued cannot race.
func takeStopHooks(l fyne.Lifecycle) func() {
	l.SetOnStopped(nil)
	h, ok := l.(stopHookOwner)
	if !ok {
		return nil // another Fyne: Run still ends the session
	}
	f := h.OnStopped()
	h.SetOnStoppedHookExecuted(nil)
	return f
}
