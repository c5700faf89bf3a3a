// Package ui holds Candor's desktop screens, built with Fyne. It never
// creates the Fyne app itself: New receives a fyne.App and a fyne.Window, so
// every screen runs under fyne.io/fyne/v2/test without a display. It talks to
// the journal only through package journal's exported API; slow work (key
// derivation, opening the store, queries) runs on goroutines and comes back
// on the UI thread through fyne.DoAndWait.
//
// The parts, each in its own file: App (app.go) routes between the screens
// and wires them; session (lock.go) owns the unlocked journal from unlock to
// lock; runner (runner.go) runs the background work; dialogs, keys, the tray,
// the preferences and the reminder have a file each. A screen receives only
// what it uses, as a small struct of values and functions (screens.go), and
// mainScreen wires the tabs to each other, so no screen calls another.
package ui
