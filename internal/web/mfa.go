package web

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/server"
)

type enrolView struct {
	Form     *Form
	QR       template.URL // a data: URL of the PNG, allowed by img-src data:
	Secret   string
	Recovery []string
	Required bool
}

func (ui *UI) enrolForm(w http.ResponseWriter, r *http.Request) {
	id := server.IdentityOf(r)
	uri, err := ui.Accounts.PendingEnrol(r.Context(), id.Session) // a reload keeps the key the phone may hold
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v, err := newEnrolView(uri)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v.Form.Values["next"] = nextOf(r)
	v.Required = !id.Session.MFAPassed
	ui.render(w, r, http.StatusOK, "enrol", View{Title: "Set up your second factor", Data: v})
}

func newEnrolView(uri string) (*enrolView, error) {
	png, err := auth.TOTPQRCodePNG(uri, 240)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(uri)
	if err != nil {
		return nil, err
	}
	return &enrolView{
		Form:   &Form{Values: map[string]string{}, Errors: map[string]string{}},
		QR:     template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)),
		Secret: u.Query().Get("secret"),
	}, nil
}

func (ui *UI) enrol(w http.ResponseWriter, r *http.Request) {
	id := server.IdentityOf(r)
	f := newForm(r, "code")
	f.Values["next"] = nextOf(r) // the "continue" link of the recovery codes page
	codes, err := ui.Accounts.ConfirmEnrol(r.Context(), id.Session, id.IP, f.Get("code"))
	if err != nil {
		uri, err2 := ui.Accounts.PendingEnrol(r.Context(), id.Session)
		if err2 != nil {
			ui.fail(w, r, err2)
			return
		}
		v, _ := newEnrolView(uri)
		f.Values["code"] = ""
		f.Fail(err)
		v.Form, v.Required = f, true
		ui.render(w, r, server.Status(err), "enrol", View{Title: "Set up your second factor", Data: v})
		return
	}
	v := &enrolView{Recovery: codes, Form: f}
	ui.flashNotices(w, r, id.User.ID) // for the page after the recovery codes
	ui.render(w, r, http.StatusOK, "recovery", View{Title: "Your recovery codes", Data: v})
}
