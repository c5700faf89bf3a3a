package ui

import (
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// queuedRunner returns a runner whose results wait in the returned queue
// until the test runs them, as the UI thread would.
func queuedRunner() (*runner, chan func()) {
	q := make(chan func(), 16)
	return newRunner(func(f func()) { q <- f }), q
}

func TestRunnerHandsResultsBackThroughFyne(t *testing.T) {
	test.NewTempApp(t)
	r := newRunner(nil)
	if reflect.ValueOf(r.deliver).Pointer() != reflect.ValueOf(fyne.DoAndWait).Pointer() {
		t.Fatal("a runner without a deliver function does not use fyne.DoAndWait")
	}
	var worked atomic.Bool
	done := make(chan bool, 1)
	r.run(func() { worked.Store(true) }, func() { done <- worked.Load() })
	select {
	case ok := <-done:
		if !ok {
			t.Fatal("done ran before work")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the result never came back")
	}
	for r.busy() {
		time.Sleep(time.Millisecond) // the count drops just after done
	}
}

func TestRunnerRunsDoneOnTheUIQueue(t *testing.T) {
	r, q := queuedRunner()
	ran := false
	r.run(func() {}, func() { ran = true })
	f := <-q // the work finished; its result waits for the UI thread
	if ran || !r.busy() {
		t.Fatal("done ran off the UI queue, or the work no longer counts as in flight")
	}
	f()
	if !ran || r.busy() {
		t.Fatalf("after the UI ran the result: ran %v, busy %v", ran, r.busy())
	}
}

func TestDroppedRunnerDropsLateResults(t *testing.T) {
	r, q := queuedRunner()
	release := make(chan struct{})
	late := false
	r.run(func() { <-release }, func() { late = true })
	r.drop() // a lock while the work runs
	close(release)
	drain(r, q)
	if late {
		t.Fatal("a result from before the drop reached the UI")
	}
	// Work started after the drop is delivered again.
	fresh := false
	r.run(func() {}, func() { fresh = true })
	drain(r, q)
	if !fresh {
		t.Fatal("a result from after the drop was lost")
	}
}

func TestRunnerAfterCountsUntilItFires(t *testing.T) {
	r, q := queuedRunner()
	fired := false
	r.after(20*time.Millisecond, func() { fired = true })
	if !r.busy() {
		t.Fatal("a pending after does not count as work in flight")
	}
	r.drop() // after is not tied to a session: it fires anyway
	drain(r, q)
	if !fired {
		t.Fatal("after did not fire")
	}
}

func TestRunnerTimerFiresOnceUnlessStopped(t *testing.T) {
	r, q := queuedRunner()
	fired := 0
	r.timer(5*time.Millisecond, func() { fired++ })
	if r.busy() {
		t.Fatal("a timer counts as work in flight")
	}
	select {
	case f := <-q:
		f()
	case <-time.After(10 * time.Second):
		t.Fatal("the timer did not fire")
	}
	stopped := r.timer(time.Hour, func() { t.Error("a stopped timer fired") })
	if !stopped.Stop() {
		t.Fatal("the timer could not be stopped")
	}
	select {
	case f := <-q:
		f()
		t.Fatal("something else fired")
	case <-time.After(50 * time.Millisecond):
	}
	if fired != 1 {
		t.Fatalf("fired %d times", fired)
	}
}
