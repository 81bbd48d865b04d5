package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/attune-vig/attune/internal/vault"
)

// serveReader sends a decrypted file. Single byte ranges (what video
// players ask for) are written in whole decrypted blocks by the read-ahead
// (singleRange); anything else (several ranges, If-Range) goes through
// http.ServeContent.
func serveReader(w http.ResponseWriter, r *http.Request, f *vault.Reader, modtime time.Time) {
	ahead := f.ReadAhead(1 << 20)
	defer ahead.Close()
	size := f.Size()
	start, length, partial, ok := singleRange(r.Header.Get("Range"), size)
	if !ok || r.Header.Get("If-Range") != "" {
		http.ServeContent(w, r, "", modtime, ahead)
		return
	}
	h := w.Header()
	h.Set("Accept-Ranges", "bytes")
	h.Set("Content-Length", strconv.FormatInt(length, 10))
	h.Set("Last-Modified", modtime.UTC().Format(http.TimeFormat))
	status := http.StatusOK
	if partial {
		status = http.StatusPartialContent
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, start+length-1, size))
	}
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	ahead.Within(start + length)
	ahead.Seek(start, 0)
	ahead.CopyTo(w, length)
}
