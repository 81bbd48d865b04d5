package media

import (
	"context"
	"errors"
	"io"
	"strconv"
	"time"
)

// Speech audio for the moment finder: the first audio stream decoded once
// to mono 16-bit little-endian PCM at SpeechSampleRate, streamed to a writer
// so memory stays flat in the recording's length.
const (
	SpeechSampleRate = 16000
	speechTimeout    = 30 * time.Minute
)

// ErrNoAudio is returned by SpeechPCM for a recording without sound.
var ErrNoAudio = errors.New("media: the recording has no audio stream")

// SpeechPCM decodes in's first audio stream to 16 kHz mono s16le PCM and
// writes it to w as ffmpeg produces it. A recording without audio returns
// ErrNoAudio without running ffmpeg.
func (t Tools) SpeechPCM(ctx context.Context, in string, info *Info, w io.Writer) error {
	if info != nil && !info.HasAudio {
		return ErrNoAudio
	}
	demuxer, err := sniff(in)
	if err != nil {
		return err
	}
	args := append(t.ffmpegInput(demuxer, in), "-map", "0:a:0", "-vn", "-sn", "-dn", "-map_metadata", "-1",
		"-ac", "1", "-ar", strconv.Itoa(SpeechSampleRate), "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1")
	return t.run(ctx, "ffmpeg", speechTimeout, args, w)
}
