// Package browsertest runs the browser tests of every package in headless
// Chromium (Debian's /usr/bin/chromium) through chromedp: [New] starts the
// browser for one test and returns a [Tab] whose steps fail the test on
// any error, so a test reads as the steps a reader takes.
//
// Without Chromium a browser test is skipped with a message saying how to
// install it, unless the environment sets RAPPORT_REQUIRE_BROWSER=1 (as
// .ci/run does): then it fails.
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium is the browser's path.
const Chromium = "/usr/bin/chromium"

// Timeout bounds everything one test does in its browser.
const Timeout = 90 * time.Second

// Start starts headless Chromium for t and returns a chromedp context that
// is cancelled, and the browser stopped, when t ends. It skips t, or fails
// it under RAPPORT_REQUIRE_BROWSER=1, when Chromium is missing.
func Start(t testing.TB) context.Context {
	t.Helper()
	return StartFor(t, Timeout)
}

// StartFor is [Start] with another bound than [Timeout] on everything the
// test does in its browser, for a test that takes one browser through
// many scenarios rather than starting one for each.
func StartFor(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		if os.Getenv("RAPPORT_REQUIRE_BROWSER") == "1" {
			t.Fatalf("chromium is required (RAPPORT_REQUIRE_BROWSER=1) but %s is missing", Chromium)
		}
		t.Skipf("browser test skipped: %s not found; install it with: apt-get install -y chromium", Chromium)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true),
		// A desktop window: narrower ones get the phone layout, where the
		// navigation is a closed drawer. Tests of phones emulate one.
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Tab drives one browser tab in a test: every failure is fatal.
type Tab struct {
	T   testing.TB
	Ctx context.Context
}

// New starts Chromium for t (see [Start]) and returns its tab.
func New(t testing.TB) Tab {
	t.Helper()
	return Tab{T: t, Ctx: Start(t)}
}

// Do runs steps in order.
func (p Tab) Do(steps ...chromedp.Action[chromedp.Void]) {
	p.T.Helper()
	if err := chromedp.Do(p.Ctx, steps...); err != nil {
		p.T.Fatal(err)
	}
}

// Attr returns attribute name of the first element matching sel, waiting
// for one to appear.
func (p Tab) Attr(sel, name string) string {
	p.T.Helper()
	r, err := chromedp.Run(p.Ctx, chromedp.AttributeValue(sel, name))
	if err != nil {
		p.T.Fatal(err)
	}
	return r.Value
}

// Text returns the text of the first element matching sel, waiting for
// one to be visible.
func (p Tab) Text(sel string) string {
	p.T.Helper()
	s, err := chromedp.Run(p.Ctx, chromedp.Text(sel))
	if err != nil {
		p.T.Fatal(err)
	}
	return s
}

// Eval evaluates the JavaScript expression js, which must give a string.
func (p Tab) Eval(js string) string {
	p.T.Helper()
	s, err := chromedp.Run(p.Ctx, chromedp.Evaluate[string](js))
	if err != nil {
		p.T.Fatal(err)
	}
	return s
}
