package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// testTimeout bounds each test, browser included: generous, because the
// tests run side by side on two cores and one page set is taken at three sizes.
const testTimeout = 4 * time.Minute

// chromiumPath is the browser to drive: ATTUNE_CHROMIUM, else Debian's.
func chromiumPath(t *testing.T) string {
	t.Helper()
	path := os.Getenv("ATTUNE_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(path); err != nil {
		msg := "chromium not found at " + path + ": run `apt-get install chromium` or set ATTUNE_CHROMIUM"
		if os.Getenv("CI") == "true" || os.Getenv("ATTUNE_REQUIRE_ALL") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return path
}

// browser is one headless chromium, started for one test.
type browser struct {
	ctx  context.Context
	base string // the attune under test
}

// newBrowser starts chromium with a fresh profile; the test's timeout and
// cleanup end it.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	return newBrowserWithin(t, base, testTimeout)
}

// newBrowserWithin is newBrowser for a test that may take up to timeout, the
// browser included (a whole journey renders a film; a benchmark seeks long).
func newBrowserWithin(t *testing.T, base string, timeout time.Duration) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &browser{ctx: bctx, base: base}
}

// person opens a tab in a browser context of its own, so no cookie or
// storage is shared with any other person's tab.
func (b *browser) person(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a browser context: %v", err)
	}
	return &tab{t: t, ctx: ctx, base: b.base}
}
