package media

import (
	"strconv"
	"strings"
	"time"
)

// Re-encoding settings for the playback copy. A keyframe every second keeps
// browser seeks (and frame stepping) quick.
const (
	playbackCRF    = "18"
	playbackPreset = "veryfast"
	keyframeEvery  = "expr:gte(t,n_forced*1)"
	audioBitrate   = "160k"
)

// playbackArgs are the output options of the playback copy. Frames and
// timestamps are kept as they are: -fps_mode passthrough neither drops nor
// duplicates, and -enc_time_base -1 encodes in the source's time base.
// Autorotation (ffmpeg's default) turns the picture upright and drops the
// rotation, which is why a rotated H.264 source is re-encoded, not remuxed.
func (t Tools) playbackArgs(info *Info) []string {
	args := []string{
		"-map", "0:v:0", "-map", "0:a:0?", "-sn", "-dn",
		"-map_metadata", "-1", "-map_chapters", "-1",
		"-fps_mode", "passthrough", "-movflags", "+faststart",
	}
	if info.BrowserPlayable() && info.Rotation == 0 {
		args = append(args, "-c:v", "copy")
	} else {
		args = append(args, t.encodeArgs()...)
	}
	if info.AudioCodec == "aac" {
		return append(args, "-c:a", "copy")
	}
	return append(args, "-c:a", "aac", "-b:a", audioBitrate)
}

func (t Tools) encodeArgs() []string {
	return []string{
		"-c:v", "libx264", "-preset", playbackPreset, "-crf", playbackCRF,
		"-pix_fmt", "yuv420p", "-profile:v", "high",
		"-force_key_frames", keyframeEvery, "-enc_time_base", "-1",
		"-threads", t.threads(), "-filter_threads", t.threads(),
	}
}

// progressLine turns ffmpeg's -progress lines into calls of progress(0..1).
func progressLine(total time.Duration, progress func(float64)) func(string) {
	return func(line string) {
		key, value, _ := strings.Cut(line, "=")
		switch {
		case progress == nil:
		case key == "progress" && value == "end":
			progress(1)
		case key == "out_time_us" && total > 0:
			us, err := strconv.ParseInt(value, 10, 64)
			if err == nil {
				progress(min(max(float64(us)/float64(total.Microseconds()), 0), 1))
			}
		}
	}
}
