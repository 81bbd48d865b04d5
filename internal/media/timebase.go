package media

import (
	"fmt"
	"strconv"
	"strings"
)

// timeBase is a stream's tick length, num/den seconds.
type timeBase struct{ num, den int64 }

func parseTimeBase(s string) (timeBase, error) {
	n, d, _ := strings.Cut(s, "/")
	num, err1 := strconv.ParseInt(n, 10, 64)
	den, err2 := strconv.ParseInt(d, 10, 64)
	if err1 != nil || err2 != nil || num <= 0 || den <= 0 || num > 1<<20 || den > 1<<40 {
		return timeBase{}, fmt.Errorf("bad time base %q", s)
	}
	return timeBase{num, den}, nil
}

// micros converts ticks to microseconds, rounding half away from zero,
// without overflowing for any plausible duration.
func (tb timeBase) micros(ticks int64) int64 {
	whole := ticks * tb.num / tb.den
	rem := ticks * tb.num % tb.den
	frac := (rem*1_000_000*2 + sign(rem)*tb.den) / (2 * tb.den)
	return whole*1_000_000 + frac
}

func sign(x int64) int64 {
	if x < 0 {
		return -1
	}
	return 1
}
