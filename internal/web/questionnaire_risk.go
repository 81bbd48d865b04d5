package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/server"
)

// riskBox is the place under a question with risk answers where the
// service's help message appears as soon as such an answer is chosen (by
// qrisk.js), and at once when the saved answer already is one.
type riskBox struct {
	For     string // the form field
	Codes   string // the risk answers, space-separated
	Message string
	Shown   bool
}

func init() {
	funcs["riskBox"] = func(it *questionnaires.Item, name, value, message string) *riskBox {
		codes := it.RiskCodes()
		if len(codes) == 0 || message == "" {
			return nil
		}
		return &riskBox{For: name, Codes: strings.Join(codes, " "), Message: message, Shown: slices.Contains(codes, value)}
	}
}

// doneData is the thank-you page's: its language and, after a risk answer,
// the service's help message.
func (ui *UI) doneData(r *http.Request, lang string, risk bool) map[string]string {
	d := map[string]string{"Lang": lang}
	if server.IdentityOf(r).Family != nil { // came from the portal: offer the way back to it
		d["Portal"] = "1"
	}
	if risk {
		d["Risk"] = ui.Questionnaires.RiskMessage(r.Context(), lang)
	}
	return d
}
