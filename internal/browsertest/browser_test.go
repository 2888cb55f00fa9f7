package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// step is how long one browser step may take before the test fails: a
// guard against a hang, not a performance threshold.
const step = 30 * time.Second

// findChromium returns the browser to drive, or skips the test when none is
// installed and KASANE_BROWSER is not set (CI sets it, so there it fails).
func findChromium(t *testing.T) string {
	t.Helper()
	want := os.Getenv("KASANE_BROWSER")
	names := []string{"chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium"}
	if want != "" {
		names = append([]string{want}, names...)
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if want != "" {
		t.Fatalf("KASANE_BROWSER=%s is set but no Chromium was found", want)
	}
	t.Skip("no Chromium installed (set KASANE_BROWSER to require it)")
	return ""
}

// tab is one browser tab on the app. Several tabs made with other() share
// the browser process but not cookies.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// newTab starts a fresh headless Chromium with its own profile in
// t.TempDir() and returns its first tab. When the test fails, a full-page
// screenshot of every tab is kept in artifacts/<test name>*.png.
func newTab(t *testing.T, base string) *tab {
	t.Helper()
	path := findChromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "ja-JP"),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancelAlloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // starts the browser with no deadline
		t.Fatalf("start %s: %v", path, err)
	}
	b := &tab{t: t, ctx: ctx, base: base}
	b.focused()
	b.keepScreenshot("")
	return b
}

// other opens a tab in a new browser context: another person at another
// desk, with no cookies of this one.
func (b *tab) other(name string) *tab {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatalf("new browser context: %v", err)
	}
	o := &tab{t: b.t, ctx: ctx, base: b.base}
	o.focused()
	o.keepScreenshot("-" + name)
	return o
}

// focused makes the page behave as the window in front, as for a person
// at the desk: headless tabs otherwise have no system focus, so :focus
// styles and document.hasFocus() would not apply.
func (b *tab) focused() {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		b.t.Fatalf("focus emulation: %v", err)
	}
}

// keepScreenshot registers a cleanup that saves a full-page PNG of the tab
// when the test has failed.
func (b *tab) keepScreenshot(suffix string) {
	b.t.Cleanup(func() {
		if !b.t.Failed() {
			return
		}
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		defer cancel()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			b.t.Logf("no screenshot: %v", err)
			return
		}
		name := strings.NewReplacer("/", "_", " ", "_").Replace(b.t.Name()) + suffix + ".png"
		dir := "artifacts"
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.t.Logf("no screenshot: %v", err)
			return
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			b.t.Logf("no screenshot: %v", err)
			return
		}
		abs, _ := filepath.Abs(p)
		b.t.Logf("screenshot of the failure: %s", abs)
	})
}

// do runs steps and fails the test on an error.
func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", b.location(), err)
	}
}

// run runs one action with a value.
func run[T any](b *tab, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", b.location(), err)
	}
	return v
}

// eval evaluates JavaScript in the page and returns its value as T.
func eval[T any](b *tab, js string) T {
	b.t.Helper()
	return run(b, chromedp.Evaluate[T](js))
}

// location is the current URL, for messages.
func (b *tab) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(no location)"
	}
	return u
}

// open navigates to a path of the app and fails unless it answers 200.
func (b *tab) open(path string) {
	b.t.Helper()
	if st := b.openStatus(path); st != 200 {
		b.t.Fatalf("GET %s: status %d: %s", path, st, b.mainText())
	}
}

// openStatus navigates to a path and returns the HTTP status.
func (b *tab) openStatus(path string) int64 {
	b.t.Helper()
	res := run(b, chromedp.NavigateResponse(b.base+path))
	if res == nil {
		b.t.Fatalf("GET %s: no response", path)
	}
	return res.Status
}

// submit runs steps that make the page navigate (a click on a submit
// button, Enter in a form) and returns the status of the new page.
func (b *tab) submit(steps ...chromedp.Action[chromedp.Void]) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		b.t.Fatalf("%s: %v", b.location(), err)
	}
	return res.Status
}

// click clicks the element and waits for the page it opens.
func (b *tab) click(sel string) int64 {
	b.t.Helper()
	return b.submit(chromedp.Click(chromedp.CSS(sel)))
}

// typeIn replaces the value of an input with text typed key by key.
func (b *tab) typeIn(sel, text string) {
	b.t.Helper()
	b.clear(sel)
	b.do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

// clear empties an input.
func (b *tab) clear(sel string) {
	b.t.Helper()
	if !eval[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false;
		e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, sel)) {
		b.t.Fatalf("%s: no %s", b.location(), sel)
	}
}

// mainText is the visible text of <main>.
func (b *tab) mainText() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('main') || document.body).innerText`))
	if err != nil {
		return ""
	}
	return s
}

// see fails unless every text is visible in <main>.
func (b *tab) see(texts ...string) {
	b.t.Helper()
	body := b.mainText()
	for _, s := range texts {
		if !strings.Contains(body, s) {
			b.t.Fatalf("%s: %q not on the page:\n%s", b.location(), s, body)
		}
	}
}

// login signs the user key in with the test password (no second factor).
func (b *tab) login(user string) {
	b.t.Helper()
	b.open("/login")
	b.typeIn("#f-email", user+"@example.jp")
	b.typeIn("#f-password", password)
	if st := b.click(`form[action="/login"] button[type=submit]`); st != 200 {
		b.t.Fatalf("login %s: status %d: %s", user, st, b.mainText())
	}
	if p := b.path(); p != "/" {
		b.t.Fatalf("login %s: at %s: %s", user, p, b.mainText())
	}
}

// path is the path (with query) of the current page.
func (b *tab) path() string {
	return strings.TrimPrefix(b.location(), b.base)
}

// pathID returns the last path segment of the current page (an id).
func (b *tab) pathID() string {
	p, _, _ := strings.Cut(b.path(), "?")
	p, _, _ = strings.Cut(p, "#")
	return p[strings.LastIndex(p, "/")+1:]
}
