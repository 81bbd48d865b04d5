package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// The figure the micro-analysis issue asks for: the round trip of saving an
// annotation (POST over HTTP, validated, sequenced, audited, committed) on
// a recording that already has 20,000, on SQLite and PostgreSQL, with
// GET /healthz measured the same way as the baseline.
const (
	benchAnnotations = 20_000
	benchSaves       = 500
	benchFrames      = 18_000 // a 10-minute film at 30 frames a second
)

func TestAnnotationSaveLoad(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("annotation bench: set ATTUNE_BENCH=1 (scripts/bench.sh, make bench) to run it")
	}
	fmt.Printf("attune annotation saves: %d saves, one at a time, on a recording with %d annotations, %s, GOMAXPROCS=%d, %s\n",
		benchSaves, benchAnnotations, runtime.Version(), runtime.GOMAXPROCS(0), time.Now().Format(time.RFC3339))
	fmt.Println("backend   request                              n   p50(ms)   p99(ms)   max(ms)")
	t.Run("sqlite", func(t *testing.T) { annotationBench(t, "sqlite", "") })
	t.Run("postgres", func(t *testing.T) {
		url, _ := storetest.NewPostgresDatabase(t)
		annotationBench(t, "postgres", url)
	})
}

func annotationBench(t *testing.T, backend, databaseURL string) {
	in := apptest.Start(t, databaseURL)
	rec, token := benchRecording(t, in, "bench@example.org")
	seedAnnotations(t, in, rec)
	h := http.Header{"Authorization": {"Bearer " + token}, "Content-Type": {"application/json"}}
	url := in.URL + "/api/v1/recordings/" + rec + "/annotations"
	report := func(name string, fn func(i int) error) {
		d := timeEach(t, fn)
		fmt.Printf("%-9s %-32s %5d %9.2f %9.2f %9.2f\n", backend, name, len(d), ms(Percentile(d, 50)), ms(Percentile(d, 99)), ms(d[len(d)-1]))
	}
	report("GET /healthz (baseline)", func(int) error { return send(http.MethodGet, in.URL+"/healthz", h, "", 200) })
	report("POST …/annotations (save)", func(i int) error {
		body := fmt.Sprintf(`{"start_frame":%d,"end_frame":%d,"code":"receiving-initiatives/smiling","note":"bench %d"}`, i*7%benchFrames, i*7%benchFrames+12, i)
		return send(http.MethodPost, url, h, body, 201)
	})
	report("GET …/changes (poll, 500 new)", func(int) error {
		return send(http.MethodGet, url+"/changes?since="+strconv.Itoa(benchAnnotations), h, "", 200)
	})
	start := time.Now()
	if err := send(http.MethodGet, url, h, "", 200); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("%-9s %-32s %5d %9.2f\n", backend, "GET …/annotations (all 20,500)", 1, ms(time.Since(start)))
}

// timeEach runs fn benchSaves times, one after another, and returns the
// sorted latencies.
func timeEach(t *testing.T, fn func(i int) error) []time.Duration {
	d := make([]time.Duration, 0, benchSaves)
	for i := range benchSaves {
		start := time.Now()
		if err := fn(i); err != nil {
			t.Fatal(err)
		}
		d = append(d, time.Since(start))
	}
	slices.Sort(d)
	return d
}

func send(method, url string, h http.Header, body string, want int) error {
	req, _ := http.NewRequest(method, url, bytes.NewReader([]byte(body)))
	req.Header = h.Clone()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: %d %s", method, url, res.StatusCode, b)
	}
	return nil
}

func benchRecording(t *testing.T, in *apptest.Instance, email string) (string, string) {
	u, _ := in.User(t, email, domain.RolePractitioner, false)
	actor := accounts.Actor{User: u}
	c, err := in.Deps.Cases.Create(context.Background(), actor, casework.Input{Reference: "BENCH-1"})
	if err != nil {
		t.Fatal(err)
	}
	r := in.ReadyRecording(t, actor, c.ID)
	r.FrameCount = benchFrames
	ctx := context.Background()
	if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.UpdateRecording(ctx, r) }); err != nil {
		t.Fatal(err)
	}
	return r.ID, in.Token(t, email)
}

// seedAnnotations writes benchAnnotations rows straight through the store,
// 1,000 to a transaction (the saves measured go through everything).
func seedAnnotations(t *testing.T, in *apptest.Instance, rec string) {
	ctx := context.Background()
	codes := []string{"being-attentive", "guiding", "receiving-initiatives/returning-eye-contact", "developing-attuned-interactions"}
	for batch := 0; batch < benchAnnotations/1000; batch++ {
		err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
			for i := batch * 1000; i < (batch+1)*1000; i++ {
				seq, err := tx.NextAnnotationSeq(ctx, rec)
				if err != nil {
					return err
				}
				f := i * 9 % benchFrames
				a := &domain.Annotation{ID: auth.NewID(), RecordingID: rec, SchemeID: domain.DefaultSchemeID, Code: codes[i%len(codes)],
					StartFrame: f, EndFrame: min(f+30, benchFrames-1), Note: "seeded moment " + strconv.Itoa(i), Version: 1, Seq: seq, CreatedBy: "bench"}
				if err := tx.CreateAnnotation(ctx, a); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
