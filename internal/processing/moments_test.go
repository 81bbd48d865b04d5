package processing

import (
	"encoding/json"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/turns"
)

func init() {
	// Six seconds of film: a high voice (330 Hz) at 1.5–2.3 s, a low one
	// (110 Hz) answering at 3.0–4.2 s, the high one again at 4.6–5.2 s.
	tone := func(f string, a, b string) string {
		return "if(between(t\\," + a + "\\," + b + ")\\,0.3*(sin(2*PI*" + f + "*t)+0.5*sin(4*PI*" + f + "*t)+0.3*sin(6*PI*" + f + "*t))\\,0)"
	}
	recipes["talk.mp4"] = []string{"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
		"-f", "lavfi", "-i", "aevalsrc=" + tone("330", "1.5", "2.3") + "+" + tone("110", "3.0", "4.2") + "+" + tone("330", "4.6", "5.2") + ":s=48000",
		"-t", "6", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac"}
	recipes["silent.mp4"] = []string{"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "1",
		"-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"}
}

func consentTo(t *testing.T, db *store.DB, purposes ...string) {
	t.Helper()
	err := db.Update(ctx, func(tx *store.Tx) error {
		return tx.CreateConsent(ctx, &domain.Consent{ID: "k1", CaseID: "c1", Purposes: purposes, GivenBy: "Kim",
			Signature: "Kim", WordingVersion: "1", RecordedBy: "u1"})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func moments(t *testing.T, e *env, id string) (*domain.MomentAnalysis, []*domain.MomentSuggestion) {
	t.Helper()
	var m *domain.MomentAnalysis
	var ss []*domain.MomentSuggestion
	err := e.db.View(ctx, func(tx *store.Tx) (err error) {
		if m, err = tx.MomentAnalysis(ctx, id); err != nil {
			return err
		}
		ss, err = tx.MomentSuggestions(ctx, id)
		return err
	})
	if store.IsNotFound(err) {
		return nil, nil
	} else if err != nil {
		t.Fatal(err)
	}
	return m, ss
}

// With consent to analysis, a processed film's sound gives its turn and a
// suggestion on the right frames; without consent nothing is kept; a film
// without sound says so.
func TestMoments(t *testing.T) {
	db := storetest.SQLite(t)
	e := newEnv(t, db)
	id := e.upload(t, source(t, "talk.mp4"))
	if err := e.p.Process(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := e.p.Moments(ctx, id); err != nil {
		t.Fatal(err)
	}
	if m, _ := moments(t, e, id); m != nil {
		t.Fatalf("analysis without consent: %+v", m)
	}
	consentTo(t, db, domain.PurposeFilming, domain.PurposeAnalysis)
	if err := e.p.Moments(ctx, id); err != nil {
		t.Fatal(err)
	}
	m, ss := moments(t, e, id)
	if m.Status != domain.MomentsReady || m.TurnCount != 1 || m.Initiatives != 1 || m.Answered != 1 || m.DurationMS < 5900 {
		t.Fatalf("analysis %+v", m)
	}
	var tl turns.Timeline
	if err := json.Unmarshal([]byte(m.Timeline), &tl); err != nil || len(tl.Utterances) != 3 || tl.Utterances[0].Speaker != "child" || tl.Utterances[1].Speaker != "adult" {
		t.Fatalf("timeline %s (%v)", m.Timeline, err)
	}
	if len(ss) != 1 || ss[0].StartFrame < 14 || ss[0].StartFrame > 16 || ss[0].EndFrame != 179 || ss[0].Turns != 1 || ss[0].State != domain.SuggestionNew {
		t.Fatalf("suggestions %+v", ss)
	}
	if l := ss[0].LatencyMS; l < 600 || l > 800 {
		t.Errorf("latency %d ms, want about 700", l)
	}
	e.assertNoPlaintext(t, source(t, "talk.mp4"))

	silent := newEnv(t, storetest.SQLite(t))
	sid := silent.upload(t, source(t, "silent.mp4"))
	consentTo(t, silent.db, domain.PurposeAnalysis)
	if err := silent.p.Process(ctx, sid); err != nil {
		t.Fatal(err)
	}
	if err := silent.p.Moments(ctx, sid); err != nil {
		t.Fatal(err)
	}
	if m, ss := moments(t, silent, sid); m == nil || m.Status != domain.MomentsNoAudio || len(ss) != 0 {
		t.Fatalf("silent film: %+v %v", m, ss)
	}
}
