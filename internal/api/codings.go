package api

import (
	"bytes"
	"context"
	"errors"
	"github.com/attune-vig/attune/internal/accounts"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/attune-vig/attune/internal/agreement"
	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

// registerCodings adds blind double coding: second codings of a recording,
// marking them done, and the agreement between two codings.
func (a *API) registerCodings(s *server.Server) {
	s.Handle("POST /api/v1/recordings/{id}/codings", server.CaseStaff, a.startCoding)
	s.Handle("GET /api/v1/recordings/{id}/codings", server.CaseStaff, a.listCodings, server.Views("recording"))
	s.Handle("GET /api/v1/codings/{id}", server.CaseStaff, a.getCoding, server.Views("coding"))
	s.Handle("PUT /api/v1/codings/{id}/done", server.CaseStaff, a.codingDone)
	s.Handle("PUT /api/v1/codings/{id}/open", server.CaseStaff, a.openCoding)
	s.Handle("GET /api/v1/recordings/{id}/agreement", server.CaseStaff, a.getAgreement, server.Views("recording"))
	s.Handle("GET /api/v1/recordings/{id}/agreement.csv", server.CaseStaff, a.agreementFile("csv"), server.Views("recording"))
	s.Handle("GET /api/v1/recordings/{id}/agreement.eaf", server.CaseStaff, a.agreementFile("eaf"), server.Views("recording"))
	s.Handle("POST /api/v1/recordings/{id}/codings/import", server.CaseStaff, a.importSecondCoding)
	s.AllowLargeBody("POST", "/codings/import", MaxCodingCSV)
}

type codingJSON struct {
	ID          string     `json:"id"`
	RecordingID string     `json:"recording_id"`
	CoderName   string     `json:"coder_name"`
	CoderEmail  string     `json:"coder_email"`
	Source      string     `json:"source"`
	Moments     *int       `json:"moments"` // null while the coding is blind to the caller
	Done        bool       `json:"done"`
	MainDone    bool       `json:"main_done"`
	Revealed    bool       `json:"revealed"`
	DoneAt      *time.Time `json:"done_at"`
	MainDoneAt  *time.Time `json:"main_done_at"`
	OpenedAt    *time.Time `json:"opened_at"`
	CreatedAt   time.Time  `json:"created_at"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func codingOut(v analysis.CodingView) codingJSON {
	c := v.Coding
	out := codingJSON{ID: c.ID, RecordingID: c.RecordingID, CoderName: v.CoderName, CoderEmail: v.CoderEmail, Source: c.Source,
		Done: !c.DoneAt.IsZero(), MainDone: !c.MainDoneAt.IsZero(), Revealed: c.Revealed(), DoneAt: optTime(c.DoneAt),
		MainDoneAt: optTime(c.MainDoneAt), OpenedAt: optTime(c.OpenedAt), CreatedAt: c.CreatedAt}
	if v.Mine || c.Revealed() {
		out.Moments = &v.Moments
	}
	return out
}

func (a *API) startCoding(w http.ResponseWriter, r *http.Request) {
	var in struct {
		CoderEmail string `json:"coder_email"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	c, err := a.Analysis.StartCoding(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.CoderEmail)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/codings/"+c.ID)
	server.WriteJSON(w, http.StatusCreated, struct {
		ID string `json:"id"`
	}{c.ID})
}

func (a *API) listCodings(w http.ResponseWriter, r *http.Request) {
	vs, err := a.Analysis.Codings(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Codings []codingJSON `json:"codings"`
	}{Codings: []codingJSON{}}
	for _, v := range vs {
		out.Codings = append(out.Codings, codingOut(v))
	}
	server.WriteJSON(w, http.StatusOK, out)
}

func (a *API) getCoding(w http.ResponseWriter, r *http.Request) {
	v, _, err := a.Analysis.Coding(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, codingOut(v))
}

func (a *API) codingDone(w http.ResponseWriter, r *http.Request) {
	a.codingStep(w, r, a.Analysis.MarkDone)
}

func (a *API) openCoding(w http.ResponseWriter, r *http.Request) {
	a.codingStep(w, r, a.Analysis.OpenCoding)
}

// codingStep runs a change to a coding and answers with the coding as it is.
func (a *API) codingStep(w http.ResponseWriter, r *http.Request, step func(context.Context, accounts.Actor, string) (*domain.Coding, error)) {
	actor := server.IdentityOf(r).Actor()
	if _, err := step(r.Context(), actor, r.PathValue("id")); err != nil {
		server.WriteError(w, r, err)
		return
	}
	v, _, err := a.Analysis.Coding(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, codingOut(v))
}

// agreementOptions reads overlap, tolerance_ms and slice_ms.
func agreementOptions(r *http.Request) (agreement.Options, error) {
	var o agreement.Options
	q := r.URL.Query()
	if v := q.Get("overlap"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 || f > 1 {
			return o, domain.FieldError("overlap", "\"overlap\" is the share of the longer moment two moments must share to pair, above 0 and at most 1 (ELAN's default is 0.6).")
		}
		o.Overlap = f
	}
	for name, dst := range map[string]*int{"tolerance_ms": &o.ToleranceMS, "slice_ms": &o.SliceMS} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 3_600_000 {
				return o, domain.FieldError(name, "%q is a whole number of milliseconds from 0 (e.g. 500).", name)
			}
			*dst = n
		}
	}
	return o, nil
}

// comparison reads the query and compares the two codings it names,
// answering the error itself.
func (a *API) comparison(w http.ResponseWriter, r *http.Request) (*analysis.Comparison, bool) {
	o, err := agreementOptions(r)
	if err == nil && r.URL.Query().Get("b") == "" {
		err = domain.FieldError("b", "\"b\" is required: the id of a second coding (GET /api/v1/recordings/{id}/codings lists them); \"a\" left out is the main coding.")
	}
	var c *analysis.Comparison
	if err == nil {
		q := r.URL.Query()
		c, err = a.Analysis.Agreement(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), q.Get("a"), q.Get("b"), o)
	}
	if err != nil {
		server.WriteError(w, r, err)
		return nil, false
	}
	return c, true
}

// agreementFile downloads the agreement table (csv) or both codings as
// one ELAN file with two tiers per code (eaf).
func (a *API) agreementFile(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := a.comparison(w, r)
		if !ok {
			return
		}
		var buf bytes.Buffer
		var err error
		if format == "csv" {
			err = analysis.WriteAgreementCSV(&buf, c)
		} else {
			var ca, cb *analysis.Coding
			if ca, cb, err = a.Analysis.BothCodings(r.Context(), c); err == nil {
				err = analysis.WriteBothEAF(&buf, ca, cb, c.AName, c.BName, time.Now())
			}
		}
		if err != nil {
			server.WriteError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", exportTypes[format])
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "agreement-" + c.Recording.ID + "." + format}))
		w.Header().Set("Cache-Control", "private, no-store")
		w.Write(buf.Bytes())
	}
}

// importSecondCoding brings another coder's file in as a second coding:
// ?format=eaf|boris|csv&coder_name=…(&tier=… for ELAN), the file as the body.
func (a *API) importSecondCoding(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	c, n, err := a.Analysis.ImportCoding(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), analysis.ImportInput{
		Format: q.Get("format"), CoderName: q.Get("coder_name"), Tier: q.Get("tier"), Body: r.Body})
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		err = domain.Errorf(domain.ETOOLARGE, "The file is over the %d-byte limit of one request. Split it and import each part as its own coding.", tooBig.Limit)
	}
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/codings/"+c.ID)
	server.WriteJSON(w, http.StatusCreated, struct {
		ID      string `json:"id"`
		Moments int    `json:"moments"`
	}{c.ID, n})
}

func (a *API) getAgreement(w http.ResponseWriter, r *http.Request) {
	c, ok := a.comparison(w, r)
	if !ok {
		return
	}
	server.WriteJSON(w, http.StatusOK, struct {
		A           string                `json:"a"`
		B           string                `json:"b"`
		Overlap     float64               `json:"overlap"`
		ToleranceMS int                   `json:"tolerance_ms"`
		SliceMS     int                   `json:"slice_ms"`
		FPS         float64               `json:"fps"`
		Events      agreement.EventResult `json:"events"`
		Frames      agreement.FrameResult `json:"frames"`
	}{c.AID, c.BID, c.Options.Overlap, c.Options.ToleranceMS, c.Options.SliceMS, c.Options.FPS, c.Result.Events, c.Result.Frames})
}
