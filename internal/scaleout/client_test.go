package scaleout_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// client calls attune's JSON API with a bearer token, or its web pages
// with a session cookie, on whichever server it is pointed at.
type client struct {
	t       *testing.T
	token   string
	cookies []*http.Cookie
}

// noRedirect is an HTTP client that shows redirects instead of following
// them, so that a sign-in's redirect and cookie can be checked.
var noRedirect = &http.Client{Timeout: 60 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (c *client) do(method, url string, body io.Reader, hdr map[string]string) (*http.Response, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: reading the answer: %v", method, url, err)
	}
	return res, b
}

// json sends in as JSON to base+path and decodes the answer into out.
func (c *client) json(method, base, path string, in, out any) int {
	c.t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	res, b := c.do(method, base+path, body, map[string]string{"Content-Type": "application/json"})
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil && res.StatusCode < 300 {
			c.t.Fatalf("%s %s: %d answer is not JSON: %.300s", method, path, res.StatusCode, b)
		}
	}
	return res.StatusCode
}

// form posts a web form and keeps any cookie the answer sets.
func (c *client) form(base, path string, values url.Values) (*http.Response, []byte) {
	c.t.Helper()
	res, b := c.do("POST", base+path, strings.NewReader(values.Encode()),
		map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	c.keepCookies(res)
	return res, b
}

func (c *client) keepCookies(res *http.Response) {
	for _, ck := range res.Cookies() {
		kept := c.cookies[:0]
		for _, old := range c.cookies {
			if old.Name != ck.Name {
				kept = append(kept, old)
			}
		}
		c.cookies = kept
		if ck.MaxAge >= 0 && ck.Value != "" {
			c.cookies = append(c.cookies, ck)
		}
	}
}

// head asks a tus upload for its offset.
func (c *client) head(base, path string) int64 {
	c.t.Helper()
	res, _ := c.do("HEAD", base+path, nil, map[string]string{"Tus-Resumable": "1.0.0"})
	if res.StatusCode != 200 {
		c.t.Fatalf("HEAD %s%s: %d", base, path, res.StatusCode)
	}
	n, _ := strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
	return n
}

// send PATCHes data[from:to] to one server in pieces of piece bytes.
func (c *client) send(base, path string, data []byte, from, to, piece int) {
	c.t.Helper()
	for off := from; off < to; {
		end := min(to, off+piece)
		res, b := c.do("PATCH", base+path, bytes.NewReader(data[off:end]), map[string]string{"Tus-Resumable": "1.0.0",
			"Content-Type": "application/offset+octet-stream", "Upload-Offset": strconv.Itoa(off)})
		if got := res.Header.Get("Upload-Offset"); res.StatusCode != 204 || got != strconv.Itoa(end) {
			c.t.Fatalf("PATCH %d..%d to %s: %d, offset %s: %s", off, end, base, res.StatusCode, got, b)
		}
		off = end
	}
}

// waitFor polls path until field is one of want or the time is up.
func (c *client) waitFor(base, path, field string, within time.Duration, want ...string) map[string]any {
	c.t.Helper()
	var v map[string]any
	for deadline := time.Now().Add(within); ; time.Sleep(200 * time.Millisecond) {
		v = nil
		c.json("GET", base, path, nil, &v)
		for _, w := range want {
			if v[field] == w {
				return v
			}
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("%s: %s is %v after %s, want one of %v: %v", path, field, v[field], within, want, v)
		}
	}
}
