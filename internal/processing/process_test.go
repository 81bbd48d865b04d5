package processing

import (
	"bytes"
	"encoding/json"
	"errors"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/media"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// Process turns an H.264 MP4 (remuxed) and an HEVC MOV (re-encoded) into a
// ready recording with every derived file encrypted and exact.
func TestProcess(t *testing.T) {
	for _, name := range []string{"h264_aac.mp4", "hevc_aac.mov"} {
		t.Run(name, func(t *testing.T) { checkProcess(t, storetest.SQLite(t), name) })
	}
	t.Run("postgres/h264_aac.mp4", func(t *testing.T) { checkProcess(t, storetest.Postgres(t), "h264_aac.mp4") })
}

func checkProcess(t *testing.T, db *store.DB, name string) {
	src := source(t, name)
	e := newEnv(t, db)
	id := e.upload(t, src)
	if err := e.p.Process(ctx, id); err != nil {
		t.Fatalf("Process: %v", err)
	}
	rec := e.recording(t, id)
	want := ffprobeFrames(t, src)
	if rec.Status != domain.RecordingReady || rec.Progress != 1 || rec.Error != "" {
		t.Fatalf("recording is %s at %.2f (%q), want ready at 1", rec.Status, rec.Progress, rec.Error)
	}
	if rec.FrameCount != want || rec.Width != 320 || rec.Height != 240 || math.Abs(rec.FPS-30) > 0.01 ||
		rec.DurationMS < 1900 || rec.DurationMS > 2100 {
		t.Errorf("recording says %d frames %dx%d %.2f fps %d ms; want %d frames 320x240 30 fps ~2000 ms",
			rec.FrameCount, rec.Width, rec.Height, rec.FPS, rec.DurationMS, want)
	}
	files := e.files(t, id)
	for _, kind := range []string{domain.FileOriginal, domain.FileFrames, domain.FilePlayback, domain.FilePoster,
		domain.FileStoryboard, domain.FileStoryboardIndex, domain.FileWaveform, domain.FileCutIndex} {
		if len(files[kind]) != 1 {
			t.Fatalf("%d files of kind %s, want 1", len(files[kind]), kind)
		}
	}
	checkPlayback(t, e, files, want)
	checkStills(t, e, files)
	e.assertNoPlaintext(t, src)
}

// The playback copy decrypts to an MP4 whose frame table is the frames file.
func checkPlayback(t *testing.T, e *env, files map[string][]*domain.StoredFile, frames int) {
	var table struct {
		PTSms []json.Number `json:"pts_ms"`
	}
	if err := json.Unmarshal(e.plain(t, files[domain.FileFrames][0]), &table); err != nil {
		t.Fatal(err)
	}
	mp4 := e.plain(t, files[domain.FilePlayback][0])
	if len(mp4) < 8 || string(mp4[4:8]) != "ftyp" {
		t.Fatal("the playback copy does not decrypt to an MP4")
	}
	path := filepath.Join(t.TempDir(), "playback.mp4")
	if err := os.WriteFile(path, mp4, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := media.FrameTable(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	ms := framesJSON(got).PTSms
	if len(table.PTSms) != frames || !slices.Equal(ms, table.PTSms) {
		t.Errorf("playback frames %v\nframes file %v (want %d)", ms, table.PTSms, frames)
	}
}

// Poster, storyboard and its index, and waveform decrypt to what they claim.
func checkStills(t *testing.T, e *env, files map[string][]*domain.StoredFile) {
	if img, err := png.Decode(bytes.NewReader(e.plain(t, files[domain.FilePoster][0]))); err != nil || img.Bounds().Dx() != 320 {
		t.Errorf("poster: %v", err)
	}
	sprite, err := jpeg.Decode(bytes.NewReader(e.plain(t, files[domain.FileStoryboard][0])))
	if err != nil {
		t.Fatalf("storyboard: %v", err)
	}
	var sb media.Storyboard
	if err := json.Unmarshal(e.plain(t, files[domain.FileStoryboardIndex][0]), &sb); err != nil || len(sb.Tiles) == 0 {
		t.Fatalf("storyboard index: %v %+v", err, sb)
	}
	if sprite.Bounds().Dx() != sb.Columns*sb.TileWidth || sprite.Bounds().Dy() != sb.Rows*sb.TileHeight {
		t.Errorf("sprite %v does not match its index %+v", sprite.Bounds(), sb)
	}
	var w media.Waveform
	if err := json.Unmarshal(e.plain(t, files[domain.FileWaveform][0]), &w); err != nil || len(w.Peaks) < 100 {
		t.Errorf("waveform: %v, %d peaks", err, len(w.Peaks))
	}
}

// A second run (a retried job) replaces every derived file: one row per
// kind, and no bytes left behind for the replaced ones.
func TestRerunReplacesEarlierResults(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	id := e.upload(t, source(t, "h264_aac.mp4"))
	for range 2 {
		if err := e.p.Process(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	files := e.files(t, id)
	rows := 0
	for kind, fs := range files {
		if len(fs) != 1 {
			t.Errorf("%d files of kind %s after a re-run, want 1", len(fs), kind)
		}
		rows += len(fs)
	}
	keys, err := e.p.Blobs.List(ctx, "rec/")
	if err != nil || len(keys) != rows {
		t.Errorf("%d blobs for %d file rows (%v)", len(keys), rows, err)
	}
}

// A text file is rejected: the recording fails with a message for people,
// nothing is derived, and the error is the permanent kind.
func TestTextFileFails(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	txt := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(txt, []byte("Notes from Tuesday's session.\nSam smiled at his mother.\n"), 0o600)
	id := e.upload(t, txt)
	err := e.p.Process(ctx, id)
	var rejected *media.RejectError
	if !errors.As(err, &rejected) {
		t.Fatalf("Process: %v, want a *media.RejectError", err)
	}
	rec := e.recording(t, id)
	if rec.Status != domain.RecordingFailed || rec.Error != rejected.Error() || !bytes.Contains([]byte(rec.Error), []byte("text file")) {
		t.Errorf("recording is %s with %q, want failed with the rejection", rec.Status, rec.Error)
	}
	if files := e.files(t, id); len(files) != 1 || len(files[domain.FileOriginal]) != 1 {
		t.Errorf("files after a rejection: %v, want only the original", files)
	}
	if left, _ := os.ReadDir(e.scratch); len(left) != 0 {
		t.Errorf("scratch still holds %d entries", len(left))
	}
}
