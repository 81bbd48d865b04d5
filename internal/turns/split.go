package turns

import "math"

// Two groups of utterance pitches count as two speakers' when each holds
// at least splitMinShare of the voiced time and their centres are at least
// splitMinOctaves apart.
const (
	splitMinShare   = 0.1
	splitMinOctaves = 0.5
	splitRounds     = 12
)

// splitFor is the recording's pitch split between adult and child: the
// configured one, or with AdaptSplit the middle between two clear groups.
func splitFor(cfg Config, us []Utterance) float64 {
	if !cfg.AdaptSplit || len(us) < 2 {
		return cfg.ChildPitchHz
	}
	lo, hi := math.Log2(150), math.Log2(350)
	var wLo, wHi float64
	for range splitRounds {
		var sLo, sHi float64
		wLo, wHi = 0, 0
		for _, u := range us {
			p, w := math.Log2(u.PitchHz), float64(u.EndMs-u.StartMs)
			if math.Abs(p-lo) <= math.Abs(p-hi) {
				sLo, wLo = sLo+p*w, wLo+w
			} else {
				sHi, wHi = sHi+p*w, wHi+w
			}
		}
		if wLo == 0 || wHi == 0 {
			return cfg.ChildPitchHz
		}
		lo, hi = sLo/wLo, sHi/wHi
	}
	total := wLo + wHi
	if wLo/total < splitMinShare || wHi/total < splitMinShare || hi-lo < splitMinOctaves {
		return cfg.ChildPitchHz
	}
	return min(max(math.Exp2((lo+hi)/2), cfg.SplitMinHz), cfg.SplitMaxHz)
}

// label names each utterance's speaker against the split, letting the
// brightness decide near it, then joins neighbours of one speaker closer
// than MergeGapMs.
func label(cfg Config, us []Utterance) []Utterance {
	split := splitFor(cfg, us)
	out := us[:0]
	for _, u := range us {
		u.Speaker = speakerOf(cfg, split, u)
		if n := len(out); n > 0 && out[n-1].Speaker == u.Speaker && u.StartMs-out[n-1].EndMs < cfg.MergeGapMs {
			out[n-1] = joined(out[n-1], u)
			continue
		}
		out = append(out, u)
	}
	return out
}

func speakerOf(cfg Config, split float64, u Utterance) Speaker {
	r := u.PitchHz / split
	if math.Abs(r-1) <= cfg.TiltBandRatio {
		if u.Tilt >= cfg.TiltPivot {
			return Child
		}
		return Adult
	}
	if r >= 1 {
		return Child
	}
	return Adult
}

func joined(a, b Utterance) Utterance {
	wa, wb := float64(a.EndMs-a.StartMs), float64(b.EndMs-b.StartMs)
	a.PitchHz = (a.PitchHz*wa + b.PitchHz*wb) / (wa + wb)
	a.Tilt = (a.Tilt*wa + b.Tilt*wb) / (wa + wb)
	a.EndMs = b.EndMs
	return a
}
