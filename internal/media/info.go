package media

import (
	"math"
	"time"
)

// Limits a video must respect before we spend decode time on it.
const (
	MaxSide     = 8192
	MaxPixels   = 40_000_000
	MaxDuration = 4 * time.Hour
)

// Info describes a probed video.
type Info struct {
	Format     string // ffprobe format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
	Duration   time.Duration
	VideoCodec string // "h264", "hevc", "vp9", ...
	Profile    string
	PixFmt     string
	BitDepth   int
	Width      int // as stored
	Height     int
	Rotation   int // clockwise degrees to display upright: 0, 90, 180 or 270
	// DisplayWidth and DisplayHeight are the size shown, rotation applied.
	DisplayWidth, DisplayHeight int
	FPS                         float64 // average
	LikelyVFR                   bool
	HasAudio                    bool
	AudioCodec                  string
}

func (i *Info) setVideo(v *probeStream) {
	i.VideoCodec, i.Profile, i.PixFmt = v.CodecName, v.Profile, v.PixFmt
	i.BitDepth, i.Width, i.Height = v.bitDepth(), v.Width, v.Height
	i.Rotation = v.rotation()
	i.DisplayWidth, i.DisplayHeight = i.Width, i.Height
	if i.Rotation%180 != 0 {
		i.DisplayWidth, i.DisplayHeight = i.Height, i.Width
	}
	i.FPS = rate(v.AvgFrameRate)
	r := rate(v.RFrameRate)
	i.LikelyVFR = i.FPS > 0 && r > 0 && math.Abs(r-i.FPS)/r > 0.005
}

// BrowserPlayable reports whether every browser can play the file as is:
// 8-bit 4:2:0 H.264 in MP4/MOV with AAC audio or none.
func (i *Info) BrowserPlayable() bool {
	return i.Format == allowedDemuxers["mov"] &&
		i.VideoCodec == "h264" && i.PixFmt == "yuv420p" && i.BitDepth == 8 &&
		(!i.HasAudio || i.AudioCodec == "aac")
}

// check rejects sizes and lengths we will not process.
func (i *Info) check() error {
	switch {
	case i.Width <= 0 || i.Height <= 0:
		return reject("we can't tell its picture size")
	case i.Width > MaxSide || i.Height > MaxSide || i.Width*i.Height > MaxPixels:
		return reject("its picture, %d×%d, is larger than we support", i.Width, i.Height)
	case i.Duration <= 0:
		return reject("we can't tell how long it is")
	case i.Duration > MaxDuration:
		return reject("it is longer than 4 hours")
	}
	return nil
}
