package lifecycle_test

import (
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

func TestCycleNumbersInWords(t *testing.T) {
	for _, c := range []struct {
		ns   []int
		want string
	}{
		{nil, ""}, {[]int{3}, "cycle 3"}, {[]int{2, 3}, "cycles 2 and 3"}, {[]int{1, 2, 10}, "cycles 1, 2 and 10"},
	} {
		if got := lifecycle.CycleNumbers(c.ns); got != c.want {
			t.Errorf("CycleNumbers(%v) = %q, want %q", c.ns, got, c.want)
		}
	}
	cycles := []*domain.Cycle{{Number: 1, Status: domain.CycleReviewed}, {Number: 2, Status: domain.CycleFilmed},
		{Number: 3, Status: domain.CycleCancelled}, {Number: 4, Status: domain.CyclePlanned}}
	if got := lifecycle.CycleNumbers(lifecycle.OpenCycles(cycles)); got != "cycles 2 and 4" {
		t.Errorf("open cycles: %q, want cycles 2 and 4", got)
	}
}
