package chaos_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// client talks to whichever attune is up; a call that fails to connect or
// gets no answer simply fails: only answers count as acknowledgements.
type client struct {
	mu    sync.Mutex
	base  string
	token string
	http  *http.Client
}

func (c *client) setBase(u string) { c.mu.Lock(); c.base = u; c.mu.Unlock() }

func (c *client) do(method, path string, body []byte, hdr map[string]string) (*http.Response, []byte, error) {
	c.mu.Lock()
	base := c.base
	c.mu.Unlock()
	req, _ := http.NewRequest(method, base+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.token)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res, b, err
}

// json sends in as JSON and decodes the answer into out.
func (c *client) json(method, path string, in, out any) (int, error) {
	var body []byte
	if in != nil {
		body, _ = json.Marshal(in)
	}
	res, b, err := c.do(method, path, body, map[string]string{"Content-Type": "application/json"})
	if err != nil {
		return 0, err
	}
	if out != nil {
		json.Unmarshal(b, out)
	}
	return res.StatusCode, nil
}

// offset asks a tus upload how far it is.
func (c *client) offset(url string) (int64, error) {
	res, _, err := c.do("HEAD", url, nil, map[string]string{"Tus-Resumable": "1.0.0"})
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
}

// patch sends bytes at off and returns the offset acknowledged.
func (c *client) patch(url string, off int64, data []byte) (int64, int, error) {
	res, _, err := c.do("PATCH", url, data, map[string]string{"Tus-Resumable": "1.0.0",
		"Content-Type": "application/offset+octet-stream", "Upload-Offset": strconv.FormatInt(off, 10)})
	if err != nil {
		return 0, 0, err
	}
	n, _ := strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
	return n, res.StatusCode, nil
}

func pause() { time.Sleep(50 * time.Millisecond) }
