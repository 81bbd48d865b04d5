package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"
)

// nextOf is where to go after signing in (or the second factor): the request's
// "next" parameter (form or query) when it is a path on this site, else "/".
// Every page that reads next reads it here.
func nextOf(r *http.Request) string { return safeNext(r.FormValue("next")) }

// safeNext keeps a return address on this site: a local path such as
// /cases/x?tab=1 is kept, anything else becomes "/".
func safeNext(next string) string {
	if !localPath(next) {
		return "/"
	}
	return next
}

// localPath tells whether p is a path on this site and nothing a browser
// could read as another: no scheme or host, no second leading slash, no
// backslash and no control character (browsers drop tabs and newlines, so
// "/\t/evil.example" would become "//evil.example"), also once decoded.
func localPath(p string) bool {
	plain, err := url.PathUnescape(p)
	if err != nil || !plainLocal(p) || !plainLocal(plain) {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == ""
}

func plainLocal(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") &&
		!strings.ContainsFunc(p, func(r rune) bool { return r == '\\' || unicode.IsControl(r) || r == unicode.ReplacementChar })
}
