package chaos_test

import (
	"strconv"
	"time"

	"github.com/attune-vig/attune/internal/proctest"
)

// client talks to attune; a call that fails to connect or gets no answer
// simply fails: only answers count as acknowledgements.
type client struct{ *proctest.Client }

// offset asks a tus upload how far it is.
func (c *client) offset(url string) (int64, error) {
	res, _, err := c.Do("HEAD", url, nil, map[string]string{"Tus-Resumable": "1.0.0"})
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
}

// patch sends bytes at off and returns the offset acknowledged.
func (c *client) patch(url string, off int64, data []byte) (int64, int, error) {
	res, _, err := c.Do("PATCH", url, data, map[string]string{"Tus-Resumable": "1.0.0",
		"Content-Type": "application/offset+octet-stream", "Upload-Offset": strconv.FormatInt(off, 10)})
	if err != nil {
		return 0, 0, err
	}
	n, _ := strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
	return n, res.StatusCode, nil
}

func pause() { time.Sleep(50 * time.Millisecond) }
