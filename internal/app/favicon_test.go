package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
)

// Every page names its icon, and a browser that asks for /favicon.ico
// anyway gets the same picture, not a 404 in the log.
func TestFavicon(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	const link = `<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">`
	for _, page := range []string{"/login", "/family/signin"} {
		if body := get(t, http.DefaultClient, in.URL+page); !strings.Contains(body, link) {
			t.Errorf("%s doesn't link the icon", page)
		}
	}
	for _, path := range []string{"/favicon.ico", "/static/favicon.svg"} {
		res, err := http.Get(in.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(string(b), "<svg") {
			t.Errorf("GET %s: %d %s, want the SVG icon", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
}
