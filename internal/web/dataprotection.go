package web

import (
	"net/http"
	"strconv"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/retention"
	"github.com/attune-vig/attune/internal/server"
)

// registerDataProtection adds the administrator's data-protection pages:
// retention rules, the dry run, legal holds, erasure requests and
// break-glass access with its review.
func (ui *UI) registerDataProtection(s *server.Server) {
	s.Handle("GET /admin/retention", server.Admin, ui.retentionPage)
	s.Handle("POST /admin/retention/rules", server.Admin, ui.saveRetentionRules)
	s.Handle("POST /admin/retention/holds", server.Admin, ui.placeHold)
	s.Handle("POST /admin/retention/holds/{case}/release", server.Admin, ui.releaseHold)
	s.Handle("POST /admin/retention/erase", server.Admin, ui.eraseFamily)
	ui.registerBreakGlass(s)
	ui.registerSAR(s)
}

// retentionView is the retention page's content.
type retentionView struct {
	Rules *Form
	Hold  *Form
	Erase *Form
	Plan  *retention.Report
	Holds []*domain.LegalHold
}

func rulesForm(r domain.RetentionRules) *Form {
	return &Form{Errors: map[string]string{}, Values: map[string]string{
		"footage_days": strconv.Itoa(r.FootageDays), "records_age": strconv.Itoa(r.RecordsAge),
		"records_years": strconv.Itoa(r.RecordsYears), "audit_years": strconv.Itoa(r.AuditYears), "dp_contact": r.DPContact}}
}

func (ui *UI) retentionPage(w http.ResponseWriter, r *http.Request) {
	v := &retentionView{Hold: emptyForm(), Erase: emptyForm()}
	ui.showRetention(w, r, http.StatusOK, v)
}

// showRetention fills in what the view lacks and renders the page.
func (ui *UI) showRetention(w http.ResponseWriter, r *http.Request, status int, v *retentionView) {
	a := server.IdentityOf(r).Actor()
	plan, err := ui.Retention.DryRun(r.Context(), a)
	if err == nil {
		v.Holds, err = ui.Retention.Holds(r.Context(), a)
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v.Plan = plan
	if v.Rules == nil {
		v.Rules = rulesForm(plan.Rules)
	}
	ui.render(w, r, status, "dp_retention", View{Title: "Retention and erasure", Nav: "data-protection", Data: v})
}

func (ui *UI) saveRetentionRules(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "footage_days", "records_age", "records_years", "audit_years", "dp_contact")
	rules := domain.RetentionRules{DPContact: f.Get("dp_contact")}
	for name, dst := range map[string]*int{"footage_days": &rules.FootageDays, "records_age": &rules.RecordsAge,
		"records_years": &rules.RecordsYears, "audit_years": &rules.AuditYears} {
		n, err := strconv.Atoi(f.Get(name))
		if err != nil {
			f.Fail(domain.FieldError(name, "Enter a whole number."))
		}
		*dst = n
	}
	if !f.HasErrors() {
		if err := ui.Retention.SetRules(r.Context(), server.IdentityOf(r).Actor(), rules); err != nil {
			f.Fail(err)
		}
	}
	if f.HasErrors() {
		ui.showRetention(w, r, http.StatusBadRequest, &retentionView{Rules: f, Hold: emptyForm(), Erase: emptyForm()})
		return
	}
	redirect(w, r, "/admin/retention", "Retention rules saved. The dry run below shows what they will erase and when.")
}

func (ui *UI) placeHold(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "case", "reason")
	if err := ui.Retention.Hold(r.Context(), server.IdentityOf(r).Actor(), f.Get("case"), f.Get("reason")); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			err = domain.FieldError("case", "There is no case with that id. Check it and try again.")
		}
		f.Fail(err)
		ui.showRetention(w, r, server.Status(err), &retentionView{Hold: f, Erase: emptyForm()})
		return
	}
	redirect(w, r, "/admin/retention", "Legal hold placed: nothing in this case will be erased until it is released.")
}

func (ui *UI) releaseHold(w http.ResponseWriter, r *http.Request) {
	if err := ui.Retention.Release(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("case")); err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/retention", "Legal hold released. The retention rules apply to this case again.")
}

func (ui *UI) eraseFamily(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "erase_case", "confirm")
	var err error
	if f.Get("confirm") != "yes" {
		err = domain.FieldError("confirm", "Tick the box to confirm: erasure cannot be undone.")
	} else {
		err = ui.Retention.EraseFamily(r.Context(), server.IdentityOf(r).Actor(), f.Get("erase_case"))
	}
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			err = domain.FieldError("erase_case", "There is no case with that id. Check it and try again.")
		}
		f.Fail(err)
		ui.showRetention(w, r, server.Status(err), &retentionView{Hold: emptyForm(), Erase: f})
		return
	}
	redirect(w, r, "/admin/retention", "The family's data was erased: the case, its recordings, films, derived files and their keys. Older backups can no longer bring it back.")
}

// dpField is one labelled input of the data-protection forms.
type dpField struct {
	Form                          *Form
	Name, Label, Hint, Mode, Type string
}

// Field describes an input for the page's "dp-field" template.
func (*retentionView) Field(f *Form, name, label, hint, mode, typ string) dpField {
	return dpField{Form: f, Name: name, Label: label, Hint: hint, Mode: mode, Type: typ}
}
