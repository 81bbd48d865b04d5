package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"time"
)

// NewClient returns an HTTP client for one load client: its own cookie jar,
// keep-alive connections enough for clients concurrent requests, no
// redirects followed (a redirect is a failure to report, not to hide).
func NewClient(clients int, timeout time.Duration) *http.Client {
	jar, _ := cookiejar.New(nil) // never fails without options
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(clients, 100)
	t.MaxIdleConnsPerHost = max(clients, 50)
	t.MaxConnsPerHost = 0
	return &http.Client{
		Jar: jar, Transport: t, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Get requests url with the headers given and succeeds only on status 200.
// It drains and closes the body so the connection is reused.
func Get(ctx context.Context, c *http.Client, url string, header http.Header) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d, want 200", req.URL.Path, resp.StatusCode)
	}
	if err != nil {
		return fmt.Errorf("GET %s: reading body: %w", req.URL.Path, err)
	}
	return nil
}
