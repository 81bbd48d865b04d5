package media

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
)

// TestCutIndexPlansAsTheProbe: for clips of MP4 sources (B-frames, mid-GOP
// starts, whole GOPs, variable frame rate, an edit list), the cut index
// read once gives the same facts and the same plan as probing the source
// for that clip, and a clip cut with it is exact. (The edit-list source is
// compared but not cut: its clip's sound fails the clean-decode check with
// the probe as well.)
func TestCutIndexPlansAsTheProbe(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		source      string
		first, last int
	}{
		{"gop2s_h264.mp4", 45, 200}, {"gop2s_h264.mp4", 65, 100}, {"gop2s_h264.mp4", 60, 179},
		{"gop2s_silent.mp4", 10, 130}, {"vfr_gop_h264.mp4", 7, 50}, {"editlist.mp4", 3, 30}, {"h264_aac.mp4", 0, 59},
	} {
		t.Run(fmt.Sprintf("%s_%d_%d", tc.source, tc.first, tc.last), func(t *testing.T) {
			in := fixture(t, tc.source)
			frames, err := FrameTable(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			index, err := Tools{}.CutIndex(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			s, err := ClipSource{Path: in}.resolve(ctx)
			if err != nil {
				t.Fatal(err)
			}
			probe, err := Tools{}.probeCut(ctx, s, frames, tc.first, tc.last, true)
			if err != nil {
				t.Fatal(err)
			}
			stored, err := probedFromIndex(index, s.demuxer, frames, tc.first, tc.last)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(probe.info, stored.info) || probe.encoded != stored.encoded {
				t.Fatalf("facts differ:\nprobe %+v\nindex %+v", probe.info, stored.info)
			}
			if (probe.gopsErr == nil) != (stored.gopsErr == nil) {
				t.Fatalf("packets: probe %v, index %v", probe.gopsErr, stored.gopsErr)
			}
			if probe.gops != nil {
				pp := planCut(probe.gops, tc.first, tc.last, false)
				ps := planCut(stored.gops, tc.first, tc.last, false)
				if pp != ps || probe.gops.hasBFrame != stored.gops.hasBFrame || probe.gops.timescale != stored.gops.timescale {
					t.Fatalf("plans differ: probe %+v, index %+v", pp, ps)
				}
			}
			out := filepath.Join(t.TempDir(), "clip.mp4")
			if _, err := (Tools{}).ClipCut(ctx, ClipSource{Path: in, Index: index}, frames, tc.first, tc.last, out, nil); err != nil {
				t.Fatal(err)
			}
			if tc.source != "editlist.mp4" {
				checkClip(t, in, out, tc.first, tc.last)
			}
		})
	}
}
