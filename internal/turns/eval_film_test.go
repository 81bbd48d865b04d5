package turns

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/attune-vig/attune/internal/media"
)

// A scene muxed under generated video (AAC sound in an MP4, as a phone
// films) and decoded by media.SpeechPCM scores as the scene itself does:
// the codec and the decoding path lose nothing that matters.
func TestEvalThroughFilm(t *testing.T) {
	needTools(t)
	sc := makeScene(t, kindNamed("clean_mixed"), 60, 1)
	dir := t.TempDir()
	raw, film := filepath.Join(dir, "scene.raw"), filepath.Join(dir, "scene.mp4")
	b := make([]byte, 2*len(sc.sound))
	for i, v := range sc.sound {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	if err := os.WriteFile(raw, b, 0o600); err != nil {
		t.Fatal(err)
	}
	seconds := strconv.FormatFloat(float64(len(sc.sound))/SampleRate, 'f', 2, 64)
	run(t, "ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=160x120:rate=15", "-f", "s16le", "-ar", "16000", "-ac", "1", "-i", raw,
		"-t", seconds, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", "-ar", "48000", film)
	ctx := context.Background()
	info, err := media.Probe(ctx, film)
	if err != nil {
		t.Fatal(err)
	}
	var pcmOut bytes.Buffer
	if err := (media.Tools{}).SpeechPCM(ctx, film, info, &pcmOut); err != nil {
		t.Fatal(err)
	}
	decoded := make([]int16, pcmOut.Len()/2)
	for i := range decoded {
		decoded[i] = int16(binary.LittleEndian.Uint16(pcmOut.Bytes()[2*i:]))
	}
	direct := evaluate(t, sc, DefaultConfig())
	through := evaluate(t, scene{kind: sc.kind, sound: decoded, truth: sc.truth}, DefaultConfig())
	t.Logf("turns P/R direct %.2f/%.2f, through the film %.2f/%.2f", direct.turns.precision(), direct.turns.recall(),
		through.turns.precision(), through.turns.recall())
	if through.turns.precision() < 0.9 || through.turns.recall() < 0.9 || through.suggestions.recall() < direct.suggestions.recall() {
		t.Errorf("through the film: turns P/R %.2f/%.2f, suggestions recall %.2f (direct %.2f)", through.turns.precision(),
			through.turns.recall(), through.suggestions.recall(), direct.suggestions.recall())
	}
}
