package api

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

var exportTypes = map[string]string{
	"csv": "text/csv; charset=utf-8",
	"vtt": "text/vtt; charset=utf-8",
	"eaf": "application/xml; charset=utf-8",
}

// exportCoding answers a recording's coding as CSV, WebVTT or ELAN .eaf.
func (a *API) exportCoding(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := a.Analysis.Export(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), format)
		if err != nil {
			server.WriteError(w, r, err)
			return
		}
		var buf bytes.Buffer
		switch format {
		case "csv":
			err = analysis.WriteCSV(&buf, c)
		case "vtt":
			err = analysis.WriteVTT(&buf, c)
		default:
			err = analysis.WriteEAF(&buf, c, time.Now())
		}
		if err != nil {
			server.WriteError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", exportTypes[format])
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": c.FileName(format)}))
		w.Header().Set("Cache-Control", "private, no-store")
		w.Write(buf.Bytes())
	}
}

// importCoding applies a coding CSV to a recording: every row or none.
// MaxCodingCSV is the largest coding CSV one import takes (about 100,000
// rows of the export's columns), above the 1 MiB cap of other requests.
const MaxCodingCSV = 8 << 20

func (a *API) importCoding(w http.ResponseWriter, r *http.Request) {
	body := io.Reader(r.Body)
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "text/csv" { // said after access is checked
		body = errReader{domain.Errorf(domain.EUNSUPPORTED, "Send the coding as CSV with the header Content-Type: text/csv (the columns of GET …/annotations.csv).")}
	}
	rep, err := a.Analysis.ImportCSV(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		err = domain.Errorf(domain.ETOOLARGE, "The CSV is over the %d-byte limit of one request. Split it into several files and import each.", tooBig.Limit)
	}
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, map[string]int{"created": rep.Created, "updated": rep.Updated})
}

// errReader fails every read with its error.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
