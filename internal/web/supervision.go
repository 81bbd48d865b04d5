package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/supervision"
)

// registerSupervision adds the supervision pages: shared material with its
// frame-exact player and comments, the session timeline, the accreditation
// log, the team overview and the administrator's relations and stage rules.
func (ui *UI) registerSupervision(s *server.Server) {
	s.Handle("GET /supervision", server.CaseStaff, ui.supOverview, server.Views("material_share"))
	s.Handle("POST /supervision/shares", server.Practitioner, ui.supShare)
	s.Handle("GET /supervision/shares/{id}", server.CaseStaff, ui.supMaterial, server.Views("material_share"))
	s.Handle("POST /supervision/shares/{id}/withdraw", server.CaseStaff, ui.supWithdraw)
	s.Handle("POST /supervision/sessions", server.CaseStaff, ui.supSession)
	ui.registerSupervisionLog(s)
	ui.registerSupervisionAdmin(s)
}

func (ui *UI) sup() *supervision.Service { return supervision.New(ui.Recordings, ui.Films) }

type supOverviewView struct {
	Me          *domain.User
	Mine        []*domain.MaterialShare
	WithMe      []*domain.MaterialShare
	Shareable   []store.OwnMaterial
	Supervisors []domain.SupervisionLink
	Trainees    []domain.SupervisionLink
	Sessions    []*domain.SupervisionSession
	Share       *Form
	Session     *Form
	Today       string
}

func (ui *UI) supOverview(w http.ResponseWriter, r *http.Request) {
	ui.renderOverview(w, r, http.StatusOK, nil, nil)
}

func (ui *UI) renderOverview(w http.ResponseWriter, r *http.Request, status int, share, session *Form) {
	a := server.IdentityOf(r).Actor()
	v, err := ui.overview(r, a)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v.Share, v.Session = orEmpty(share), orEmpty(session)
	ui.render(w, r, status, "sup_overview", View{Title: "Supervision", Nav: "supervision", Data: v})
}

func orEmpty(f *Form) *Form {
	if f == nil {
		return &Form{Values: map[string]string{}, Errors: map[string]string{}}
	}
	return f
}

func (ui *UI) overview(r *http.Request, a accounts.Actor) (*supOverviewView, error) {
	ctx, svc := r.Context(), ui.sup()
	v := &supOverviewView{Me: a.User, Today: time.Now().Format(time.DateOnly)}
	var err error
	if v.Mine, v.WithMe, err = svc.Shares(ctx, a); err != nil {
		return nil, err
	}
	if v.Shareable, err = svc.Shareable(ctx, a); err != nil {
		return nil, err
	}
	links, err := svc.Links(ctx, a)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		if l.TraineeID == a.ID() {
			v.Supervisors = append(v.Supervisors, l)
		} else {
			v.Trainees = append(v.Trainees, l)
		}
	}
	v.Sessions, err = svc.Timeline(ctx, a)
	return v, err
}

func (ui *UI) supShare(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "material", "supervisor_id", "note", "expires_on", "review")
	a := server.IdentityOf(r).Actor()
	in := supervision.ShareInput{SupervisorID: f.Get("supervisor_id"), Note: f.Get("note")}
	kind, id, _ := cutMaterial(f.Get("material"))
	in.Kind, in.MaterialID = kind, id
	err := ui.shareFrom(r, a, f, &in)
	if err != nil {
		f.Fail(err)
		ui.renderOverview(w, r, server.Status(err), f, nil)
		return
	}
	redirect(w, r, "/supervision", "Shared with your supervisor. You can withdraw it at any time.")
}

func (ui *UI) shareFrom(r *http.Request, a accounts.Actor, f *Form, in *supervision.ShareInput) error {
	if in.MaterialID == "" {
		return domain.FieldError("material", "Choose the recording or film to share.")
	}
	if d := f.Get("expires_on"); d != "" {
		t, err := time.ParseInLocation(time.DateOnly, d, time.Local)
		if err != nil {
			return domain.FieldError("expires_on", "Enter the last day of the share as a date, for example 2026-12-31, or leave it empty.")
		}
		end := t.Add(24 * time.Hour)
		in.ExpiresAt = &end
	}
	if f.Get("review") == "yes" && in.Kind == domain.MaterialRecording {
		if err := ui.sup().MarkReview(r.Context(), a, in.MaterialID); err != nil {
			return err
		}
		in.Kind = domain.MaterialReview
	}
	_, err := ui.sup().Share(r.Context(), a, *in)
	return err
}

// cutMaterial splits a form value "kind:id".
func cutMaterial(v string) (kind, id string, ok bool) {
	for i := 0; i < len(v); i++ {
		if v[i] == ':' {
			return v[:i], v[i+1:], true
		}
	}
	return "", "", false
}

func (ui *UI) supWithdraw(w http.ResponseWriter, r *http.Request) {
	if err := ui.sup().Withdraw(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id")); err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/supervision", "Share withdrawn: your supervisor can no longer see it.")
}

func (ui *UI) supSession(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "trainee_id", "held_on", "minutes", "mode", "learning_points")
	minutes, _ := strconv.Atoi(f.Get("minutes"))
	r.ParseForm()
	in := supervision.SessionInput{TraineeID: f.Get("trainee_id"), HeldOn: f.Get("held_on"), Minutes: minutes, Mode: f.Get("mode"),
		ShareIDs: r.PostForm["share_ids"], LearningPoints: f.Get("learning_points")}
	if _, err := ui.sup().RecordSession(r.Context(), server.IdentityOf(r).Actor(), in); err != nil {
		f.Fail(err)
		ui.renderOverview(w, r, server.Status(err), nil, f)
		return
	}
	redirect(w, r, "/supervision", "Supervision session logged. It counts towards your supervisee's log.")
}

// supMaterial is the page of one piece of shared material: the frame-exact
// player (static/workspace/player.js) with the comments beside it.
func (ui *UI) supMaterial(w http.ResponseWriter, r *http.Request) {
	m, err := ui.sup().Material(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	title := m.Title
	if title == "" {
		title = "Shared material"
	}
	ui.render(w, r, http.StatusOK, "sup_material", View{Title: title, Nav: "supervision", Data: m})
}
