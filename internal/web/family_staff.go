package web

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"image/png"
	"net/http"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"

	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/server"
)

// The guider's side of the family's page: invite a parent (link, QR code,
// code, and e-mail when the service sends it), see their devices and end
// them, reset a PIN, and act on the family's requests.
func (ui *UI) registerFamilyStaff(s *server.Server) {
	s.Handle("GET /cases/{id}/family", server.CaseStaff, ui.caseFamily, server.Views("case"))
	s.Handle("POST /cases/{id}/family", server.CaseStaff, ui.inviteParent)
	s.Handle("POST /family-members/{id}/passes", server.CaseStaff, ui.parentPasses)
	s.Handle("POST /family-members/{id}/pin-reset", server.CaseStaff, ui.parentPINReset)
	s.Handle("POST /family-members/{id}/signout", server.CaseStaff, ui.parentSignOut)
	s.Handle("POST /family-members/{id}/remove", server.CaseStaff, ui.parentRemove)
	s.Handle("POST /family-requests/{id}/done", server.CaseStaff, ui.familyRequestDone)
	s.Handle("GET /family-requests", server.CaseStaff, ui.familyRequestsPart, server.Views("family_request"))
}

// familyRequestsPart is the caseload's note of families' open requests (htmx).
func (ui *UI) familyRequestsPart(w http.ResponseWriter, r *http.Request) {
	cs, err := ui.Family.OpenRequestCases(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := ui.pages["family_case"].t.ExecuteTemplate(&buf, "family-requests", cs); err != nil {
		ui.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

type caseFamilyView struct {
	CaseID   string
	Members  []family.MemberView
	Requests []family.RequestView
	Form     *Form
	Mail     bool
	Part     bool // shown inside the case page, under its own heading
}

func (ui *UI) caseFamilyData(r *http.Request, caseID string, f *Form) (*caseFamilyView, error) {
	a := server.IdentityOf(r).Actor()
	ms, err := ui.Family.Members(r.Context(), a, caseID)
	if err != nil {
		return nil, err
	}
	rs, err := ui.Family.Requests(r.Context(), a, caseID)
	if err != nil {
		return nil, err
	}
	if f == nil {
		f = &Form{Values: map[string]string{}, Errors: map[string]string{}}
	}
	return &caseFamilyView{CaseID: caseID, Members: ms, Requests: rs, Form: f, Mail: ui.Family.Mail != nil}, nil
}

func (ui *UI) caseFamily(w http.ResponseWriter, r *http.Request) {
	d, err := ui.caseFamilyData(r, r.PathValue("id"), nil)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("part") != "" {
		d.Part = true
		var buf bytes.Buffer
		if err := ui.pages["family_case"].t.ExecuteTemplate(&buf, "family-part", d); err != nil {
			ui.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(buf.Bytes())
		return
	}
	ui.render(w, r, http.StatusOK, "family_case", View{Title: "The family's page", Nav: "caseload", Data: d})
}

func (ui *UI) inviteParent(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "name", "email", "lang")
	inv, err := ui.Family.Invite(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"),
		family.InviteInput{Name: f.Get("name"), Email: f.Get("email"), Lang: f.Get("lang")})
	if err != nil {
		d, derr := ui.caseFamilyData(r, r.PathValue("id"), f)
		if derr != nil {
			ui.fail(w, r, derr)
			return
		}
		f.Fail(err)
		ui.render(w, r, server.Status(err), "family_case", View{Title: "The family's page", Nav: "caseload", Data: d})
		return
	}
	ui.showInvitation(w, r, inv)
}

type invitationView struct {
	*family.Invitation
	QR     template.URL
	SignIn string // the full address of the parents' sign-in page
}

// showInvitation shows the link, its QR code and the code, once.
func (ui *UI) showInvitation(w http.ResponseWriter, r *http.Request, inv *family.Invitation) {
	v := invitationView{Invitation: inv, SignIn: ui.Family.SignInAddress()}
	if code, err := qr.Encode(inv.Link, qr.M, qr.Auto); err == nil {
		if img, err := barcode.Scale(code, 240, 240); err == nil {
			var buf bytes.Buffer
			if png.Encode(&buf, img) == nil {
				v.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))
			}
		}
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	ui.render(w, r, http.StatusOK, "family_invite", View{Title: "Invitation for " + inv.Member.Name, Nav: "caseload", Data: v})
}

func (ui *UI) parentPasses(w http.ResponseWriter, r *http.Request) {
	inv, err := ui.Family.NewPasses(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.showInvitation(w, r, inv)
}

func (ui *UI) parentPINReset(w http.ResponseWriter, r *http.Request) {
	inv, err := ui.Family.ResetPIN(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.showInvitation(w, r, inv)
}

func (ui *UI) parentSignOut(w http.ResponseWriter, r *http.Request) {
	m, err := ui.Family.SignOutDevices(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/cases/"+m.CaseID+"/family", m.Name+" is signed out on every device.")
}

func (ui *UI) parentRemove(w http.ResponseWriter, r *http.Request) {
	m, err := ui.Family.Remove(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/cases/"+m.CaseID+"/family", m.Name+" can no longer open the family's page.")
}

func (ui *UI) familyRequestDone(w http.ResponseWriter, r *http.Request) {
	req, err := ui.Family.FinishRequest(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/cases/"+req.CaseID+"/family", "The request is marked as done.")
}
