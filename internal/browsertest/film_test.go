package browsertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Films made by ffmpeg at test time: the input and encoding arguments, before
// the output file.
var (
	// shortFilm is 4 seconds of 640×360 at 30 frames a second, with sound.
	shortFilm = []string{"-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine",
		"-t", "4", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"}
	// bigFilm is 5 seconds of 1280×720 at a constant 24 Mbit/s: about 15 MB,
	// two tus chunks.
	bigFilm = []string{"-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine",
		"-t", "5", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "24M", "-minrate", "24M", "-maxrate", "24M",
		"-bufsize", "4M", "-x264-params", "nal-hrd=cbr", "-pix_fmt", "yuv420p", "-c:a", "aac"}
)

// makeFilm runs ffmpeg with args and returns the file it wrote, named name
// in a directory of the test's own.
func makeFilm(t *testing.T, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		msg := "ffmpeg not found: run `apt-get install ffmpeg`"
		if os.Getenv("CI") == "true" || os.Getenv("ATTUNE_REQUIRE_ALL") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	out := filepath.Join(t.TempDir(), name)
	args = append(append([]string{"-hide_banner", "-loglevel", "error", "-nostdin", "-y"}, args...), out)
	if b, err := exec.Command("ffmpeg", args...).CombinedOutput(); err != nil {
		t.Fatalf("make %s with ffmpeg: %v\n%s", name, err, b)
	}
	return out
}

// writeFile writes a file named name in a directory of the test's own.
func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(out, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// choose picks files with the case page's file input, as a person does in
// the file dialog: its change handler starts the uploads.
func (p *tab) choose(files ...string) {
	p.t.Helper()
	run(p, "choose files", chromedp.SetUploadFiles(chromedp.CSS("#upload-files"), files))
}

// rowJS finds the row of a file in the upload list, or null.
func rowJS(name string) string {
	return `[...document.querySelectorAll('#upload-list .upload-row')].find(li => li.querySelector('.upload-name').textContent === ` +
		jsString(name) + `)`
}

// uploadRow is what a file's row in the upload list shows.
type uploadRow struct {
	Status   string  `json:"status"`
	Progress float64 `json:"progress"`
	Failed   bool    `json:"failed"`
	Link     string  `json:"link"`
}

// row reads a file's row in the upload list.
func (p *tab) row(name string) uploadRow {
	p.t.Helper()
	return eval[uploadRow](p, `(li => li ? {status: li.querySelector('.upload-status').textContent, progress: li.querySelector('progress').value,
	  failed: li.classList.contains('upload-failed'), link: (li.querySelector('.upload-status a') || {}).pathname || ''} : {})(`+rowJS(name)+`)`)
}

// waitRow waits until the JavaScript condition holds of the file's row li,
// and returns the row; it fails the test with what the row says after within.
func (p *tab) waitRow(name, cond string, within time.Duration) uploadRow {
	p.t.Helper()
	js := `(li => !!li && !!(` + cond + `))(` + rowJS(name) + `)`
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(within)))
	if err != nil {
		p.t.Fatalf("%s in the upload list: waited %s for %s: %v; the row says %+v", name, within, cond, err, p.row(name))
	}
	return p.row(name)
}

// waitReady waits until the upload list says the film is ready to watch and
// returns the path of the link that opens it.
func (p *tab) waitReady(name string, within time.Duration) string {
	p.t.Helper()
	r := p.waitRow(name, `li.querySelector('.upload-status a') || li.classList.contains('upload-failed')`, within)
	if r.Failed || r.Link == "" {
		p.t.Fatalf("%s: the upload list says %q, want Ready to watch", name, r.Status)
	}
	if want := "Ready to watch. Open the recording"; r.Status != want {
		p.t.Errorf("%s: the upload list says %q, want %q", name, r.Status, want)
	}
	return r.Link
}

// listed is how many times the recordings card names a file, in the list of
// films and in the list of uploads.
func (p *tab) listed(name string) int {
	p.t.Helper()
	return eval[int](p, `[...document.querySelectorAll('section.recordings :is(.recording-name, .upload-name)')].filter(e => e.textContent === `+jsString(name)+`).length`)
}
