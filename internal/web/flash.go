package web

import (
	"net/http"
	"net/url"
)

const flashCookie = "attune_flash"

// setFlash keeps a short confirmation ("Case saved.") for the next page.
func setFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// takeFlash reads and clears the confirmation.
func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	v, _ := url.QueryUnescape(c.Value)
	if len(v) > 200 {
		v = v[:200]
	}
	return v
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
