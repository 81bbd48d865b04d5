package web

import (
	"fmt"
	"strings"

	"github.com/attune-vig/attune/internal/agreement"
	"github.com/attune-vig/attune/internal/supervision"
)

// trendChart is the agreement of a trainee's double-coded films drawn as
// two lines (moments, frames) on a 0–1 scale; kappa below 0 sits on 0.
type trendChart struct {
	Width, Height int
	Events        string // polyline points
	Frames        string
	Dots          []trendDot
	Rows          []trendRow
}

type trendDot struct {
	X, Y  string
	Title string
}

type trendRow struct {
	When, With     string
	Moments        int
	Events, Frames string
}

const trendW, trendH, trendPad, trendLeft = 600, 160, 12, 40

func newTrend(points []supervision.AgreementPoint) *trendChart {
	if len(points) == 0 {
		return nil
	}
	t := &trendChart{Width: trendW, Height: trendH}
	var ev, fr []string
	for i, p := range points {
		x := float64(trendLeft)
		if len(points) > 1 {
			x += float64(i) * float64(trendW-trendLeft-trendPad) / float64(len(points)-1)
		} else {
			x = (trendW + trendLeft) / 2
		}
		for _, line := range []struct {
			s   agreement.Score
			out *[]string
			of  string
		}{{p.EventKappa, &ev, "moments"}, {p.FrameKappa, &fr, "frames"}} {
			if !line.s.Defined() {
				continue
			}
			y := trendY(float64(line.s))
			*line.out = append(*line.out, fmt.Sprintf("%.1f,%.1f", x, y))
			t.Dots = append(t.Dots, trendDot{X: fmt.Sprintf("%.1f", x), Y: fmt.Sprintf("%.1f", y),
				Title: fmt.Sprintf("%s with %s: %s %s", p.When.Local().Format("2 Jan 2006"), p.With, line.of, score(line.s))})
		}
		t.Rows = append(t.Rows, trendRow{When: p.When.Local().Format("2 January 2006"), With: p.With, Moments: p.Moments,
			Events: score(p.EventKappa), Frames: score(p.FrameKappa)})
	}
	t.Events, t.Frames = strings.Join(ev, " "), strings.Join(fr, " ")
	return t
}

// trendY places a kappa on the chart: 1 at the top, 0 (or less) at the bottom.
func trendY(k float64) float64 {
	k = max(0, min(1, k))
	return trendPad + (1-k)*float64(trendH-2*trendPad)
}
