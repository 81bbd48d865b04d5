package api

import (
	"net/http"

	"github.com/attune-vig/attune/internal/server"
)

// chooseScheme sets the coding scheme of a recording not yet coded:
// {"scheme_id": "…"} → the recording.
func (a *API) chooseScheme(w http.ResponseWriter, r *http.Request) {
	var in struct {
		SchemeID *string `json:"scheme_id"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if in.SchemeID == nil {
		server.WriteError(w, r, required("scheme_id"))
		return
	}
	rec, err := a.Analysis.ChooseScheme(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), *in.SchemeID)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, recordingOut(rec))
}
