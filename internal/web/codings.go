package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/agreement"
	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/supervision"
)

// registerCodings adds blind double coding to the recording's page: start a
// second coding, mark a side done, open both, and the agreement page.
func (ui *UI) registerCodings(s *server.Server) {
	s.Handle("POST /recordings/{id}/codings", server.CaseStaff, ui.startCoding)
	s.Handle("POST /codings/{id}/done", server.CaseStaff, ui.codingDone)
	s.Handle("POST /codings/{id}/open", server.CaseStaff, ui.openCoding)
	s.Handle("GET /recordings/{id}/agreement", server.CaseStaff, ui.agreementPage, server.Views("recording"))
	s.Handle("POST /recordings/{id}/agreement/comment", server.CaseStaff, ui.differenceComment)
	s.Handle("POST /recordings/{id}/codings/import", server.CaseStaff, ui.importCoding)
}

// importCoding brings another coder's file in as a second coding.
func (ui *UI) importCoding(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	f := &Form{Values: map[string]string{"coder_name": r.PostFormValue("coder_name"), "format": r.PostFormValue("format"),
		"tier": r.PostFormValue("tier")}, Errors: map[string]string{}}
	if !ui.ownsRecording(w, r) {
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		f.Fail(domain.FieldError("file", "Choose the file to import: an ELAN .eaf, a BORIS export or attune's coding CSV."))
		ui.renderRecording(w, r, http.StatusBadRequest, nil, f)
		return
	}
	defer file.Close()
	c, n, err := ui.Analysis.ImportCoding(r.Context(), a, r.PathValue("id"), analysis.ImportInput{Format: f.Get("format"),
		CoderName: f.Get("coder_name"), Tier: f.Get("tier"), Body: file})
	if err != nil {
		if s := server.Status(err); s != http.StatusBadRequest && s != http.StatusRequestEntityTooLarge {
			ui.fail(w, r, err)
			return
		}
		f.Fail(err)
		ui.renderRecording(w, r, http.StatusBadRequest, nil, f)
		return
	}
	redirect(w, r, "/recordings/"+url.PathEscape(c.RecordingID), fmt.Sprintf("%d moments of %s's coding came in. Mark your own coding done, if you haven't, to compare the two.", n, c.CoderLabel))
}

func (ui *UI) startCoding(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	f := newForm(r, "coder_email")
	if _, err := ui.Analysis.StartCoding(r.Context(), a, r.PathValue("id"), f.Get("coder_email")); err != nil {
		if server.Status(err) != http.StatusBadRequest {
			ui.fail(w, r, err)
			return
		}
		f.Fail(err)
		ui.renderRecording(w, r, http.StatusBadRequest, f, nil)
		return
	}
	redirect(w, r, "/recordings/"+url.PathEscape(r.PathValue("id")), "The second coding has started. Your colleague finds it on this recording's page; neither of you sees the other's moments until you have both marked your coding done.")
}

// codingStep marks done or opens a coding, then goes back to the film's page
// (or shows it again with the reason it was refused).
func (ui *UI) codingStep(w http.ResponseWriter, r *http.Request, step func() (*domain.Coding, error), said string) {
	c, err := step()
	if err != nil {
		v, rec, lookErr := ui.Analysis.Coding(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
		if lookErr != nil || v.Coding == nil {
			ui.fail(w, r, err)
			return
		}
		r.SetPathValue("id", rec.ID)
		ui.renderRecording(w, r, server.Status(err), &Form{Values: map[string]string{}, Errors: map[string]string{}, Message: domain.ErrorMessage(err)}, nil)
		return
	}
	if c.Revealed() {
		said += " Both codings can now be compared."
	}
	redirect(w, r, "/recordings/"+url.PathEscape(c.RecordingID), said)
}

func (ui *UI) codingDone(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	ui.codingStep(w, r, func() (*domain.Coding, error) { return ui.Analysis.MarkDone(r.Context(), a, r.PathValue("id")) },
		"Marked done.")
}

func (ui *UI) openCoding(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	ui.codingStep(w, r, func() (*domain.Coding, error) { return ui.Analysis.OpenCoding(r.Context(), a, r.PathValue("id")) },
		"Both codings are open to both of you now.")
}

// agreementView is the agreement page.
type agreementView struct {
	C           *analysis.Comparison
	Labels      map[string]string // code -> its label in the scheme
	Colours     map[string]string
	Codes       []agreeRow
	Differences []differenceRow
	Lanes       [2][]laneItem
	Shares      []*domain.MaterialShare // live supervision copies of this film the caller supervises
	Query       string                  // the options, for links
	APIQuery    string                  // the same for the API's downloads
	Disagree    int                     // pairs with different codes
	ConfHead    []string                // the confusion table's columns (B's codes)
	ConfRows    []confRow
	SliceSecond bool
	OverlapPct  int
	ToleranceS  string
}

// agreeRow is one code's line of the tables.
type agreeRow struct {
	Code, Label             string
	Both, AOnly, BOnly      int
	Kappa                   string
	AFrames, BFrames, Both2 int
	FKappa, AC1             string
}

// confRow is one of A's codes across B's.
type confRow struct {
	Label string
	Cells []int
}

// differenceRow is one difference in words.
type differenceRow struct {
	N           int
	Start, End  int
	StartS      string // seconds, for the player
	When        string // m:ss.s
	Words       string
	Left, Width string // on the timeline, in per cent
	Kind        string // "differ", "only-a", "only-b"
}

// laneItem is one moment on the side-by-side timeline: where it lies (per
// cent of the film) and its code's colour, which agreement.js applies (the
// content security policy allows no inline styles).
type laneItem struct {
	Left, Width string
	Colour      string
	Label       string
	Differs     bool
}

func (ui *UI) agreementPage(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	q := r.URL.Query()
	o, problem := pageOptions(q)
	c, err := ui.Analysis.Agreement(r.Context(), a, r.PathValue("id"), q.Get("a"), q.Get("b"), o)
	if err != nil {
		if server.Status(err) == http.StatusForbidden || server.Status(err) == http.StatusBadRequest {
			r.URL.RawQuery = ""
			ui.renderRecording(w, r, server.Status(err), &Form{Values: map[string]string{}, Errors: map[string]string{}, Message: domain.ErrorMessage(err)}, nil)
			return
		}
		ui.fail(w, r, err)
		return
	}
	v, err := ui.agreementView(r, a, c)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "agreement", View{Title: "Agreement · " + c.Recording.Filename, Nav: "caseload", Data: v, Problem: problem})
}

// pageOptions reads the page's settings; a setting out of range falls back
// to the default, and the page says so.
func pageOptions(q url.Values) (agreement.Options, string) {
	var o agreement.Options
	problem := ""
	if v := q.Get("overlap"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10 || n > 100 {
			problem = "The overlap must be a percentage from 10 to 100; the page uses 60 %."
		} else {
			o.Overlap = float64(n) / 100
		}
	}
	if v := q.Get("tolerance"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 10 {
			problem = "The tolerance for points must be from 0 to 10 seconds; the page uses 0.5 s."
		} else {
			o.ToleranceMS = int(math.Round(f * 1000))
		}
	}
	if q.Get("slice") == "second" {
		o.SliceMS = 1000
	}
	return o, problem
}

func (ui *UI) agreementView(r *http.Request, a accounts.Actor, c *analysis.Comparison) (*agreementView, error) {
	sc, err := ui.Analysis.Scheme(r.Context(), c.Recording.SchemeID)
	if err != nil {
		return nil, err
	}
	v := &agreementView{C: c, Labels: map[string]string{}, Colours: map[string]string{}, SliceSecond: c.Options.SliceMS >= 1000,
		OverlapPct: int(math.Round(c.Options.Overlap * 100)), ToleranceS: strconv.FormatFloat(float64(c.Options.ToleranceMS)/1000, 'f', -1, 64)}
	for _, code := range sc.Codes {
		v.Labels[code.Code], v.Colours[code.Code] = code.Label, code.Colour
		for _, sub := range code.Subcodes {
			v.Labels[sub.Code], v.Colours[sub.Code] = code.Label+": "+sub.Label, code.Colour
		}
	}
	v.Codes = codeRows(c, v.label)
	v.Disagree = c.Result.Events.Pairs - c.Result.Events.Agree
	v.ConfHead, v.ConfRows = confusion(c, v.label)
	v.Differences = ui.differenceRows(c, v.label)
	v.Lanes = lanes(c, v)
	v.Query = fmt.Sprintf("b=%s&overlap=%d&tolerance=%s", url.QueryEscape(c.BID), v.OverlapPct, v.ToleranceS)
	if c.AID != "" {
		v.Query = "a=" + url.QueryEscape(c.AID) + "&" + v.Query
	}
	v.APIQuery = fmt.Sprintf("b=%s&overlap=%s&tolerance_ms=%d&slice_ms=%d", url.QueryEscape(c.BID),
		strconv.FormatFloat(c.Options.Overlap, 'f', -1, 64), c.Options.ToleranceMS, c.Options.SliceMS)
	if c.AID != "" {
		v.APIQuery = "a=" + url.QueryEscape(c.AID) + "&" + v.APIQuery
	}
	if v.SliceSecond {
		v.Query += "&slice=second"
	}
	_, withMe, err := ui.sup().Shares(r.Context(), a)
	if err != nil {
		return nil, err
	}
	for _, m := range withMe {
		if (m.Kind == domain.MaterialRecording || m.Kind == domain.MaterialReview) && m.MaterialID == c.Recording.ID && m.WithdrawnAt == nil && !m.NoConsent {
			v.Shares = append(v.Shares, m)
		}
	}
	return v, nil
}

func (v *agreementView) label(code string) string {
	if l, ok := v.Labels[code]; ok {
		return l
	}
	return code
}

// score writes a coefficient to two decimals, or says it can't be computed.
func score(s agreement.Score) string {
	if !s.Defined() {
		return "not computable"
	}
	return strconv.FormatFloat(float64(s), 'f', 2, 64)
}

func codeRows(c *analysis.Comparison, label func(string) string) []agreeRow {
	var out []agreeRow
	ev, fr := c.Result.Events, c.Result.Frames
	for _, code := range ev.Codes {
		if code == agreement.Unmatched {
			continue
		}
		e, f := ev.PerCode[code], fr.PerCode[code]
		out = append(out, agreeRow{Code: code, Label: label(code), Both: e.Both, AOnly: e.AOnly, BOnly: e.BOnly, Kappa: score(e.Kappa),
			AFrames: f.AFrames, BFrames: f.BFrames, Both2: f.BothFrames, FKappa: score(f.Kappa), AC1: score(f.AC1)})
	}
	return out
}

// secondsAt is a frame's time by the recording's nominal rate.
func secondsAt(rec *domain.Recording, frame int) float64 {
	fps := rec.FPS
	if fps <= 0 {
		fps = 25
	}
	return float64(frame) / fps
}

func whenText(sec float64) string {
	m := int(sec) / 60
	return fmt.Sprintf("%d:%04.1f", m, sec-float64(m*60))
}

// span places frames start..end on the timeline, in per cent of the film.
func span(rec *domain.Recording, start, end int) (string, string) {
	n := max(rec.FrameCount, end+1, 1)
	left := float64(start) / float64(n) * 100
	width := math.Max(float64(end-start+1)/float64(n)*100, 0.4)
	return strconv.FormatFloat(left, 'f', 3, 64), strconv.FormatFloat(width, 'f', 3, 64)
}

func (ui *UI) differenceRows(c *analysis.Comparison, label func(string) string) []differenceRow {
	var out []differenceRow
	for i, d := range c.Differences() {
		sec := secondsAt(c.Recording, d.StartFrame)
		row := differenceRow{N: i + 1, Start: d.StartFrame, End: d.EndFrame, StartS: strconv.FormatFloat(sec, 'f', 3, 64), When: whenText(sec)}
		row.Left, row.Width = span(c.Recording, d.StartFrame, d.EndFrame)
		switch {
		case d.ACode == "":
			row.Kind, row.Words = "only-b", fmt.Sprintf("%s coded %s; %s coded nothing here.", c.BName, label(d.BCode), c.AName)
		case d.BCode == "":
			row.Kind, row.Words = "only-a", fmt.Sprintf("%s coded %s; %s coded nothing here.", c.AName, label(d.ACode), c.BName)
		default:
			row.Kind, row.Words = "differ", fmt.Sprintf("%s coded %s; %s coded %s.", c.AName, label(d.ACode), c.BName, label(d.BCode))
		}
		out = append(out, row)
	}
	return out
}

// lanes places both codings' moments on two rows, marking those that
// differ (a pair with different codes, or a moment without a partner).
func lanes(c *analysis.Comparison, v *agreementView) [2][]laneItem {
	agreeA, agreeB := map[int]bool{}, map[int]bool{}
	for _, p := range c.Result.Events.Matches {
		if c.A[p.A].Code == c.B[p.B].Code {
			agreeA[p.A], agreeB[p.B] = true, true
		}
	}
	var out [2][]laneItem
	for side, ms := range [2][]*domain.Annotation{c.A, c.B} {
		agree := agreeA
		if side == 1 {
			agree = agreeB
		}
		for i, m := range ms {
			colour := v.Colours[m.Code]
			if !hexColour.MatchString(colour) {
				colour = "#555"
			}
			left, width := span(c.Recording, m.StartFrame, m.EndFrame)
			out[side] = append(out[side], laneItem{Left: left, Width: width, Colour: colour, Label: v.label(m.Code), Differs: !agree[i]})
		}
	}
	return out
}

// hexColour is a scheme colour safe to put in a style.
var hexColour = regexp.MustCompile(`^#[0-9a-fA-F]{3,8}$`)

// differenceComment turns a difference into a comment in the supervision
// thread of a copy of this film the caller supervises.
func (ui *UI) differenceComment(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	frame, _ := strconv.Atoi(r.PostFormValue("frame"))
	shareID := r.PostFormValue("share")
	_, err := ui.sup().Comment(r.Context(), a, shareID, supervision.CommentInput{Frame: frame, Body: r.PostFormValue("body"), Discuss: true})
	back := "/recordings/" + url.PathEscape(r.PathValue("id")) + "/agreement?" + r.PostFormValue("query")
	if err != nil {
		if server.Status(err) == http.StatusBadRequest || server.Status(err) == http.StatusConflict {
			setProblem(w, r, back, domain.ErrorMessage(err))
			return
		}
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, back, "The difference is in the supervision thread, marked for discussion. Open it from Supervision.")
}

// setProblem goes back to a page with a message saying what went wrong.
func setProblem(w http.ResponseWriter, r *http.Request, to, msg string) {
	redirect(w, r, to, "That didn't work: "+msg)
}

// confusion is the confusion table in words: "no partner" for unmatched.
func confusion(c *analysis.Comparison, label func(string) string) ([]string, []confRow) {
	name := func(code string) string {
		if code == agreement.Unmatched {
			return "No partner"
		}
		return label(code)
	}
	codes := c.Result.Events.Codes
	var head []string
	for _, code := range codes {
		head = append(head, name(code))
	}
	var rows []confRow
	for _, ca := range codes {
		row := confRow{Label: name(ca)}
		for _, cb := range codes {
			row.Cells = append(row.Cells, c.Result.Events.Confusion[ca][cb])
		}
		rows = append(rows, row)
	}
	return head, rows
}

// ownsRecording says whether the caller owns the case of the recording the
// path names; if not, the answer (not found, or forbidden) is sent.
func (ui *UI) ownsRecording(w http.ResponseWriter, r *http.Request) bool {
	id := server.IdentityOf(r)
	rec, err := ui.Recordings.Get(r.Context(), id.Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return false
	}
	c, err := ui.Cases.Get(r.Context(), id.Actor(), rec.CaseID)
	if err == nil && !casework.IsOwner(id.User, c) {
		err = domain.Errorf(domain.EFORBIDDEN, "Only the case's owner can bring in a second coding. Ask them to import the file.")
	}
	if err != nil {
		ui.fail(w, r, err)
		return false
	}
	return true
}
