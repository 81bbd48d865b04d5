package loadtest

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// defaultSampleCap bounds the memory of one run: beyond it, samples are kept
// by reservoir sampling, so percentiles stay unbiased estimates.
const defaultSampleCap = 1 << 20

// Result summarises the measured window of a run.
type Result struct {
	Requests int64         // measured requests, successful or not
	Errors   int64         // requests whose do returned an error
	FirstErr error         // the first of those errors, for the report
	RPS      float64       // successful requests per second of the window
	P50, P99 time.Duration // latency percentiles of successful requests
	Max      time.Duration // slowest successful request (exact)
	Elapsed  time.Duration // length of the window, including the grace tail
}

type recorder struct {
	mu       sync.Mutex
	samples  []time.Duration
	cap      int
	ok       int64
	errors   int64
	firstErr error
	max      time.Duration
}

func newRecorder(capacity int) *recorder {
	return &recorder{cap: capacity, samples: make([]time.Duration, 0, min(capacity, 1<<16))}
}

func (r *recorder) add(d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		if r.errors == 0 {
			r.firstErr = err
		}
		r.errors++
		return
	}
	r.ok++
	r.max = max(r.max, d)
	if len(r.samples) < r.cap {
		r.samples = append(r.samples, d)
	} else if j := rand.Int64N(r.ok); j < int64(r.cap) {
		r.samples[j] = d
	}
}

func (l *loop) result(elapsed time.Duration) Result {
	r := l.rec
	r.mu.Lock()
	defer r.mu.Unlock()
	slices.Sort(r.samples)
	res := Result{Requests: r.ok + r.errors, Errors: r.errors, FirstErr: r.firstErr, Max: r.max, Elapsed: elapsed,
		P50: Percentile(r.samples, 50), P99: Percentile(r.samples, 99)}
	if elapsed > 0 {
		res.RPS = float64(r.ok) / elapsed.Seconds()
	}
	return res
}

// Percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// sorted: the smallest sample with at least p% of samples at or below it.
// It returns 0 for no samples; p <= 0 gives the smallest sample.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p * float64(len(sorted)) / 100))
	return sorted[min(max(rank, 1), len(sorted))-1]
}
