package server

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/domain"
)

// badText is the one check of the text every request carries: its address,
// its query and a JSON, form or text body. A NUL character or bytes that
// aren't UTF-8 can't be stored (PostgreSQL refuses NUL; neither is text a
// person typed), so they get a 400 here, before any handler sees them.
// The body is read (within its size cap) and put back for the handler.
func badText(r *http.Request) error {
	if !cleanText(r.URL.Path) {
		return textError("the address")
	}
	if q, err := url.ParseQuery(r.URL.RawQuery); err == nil && !cleanValues(q) {
		return textError("the address's query")
	}
	kind := bodyKind(r)
	if kind == "" || r.Body == nil || strings.HasPrefix(r.URL.Path, UploadPrefix) {
		return nil
	}
	if kind == "multipart" {
		return badMultipart(r)
	}
	b, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b), errReader{err}))
	if err != nil {
		return nil // too large or cut short: the handler says so, as before
	}
	return checkBody(kind, b)
}

func checkBody(kind string, b []byte) error {
	switch {
	case kind == "form":
		if v, err := url.ParseQuery(string(b)); err == nil && !cleanValues(v) {
			return textError("a field of the form")
		}
	case !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0:
		return textError("the body (save a CSV file as UTF-8)")
	case kind == "json" && jsonHasNUL(b):
		return textError("the JSON body")
	}
	return nil
}

// bodyKind names the bodies that hold text: json, form or text; "" for
// the rest (uploads, multipart files).
func bodyKind(r *http.Request) string {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return "json"
	case mt == "application/x-www-form-urlencoded":
		return "form"
	case strings.HasPrefix(mt, "text/"):
		return "text"
	case mt == "multipart/form-data":
		return "multipart"
	}
	return ""
}

// badMultipart checks a multipart form's fields, file names and the files
// that hold text (JSON, CSV, plain text). It parses the form as the
// handler's FormFile would, so the handler finds it parsed.
func badMultipart(r *http.Request) error {
	if err := r.ParseMultipartForm(multipartMemory); err != nil {
		return nil // the handler meets the same error and says so
	}
	if !cleanValues(url.Values(r.MultipartForm.Value)) {
		return textError("a field of the form")
	}
	for _, fhs := range r.MultipartForm.File {
		for _, fh := range fhs {
			if !cleanText(fh.Filename) {
				return textError("a file's name")
			}
			if err := badFile(fh); err != nil {
				return err
			}
		}
	}
	return nil
}

// multipartMemory is what net/http's FormFile keeps in memory.
const multipartMemory = 32 << 20

// badFile checks an uploaded file that holds text (by its type or name).
func badFile(fh *multipart.FileHeader) error {
	mt, _, _ := mime.ParseMediaType(fh.Header.Get("Content-Type"))
	name := strings.ToLower(fh.Filename)
	kind := ""
	switch {
	case strings.HasSuffix(name, ".json") || mt == "application/json" || strings.HasSuffix(mt, "+json"):
		kind = "json"
	case strings.HasSuffix(name, ".csv") || strings.HasSuffix(name, ".txt") || strings.HasPrefix(mt, "text/"):
		kind = "text"
	default:
		return nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil
	}
	if checkBody(kind, b) != nil {
		return textError("the file " + fh.Filename)
	}
	return nil
}

// jsonHasNUL tells whether a string (a member name or value) of a JSON
// document holds a NUL, written as the escape \u0000.
func jsonHasNUL(b []byte) bool {
	if !bytes.Contains(b, []byte(`\u0000`)) {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false // not JSON: the handler's decoder says what is wrong
		}
		if s, ok := tok.(string); ok && strings.IndexByte(s, 0) >= 0 {
			return true
		}
	}
}

func cleanValues(v url.Values) bool {
	for k, vs := range v {
		if !cleanText(k) {
			return false
		}
		for _, s := range vs {
			if !cleanText(s) {
				return false
			}
		}
	}
	return true
}

func cleanText(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

func textError(where string) error {
	return domain.Errorf(domain.EINVALID, "%s holds a NUL character or bytes that aren't UTF-8 text, which attune can't store. "+
		"Remove them (they often come from pasting from another program) and send it again.", strings.ToUpper(where[:1])+where[1:])
}

// errReader gives err after the bytes read before it (nil: io.EOF).
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) {
	if e.err == nil {
		return 0, io.EOF
	}
	return 0, e.err
}
