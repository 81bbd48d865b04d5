package loadtest

import (
	"fmt"
	"io"
	"time"
)

// Row is one line of a report: a route on a backend, and the baseline it is
// compared with (the baseline's own row compares with itself).
type Row struct {
	Backend, Route string
	Result         Result
	Baseline       Result
}

// Header is the column line WriteRow's lines align with.
const Header = "backend   route                       requests      rps   p50(ms)   p99(ms)   max(ms)  errors  rps/base  p50/base  p99/base"

// WriteRow writes one aligned line of the report.
func WriteRow(w io.Writer, r Row) {
	res, base := r.Result, r.Baseline
	fmt.Fprintf(w, "%-9s %-26s %9d %8.0f %9.2f %9.2f %9.2f %7d %9.3f %9.2f %9.2f\n",
		r.Backend, r.Route, res.Requests, res.RPS, ms(res.P50), ms(res.P99), ms(res.Max), res.Errors,
		ratio(res.RPS, base.RPS), ratio(ms(res.P50), ms(base.P50)), ratio(ms(res.P99), ms(base.P99)))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
