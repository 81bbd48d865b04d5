package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/recordings"
)

// serveFile sends a decrypted file. Single byte ranges (what video players
// ask for) are written in whole decrypted blocks by the read-ahead; anything
// else (several ranges, If-Range) goes through http.ServeContent.
func serveFile(w http.ResponseWriter, r *http.Request, f *recordings.File, modtime time.Time) {
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
	ahead.Seek(start, 0)
	ahead.CopyTo(w, length)
}

// singleRange reads a Range header asking for one satisfiable byte range.
// ok is false for anything it does not handle itself (several ranges, an
// unsatisfiable or malformed one), which ServeContent then answers.
func singleRange(header string, size int64) (start, length int64, partial, ok bool) {
	if header == "" {
		return 0, size, false, true
	}
	spec, found := strings.CutPrefix(header, "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, 0, false, false
	}
	a, b, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return 0, 0, false, false
	}
	if a == "" { // the last b bytes
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, false, false
		}
		n = min(n, size)
		return size - n, n, true, size > 0
	}
	first, err := strconv.ParseInt(a, 10, 64)
	if err != nil || first < 0 || first >= size {
		return 0, 0, false, false
	}
	last := size - 1
	if b != "" {
		if last, err = strconv.ParseInt(b, 10, 64); err != nil || last < first {
			return 0, 0, false, false
		}
		last = min(last, size-1)
	}
	return first, last - first + 1, true, true
}
