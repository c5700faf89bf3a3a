//go:build cgo && !ci && !wasm && !js && !android && !ios

package main

import (
	"fmt"
	"os"

	"github.com/go-gl/glfw/v3.3/glfw"
)

// screenSize reports the work area of the primary monitor in pixels: the
// screen less the panels and docks the desktop keeps for itself. Fyne 2.7
// exposes no monitor size, so this asks GLFW, which Fyne's desktop driver
// uses and has already started on the main thread by the time the window
// exists. It must run on the main thread, before the event loop starts.
func screenSize() (width, height int, ok bool) {
	if err := glfw.Init(); err != nil { // a no-op when Fyne started it
		return 0, 0, false
	}
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return 0, 0, false
	}
	if _, _, w, h := m.GetWorkarea(); w > 0 && h > 0 {
		return w, h, true
	}
	if mode := m.GetVideoMode(); mode != nil && mode.Width > 0 && mode.Height > 0 {
		return mode.Width, mode.Height, true
	}
	return 0, 0, false
}

// openDisplay starts GLFW, which opens the connection to the display, and
// says so in words when that fails. GLFW only logs a display it cannot open;
// Fyne would then stop on a panic at the first window. A GLFW call that needs
// the library started panics with NotInitialized, which tells the two apart.
func openDisplay() (err error) {
	_ = glfw.Init() // a failure to open the display is logged, not returned
	defer func() {
		if recover() != nil {
			err = fmt.Errorf("cannot open the display %q", os.Getenv("DISPLAY"))
		}
	}()
	glfw.GetPrimaryMonitor()
	return nil
}
