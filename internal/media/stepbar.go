package media

import "sync"

// stepBar turns the progress of a few weighted steps, some running at the
// same time, into one 0..1 bar that never goes back.
type stepBar struct {
	mu      sync.Mutex
	fn      func(float64)
	weights []float64
	done    []float64
	last    float64
}

func newStepBar(fn func(float64)) *stepBar { return &stepBar{fn: fn} }

// steps sets the weights of the steps to come.
func (b *stepBar) steps(weights ...float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.weights, b.done = weights, make([]float64, len(weights))
}

// step returns the progress function of step i (its own 0..1).
func (b *stepBar) step(i int) func(float64) {
	return func(done float64) {
		b.mu.Lock()
		defer b.mu.Unlock()
		if i >= len(b.done) || b.fn == nil {
			return
		}
		b.done[i] = done
		total, sum := 0.0, 0.0
		for j, w := range b.weights {
			total, sum = total+w, sum+w*b.done[j]
		}
		if v := min(sum/total, 1); total > 0 && v > b.last {
			b.last = v
			b.fn(v)
		}
	}
}
