package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/recordings"
)

// serveFile sends a recording's decrypted file (see serveReader).
func serveFile(w http.ResponseWriter, r *http.Request, f *recordings.File, modtime time.Time) {
	serveReader(w, r, f.Reader, modtime)
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
