package api

import (
	"bytes"
	"mime"
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/moments"
	"github.com/attune-vig/attune/internal/server"
)

// registerMoments adds the moment finder's routes (issue 18).
func (a *API) registerMoments(s *server.Server) {
	s.Handle("GET /api/v1/recordings/{id}/moments", server.CaseStaff, a.recordingMoments, server.Views("recording"))
	s.Handle("GET /api/v1/recordings/{id}/moments.csv", server.CaseStaff, a.exportMoments("csv"), server.Views("recording"))
	s.Handle("GET /api/v1/recordings/{id}/moments.eaf", server.CaseStaff, a.exportMoments("eaf"), server.Views("recording"))
	s.Handle("POST /api/v1/suggestions/{id}/accept", server.CaseStaff, a.acceptSuggestion)
	s.Handle("POST /api/v1/suggestions/{id}/clip", server.CaseStaff, a.clipSuggestion)
	s.Handle("POST /api/v1/suggestions/{id}/dismiss", server.CaseStaff, a.dismissSuggestion)
	s.Handle("GET /api/v1/cases/{id}/moments", server.CaseStaff, a.caseMoments, server.Views("case"))
}

type (
	momentsJSON struct {
		Status         string           `json:"status"`
		Progress       float64          `json:"progress"`
		Error          string           `json:"error,omitempty"`
		Utterances     []utteranceJSON  `json:"utterances"`
		Turns          []turnJSON       `json:"turns"`
		TurnCount      int              `json:"turn_count"`
		TurnsPerMinute float64          `json:"turns_per_minute"`
		Initiatives    int              `json:"child_initiatives"`
		Answered       int              `json:"child_initiatives_answered"`
		WindowMS       [2]int           `json:"response_window_ms"`
		Suggestions    []suggestionJSON `json:"suggestions"`
	}
	utteranceJSON struct {
		Speaker string `json:"speaker"`
		StartMS int    `json:"start_ms"`
		EndMS   int    `json:"end_ms"`
	}
	turnJSON struct {
		StartMS   int    `json:"start_ms"`
		EndMS     int    `json:"end_ms"`
		Initiator string `json:"initiator"`
		LatencyMS int    `json:"latency_ms"`
	}
	suggestionJSON struct {
		ID         string `json:"id"`
		StartFrame int    `json:"start_frame"`
		EndFrame   int    `json:"end_frame"`
		Label      string `json:"label"`
		State      string `json:"state"`
	}
)

func momentsOut(m *moments.Recording) momentsJSON {
	out := momentsJSON{Status: m.Status, Progress: m.Progress, Error: m.Error, Utterances: []utteranceJSON{},
		Turns: []turnJSON{}, Suggestions: []suggestionJSON{}, WindowMS: m.Timeline.WindowMs}
	for _, u := range m.Timeline.Utterances {
		out.Utterances = append(out.Utterances, utteranceJSON{string(u.Speaker), u.StartMs, u.EndMs})
	}
	for _, t := range m.Timeline.Turns {
		out.Turns = append(out.Turns, turnJSON{t.StartMs, t.EndMs, string(t.Initiator), t.LatencyMs})
	}
	if m.Analysis != nil {
		out.TurnCount, out.TurnsPerMinute = m.Analysis.TurnCount, m.Analysis.TurnsPerMinute()
		out.Initiatives, out.Answered = m.Analysis.Initiatives, m.Analysis.Answered
	}
	for _, s := range m.Suggestions {
		out.Suggestions = append(out.Suggestions, suggestionOut(s))
	}
	return out
}

func suggestionOut(s moments.Suggestion) suggestionJSON {
	return suggestionJSON{ID: s.ID, StartFrame: s.StartFrame, EndFrame: s.EndFrame, Label: s.Label, State: s.State}
}

func (a *API) recordingMoments(w http.ResponseWriter, r *http.Request) {
	m, err := a.Moments.Recording(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, momentsOut(m))
}

func (a *API) exportMoments(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m, err := a.Moments.Recording(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
		if err != nil {
			server.WriteError(w, r, err)
			return
		}
		var buf bytes.Buffer
		if format == "csv" {
			err = moments.WriteCSV(&buf, m)
		} else {
			err = moments.WriteEAF(&buf, m, time.Now())
		}
		if err != nil {
			server.WriteError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", exportTypes[format])
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "turns-" + m.RecordingID + "." + format}))
		w.Header().Set("Cache-Control", "private, no-store")
		w.Write(buf.Bytes())
	}
}

func (a *API) acceptSuggestion(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Code string `json:"code"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	an, err := a.Moments.Accept(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.Code)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/annotations/"+an.ID)
	server.WriteJSON(w, http.StatusCreated, annotationOut(an))
}

// clipSuggestion turns a suggestion into a clip ({"code":…} optional).
func (a *API) clipSuggestion(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Code string `json:"code"`
	}
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			server.WriteError(w, r, err)
			return
		}
	}
	c, err := a.Moments.AcceptAsClip(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.Code)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/clips/"+c.ID)
	server.WriteJSON(w, http.StatusCreated, clipOut(c))
}

func (a *API) dismissSuggestion(w http.ResponseWriter, r *http.Request) {
	s, err := a.Moments.Dismiss(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, suggestionJSON{ID: s.ID, StartFrame: s.StartFrame, EndFrame: s.EndFrame, State: s.State})
}

type cycleMomentsJSON struct {
	Cycle          int     `json:"cycle"`
	RecordingID    string  `json:"recording_id"`
	Status         string  `json:"status"`
	Minutes        float64 `json:"minutes"`
	TurnsPerMinute float64 `json:"turns_per_minute"`
	Initiatives    int     `json:"child_initiatives"`
	Answered       int     `json:"child_initiatives_answered"`
	AnsweredShare  float64 `json:"answered_share"`
}

func (a *API) caseMoments(w http.ResponseWriter, r *http.Request) {
	fs, err := a.Moments.Case(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Note       string             `json:"note"`
		Recordings []cycleMomentsJSON `json:"recordings"`
	}{Note: moments.EstimateNote, Recordings: []cycleMomentsJSON{}}
	for _, f := range fs {
		out.Recordings = append(out.Recordings, cycleMomentsJSON(f))
	}
	server.WriteJSON(w, http.StatusOK, out)
}
