package turns

import (
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The evaluation's voices: espeak-ng speaks, ffmpeg resamples to 16 kHz
// and, for the child, raises pitch and formants together (played 1.45x
// faster) and takes away the low end, so the child is clearly higher.
type voice struct {
	espeak []string
	filter string
}

var voices = map[string]voice{
	"adult":  {[]string{"-v", "en+m3", "-p", "35", "-s", "150"}, "aresample=16000"},
	"child":  {[]string{"-v", "en+f3", "-p", "85", "-s", "140"}, "asetrate=22050*1.45,aresample=16000,highpass=f=200"},
	"adult2": {[]string{"-v", "en+f2", "-p", "60", "-s", "150"}, "aresample=16000"},
	// A whispering child: espeak-ng's whisper variant has no pitch.
	"whisper": {[]string{"-v", "en+whisper", "-p", "85", "-s", "140"}, "asetrate=22050*1.45,aresample=16000,highpass=f=200"},
	// TV-like speech: another voice, band-limited like a small loudspeaker.
	"tv": {[]string{"-v", "en-us+m1", "-p", "50", "-s", "175"}, "aresample=16000,highpass=f=300,lowpass=f=3400"},
}

var phrases = map[string][]string{
	"adult": {"Oh, you found the red one", "Shall we build a tower", "Yes, that is a big dog",
		"Look, it goes round and round", "Well done, you did it", "Where has the ball gone",
		"Do you want some more", "That is a funny hat"},
	"child": {"Look", "Ball", "More please", "Doggy", "Uh oh", "I did it", "Mummy look", "There",
		"Again", "Red one"},
	"tv": {"And now the weather for the rest of the week", "The match will continue after the break",
		"Scientists say the discovery could change everything", "Traffic is heavy on the main road tonight"},
}

func init() {
	phrases["adult2"] = phrases["adult"]
	phrases["whisper"] = phrases["child"]
}

var synth struct {
	sync.Mutex
	dir   string
	cache map[string][]int16
}

func needTools(t testing.TB) {
	for _, tool := range []string{"espeak-ng", "ffmpeg"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("ATTUNE_REQUIRE_ALL") != "" {
				t.Fatalf("%s is needed for the moment finder's evaluation: apt-get install %s", tool, tool)
			}
			t.Skipf("%s is not installed (apt-get install %s)", tool, tool)
		}
	}
}

// speak returns the phrase in that voice as 16 kHz samples, silence trimmed.
func speak(t testing.TB, voiceName, text string) []int16 {
	synth.Lock()
	defer synth.Unlock()
	key := voiceName + "|" + text
	if s, ok := synth.cache[key]; ok {
		return s
	}
	if synth.cache == nil {
		synth.cache = map[string][]int16{}
		dir, err := os.MkdirTemp("", "attune-turns-")
		if err != nil {
			t.Fatal(err)
		}
		synth.dir = dir
	}
	v := voices[voiceName]
	name := filepath.Join(synth.dir, fmt.Sprintf("%d", len(synth.cache)))
	run(t, "espeak-ng", append(append([]string{}, v.espeak...), "-w", name+".wav", text)...)
	run(t, "ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", name+".wav",
		"-af", v.filter, "-ac", "1", "-ar", "16000", "-f", "s16le", name+".raw")
	b, err := os.ReadFile(name + ".raw")
	if err != nil {
		t.Fatal(err)
	}
	s := make([]int16, len(b)/2)
	for i := range s {
		s[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	s = trim(s)
	synth.cache[key] = s
	return s
}

func run(t testing.TB, tool string, args ...string) {
	if out, err := exec.Command(tool, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, out)
	}
}

// trim cuts the silence espeak-ng leaves at both ends (under 2 % of the peak).
func trim(s []int16) []int16 {
	var peak int16
	for _, v := range s {
		peak = max(peak, v, -v)
	}
	lim := peak / 50
	a, b := 0, len(s)
	for a < b && s[a] < lim && s[a] > -lim {
		a++
	}
	for b > a && s[b-1] < lim && s[b-1] > -lim {
		b--
	}
	return s[a:b]
}

func removeSynthDir() {
	if synth.dir != "" {
		os.RemoveAll(synth.dir)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	removeSynthDir()
	os.Exit(code)
}
