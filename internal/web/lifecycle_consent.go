package web

import (
	"net/http"
	"strconv"

	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/server"
)

// ConsentWording is the version of the consent text the form shows.
const ConsentWording = "2"

// consentTexts are the consent wordings by version, read with the family
// before they choose. A change of these words is a new version; the old ones
// stay, so the words a family agreed to can still be read. Version 2 says
// "recording" for the footage and keeps "film" for the edited film.
var consentTexts = map[string][]string{
	"1": {
		"We would like to film you and your child for a few minutes while you do something ordinary together, such as playing, a meal or homework. The guider then chooses short moments from the film where things go well and watches them with you in a shared review. The films are for you and your guider.",
		"You decide what you agree to, one part at a time, and you can say no to any part. Saying no does not change the help you get.",
		"You can ask us to stop a recording at any time, and you can take back your consent later. If you take it back, the films are erased.",
		"With your agreement, the guider's supervisor may watch the films to support the guider's work. Use in training or at conferences is a separate choice, and only if you agree to it.",
		"The films are stored encrypted and kept only as long as you agree here: after the case ends they are erased within that time.",
		"Someone with parental responsibility gives consent for the child. Where the child is old enough to be asked, we ask them too.",
	},
	"2": {
		"We would like to film you and your child for a few minutes while you do something ordinary together, such as playing, a meal or homework. The guider then chooses short moments from the recording where things go well and watches them with you in a shared review. The recordings, and the short films made from them, are for you and your guider.",
		"You decide what you agree to, one part at a time, and you can say no to any part. Saying no does not change the help you get.",
		"You can ask us to stop a recording at any time, and you can take back your consent later. If you take it back, the recordings are erased.",
		"With your agreement, the guider's supervisor may watch the recordings and films to support the guider's work. Use in training or at conferences is a separate choice, and only if you agree to it.",
		"The recordings are stored encrypted and kept only as long as you agree here: after the case ends they are erased within that time.",
		"Someone with parental responsibility gives consent for the child. Where the child is old enough to be asked, we ask them too.",
	},
}

// purposeLabels say the consent purposes in words.
var purposeLabels = map[string]string{
	domain.PurposeFilming: "filming, for their own shared reviews", domain.PurposeSupervision: "supervision: the guider's supervisor may watch the recordings and films",
	domain.PurposeTraining: "use in training", domain.PurposeConference: "use at conferences",
}

func init() {
	funcs["consentText"] = func() []string { return consentTexts[ConsentWording] }
	funcs["purposeLabel"] = func(p string) string {
		if l, ok := purposeLabels[p]; ok {
			return l
		}
		return p
	}
	funcs["assentLabel"] = func(a string) string {
		return map[string]string{"yes": "Yes, the child agreed", "no": "No, the child did not agree"}[a]
	}
}

type consentView struct {
	Case     *domain.Case
	Form     *Form
	Purposes map[string]bool
	Wording  string
}

func (ui *UI) consentPage(w http.ResponseWriter, r *http.Request, status int, page string, f *Form) {
	id := server.IdentityOf(r)
	c, err := ui.Cases.Get(r.Context(), id.Actor(), r.PathValue("id"))
	if err == nil && !casework.CanEdit(id.User, c) {
		err = domain.Errorf(domain.EFORBIDDEN, "You can look at this case but not change it. Ask the practitioner who owns it.")
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v := consentView{Case: c, Form: f, Purposes: map[string]bool{}, Wording: ConsentWording}
	for _, p := range r.PostForm["purposes"] {
		v.Purposes[p] = true
	}
	ui.render(w, r, status, page, View{Title: "Consent for case " + c.Reference, Nav: "caseload", Data: v})
}

func (ui *UI) consentForm(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	ui.consentPage(w, r, http.StatusOK, "consent_form", &Form{Values: map[string]string{}, Errors: map[string]string{}})
}

// readConsent reads the consent form; the input is validated by the domain.
func readConsent(r *http.Request) (*Form, lifecycle.ConsentInput) {
	f := newForm(r, "given_by", "signature", "child_assent", "retain_days")
	in := lifecycle.ConsentInput{Purposes: r.PostForm["purposes"], GivenBy: f.Get("given_by"), Signature: f.Get("signature"),
		WordingVersion: ConsentWording}
	switch f.Get("child_assent") {
	case "yes", "no":
		b := f.Get("child_assent") == "yes"
		in.ChildAssent = &b
	}
	if d, err := strconv.Atoi(f.Get("retain_days")); err == nil {
		in.RetainDays = &d
	}
	return f, in
}

// checkConsent shows the answers back before anyone signs.
func (ui *UI) checkConsent(w http.ResponseWriter, r *http.Request) {
	f, in := readConsent(r)
	in.Signature = "-" // signing is the next step
	if err := in.Validate(); err != nil {
		f.Fail(err)
		ui.consentPage(w, r, http.StatusBadRequest, "consent_form", f)
		return
	}
	ui.consentPage(w, r, http.StatusOK, "consent_check", f)
}

func (ui *UI) signConsent(w http.ResponseWriter, r *http.Request) {
	f, in := readConsent(r)
	_, err := ui.Lifecycle.RecordConsent(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in)
	if err != nil {
		f.Fail(err)
		page := "consent_check"
		if domain.ErrorCode(err) != domain.EINVALID || (f.Error("signature") == "" && f.Message == "") {
			page = "consent_form"
		}
		ui.consentPage(w, r, server.Status(err), page, f)
		return
	}
	redirect(w, r, "/cases/"+r.PathValue("id"), "Consent recorded, signed by "+in.Signature+".")
}

type withdrawView struct {
	Consent *domain.Consent
	Films   []*domain.Recording
}

func (ui *UI) confirmWithdraw(w http.ResponseWriter, r *http.Request) {
	c, films, err := ui.Lifecycle.ErasurePlan(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "consent_withdraw", View{Title: "Withdraw consent", Nav: "caseload", Data: withdrawView{c, films}})
}

func (ui *UI) withdraw(w http.ResponseWriter, r *http.Request) {
	res, err := ui.Lifecycle.Withdraw(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	msg := "Consent withdrawn."
	if n := len(res.Erased); n > 0 {
		msg += " " + strconv.Itoa(n) + " recording(s) deleted."
	}
	if len(res.NotErased) > 0 {
		msg += " Some recordings could not be deleted yet; tell your administrator."
	}
	redirect(w, r, "/cases/"+res.Consent.CaseID, msg)
}
