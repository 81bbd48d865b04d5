package media

import (
	"fmt"
	"strconv"
	"strings"
)

// Encoding settings for the frames a clip re-encodes. The head and tail of
// a smart cut are short, so a low CRF costs little and keeps them close to
// the copied frames; they are encoded with the quickest preset (their B-frame
// settings are set explicitly after it), since their time is most of a cut's.
const (
	clipCRF        = "10"
	clipPreset     = "veryfast"
	clipPartPreset = "ultrafast"
)

// x264Profile maps an H.264 source profile to the libx264 one that can
// encode frames joining it; "" when we have no safe match.
func x264Profile(p string) string {
	switch strings.ToLower(p) {
	case "high":
		return "high"
	case "main":
		return "main"
	case "constrained baseline", "baseline":
		return "baseline"
	}
	return ""
}

// bframeArgs give the encoded part the source's reorder depth, so decode
// timestamps stay increasing where it meets copied frames (x264 holds back
// two frames with a B-pyramid, one with B-frames alone).
func bframeArgs(hasB int64) []string {
	switch hasB {
	case 0:
		return []string{"-bf", "0"}
	case 1:
		return []string{"-bf", "1", "-b-pyramid", "none"}
	}
	return []string{"-bf", "3", "-b-pyramid", "normal"}
}

// partArgs encode one part of a smart cut to match the copied frames:
// same codec, profile, reorder depth and track timescale; video only.
func (c *clipJob) partArgs() []string {
	args := []string{"-map", "0:v:0", "-an", "-sn", "-dn", "-map_metadata", "-1", "-map_chapters", "-1",
		"-fps_mode", "passthrough", "-enc_time_base:v", "-1",
		"-c:v", "libx264", "-preset", clipPartPreset, "-crf", clipCRF, "-pix_fmt", "yuv420p",
		"-profile:v", c.profile, "-threads", c.t.threads(),
		"-video_track_timescale", strconv.FormatInt(c.tscale, 10)}
	return append(args, bframeArgs(c.hasB)...)
}

// wholeArgs encode a whole clip: picture upright (autorotation), even size,
// timestamps kept, sound re-encoded.
func (c *clipJob) wholeArgs() []string {
	return []string{"-map", "0:v:0", "-map", "0:a:0?", "-sn", "-dn", "-map_metadata", "-1", "-map_chapters", "-1",
		"-fps_mode", "passthrough", "-enc_time_base:v", "-1",
		"-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2",
		"-c:v", "libx264", "-preset", clipPreset, "-crf", clipCRF, "-pix_fmt", "yuv420p", "-profile:v", "high",
		"-threads", c.t.threads(), "-filter_threads", c.t.threads(),
		"-c:a", "aac", "-b:a", audioBitrate, "-ac", "2"}
}

// copyArgs stream-copy n video packets from the keyframe at keyUS (µs):
// -copyts keeps the source's timestamps, so the keyframe is neither
// shifted before zero nor hidden by an edit list; seeking a quarter frame
// past it still lands on it.
func (c *clipJob) copyArgs(from, n int) []string {
	seek := c.frames[from] + (c.end(from)-c.frames[from])/4
	args := append([]string{"-copyts", "-ss", micros(seek)}, c.src.args()...)
	return append(args, "-map", "0:v:0", "-an", "-sn", "-dn", "-c:v", "copy", "-frames:v", strconv.Itoa(n),
		"-map_metadata", "-1", "-map_chapters", "-1")
}

// joinArgs concatenate the parts (listed in the ffconcat file list) without
// re-encoding, and add the source's sound of the clip's span, re-encoded.
func (c *clipJob) joinArgs(list string) []string {
	args := []string{"-protocol_whitelist", "file", "-f", "concat", "-safe", "1", "-i", "file:" + list}
	if c.info.HasAudio {
		args = append(args, "-ss", micros(c.frames[c.first]), "-t", micros(c.duration(c.first, c.last)))
		args = append(args, c.src.args()...)
		args = append(args, "-map", "1:a:0", "-c:a", "aac", "-b:a", audioBitrate, "-ac", "2")
	}
	return append(args, "-map", "0:v:0", "-c:v", "copy", "-map_metadata", "-1", "-map_chapters", "-1",
		"-movflags", "+faststart")
}

// concatList is an ffconcat file naming the parts (plain names in the same
// folder) with their exact durations in µs.
func concatList(names []string, durations []int64) string {
	var b strings.Builder
	b.WriteString("ffconcat version 1.0\n")
	for i, n := range names {
		fmt.Fprintf(&b, "file %s\nduration %s\n", n, micros(durations[i]))
	}
	return b.String()
}
