package processing

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

var ctx = context.Background()

// Sources made by ffmpeg at test time, by name: arguments before the output.
var recipes = map[string][]string{
	"h264_aac.mp4": {"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "2", "-c:v", "libx264", "-preset", "veryfast", "-g", "15", "-pix_fmt", "yuv420p", "-c:a", "aac"},
	"hevc_aac.mov": {"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "2", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1",
		"-pix_fmt", "yuv420p", "-c:a", "aac"},
	"hevc_long.mov": {"-f", "lavfi", "-i", "testsrc2=size=640x480:rate=30", "-t", "20",
		"-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-pix_fmt", "yuv420p"},
}

var (
	sourceDir  string
	sourceOnce sync.Map // name -> func() (string, error)
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "attune-processing-")
	if err != nil {
		panic(err)
	}
	sourceDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// source generates a named test video once per test binary.
func source(t *testing.T, name string) string {
	t.Helper()
	make, _ := sourceOnce.LoadOrStore(name, sync.OnceValues(func() (string, error) {
		out := filepath.Join(sourceDir, name)
		return out, ffmpeg(append(recipes[name], out)...)
	}))
	path, err := make.(func() (string, error))()
	if err != nil {
		t.Fatalf("generate %s: %v", name, err)
	}
	return path
}

func ffmpeg(args ...string) error {
	cmd := exec.Command("ffmpeg", append([]string{"-hide_banner", "-loglevel", "error", "-nostdin", "-y"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return &exec.Error{Name: string(out), Err: err}
	}
	return nil
}

// ffprobeFrames counts the video packets ffprobe reads: the frame count.
func ffprobeFrames(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
		"-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

type env struct {
	p                *Processor
	db               *store.DB
	blobDir, scratch string
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	dir := t.TempDir()
	keys, _, err := vault.LoadOrCreateKeyFile(filepath.Join(dir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewLocal(filepath.Join(dir, "blobs"), 0)
	if err != nil {
		t.Fatal(err)
	}
	scratch := filepath.Join(dir, "scratch")
	if err := os.Mkdir(scratch, 0o700); err != nil {
		t.Fatal(err)
	}
	return &env{p: &Processor{DB: db, Keys: keys, Blobs: blobs, Scratch: scratch}, db: db,
		blobDir: blobs.Dir(), scratch: scratch}
}

// upload makes a user, a case and a recording whose original, stored
// encrypted as an upload would be, is the file at path.
func (e *env) upload(t *testing.T, path string) string {
	t.Helper()
	u := &domain.User{ID: "u1", Email: "ann@example.org", Name: "Ann", Role: domain.RolePractitioner}
	c := &domain.Case{ID: "c1", OwnerID: u.ID, Reference: "REF-1", Focus: "play", Status: domain.CaseOpen}
	r := &domain.Recording{ID: "r1", CaseID: c.ID, UploaderID: u.ID, Filename: filepath.Base(path), Status: domain.RecordingProcessing}
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		return tx.CreateRecording(ctx, r)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.p.storePath(ctx, r.ID, domain.FileOriginal, "video/mp4", path); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

func (e *env) recording(t *testing.T, id string) *domain.Recording {
	t.Helper()
	r, err := e.p.recording(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (e *env) files(t *testing.T, id string) map[string][]*domain.StoredFile {
	t.Helper()
	var fs []*domain.StoredFile
	err := e.db.View(ctx, func(tx *store.Tx) (err error) { fs, err = tx.RecordingFiles(ctx, id); return err })
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]*domain.StoredFile{}
	for _, f := range fs {
		out[f.Kind] = append(out[f.Kind], f)
	}
	return out
}

// plain decrypts a stored file.
func (e *env) plain(t *testing.T, f *domain.StoredFile) []byte {
	t.Helper()
	s, err := e.p.files().OpenStored(ctx, f)
	if err != nil {
		t.Fatalf("open %s: %v", f.Kind, err)
	}
	defer s.Close()
	b, err := io.ReadAll(io.NewSectionReader(s, 0, s.Size()))
	if err != nil {
		t.Fatalf("decrypt %s: %v", f.Kind, err)
	}
	return b
}

// assertNoPlaintext checks that the scratch folder is empty and that no
// stored blob contains the first bytes (size, 'ftyp', brand) of the source.
func (e *env) assertNoPlaintext(t *testing.T, source string) {
	t.Helper()
	if left, _ := os.ReadDir(e.scratch); len(left) != 0 {
		t.Errorf("scratch still holds %d entries, e.g. %s", len(left), left[0].Name())
	}
	head := make([]byte, 12)
	f, err := os.Open(source)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadFull(f, head)
	f.Close()
	filepath.WalkDir(e.blobDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if b, _ := os.ReadFile(path); bytes.Contains(b, head) || bytes.Contains(b, []byte("ftypisom")) {
			t.Errorf("blob %s holds plaintext MP4 bytes", path)
		}
		return nil
	})
}
