package chaos_test

import (
	"fmt"
	"sync"
	"testing"
)

// acks are what the server acknowledged, kept by the load for the checks.
type acks struct {
	mu          sync.Mutex
	cases       []string
	annotations []string
	recordings  map[string][]byte // id -> the bytes sent
	offsetErrs  []string          // uploads that went back past an acknowledged offset
}

func (a *acks) add(list *[]string, id string) { a.mu.Lock(); *list = append(*list, id); a.mu.Unlock() }

// makeCases creates cases until stop closes.
func makeCases(c *client, a *acks, stop <-chan struct{}) {
	for n := 0; ; n++ {
		select {
		case <-stop:
			return
		default:
		}
		var out struct{ ID string }
		if s, err := c.JSON("POST", "/api/v1/cases", map[string]any{"reference": fmt.Sprintf("K-%d", n)}, &out); err == nil && s == 201 {
			a.add(&a.cases, out.ID)
		} else {
			pause()
		}
	}
}

// annotate codes moments on a ready recording until stop closes.
func annotate(c *client, a *acks, rec string, frames int, stop <-chan struct{}) {
	for n := 0; ; n++ {
		select {
		case <-stop:
			return
		default:
		}
		var out struct{ ID string }
		body := map[string]any{"start_frame": n % frames, "code": "guiding", "note": fmt.Sprintf("moment %d", n)}
		if s, err := c.JSON("POST", "/api/v1/recordings/"+rec+"/annotations", body, &out); err == nil && s == 201 {
			a.add(&a.annotations, out.ID)
		} else {
			pause()
		}
	}
}

// upload sends each video over tus in 128 KiB pieces, resuming from what
// the server says after every failure, and notes any offset that went back
// past one it had acknowledged.
func upload(t *testing.T, c *client, a *acks, caseID string, videos [][]byte) {
	for i, v := range videos {
		var rec struct {
			ID        string `json:"id"`
			UploadURL string `json:"upload_url"`
		}
		for {
			s, err := c.JSON("POST", "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": fmt.Sprintf("v%d.mp4", i), "size": len(v)}, &rec)
			if err == nil && s == 201 {
				break
			}
			pause()
		}
		a.mu.Lock()
		a.recordings[rec.ID] = v
		a.mu.Unlock()
		sendAll(c, a, rec.UploadURL, v)
	}
}

func sendAll(c *client, a *acks, url string, v []byte) {
	var acked int64
	for acked < int64(len(v)) {
		off, err := c.offset(url)
		if err != nil {
			pause()
			continue
		}
		if off < acked {
			a.add(&a.offsetErrs, fmt.Sprintf("%s: offset %d after %d was acknowledged", url, off, acked))
		}
		if off == int64(len(v)) { // the last answer was lost, but everything arrived
			return
		}
		end := min(off+128<<10, int64(len(v)))
		n, s, err := c.patch(url, off, v[off:end])
		if err == nil && s == 204 {
			acked = n
		} else {
			pause()
		}
	}
}
