package processing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/turns"
)

// Moments runs the moment finder on a processed recording's sound, where
// the family consented to analysis: who speaks when, the turns and the
// suggestions, stored for the workspace. A recording without sound is
// "no_audio", not a failure.
func (p *Processor) Moments(ctx context.Context, recordingID string) error {
	rec, err := p.recording(ctx, recordingID)
	if store.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	if ok, err := p.analysisConsented(ctx, rec.CaseID); err != nil || !ok {
		return err
	}
	if rec.Status != domain.RecordingReady {
		return fmt.Errorf("recording %s is not processed yet (%s); the moment finder waits", rec.ID, rec.Status)
	}
	m := &domain.MomentAnalysis{RecordingID: rec.ID, CaseID: rec.CaseID, Status: domain.MomentsProcessing}
	if err := p.saveMoments(ctx, m, nil); err != nil {
		return err
	}
	work, err := os.MkdirTemp(p.Scratch, "moments-")
	if err != nil {
		return fmt.Errorf("make a work folder under %s (check it exists and is writable): %w", p.Scratch, err)
	}
	defer os.RemoveAll(work)
	in := work + "/original"
	if err := p.decryptOriginal(ctx, rec.ID, in); err != nil {
		return err
	}
	info, err := p.Media.Probe(ctx, in)
	if err != nil {
		return fmt.Errorf("probe recording %s for its sound: %w", rec.ID, err)
	}
	if !info.HasAudio {
		m.Status, m.Progress, m.DurationMS = domain.MomentsNoAudio, 1, info.Duration.Milliseconds()
		return p.saveMoments(ctx, m, nil)
	}
	a := turns.NewAnalyzer(turns.DefaultConfig())
	bar := p.momentsBar(ctx, rec.ID, info.Duration, a)
	if err := p.Media.SpeechPCM(ctx, in, info, writerFunc(func(b []byte) (int, error) { n, err := a.Write(b); bar(); return n, err })); err != nil {
		return fmt.Errorf("decode the sound of recording %s: %w", rec.ID, err)
	}
	res := a.Finish()
	pts, err := p.frameTimes(ctx, rec.ID)
	if err != nil {
		return err
	}
	return p.saveMoments(ctx, ready(m, res), suggestionsAt(rec.ID, res.Suggestions, pts))
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

func ready(m *domain.MomentAnalysis, r turns.Result) *domain.MomentAnalysis {
	tl, _ := json.Marshal(turns.Timeline{Utterances: r.Utterances, Turns: r.Turns, SplitHz: r.SplitHz, WindowMs: r.ContingentRanges})
	m.Status, m.Progress, m.Error = domain.MomentsReady, 1, ""
	m.DurationMS, m.TurnCount, m.Initiatives, m.Answered = int64(r.DurationMs), len(r.Turns), r.Initiatives, r.Answered
	m.Timeline = string(tl)
	return m
}

// suggestionsAt places the suggestions on the recording's frames: a span
// starts at the frame shown at its start and ends at the one shown at its end.
func suggestionsAt(recordingID string, ss []turns.Suggestion, pts []int64) []*domain.MomentSuggestion {
	out := make([]*domain.MomentSuggestion, 0, len(ss))
	for _, s := range ss {
		out = append(out, &domain.MomentSuggestion{ID: auth.NewID(), RecordingID: recordingID,
			StartMS: int64(s.StartMs), EndMS: int64(s.EndMs), StartFrame: frameAt(pts, int64(s.StartMs)*1000),
			EndFrame: frameAt(pts, int64(s.EndMs)*1000), InitiativeMS: int64(s.InitiativeMs),
			LatencyMS: int64(s.LatencyMs), Turns: s.Turns})
	}
	return out
}

// frameAt is the frame shown at time us (microseconds): the last frame that
// starts at or before it.
func frameAt(pts []int64, us int64) int {
	i := sort.Search(len(pts), func(i int) bool { return pts[i] > us })
	return max(i-1, 0)
}

func (p *Processor) frameTimes(ctx context.Context, recordingID string) ([]int64, error) {
	var f *domain.StoredFile
	err := p.DB.View(ctx, func(tx *store.Tx) (err error) {
		f, err = tx.FileOfKind(ctx, recordingID, domain.FileFrames)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find the frame table of recording %s: %w", recordingID, err)
	}
	src, err := p.files().OpenStored(ctx, f)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	return analysis.ParseFrameTimes(io.NewSectionReader(src, 0, src.Size()))
}

// MomentsWanted tells whether a recording's family consented to analysis,
// so the moment finder should run after processing.
func (p *Processor) MomentsWanted(ctx context.Context, recordingID string) (bool, error) {
	rec, err := p.recording(ctx, recordingID)
	if store.IsNotFound(err) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return p.analysisConsented(ctx, rec.CaseID)
}

func (p *Processor) analysisConsented(ctx context.Context, caseID string) (ok bool, err error) {
	err = p.DB.View(ctx, func(tx *store.Tx) error {
		ok, err = tx.HasConsentInForce(ctx, caseID, domain.PurposeAnalysis)
		return err
	})
	return ok, err
}

// errConsentGone: consent to analysis was withdrawn while it ran.
var errConsentGone = errors.New("consent to analysis withdrawn")

// saveMoments stores the analysis (and, when ss is not nil, its
// suggestions), but only while the family's consent to analysis holds.
func (p *Processor) saveMoments(ctx context.Context, m *domain.MomentAnalysis, ss []*domain.MomentSuggestion) error {
	err := p.DB.Update(ctx, func(tx *store.Tx) error {
		if ok, err := tx.HasConsentInForce(ctx, m.CaseID, domain.PurposeAnalysis); err != nil || !ok {
			return errors.Join(err, errConsentGone)
		}
		if err := tx.SaveMomentAnalysis(ctx, m); err != nil {
			return err
		}
		if ss == nil && m.Status != domain.MomentsNoAudio {
			return nil
		}
		return tx.ReplaceMomentSuggestions(ctx, m.RecordingID, ss)
	})
	if errors.Is(err, errConsentGone) {
		slog.InfoContext(ctx, "moment finder: consent to analysis withdrawn; nothing kept", "recording", m.RecordingID)
		return nil
	}
	return err
}

// momentsBar writes the analysis's progress at most every progressEvery.
func (p *Processor) momentsBar(ctx context.Context, recordingID string, total time.Duration, a *turns.Analyzer) func() {
	var mu sync.Mutex
	last := time.Now()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < progressEvery || total <= 0 {
			return
		}
		last = time.Now()
		done := min(float64(a.Processed())/float64(total.Milliseconds()), 0.99)
		if err := p.DB.Update(ctx, func(tx *store.Tx) error { return tx.MomentProgress(ctx, recordingID, done) }); err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "moment finder progress not saved", "recording", recordingID, "err", err)
		}
	}
}

// MomentsGiveUp marks a recording's analysis failed after its last attempt.
func (p *Processor) MomentsGiveUp(ctx context.Context, recordingID string, cause error) {
	rec, err := p.recording(ctx, recordingID)
	if err == nil {
		m := &domain.MomentAnalysis{RecordingID: rec.ID, CaseID: rec.CaseID, Status: domain.MomentsFailed,
			Error: "attune couldn't listen to this recording's sound, after several tries. The recording itself is fine; tell your administrator if it keeps happening (the server log has the details)."}
		err = p.saveMoments(ctx, m, nil)
	}
	if err != nil {
		slog.ErrorContext(ctx, "marking a moment analysis failed", "recording", recordingID, "err", err, "cause", cause)
	}
}
