package server

import (
	"sync"
	"time"
)

// Each server process keeps its own memory of what it recorded in the
// window (Config.ViewWindow), so with several servers each writes at most
// one entry per viewing and window.

// RefusalsPerWindow caps the refusal entries of one caller per window: a
// scanner trying thousands of ids leaves this many entries and one saying
// that more were not written one by one.
const RefusalsPerWindow = 200

// debouncer remembers what was recorded in the last window.
type debouncer struct {
	mu     sync.Mutex
	window time.Duration
	seen   map[string]time.Time
	counts map[string]*tally
	sweep  int
	now    func() time.Time
}

func newDebouncer(window time.Duration) *debouncer {
	return &debouncer{window: window, seen: map[string]time.Time{}, counts: map[string]*tally{}, sweep: 1024, now: time.Now}
}

// claim tells whether key was not recorded within the window, and from now
// counts it as recorded.
func (d *debouncer) claim(key string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	if at, ok := d.seen[key]; ok && now.Sub(at) < d.window {
		return false
	}
	d.seen[key] = now
	d.forgetOld(now)
	return true
}

// release forgets key, so its next answer is recorded again.
func (d *debouncer) release(key string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.seen, key)
}

// count adds one to key's count in the current window and returns it.
func (d *debouncer) count(key string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	c, ok := d.counts[key]
	if !ok || now.Sub(c.since) >= d.window {
		c = &tally{since: now}
		d.counts[key] = c
	}
	c.n++
	d.forgetOld(now)
	return c.n
}

type tally struct {
	since time.Time
	n     int
}

// forgetOld drops expired keys once the map has doubled since the last sweep,
// so memory stays proportional to the viewings of one window.
func (d *debouncer) forgetOld(now time.Time) {
	if len(d.seen)+len(d.counts) < d.sweep {
		return
	}
	for k, at := range d.seen {
		if now.Sub(at) >= d.window {
			delete(d.seen, k)
		}
	}
	for k, c := range d.counts {
		if now.Sub(c.since) >= d.window {
			delete(d.counts, k)
		}
	}
	d.sweep = max(1024, 2*(len(d.seen)+len(d.counts)))
}
