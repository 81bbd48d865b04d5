package app_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
)

// A client that lost the answer to its last PATCH (connection or server
// gone) asks again: HEAD says the whole file arrived, an empty PATCH at the
// end is acknowledged, more bytes are refused.
func TestFinishedUploadAnswersHead(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	cl, caseID := newCaseClient(t, in)
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p")
	var rec map[string]any
	if s := cl.json("POST", "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": "a.mp4", "size": len(video)}, &rec); s != 201 {
		t.Fatalf("create: %d", s)
	}
	url := rec["upload_url"].(string)
	cl.tusUpload(url, video, 1<<20)
	size := strconv.Itoa(len(video))
	res := cl.do("HEAD", url, nil, map[string]string{"Tus-Resumable": "1.0.0"})
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Upload-Offset") != size || res.Header.Get("Upload-Length") != size {
		t.Errorf("HEAD of a finished upload: %d offset %q length %q, want 200 and %s", res.StatusCode, res.Header.Get("Upload-Offset"), res.Header.Get("Upload-Length"), size)
	}
	patch := func(off string, body []byte) *http.Response {
		r := cl.do("PATCH", url, bytes.NewReader(body), map[string]string{"Tus-Resumable": "1.0.0",
			"Content-Type": "application/offset+octet-stream", "Upload-Offset": off})
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		return r
	}
	if r := patch(size, nil); r.StatusCode != 204 || r.Header.Get("Upload-Offset") != size {
		t.Errorf("an empty PATCH at the end of a finished upload: %d %q", r.StatusCode, r.Header.Get("Upload-Offset"))
	}
	if r := patch("0", video[:100]); r.StatusCode != 409 {
		t.Errorf("more bytes for a finished upload: %d, want 409", r.StatusCode)
	}
}
