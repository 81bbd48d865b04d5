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

// partArgs encode one part of a smart cut, read from input in, to match
// the copied frames: same codec, profile, reorder depth and track
// timescale; video only.
func (c *clipJob) partArgs(in int) []string {
	args := []string{"-map", strconv.Itoa(in) + ":v:0", "-an", "-sn", "-dn", "-map_metadata", "-1", "-map_chapters", "-1",
		"-fps_mode", "passthrough", "-enc_time_base:v", "-1",
		"-c:v", "libx264", "-preset", clipPartPreset, "-crf", clipCRF, "-pix_fmt", "yuv420p",
		"-profile:v", c.profile, "-threads", c.t.threads(),
		"-video_track_timescale", strconv.FormatInt(c.tscale, 10)}
	return append(args, bframeArgs(c.hasB)...)
}

// encodeInput opens the source frames are encoded from (the original, when
// the copy is not its very video) just before frame a: ffmpeg seeks to the
// keyframe before and decodes up to it, so the first frame out is a.
func (c *clipJob) encodeInput(a int) []string {
	args := append([]string{"-ss", micros(max(c.frames[a]-1, 0))}, c.t.threadsArg()...)
	return append(args, c.enc.args()...)
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

// copyInput opens the source at the keyframe from (µs): under -copyts,
// seeking a quarter frame past it still lands on it.
func (c *clipJob) copyInput(from int) []string {
	seek := c.frames[from] + (c.end(from)-c.frames[from])/4
	return append([]string{"-ss", micros(seek)}, c.src.args()...)
}

// copyArgs stream-copy the video packets of input in (-frames:v counts them).
func (c *clipJob) copyArgs(in int) []string {
	return []string{"-map", strconv.Itoa(in) + ":v:0", "-an", "-sn", "-dn", "-c:v", "copy",
		"-map_metadata", "-1", "-map_chapters", "-1"}
}

// threadsArg caps the decoder's threads (before -i).
func (t Tools) threadsArg() []string { return []string{"-threads", t.threads()} }

// soundInput opens the sound of the clip's span, from the source frames
// are encoded from; soundArgs re-encode it (from input in) on its own.
func (c *clipJob) soundInput() []string {
	args := []string{"-ss", micros(c.frames[c.first]), "-t", micros(c.duration(c.first, c.last))}
	return append(args, c.enc.args()...)
}

func (c *clipJob) soundArgs(in int) []string {
	return []string{"-map", strconv.Itoa(in) + ":a:0", "-vn", "-sn", "-dn", "-c:a", "aac", "-b:a", audioBitrate, "-ac", "2",
		"-map_metadata", "-1", "-map_chapters", "-1"}
}

// joinArgs concatenate the parts (listed in the ffconcat file list) and
// add the sound made with them (sound.m4a), all without re-encoding.
func (c *clipJob) joinArgs(list string) []string {
	args := []string{"-protocol_whitelist", "file", "-f", "concat", "-safe", "1", "-i", "file:" + list}
	if c.info.HasAudio {
		args = append(args, inputArgs("mov", c.path("sound.m4a"))...)
		args = append(args, "-map", "1:a:0", "-c:a", "copy")
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
