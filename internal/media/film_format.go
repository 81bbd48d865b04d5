package media

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// FilmFormat is what every segment of a film is encoded to, so the
// segments join without re-encoding.
type FilmFormat struct {
	Width, Height int    // display size, even numbers
	FrameRate     string // e.g. "30/1", "30000/1001"
	SampleRate    int    // audio, e.g. 48000
}

// DefaultFilmFormat is used for a film without clips.
var DefaultFilmFormat = FilmFormat{Width: 1280, Height: 720, FrameRate: "30/1", SampleRate: 48000}

// Frame rates a film may take; a clip's rate is rounded to the nearest.
var filmRates = []string{"24000/1001", "24/1", "25/1", "30000/1001", "30/1", "50/1", "60000/1001", "60/1"}

// FilmFormatOf probes an exported clip MP4 (the film takes the first
// clip's format): its upright size (made even), its frame rate rounded to
// a standard one, its sound's sample rate (48 kHz when it has none).
func FilmFormatOf(ctx context.Context, clipPath string) (FilmFormat, error) {
	return Tools{}.FilmFormatOf(ctx, clipPath)
}

// FilmFormatOf: see the package-level FilmFormatOf.
func (t Tools) FilmFormatOf(ctx context.Context, clipPath string) (FilmFormat, error) {
	c, err := t.probeClip(ctx, clipPath)
	if err != nil {
		return FilmFormat{}, err
	}
	f := FilmFormat{Width: c.width &^ 1, Height: c.height &^ 1, FrameRate: nearestRate(c.fps), SampleRate: c.sampleRate}
	if f.SampleRate == 0 {
		f.SampleRate = DefaultFilmFormat.SampleRate
	}
	if f.Width <= 0 || f.Height <= 0 {
		return FilmFormat{}, fmt.Errorf("media: %s has no picture size", clipPath)
	}
	return f, nil
}

func (f FilmFormat) check() error {
	if f.Width <= 0 || f.Height <= 0 || f.Width%2 != 0 || f.Height%2 != 0 || f.Width > MaxSide || f.Height > MaxSide {
		return fmt.Errorf("media: film size %dx%d must be even and at most %d", f.Width, f.Height, MaxSide)
	}
	if rate(f.FrameRate) <= 0 || rate(f.FrameRate) > 240 {
		return fmt.Errorf("media: film frame rate %q is not a rate", f.FrameRate)
	}
	if f.SampleRate < 8000 || f.SampleRate > 192000 {
		return fmt.Errorf("media: film sample rate %d is not one we encode", f.SampleRate)
	}
	return nil
}

func nearestRate(fps float64) string {
	best := DefaultFilmFormat.FrameRate
	for _, r := range filmRates {
		if math.Abs(rate(r)-fps) < math.Abs(rate(best)-fps) {
			best = r
		}
	}
	return best
}

// clipFacts are what decides whether a clip can be remuxed into a film.
type clipFacts struct {
	codec, pixFmt, profile string
	width, height          int
	fps, avgFPS            float64
	rotation               int
	duration               float64 // video, seconds
	audio                  string  // codec, "" when none
	sampleRate, channels   int
}

func (t Tools) probeClip(ctx context.Context, path string) (*clipFacts, error) {
	s, err := ClipSource{Path: path}.resolve(ctx)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	args := append([]string{"-print_format", "json", "-show_streams"}, s.args()...)
	if err := t.run(ctx, "ffprobe", probeTimeout, args, &out); err != nil {
		return nil, err
	}
	var raw struct {
		Streams []struct {
			probeStream
			SampleRate string `json:"sample_rate"`
			Channels   int    `json:"channels"`
		} `json:"streams"`
	}
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		return nil, reject("it is damaged or incomplete")
	}
	c := &clipFacts{}
	for _, st := range raw.Streams {
		switch {
		case st.CodecType == "video" && c.codec == "" && st.Disposition["attached_pic"] == 0:
			c.codec, c.pixFmt, c.profile, c.rotation = st.CodecName, st.PixFmt, st.Profile, st.rotation()
			c.width, c.height, c.fps, c.avgFPS = st.Width, st.Height, rate(st.RFrameRate), rate(st.AvgFrameRate)
			c.duration, _ = strconv.ParseFloat(st.Duration, 64)
			if c.rotation%180 != 0 {
				c.width, c.height = c.height, c.width
			}
		case st.CodecType == "audio" && c.audio == "":
			c.audio, c.channels = st.CodecName, st.Channels
			c.sampleRate, _ = strconv.Atoi(st.SampleRate)
		}
	}
	if c.codec == "" {
		return nil, reject("there is no video in it")
	}
	return c, nil
}

// videoMatches reports whether the clip's picture can be copied into a
// film of format f: H.264 4:2:0, upright, the film's size, a constant rate
// equal to the film's.
func (c *clipFacts) videoMatches(f FilmFormat) bool {
	r := rate(f.FrameRate)
	return c.codec == "h264" && c.pixFmt == "yuv420p" && c.rotation == 0 && c.width == f.Width && c.height == f.Height &&
		math.Abs(c.fps-r) < r*1e-3 && math.Abs(c.avgFPS-r) < r*2e-3
}

// audioMatches reports whether the clip's sound can be copied.
func (c *clipFacts) audioMatches(f FilmFormat) bool {
	return c.audio == "aac" && c.sampleRate == f.SampleRate && c.channels == 2
}
