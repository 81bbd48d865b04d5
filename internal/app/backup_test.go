package app_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/app"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/backup"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// drill is one running attune being backed up while it writes.
type drill struct {
	in    *apptest.Instance
	url   string // "" for SQLite
	owner accounts.Actor
	rec   *domain.Recording
}

// TestBackupRestoreDrill takes an online backup while cases and annotations
// keep being written, restores it into an empty place and checks the copy:
// counts of the backup's instant, every file decrypting to what was stored,
// an intact audit chain. Then: a non-empty place and a wrong key are refused,
// and after `attune keys rotate` the old backup still restores.
func TestBackupRestoreDrill(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) { runDrill(t, "", func() string { return "" }) })
	t.Run("postgres", func(t *testing.T) {
		url, _ := storetest.NewPostgresDatabase(t)
		runDrill(t, url, func() string { u, _ := storetest.NewPostgresDatabase(t); return u })
	})
}

func runDrill(t *testing.T, url string, freshDB func() string) {
	ctx := context.Background()
	d := newDrill(t, url)
	before := d.count(t, "cases")
	dir := filepath.Join(t.TempDir(), "backup")
	stop := d.keepWriting(t)
	out, code := cli(t, append([]string{"backup", dir}, d.storage()...)...)
	writes := stop()
	if code != 0 {
		t.Fatalf("backup exited %d: %s", code, out)
	}
	after := d.count(t, "cases")
	m, err := backup.ReadManifest(dir, d.in.Deps.Keys)
	if err != nil {
		t.Fatal(err)
	}
	if writes < 5 || m.Counts["cases"] < before || m.Counts["cases"] > after {
		t.Fatalf("backup not taken while writing: %d writes; cases before %d, in backup %d, after %d", writes, before, m.Counts["cases"], after)
	}
	if len(m.Files) < 6 {
		t.Fatalf("backup holds %d files, want the recording's 6 and more", len(m.Files))
	}

	target, targetURL := d.place(t, d.in.Deps.Cfg.MasterKeyFile), freshDB()
	if out, code := cli(t, append([]string{"restore", dir}, storageOf(target, targetURL)...)...); code != 0 {
		t.Fatalf("restore exited %d: %s", code, out)
	}
	d.checkRestored(t, target, targetURL, m)

	if out, code := cli(t, append([]string{"restore", dir}, storageOf(target, targetURL)...)...); code == 0 || !strings.Contains(out, "empty") {
		t.Fatalf("restore into a place with data: exit %d, %q; want a refusal naming an empty place", code, out)
	}
	wrong := t.TempDir()
	if _, err := app.OpenForTest(ctx, wrong, "", io.Discard); err != nil { // makes another key file
		t.Fatal(err)
	}
	fresh := d.place(t, filepath.Join(wrong, "master.key"))
	if out, code := cli(t, append([]string{"restore", dir}, storageOf(fresh, freshDB())...)...); code == 0 || !strings.Contains(out, "not made with this master key") {
		t.Fatalf("restore with another key file: exit %d, %q", code, out)
	}

	if out, code := cli(t, append([]string{"keys", "rotate"}, d.storage()...)...); code != 0 {
		t.Fatalf("keys rotate: %d %s", code, out)
	}
	rotated := d.place(t, d.in.Deps.Cfg.MasterKeyFile)
	rotatedURL := freshDB()
	if out, code := cli(t, append([]string{"restore", dir}, storageOf(rotated, rotatedURL)...)...); code != 0 {
		t.Fatalf("old backup with the rotated key file: exit %d: %s", code, out)
	}
	d.checkRestored(t, rotated, rotatedURL, m)
}

func newDrill(t *testing.T, url string) *drill {
	ctx := context.Background()
	in := apptest.Start(t, url)
	u, _ := in.User(t, "drill@example.org", domain.RolePractitioner, false)
	d := &drill{in: in, url: url, owner: accounts.Actor{User: u}}
	c, err := in.Deps.Cases.Create(ctx, d.owner, casework.Input{Reference: "D-1"})
	if err != nil {
		t.Fatal(err)
	}
	d.rec = in.ReadyRecording(t, d.owner, c.ID)
	if _, err := in.Deps.Recordings.StoreFile(ctx, d.rec.ID, domain.FileFrames, "application/json",
		strings.NewReader(`{"pts_ms":[0.000,40.000,80.000,120.000]}`)); err != nil {
		t.Fatal(err)
	}
	err = in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.RecordingByID(ctx, d.rec.ID)
		if err != nil {
			return err
		}
		r.FrameCount = 4
		return tx.UpdateRecording(ctx, r)
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// keepWriting adds cases and annotations until the returned stop is called,
// which reports how many were written.
func (d *drill) keepWriting(t *testing.T) func() int64 {
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		frame, code := 1, "guiding"
		for ctx.Err() == nil {
			if _, err := d.in.Deps.Cases.Create(ctx, d.owner, casework.Input{Reference: "W"}); err != nil && ctx.Err() == nil {
				t.Errorf("write during backup: %v", err)
				return
			}
			if _, err := d.in.Deps.Analysis.CreateAnnotation(ctx, d.owner, d.rec.ID, analysis.AnnotationInput{StartFrame: &frame, Code: &code}); err != nil && ctx.Err() == nil {
				t.Errorf("write during backup: %v", err)
				return
			}
			n.Add(1)
		}
	}()
	for n.Load() < 3 && !t.Failed() { // the backup starts with writes under way
		time.Sleep(5 * time.Millisecond)
	}
	return func() int64 { cancel(); wg.Wait(); return n.Load() }
}

func (d *drill) storage() []string { return storageOf(d.in.Deps.Cfg.Data, d.url) }

func storageOf(data, url string) []string {
	args := []string{"--data", data}
	if url != "" {
		args = append(args, "--database-url", url)
	}
	return args
}

// place makes an empty data folder holding only a copy of a key file, as an
// operator prepares one for a restore.
func (d *drill) place(t *testing.T, keyFile string) string {
	dir := t.TempDir()
	b, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "master.key"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	if cases := filepath.Join(filepath.Dir(keyFile), "case-keys"); exists(cases) { // the case keys go with the key file
		if err := os.CopyFS(filepath.Join(dir, "case-keys"), os.DirFS(cases)); err != nil {
			t.Fatal(err)
		}
		os.Chmod(filepath.Join(dir, "case-keys"), 0o700)
	}
	return dir
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

func (d *drill) count(t *testing.T, table string) int64 {
	var counts map[string]int64
	err := d.in.Deps.DB.View(context.Background(), func(tx *store.Tx) (err error) { counts, err = tx.TableCounts(context.Background()); return err })
	if err != nil {
		t.Fatal(err)
	}
	return counts[table]
}

// checkRestored opens the restored copy as a server would and checks it.
func (d *drill) checkRestored(t *testing.T, data, url string, m *backup.Manifest) {
	ctx := context.Background()
	r, err := app.OpenForTest(ctx, data, url, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if rep, err := r.Chain.Verify(ctx, r.DB); err != nil || !rep.Intact() {
		t.Fatalf("restored audit chain: %+v %v", rep, err)
	}
	var counts map[string]int64
	r.DB.View(ctx, func(tx *store.Tx) (err error) { counts, err = tx.TableCounts(ctx); return err })
	for table, want := range m.Counts {
		got := counts[table]
		switch table {
		case "audit_queue":
			continue // entries queued at the backup's instant (PostgreSQL): verify sealed them, counted with audit_log
		case "audit_log":
			want += m.Counts["audit_queue"] + 1 // and the restore's own entry
			got += counts["audit_queue"]
		}
		if got != want {
			t.Fatalf("restored %s: %d rows, the backup's instant %d", table, got, want)
		}
	}
	if m.Counts["annotations"] == 0 || m.Counts["stored_files"] == 0 {
		t.Fatalf("backup counts look empty: %v", m.Counts)
	}
	for _, kind := range []string{domain.FilePlayback, domain.FilePoster, domain.FileWaveform} {
		f, err := r.Recordings.Open(ctx, d.owner, d.rec.ID, kind, false)
		if err != nil {
			t.Fatalf("open restored %s: %v", kind, err)
		}
		b, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(b, []byte(strings.Repeat(kind, 1000))) {
			t.Fatalf("restored %s does not decrypt to what was stored", kind)
		}
	}
}

func cli(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	code := app.Main(context.Background(), args, app.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out})
	return out.String(), code
}
