package processing

import (
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

func init() {
	recipes["h264_gop2s.mp4"] = []string{"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "6", "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-c:a", "aac"}
	recipes["hevc_gop2s.mov"] = []string{"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "6", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:keyint=60:min-keyint=60:scenecut=0",
		"-tag:v", "hvc1", "-pix_fmt", "yuv420p", "-c:a", "aac"}
}

// A clip's export, cut from the encrypted playback copy streamed to ffmpeg,
// is exactly its frames, stored encrypted, with no plaintext left behind;
// ClipFile hands out a decrypted copy. Its ends match the ORIGINAL's
// pictures: a remuxed playback copy holds the original's very pictures, and
// from a transcoded one (HEVC) the frames the cut encodes are taken from
// the original, also streamed decrypted.
func TestClipExport(t *testing.T) {
	t.Run("h264", func(t *testing.T) { checkClipExport(t, storetest.SQLite(t), "h264_gop2s.mp4", 40, 130) })
	t.Run("hevc", func(t *testing.T) { checkClipExport(t, storetest.SQLite(t), "hevc_aac.mov", 10, 50) })
	t.Run("hevc/smart", func(t *testing.T) { checkClipExport(t, storetest.SQLite(t), "hevc_gop2s.mov", 40, 130) })
	t.Run("postgres/h264", func(t *testing.T) { checkClipExport(t, storetest.Postgres(t), "h264_gop2s.mp4", 61, 100) })
}

func checkClipExport(t *testing.T, db *store.DB, name string, first, last int) {
	src := source(t, name)
	e := newEnv(t, db)
	rid := e.upload(t, src)
	if err := e.p.Process(ctx, rid); err != nil {
		t.Fatal(err)
	}
	c := e.clip(t, rid, first, last)
	if err := e.p.ClipExport(ctx, c.ID); err != nil {
		t.Fatalf("ClipExport: %v", err)
	}
	if x := e.export(t, c.ID); x.Status != domain.ClipExportReady || x.StartFrame != first || x.EndFrame != last || x.Progress != 1 {
		t.Errorf("export is %+v, want ready for %d..%d", x, first, last)
	}
	e.assertNoPlaintext(t, src)
	dir := t.TempDir()
	path, err := e.p.ClipFile(ctx, c.ID, dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := ffprobeFrames(t, path); n != last-first+1 {
		t.Errorf("clip has %d frames, want %d", n, last-first+1)
	}
	for i, n := range map[int]int{0: first, last - first: last} {
		if p := framePSNR(t, src, n, path, i); p < 40 {
			t.Errorf("clip frame %d: PSNR %.1f dB against frame %d of the original, want ≥ 40", i, p, n)
		}
	}
}

// An export whose clip moved while it was cut is not marked ready; the
// job cuts again with the new edges.
func TestClipExportStaleEdges(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	rid := e.upload(t, source(t, "h264_aac.mp4"))
	if err := e.p.Process(ctx, rid); err != nil {
		t.Fatal(err)
	}
	c := e.clip(t, rid, 5, 20)
	out := filepath.Join(t.TempDir(), "clip.mp4")
	if err := e.p.cutClip(ctx, c, out, nil, &Split{}); err != nil {
		t.Fatal(err)
	}
	e.moveClip(t, c.ID, 8, 30)
	if err := e.p.storeClip(ctx, c, out); err == nil || !strings.Contains(err.Error(), "changed") {
		t.Fatalf("storing a stale cut: %v, want errStale", err)
	}
	if x := e.export(t, c.ID); x.Status == domain.ClipExportReady {
		t.Fatalf("a stale export is ready: %+v", x)
	}
	if _, err := e.p.ClipFile(ctx, c.ID, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if x := e.export(t, c.ID); x.Status != domain.ClipExportReady || x.StartFrame != 8 || x.EndFrame != 30 {
		t.Errorf("after ClipFile the export is %+v, want ready for 8..30", x)
	}
	e.p.ClipExportGiveUp(ctx, c.ID, fmt.Errorf("boom"))
	if x := e.export(t, c.ID); x.Status != domain.ClipExportFailed || !strings.Contains(x.Error, "couldn't make this clip's video") {
		t.Errorf("after giving up the export is %+v", x)
	}
}

// StillFile writes a ready still's PNG; a still still processing is refused.
func TestStillFile(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	rid := e.upload(t, source(t, "h264_aac.mp4"))
	if err := e.p.Process(ctx, rid); err != nil {
		t.Fatal(err)
	}
	st := &domain.Still{ID: "s1", RecordingID: rid, Frame: 12, Status: domain.StillProcessing, CreatedBy: "u1"}
	if err := e.db.Update(ctx, func(tx *store.Tx) error { return tx.CreateStill(ctx, st) }); err != nil {
		t.Fatal(err)
	}
	if _, err := e.p.StillFile(ctx, st.ID, t.TempDir()); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("StillFile of a still being made: %v, want a conflict", err)
	}
	if err := e.p.Still(ctx, st.ID); err != nil {
		t.Fatal(err)
	}
	path, err := e.p.StillFile(ctx, st.ID, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if w, h, err := pngSize(path); err != nil || w != 320 || h != 240 {
		t.Errorf("still PNG is %dx%d (%v)", w, h, err)
	}
}

func (e *env) clip(t *testing.T, rid string, first, last int) *domain.Clip {
	t.Helper()
	c := &domain.Clip{ID: "clip-" + strconv.Itoa(first), RecordingID: rid, SchemeID: domain.DefaultSchemeID, StartFrame: first,
		EndFrame: last, Codes: []string{}, Status: domain.ClipMarked, Version: 1, CreatedBy: "u1"}
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateClip(ctx, c); err != nil {
			return err
		}
		return tx.QueueClipExport(ctx, c.ID, rid)
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *env) moveClip(t *testing.T, id string, first, last int) {
	t.Helper()
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		c, err := tx.ClipByID(ctx, id)
		if err != nil {
			return err
		}
		c.StartFrame, c.EndFrame = first, last
		c.Version++
		if ok, err := tx.UpdateClip(ctx, c); !ok || err != nil {
			return fmt.Errorf("update clip: %v %w", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) export(t *testing.T, clipID string) *domain.ClipExport {
	t.Helper()
	var x *domain.ClipExport
	if err := e.db.View(ctx, func(tx *store.Tx) (err error) { x, err = tx.ClipExport(ctx, clipID); return err }); err != nil {
		t.Fatal(err)
	}
	return x
}

// framePSNR compares picture a of file x with picture b of file y.
func framePSNR(t *testing.T, x string, a int, y string, b int) float64 {
	t.Helper()
	dir := t.TempDir()
	for i, f := range []struct {
		path string
		n    int
	}{{x, a}, {y, b}} {
		out := filepath.Join(dir, fmt.Sprintf("%d.png", i))
		if err := ffmpeg("-i", f.path, "-map", "0:v:0", "-vf", fmt.Sprintf("select=eq(n\\,%d)", f.n), "-fps_mode", "passthrough",
			"-frames:v", "1", out); err != nil {
			t.Fatal(err)
		}
	}
	msg, err := exec.Command("ffmpeg", "-hide_banner", "-nostdin", "-i", filepath.Join(dir, "0.png"), "-i", filepath.Join(dir, "1.png"),
		"-lavfi", "psnr", "-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	_, after, _ := strings.Cut(string(msg), "average:")
	v, _, _ := strings.Cut(after, " ")
	if v == "inf" {
		return math.Inf(1)
	}
	p, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("psnr output: %s", msg)
	}
	return p
}
