// Package ui holds Candor's desktop screens, built with Fyne. It never
// creates the Fyne app itself: New receives a fyne.App and a fyne.Window, so
// every screen runs under fyne.io/fyne/v2/test without a display. It talks to
// the journal only through package journal's exported API; slow work (key
// derivation, opening the store) runs on goroutines and comes back through
// fyne.Do.
package ui
