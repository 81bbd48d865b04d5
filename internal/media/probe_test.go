package media

import (
	"context"
	"testing"
	"time"
)

func TestProbe(t *testing.T) {
	const mov, mkv = "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"
	tests := []struct {
		file string
		want Info
		vfr  bool
		play bool
	}{
		{"h264_aac.mp4", Info{Format: mov, VideoCodec: "h264", PixFmt: "yuv420p", BitDepth: 8, Width: 320, Height: 240, DisplayWidth: 320, DisplayHeight: 240, HasAudio: true, AudioCodec: "aac"}, false, true},
		{"h264_silent.mp4", Info{Format: mov, VideoCodec: "h264", PixFmt: "yuv420p", BitDepth: 8, Width: 320, Height: 240, DisplayWidth: 320, DisplayHeight: 240}, false, true},
		{"hevc8.mov", Info{Format: mov, VideoCodec: "hevc", PixFmt: "yuv420p", BitDepth: 8, Width: 320, Height: 240, DisplayWidth: 320, DisplayHeight: 240, HasAudio: true, AudioCodec: "aac"}, false, false},
		{"hevc10.mov", Info{Format: mov, VideoCodec: "hevc", PixFmt: "yuv420p10le", BitDepth: 10, Width: 320, Height: 240, DisplayWidth: 320, DisplayHeight: 240}, false, false},
		{"rot90.mp4", Info{Format: mov, VideoCodec: "h264", PixFmt: "yuv420p", BitDepth: 8, Width: 320, Height: 240, Rotation: 270, DisplayWidth: 240, DisplayHeight: 320, HasAudio: true, AudioCodec: "aac"}, false, true},
		{"vfr_h264.mp4", Info{Format: mov, VideoCodec: "h264", PixFmt: "yuv420p", BitDepth: 8, Width: 320, Height: 240, DisplayWidth: 320, DisplayHeight: 240}, true, true},
		{"vp8_opus.webm", Info{Format: mkv, VideoCodec: "vp8", PixFmt: "yuv420p", BitDepth: 8, Width: 320, Height: 240, DisplayWidth: 320, DisplayHeight: 240, HasAudio: true, AudioCodec: "opus"}, false, false},
		{"vp9_opus.webm", Info{Format: mkv, VideoCodec: "vp9", PixFmt: "yuv420p", BitDepth: 8, Width: 320, Height: 240, DisplayWidth: 320, DisplayHeight: 240, HasAudio: true, AudioCodec: "opus"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			info, err := Probe(context.Background(), fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got := *info
			if got.Duration < 1900*time.Millisecond || got.Duration > 2100*time.Millisecond {
				t.Errorf("Duration = %v, want about 2s", got.Duration)
			}
			if got.FPS < 25 || got.FPS > 31 {
				t.Errorf("FPS = %v, want about 30", got.FPS)
			}
			if got.LikelyVFR != tt.vfr || got.BrowserPlayable() != tt.play {
				t.Errorf("LikelyVFR, BrowserPlayable = %v, %v; want %v, %v", got.LikelyVFR, got.BrowserPlayable(), tt.vfr, tt.play)
			}
			got.Duration, got.FPS, got.LikelyVFR, got.Profile = 0, 0, false, ""
			if got != tt.want {
				t.Errorf("Probe =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestInfoCheck(t *testing.T) {
	ok := Info{Width: 1920, Height: 1080, Duration: time.Minute}
	tests := []struct {
		name   string
		change func(*Info)
		reject bool
	}{
		{"1080p, one minute", func(*Info) {}, false},
		{"8192 wide, at the limit", func(i *Info) { i.Width, i.Height = 8192, 4320 }, false},
		{"100000×100000", func(i *Info) { i.Width, i.Height = 100000, 100000 }, true},
		{"8193 wide", func(i *Info) { i.Width = 8193 }, true},
		{"over 40 megapixels", func(i *Info) { i.Width, i.Height = 8000, 5001 }, true},
		{"no size", func(i *Info) { i.Width = 0 }, true},
		{"no duration", func(i *Info) { i.Duration = 0 }, true},
		{"exactly 4 hours", func(i *Info) { i.Duration = 4 * time.Hour }, false},
		{"over 4 hours", func(i *Info) { i.Duration = 4*time.Hour + time.Second }, true},
	}
	for _, tt := range tests {
		info := ok
		tt.change(&info)
		err := info.check()
		if (err != nil) != tt.reject {
			t.Errorf("%s: check() = %v, want reject %v", tt.name, err, tt.reject)
		}
	}
}
