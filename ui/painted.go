package ui

import (
	"image"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// paintWatch tells when the window has painted a frame: the work that
// follows an unlock waits for Today's first frame, so that it does not take
// the CPU from it.
//
// Fyne has no event for a painted frame. A canvas.Raster is the one object
// it draws by calling back: it asks the raster for its image while it paints
// the frame that shows it, and again after each Refresh. The watch is such a
// raster, one transparent pixel in the window's corner.
type paintWatch struct {
	bg     *runner
	raster *canvas.Raster
	// wait is the longest then waits: the window may be hidden, and
	// Fyne's test canvas never paints.
	wait    time.Duration
	waiting []func()
	// box holds the raster at its one pixel whatever size it is laid out
	// at: a raster laid out over the window would be drawn over it at every
	// frame.
	box fyne.CanvasObject
}

// paintWaitAtMost is how long then waits for a frame before it runs its
// function anyway.
const paintWaitAtMost = time.Second

func newPaintWatch(bg *runner, wait time.Duration) *paintWatch {
	p := &paintWatch{bg: bg, wait: wait}
	pixel := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	p.raster = canvas.NewRaster(func(int, int) image.Image {
		p.painted()
		return pixel
	})
	p.raster.Resize(fyne.NewSize(1, 1))
	p.box = container.NewWithoutLayout(p.raster)
	return p
}

// object is what goes into the screen whose frames are watched.
func (p *paintWatch) object() fyne.CanvasObject { return p.box }

// then runs fn on the UI thread after the next frame is painted, or after
// wait if none is; once either way. Call it on the UI thread.
func (p *paintWatch) then(fn func()) {
	ran := false
	once := func() {
		if !ran {
			ran = true
			fn()
		}
	}
	p.waiting = append(p.waiting, once)
	p.raster.Refresh()
	p.bg.after(p.wait, once)
}

// painted is called by Fyne as it paints the raster, on the UI thread: what
// waits runs once that frame is done.
func (p *paintWatch) painted() {
	for _, fn := range p.waiting {
		p.bg.after(0, fn)
	}
	p.waiting = nil
}
