package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// throttleUploads limits how fast the tab sends, in bytes a second, so a
// test can act in the middle of an upload; -1 lifts the limit.
func (p *tab) throttleUploads(bytesPerSecond float64) {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, network.Enable, network.EnableParams{}); err != nil {
		p.t.Fatalf("enable the network domain: %v", err)
	}
	_, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{DownloadThroughput: -1, UploadThroughput: bytesPerSecond}},
	})
	if err != nil {
		p.t.Fatalf("limit uploads to %.0f bytes a second: %v", bytesPerSecond, err)
	}
}

// reload reloads the page, as a person does with the browser's button.
func (p *tab) reload() {
	p.t.Helper()
	run(p, "reload", chromedp.Reload())
}

// uploadOffset asks the upload server, as tus-js-client does before it
// resumes, how much of a recording's file it holds, and of what size.
func (p *tab) uploadOffset(id string) (offset, size int64) {
	p.t.Helper()
	type head struct {
		Offset string `json:"offset"`
		Length string `json:"length"`
	}
	got := eval[head](p, `fetch('/api/v1/recordings/' + `+jsString(id)+`, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
	  .then(r => r.json()).then(rec => rec.upload_url ? fetch(rec.upload_url, {method: 'HEAD', credentials: 'same-origin', headers: {'Tus-Resumable': '1.0.0'}}) : null)
	  .then(r => r ? {offset: r.headers.get('Upload-Offset') || '', length: r.headers.get('Upload-Length') || ''} : {offset: '', length: ''})`, chromedp.EvalAwaitPromise)
	if got.Offset == "" {
		p.t.Fatalf("recording %s is no longer waiting for its upload: it finished before the test could interrupt it", id)
	}
	if _, err := fmt.Sscan(got.Offset+" "+got.Length, &offset, &size); err != nil {
		p.t.Fatalf("the upload server's offset of recording %s: %+v: %v", id, got, err)
	}
	return offset, size
}

// savedUploads lists the recordings the page keeps in localStorage to
// resume their uploads.
func (p *tab) savedUploads() map[string]string {
	p.t.Helper()
	return eval[map[string]string](p, `Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('attune-upload:')).map(k => [k, localStorage.getItem(k)]))`)
}

// savedUpload is the one recording the page keeps to resume its upload.
func (p *tab) savedUpload() string {
	p.t.Helper()
	saved := p.savedUploads()
	if len(saved) != 1 {
		p.t.Fatalf("uploads kept to resume: %q, want one", saved)
	}
	for _, id := range saved {
		return id
	}
	return ""
}

// shoot takes full-page screenshots of the page as it is now, at the laptop
// and phone widths only, without waiting for anything: for pages that
// change while they are looked at.
func (p *tab) shoot(dir, name string) {
	p.t.Helper()
	for _, v := range []struct{ w, h int64 }{viewports[0], viewports[len(viewports)-1]} {
		run(p, "resize", chromedp.EmulateViewport(v.w, v.h))
		png := run(p, "screenshot "+name, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, v.w)), png, 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
}

// scriptErrors collects, from now on, the exceptions and promise rejections
// that the tab's scripts leave uncaught. The function it returns stops and
// fails the test with each of them.
func (p *tab) scriptErrors() func() {
	ctx, cancel := context.WithCancel(p.ctx)
	messages := chromedp.Console(ctx)
	var errs []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() {
				errs = append(errs, fmt.Sprintf("%s (%s:%d)", m.Text, m.URL, m.Line+1))
			}
		}
	}()
	return func() {
		p.t.Helper()
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			p.t.Fatal("the console messages did not stop within 5 s")
		}
		for _, e := range errs {
			p.t.Errorf("a script on the page failed: %s", e)
		}
	}
}
