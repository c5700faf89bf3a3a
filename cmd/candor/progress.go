package main

import (
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progressDelay is how long work runs before a progress bar appears: a
// quick import, export or backup prints nothing but its result.
const progressDelay = time.Second

// progress is a progress bar on stderr, shown only when stderr is a
// terminal and the work has run longer than progressDelay; piped or
// redirected output never holds any of it. A nil *progress does nothing.
type progress struct {
	mu    sync.Mutex
	out   *os.File
	start time.Time
	desc  string
	total int64
	bytes bool
	bar   *progressbar.ProgressBar
}

// newProgress returns a bar for work of total steps (entries, or bytes
// when bytes is set), described by desc; nil when stderr is not a
// terminal.
func (c *cli) newProgress(desc string, total int64, bytes bool) *progress {
	f, ok := c.env.stderr.(*os.File)
	if !ok || !isTerminal(f) {
		return nil
	}
	return &progress{out: f, start: time.Now(), desc: desc, total: total, bytes: bytes}
}

// set reports n steps done.
func (p *progress) set(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil {
		if time.Since(p.start) < progressDelay {
			return
		}
		opts := []progressbar.Option{
			progressbar.OptionSetWriter(p.out),
			progressbar.OptionSetDescription(p.desc),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100 * time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetPredictTime(true),
		}
		if p.bytes {
			opts = append(opts, progressbar.OptionShowBytes(true), progressbar.OptionUseIECUnits(true))
		} else {
			opts = append(opts, progressbar.OptionShowCount(), progressbar.OptionSetItsString("entries"))
		}
		p.bar = progressbar.NewOptions64(max(p.total, 1), opts...)
	}
	_ = p.bar.Set64(min(n, max(p.total, 1)))
}

// setOf reports n steps done of an estimated total, which may grow.
func (p *progress) setOf(n, total int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	if total > p.total {
		p.total = total
		if p.bar != nil {
			p.bar.ChangeMax64(total)
		}
	}
	p.mu.Unlock()
	p.set(n)
}

// entries is set as a func(int), for the journal's progress callbacks; nil
// when there is no bar.
func (p *progress) entries() func(int) {
	if p == nil {
		return nil
	}
	return func(n int) { p.set(int64(n)) }
}

// done clears the bar, if one was shown.
func (p *progress) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
	}
}
