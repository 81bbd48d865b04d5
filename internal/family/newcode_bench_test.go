package family_test

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// slowMail takes as long as a slow SMTP server would.
type slowMail struct{ sent chan struct{} }

func (m slowMail) Send(context.Context, string, string, string) error {
	time.Sleep(50 * time.Millisecond)
	m.sent <- struct{}{}
	return nil
}

// TestRequestCodeTimingBench (ATTUNE_BENCH=1) measures how long asking for
// a new code takes for a known address, as a ratio to an unknown one
// measured in the same run, with a mail server that takes 50 ms: the code
// is made and sent after the answer, so the ratio should be near 1.
func TestRequestCodeTimingBench(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("timing of new-code requests: set ATTUNE_BENCH=1 to run it")
	}
	w := newWorld(t, storetest.SQLite(t))
	w.invite(t, w.caseA, "ann@example.org")
	mail := slowMail{sent: make(chan struct{}, 1000)}
	w.s.Mail = mail
	w.s.IPLimiter, w.s.AskLimiter = auth.NewLimiter(1e6, 1e6), auth.NewLimiter(1e6, 1e6)
	const rounds = 200
	var known, unknown []time.Duration
	for i := 0; i < rounds; i++ {
		for _, email := range []string{"ann@example.org", "nobody@example.org"} {
			start := time.Now()
			if err := w.s.RequestCode(ctx, "ip", email); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); email == "nobody@example.org" {
				unknown = append(unknown, d)
			} else {
				known = append(known, d)
			}
		}
	}
	for i := 0; i < rounds; i++ {
		<-mail.sent
	}
	k, u := median(known), median(unknown)
	t.Logf("new-code request, median of %d: known address %v, unknown %v; ratio known/unknown %.2f", rounds, k, u, float64(k)/float64(u))
}

func median(ds []time.Duration) time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}
