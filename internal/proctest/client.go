package proctest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// Client calls attune's JSON API with a bearer token. A call that gets no
// answer (the process was killed) returns the error: only answers count.
type Client struct {
	Base  string // http://127.0.0.1:port
	Token string
	HTTP  *http.Client // nil: a client with a 30 s timeout
}

var defaultHTTP = &http.Client{Timeout: 30 * time.Second}

// Do sends one request and reads the whole answer.
func (c *Client) Do(method, path string, body []byte, hdr map[string]string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(method, c.Base+path, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	hc := c.HTTP
	if hc == nil {
		hc = defaultHTTP
	}
	res, err := hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res, b, err
}

// JSON sends in as JSON (nil: no body) and decodes the answer into out.
func (c *Client) JSON(method, path string, in, out any) (int, error) {
	var body []byte
	if in != nil {
		body, _ = json.Marshal(in)
	}
	res, b, err := c.Do(method, path, body, map[string]string{"Content-Type": "application/json"})
	if err != nil {
		return 0, err
	}
	if out != nil {
		json.Unmarshal(b, out)
	}
	return res.StatusCode, nil
}
