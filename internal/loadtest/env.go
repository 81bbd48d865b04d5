package loadtest

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Levels are the numbers of users a load test steps through:
// ATTUNE_BENCH_USERS="10,50" or, by default, 10, 50, 100 and 200.
func Levels() ([]int, error) {
	s := os.Getenv("ATTUNE_BENCH_USERS")
	if s == "" {
		return []int{10, 50, 100, 200}, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 4 {
			return nil, fmt.Errorf("ATTUNE_BENCH_USERS=%q: give numbers of users, 4 or more, separated by commas", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// Seconds is how long each measured window lasts: ATTUNE_BENCH_SECONDS or
// the default given.
func Seconds(def time.Duration) (time.Duration, error) {
	s := os.Getenv("ATTUNE_BENCH_SECONDS")
	if s == "" {
		return def, nil
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n <= 0 || n > 600 {
		return 0, fmt.Errorf("ATTUNE_BENCH_SECONDS=%q: give the seconds per route, between 0 and 600", s)
	}
	return time.Duration(n * float64(time.Second)), nil
}
