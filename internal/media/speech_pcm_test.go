package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"testing"
)

// A 2 s tone decodes to 2 s of 16 kHz mono samples swinging to about ±4096;
// a film without sound says so without running ffmpeg.
func TestSpeechPCM(t *testing.T) {
	ctx := context.Background()
	in := fixture(t, "h264_aac.mp4")
	info, err := Probe(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	var pcm bytes.Buffer
	if err := (Tools{}).SpeechPCM(ctx, in, info, &pcm); err != nil {
		t.Fatal(err)
	}
	samples := pcm.Len() / 2
	if samples < 2*SpeechSampleRate-1600 || samples > 2*SpeechSampleRate+1600 {
		t.Fatalf("%d samples, want about %d", samples, 2*SpeechSampleRate)
	}
	var hi int16
	for i := 0; i+1 < pcm.Len(); i += 2 {
		hi = max(hi, int16(binary.LittleEndian.Uint16(pcm.Bytes()[i:])))
	}
	if hi < 3000 || hi > 5000 {
		t.Errorf("peak %d, want about 4096", hi)
	}
	silent := fixture(t, "h264_silent.mp4")
	sinfo, err := Probe(ctx, silent)
	if err != nil {
		t.Fatal(err)
	}
	if err := (Tools{}).SpeechPCM(ctx, silent, sinfo, &pcm); !errors.Is(err, ErrNoAudio) {
		t.Fatalf("silent film: %v, want ErrNoAudio", err)
	}
}
