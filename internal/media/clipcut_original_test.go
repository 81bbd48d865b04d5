package media

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
)

func init() {
	gop := []string{"-x265-params", x265Quiet + ":keyint=60:min-keyint=60:scenecut=0"}
	sources["gop2s_hevc.mov"] = append([]string{"-f", "lavfi", "-i", lavfiVideo, "-f", "lavfi", "-i", lavfiAudio, "-t", "8",
		"-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1", "-pix_fmt", "yuv420p", "-c:a", "aac"}, gop...)
	sources["gop_vp9_opus.webm"] = []string{"-f", "lavfi", "-i", lavfiVideo, "-f", "lavfi", "-i", lavfiAudio, "-t", "6",
		"-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "400k", "-g", "90", "-c:a", "libopus"}
	derived["gop2s_hevc_rot90.mov"] = struct {
		from          string
		before, after []string
	}{"gop2s_hevc.mov", nil, []string{"-metadata:s:v:0", "rotate=90"}}
}

// A clip cut (over loopback HTTP, as attune serves them) from the playback
// copy of an original that had to be re-encoded takes the frames it encodes
// — its first and last included — from the original, so both ends match the
// original's pictures (≥ 40 dB), not a copy of a copy; the middle is still
// copied. A remuxed copy holds the original's very pictures: nothing more
// is encoded than the smart cut needs.
func TestClipCutFromPlaybackCopy(t *testing.T) {
	cases := []struct {
		original    string
		first, last int
		remux       bool
	}{
		{"gop2s_hevc.mov", 45, 200, false},
		{"gop2s_hevc.mov", 30, 149, false}, // on the copy's keyframes (one a second): the ends still come from the original
		{"gop_vp9_opus.webm", 10, 140, false},
		{"gop2s_hevc_rot90.mov", 20, 130, false}, // turned upright in the copy and in the encoded ends alike
		{"gop2s_h264.mp4", 60, 179, true},        // whole GOPs of a remux: all copied
		{"gop2s_h264.mp4", 45, 200, true},
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(fixtureDir)))
	defer srv.Close()
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s_%d_%d", tc.original, tc.first, tc.last), func(t *testing.T) {
			ctx := context.Background()
			orig := fixture(t, tc.original)
			playback := playbackFixture(t, orig)
			frames, err := FrameTable(ctx, orig)
			if err != nil {
				t.Fatal(err)
			}
			src := ClipSource{URL: srv.URL + "/" + filepath.Base(playback), Original: &ClipSource{URL: srv.URL + "/" + tc.original}}
			out := filepath.Join(t.TempDir(), "clip.mp4")
			res, err := Tools{}.ClipCut(ctx, src, frames, tc.first, tc.last, out, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Smart || res.Copied == 0 {
				t.Errorf("cut %+v, want a smart cut copying the middle", res)
			}
			if !tc.remux && res.Reencoded < 2 {
				t.Errorf("cut %+v re-encodes %d frames, want at least the first and the last", res, res.Reencoded)
			}
			if tc.remux && tc.first%60 == 0 && res.Reencoded != 0 {
				t.Errorf("cut %+v re-encodes %d frames of whole GOPs of a remux, want 0", res, res.Reencoded)
			}
			checkClip(t, orig, out, tc.first, tc.last)
		})
	}
}

// playbackFixture makes (once) the playback copy of a generated source.
func playbackFixture(t *testing.T, orig string) string {
	t.Helper()
	make, _ := fixtures.LoadOrStore("playback:"+orig, sync.OnceValues(func() (string, error) {
		path := filepath.Join(fixtureDir, "playback-"+filepath.Base(orig)+".mp4")
		info, err := Probe(context.Background(), orig)
		if err == nil {
			err = PlaybackCopy(context.Background(), orig, path, info, nil)
		}
		return path, err
	}))
	path, err := make.(func() (string, error))()
	if err != nil {
		t.Fatalf("playback copy of %s: %v", orig, err)
	}
	return path
}
