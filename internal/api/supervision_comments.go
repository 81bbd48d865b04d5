package api

import (
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/supervision"
)

type commentJSON struct {
	ID         string    `json:"id"`
	ParentID   string    `json:"parent_id"`
	Frame      int       `json:"frame"`
	Body       string    `json:"body"`
	Discuss    bool      `json:"discuss"`
	AuthorID   string    `json:"author_id"`
	AuthorName string    `json:"author_name"`
	CreatedAt  time.Time `json:"created_at"`
}

func commentOut(c *domain.FrameComment) commentJSON {
	return commentJSON{c.ID, c.ParentID, c.Frame, c.Body, c.Discuss, c.AuthorID, c.AuthorName, c.CreatedAt}
}

func (a *API) supComments(w http.ResponseWriter, r *http.Request) {
	cs, err := a.sup().Comments(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Comments []commentJSON `json:"comments"`
	}{Comments: []commentJSON{}}
	for _, c := range cs {
		out.Comments = append(out.Comments, commentOut(c))
	}
	server.WriteJSON(w, http.StatusOK, out)
}

func (a *API) supComment(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Frame    *int   `json:"frame"`
		Body     string `json:"body"`
		ParentID string `json:"parent_id"`
		Discuss  bool   `json:"discuss"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if in.Frame == nil && in.ParentID == "" {
		server.WriteError(w, r, required("frame"))
		return
	}
	frame := 0
	if in.Frame != nil {
		frame = *in.Frame
	}
	c, err := a.sup().Comment(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"),
		supervision.CommentInput{Frame: frame, Body: in.Body, ParentID: in.ParentID, Discuss: in.Discuss})
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusCreated, commentOut(c))
}

func (a *API) supDiscuss(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Discuss *bool `json:"discuss"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if in.Discuss == nil {
		server.WriteError(w, r, required("discuss"))
		return
	}
	if err := a.sup().MarkDiscuss(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), r.PathValue("comment"), *in.Discuss); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type supSessionJSON struct {
	ID             string    `json:"id"`
	SupervisorID   string    `json:"supervisor_id"`
	SupervisorName string    `json:"supervisor_name"`
	TraineeID      string    `json:"trainee_id"`
	TraineeName    string    `json:"trainee_name"`
	HeldOn         string    `json:"held_on"`
	Minutes        int       `json:"minutes"`
	Mode           string    `json:"mode"`
	LearningPoints string    `json:"learning_points"`
	CaseIDs        []string  `json:"case_ids"`
	ShareIDs       []string  `json:"share_ids"`
	CreatedAt      time.Time `json:"created_at"`
}

func supSessionOut(x *domain.SupervisionSession) supSessionJSON {
	return supSessionJSON{x.ID, x.SupervisorID, x.SupervisorName, x.TraineeID, x.TraineeName, x.HeldOn, x.Minutes, x.Mode,
		x.LearningPoints, nonNil(x.CaseIDs), nonNil(x.ShareIDs), x.CreatedAt}
}

func (a *API) supTimeline(w http.ResponseWriter, r *http.Request) {
	xs, err := a.sup().Timeline(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Sessions []supSessionJSON `json:"sessions"`
	}{Sessions: []supSessionJSON{}}
	for _, x := range xs {
		out.Sessions = append(out.Sessions, supSessionOut(x))
	}
	server.WriteJSON(w, http.StatusOK, out)
}

func (a *API) supRecordSession(w http.ResponseWriter, r *http.Request) {
	var in struct {
		TraineeID      string   `json:"trainee_id"`
		HeldOn         string   `json:"held_on"`
		Minutes        int      `json:"minutes"`
		Mode           string   `json:"mode"`
		ShareIDs       []string `json:"share_ids"`
		LearningPoints string   `json:"learning_points"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	x, err := a.sup().RecordSession(r.Context(), server.IdentityOf(r).Actor(), supervision.SessionInput{TraineeID: in.TraineeID,
		HeldOn: in.HeldOn, Minutes: in.Minutes, Mode: in.Mode, ShareIDs: in.ShareIDs, LearningPoints: in.LearningPoints})
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusCreated, supSessionOut(x))
}
