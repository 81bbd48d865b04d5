package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
)

// The static files are served one by one; no folder is listed.
func TestStaticFoldersAreNotListed(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	cases := []struct {
		path string
		want int
	}{
		{"/static/", http.StatusNotFound},
		{"/static/workspace/", http.StatusNotFound},
		{"/static/workspace", http.StatusNotFound},
		{"/static/attune.css", http.StatusOK},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, c := range cases {
		res, err := client.Get(in.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.want {
			t.Errorf("GET %s: %d, want %d", c.path, res.StatusCode, c.want)
		}
		if strings.Contains(string(b), `<a href="`) && strings.Contains(string(b), ".js") {
			t.Errorf("GET %s lists files:\n%.300s", c.path, b)
		}
	}
}
