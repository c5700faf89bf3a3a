package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestPaintWatchWaitsForAFrame: what waits runs once the window paints a
// frame, once only, and not before (the watch's own timer is an hour).
func TestPaintWatchWaitsForAFrame(t *testing.T) {
	test.NewTempApp(t)
	r, q := queuedRunner()
	p := newPaintWatch(r, time.Hour)
	w := test.NewTempWindow(t, p.object())
	w.Canvas().Capture() // the raster's first image: nothing waits yet
	runs := 0
	p.then(func() { runs++ })
	if len(p.waiting) != 1 || runs != 0 {
		t.Fatalf("before a frame: %d waiting, %d runs", len(p.waiting), runs)
	}
	w.Canvas().Capture() // the next frame paints the raster again
	select {
	case f := <-q:
		f()
	case <-time.After(10 * time.Second):
		t.Fatal("nothing ran after a frame")
	}
	if runs != 1 || len(p.waiting) != 0 {
		t.Fatalf("after a frame: %d runs, %d waiting", runs, len(p.waiting))
	}
	w.Canvas().Capture() // a frame with nothing waiting
	select {
	case <-q:
		t.Fatal("a second frame ran something")
	case <-time.After(50 * time.Millisecond):
	}
}

// TestPaintWatchGivesUp: with no frame painted (a hidden window), what
// waits runs after the watch's wait.
func TestPaintWatchGivesUp(t *testing.T) {
	r, q := queuedRunner()
	p := newPaintWatch(r, 20*time.Millisecond)
	start := time.Now()
	ran := false
	p.then(func() { ran = true })
	(<-q)()
	if !ran || time.Since(start) < 20*time.Millisecond {
		t.Fatalf("ran %v after %v", ran, time.Since(start))
	}
}
