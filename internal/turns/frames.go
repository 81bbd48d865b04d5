package turns

import "math"

// frame is what one 10 ms frame tells: its loudness, whether it is voiced
// speech, its pitch and its brightness.
type frame struct {
	energyDB float64
	speech   bool
	pitchHz  float64 // 0 when not voiced speech
	tilt     float64 // 0..1: share of energy in the sample-to-sample difference
}

// extractor turns samples into frames. It keeps a fixed history for the
// pitch window: memory does not grow with the recording.
type extractor struct {
	cfg            Config
	tauMin, tauMax int
	hist           []float32 // decimated to 8 kHz, newest last
	diff           []float32 // YIN difference function, scratch
	prev           float32   // the last sample of the previous frame
	floor, level   float64   // adaptive noise floor and recent speech level, dB
	started        bool
}

func newExtractor(cfg Config) *extractor {
	tauMin := int(math.Floor(pitchRate / cfg.PitchMaxHz))
	tauMax := int(math.Ceil(pitchRate / cfg.PitchMinHz))
	n := max(historyFrames*FrameSamples/2, pitchWindow+tauMax)
	return &extractor{cfg: cfg, tauMin: max(tauMin, 2), tauMax: tauMax,
		hist: make([]float32, n), diff: make([]float32, tauMax+2)}
}

// next reads one frame of FrameSamples samples.
func (e *extractor) next(s []int16) frame {
	var sum, dsum float64
	prev := e.prev
	half := len(s) / 2
	copy(e.hist, e.hist[half:])
	dec := e.hist[len(e.hist)-half:]
	for i, v := range s {
		x := float32(v)
		sum += float64(x * x)
		d := x - prev
		dsum += float64(d * d)
		if i%2 == 1 {
			dec[i/2] = (prev + x) / 2
		}
		prev = x
	}
	e.prev = prev
	f := frame{energyDB: 10 * math.Log10(sum/float64(len(s))+1)}
	if sum > 0 {
		f.tilt = dsum / sum / 4
	}
	e.track(f.energyDB)
	if !e.loudEnough(f.energyDB) {
		return f
	}
	if pitch, ok := e.yin(); ok {
		f.speech, f.pitchHz = true, pitch
		e.level = max(e.level, f.energyDB)
	}
	return f
}

// track moves the noise floor: down at once, up slowly; and lets the
// remembered speech level fall.
func (e *extractor) track(db float64) {
	if !e.started {
		// Start low, so speech at the very start is heard.
		e.floor, e.started = min(db, e.cfg.MinSpeechDB), true
	} else if db < e.floor {
		e.floor = db
	} else {
		e.floor += e.cfg.FloorRiseDBPerSec * FrameMs / 1000
	}
	e.level -= e.cfg.LevelFallDBPerSec * FrameMs / 1000
}

func (e *extractor) loudEnough(db float64) bool {
	return db >= e.cfg.MinSpeechDB && db >= e.floor+e.cfg.SpeechAboveFloorDB &&
		db >= e.level-e.cfg.ForegroundRangeDB
}

// yin finds the pitch of the history's pitch window (de Cheveigné and
// Kawahara's YIN: the first dip of the cumulative mean normalised
// difference under VoicingMax, followed to its minimum).
func (e *extractor) yin() (float64, bool) {
	x := e.hist[len(e.hist)-pitchWindow-e.tauMax:]
	w := x[:pitchWindow]
	var running float32
	best := -1
	for tau := 1; tau <= e.tauMax; tau++ {
		lag := x[tau : tau+pitchWindow]
		var d float32
		for j, v := range w {
			t := v - lag[j]
			d += t * t
		}
		running += d
		if running == 0 {
			return 0, false
		}
		cmnd := d * float32(tau) / running
		e.diff[tau] = cmnd
		if tau < e.tauMin {
			continue
		}
		if best < 0 && float64(cmnd) < e.cfg.VoicingMax {
			best = tau
		} else if best >= 0 && cmnd < e.diff[best] {
			best = tau
		} else if best >= 0 {
			break
		}
	}
	if best < 0 {
		return 0, false
	}
	return pitchRate / e.refine(best), true
}

// refine places the dip between samples by a parabola through its neighbours.
func (e *extractor) refine(tau int) float64 {
	if tau <= 1 || tau >= e.tauMax {
		return float64(tau)
	}
	a, b, c := float64(e.diff[tau-1]), float64(e.diff[tau]), float64(e.diff[tau+1])
	den := a - 2*b + c
	if den <= 0 {
		return float64(tau)
	}
	return float64(tau) + (a-c)/(2*den)
}
