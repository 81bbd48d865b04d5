package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/store"
)

type annotationJSON struct {
	ID            string    `json:"id"`
	RecordingID   string    `json:"recording_id"`
	CodingID      string    `json:"coding_id"`
	SchemeID      string    `json:"scheme_id"`
	Code          string    `json:"code"`
	StartFrame    int       `json:"start_frame"`
	EndFrame      int       `json:"end_frame"`
	ParticipantID string    `json:"participant_id"`
	GoalID        string    `json:"goal_id"`
	Note          string    `json:"note"`
	Version       int       `json:"version"`
	Seq           int64     `json:"seq"`
	Deleted       bool      `json:"deleted"`
	CreatedBy     string    `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

func annotationOut(an *domain.Annotation) annotationJSON {
	return annotationJSON{ID: an.ID, RecordingID: an.RecordingID, CodingID: an.CodingID, SchemeID: an.SchemeID, Code: an.Code, StartFrame: an.StartFrame,
		EndFrame: an.EndFrame, ParticipantID: an.ParticipantID, GoalID: an.GoalID, Note: an.Note, Version: an.Version, Seq: an.Seq,
		Deleted: an.Deleted, CreatedBy: an.CreatedBy, CreatedAt: an.CreatedAt, UpdatedAt: an.UpdatedAt}
}

func annotationsOut(as []*domain.Annotation) []annotationJSON {
	out := make([]annotationJSON, 0, len(as))
	for _, an := range as {
		out = append(out, annotationOut(an))
	}
	return out
}

type annotationIn struct {
	StartFrame    *int    `json:"start_frame"`
	EndFrame      *int    `json:"end_frame"`
	Code          *string `json:"code"`
	Note          *string `json:"note"`
	ParticipantID *string `json:"participant_id"`
	GoalID        *string `json:"goal_id"`
	Version       *int    `json:"version"`
	CodingID      *string `json:"coding_id"` // only for a new moment
}

func (in annotationIn) input() analysis.AnnotationInput {
	out := analysis.AnnotationInput{StartFrame: in.StartFrame, EndFrame: in.EndFrame, Code: in.Code, Note: in.Note,
		ParticipantID: in.ParticipantID, GoalID: in.GoalID, Version: in.Version}
	if in.CodingID != nil {
		out.CodingID = *in.CodingID
	}
	return out
}

func (a *API) createAnnotation(w http.ResponseWriter, r *http.Request) {
	var in annotationIn
	if err := decodeMoment(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if in.Version != nil {
		server.WriteError(w, r, domain.FieldError("version", "A new annotation has no version yet; leave \"version\" out."))
		return
	}
	an, err := a.Analysis.CreateAnnotation(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.input())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/annotations/"+an.ID)
	server.WriteJSON(w, http.StatusCreated, annotationOut(an))
}

func (a *API) listAnnotations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.AnnotationFilter{CodingID: q.Get("coding_id"), Code: q.Get("code"), ParticipantID: q.Get("participant"), GoalID: q.Get("goal")}
	as, cursor, err := a.Analysis.Annotations(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), f)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, struct {
		Annotations []annotationJSON `json:"annotations"`
		Cursor      string           `json:"cursor"`
	}{annotationsOut(as), strconv.FormatInt(cursor, 10)})
}

func (a *API) annotationChanges(w http.ResponseWriter, r *http.Request) {
	since := int64(0)
	if v := r.URL.Query().Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			server.WriteError(w, r, domain.FieldError("since", "\"since\" must be a cursor from an earlier answer (a whole number), or left out for everything."))
			return
		}
		since = n
	}
	changes, cursor, more, err := a.Analysis.Changes(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), r.URL.Query().Get("coding_id"), since)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, struct {
		Changes []annotationJSON `json:"changes"`
		Cursor  string           `json:"cursor"`
		More    bool             `json:"more"`
	}{annotationsOut(changes), strconv.FormatInt(cursor, 10), more})
}

func (a *API) getAnnotation(w http.ResponseWriter, r *http.Request) {
	an, err := a.Analysis.Annotation(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, annotationOut(an))
}

func (a *API) patchAnnotation(w http.ResponseWriter, r *http.Request) {
	var in annotationIn
	if err := decodeMoment(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if in.CodingID != nil {
		server.WriteError(w, r, domain.FieldError("coding_id", "A moment stays in the coding it was made in; leave \"coding_id\" out of a change."))
		return
	}
	an, err := a.Analysis.UpdateAnnotation(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.input())
	if err != nil {
		writeAnnotationError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, annotationOut(an))
}

func (a *API) deleteAnnotation(w http.ResponseWriter, r *http.Request) {
	var version *int
	if v := r.URL.Query().Get("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			server.WriteError(w, r, domain.FieldError("version", "\"version\" must be the annotation's version (a whole number)."))
			return
		}
		version = &n
	}
	if err := a.Analysis.DeleteAnnotation(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), version); err != nil {
		writeAnnotationError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// writeAnnotationError adds, to a version conflict, the annotation as it is
// now ("current"), so the client can merge without another request.
func writeAnnotationError(w http.ResponseWriter, r *http.Request, err error) {
	var c *analysis.ConflictError
	if !errors.As(err, &c) {
		server.WriteError(w, r, err)
		return
	}
	var body struct {
		server.APIError
		Current annotationJSON `json:"current"`
	}
	body.Error.Code, body.Error.Message, body.Current = domain.ECONFLICT, c.Err.Message, annotationOut(c.Current)
	server.WriteJSON(w, http.StatusConflict, body)
}
