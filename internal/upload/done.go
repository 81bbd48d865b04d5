package upload

import (
	"io"
	"net/http"
	"strconv"
)

// answerDone answers a request for an upload that finished earlier: HEAD
// gives the full length, as for any complete tus upload; a PATCH at the end
// with nothing more to send is acknowledged; anything else is refused, as
// the file is already stored.
func answerDone(w http.ResponseWriter, r *http.Request, up *Upload) {
	size := strconv.FormatInt(up.Size, 10)
	w.Header().Set("Tus-Resumable", "1.0.0")
	w.Header().Set("Cache-Control", "no-store")
	if method(r) == http.MethodHead {
		w.Header().Set("Upload-Offset", size)
		w.Header().Set("Upload-Length", size)
		w.WriteHeader(http.StatusOK)
		return
	}
	n, _ := io.Copy(io.Discard, io.LimitReader(r.Body, 1))
	if r.Header.Get("Upload-Offset") == size && n == 0 {
		w.Header().Set("Upload-Offset", size)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Error(w, "This recording has already been uploaded in full. Open it from the case page.", http.StatusConflict)
}
