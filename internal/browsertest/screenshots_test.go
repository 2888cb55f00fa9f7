package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/demo"
	"kasane/internal/sqldb/sqldbtest"
)

// TestBrowserScreenshots saves PNGs of the main screens on the demo data
// for the README, into the folder named by KASANE_SCREENSHOTS:
//
//	KASANE_SCREENSHOTS=$PWD/docs/screenshots go test -run BrowserScreenshots ./internal/browsertest/
func TestBrowserScreenshots(t *testing.T) {
	dir := os.Getenv("KASANE_SCREENSHOTS")
	if dir == "" {
		t.Skip("set KASANE_SCREENSHOTS=dir to make the README screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := sqldbtest.Open(t)
	if _, err := demo.Seed(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	a := &app{t: t, db: db, orgs: map[string]casework.Organization{}, users: map[string]casework.User{}}
	cfg := config.Default()
	cfg.Demo = true
	a.serve(cfg)

	b := newTab(t, a.url)
	b.open("/login")
	b.typeIn("#f-email", "worker@demo.kasane.example")
	b.typeIn("#f-password", demo.Password)
	b.click(`form[action="/login"] button[type=submit]`)
	if b.path() != "/" {
		t.Fatalf("demo login: at %s: %s", b.path(), b.mainText())
	}
	shot := func(name string) {
		t.Helper()
		png := run(b, chromedp.CaptureScreenshot())
		p := filepath.Join(dir, name+".png")
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%s)", p, b.path())
	}
	shot("home")

	// a case of the worker that belongs to a household
	cases := eval[[]string](b, `[...document.querySelectorAll('main a[href^="/cases/"]')].map(a => a.pathname)
		.filter((p, i, all) => /^\/cases\/[^/]+$/.test(p) && all.indexOf(p) === i)`)
	var household string
	for _, c := range cases {
		b.open(c)
		household = eval[string](b, `(document.querySelector('main a[href^="/households/"]') || {}).pathname || ''`)
		if household != "" {
			break
		}
	}
	if household == "" {
		t.Fatalf("no case of the demo worker has a household (cases %v)", cases)
	}
	caseURL := b.path()
	family := strings.Fields(eval[string](b, `document.querySelector('main dl a[href^="/persons/"]').innerText`))[0]
	b.shotFullWidth()
	shot("case")

	b.open(household)
	shot("household")

	b.open("/persons")
	b.typeIn("#f-q", family)
	b.click(`form[role=search] button[type=submit]`)
	shot("persons-search")

	// a decided plan and a 重層的支援会議 of the demo
	for _, w := range []struct{ list, link, name string }{
		{caseURL + "/plans", `main a[href^="/plans/"]`, "plan"},
		{caseURL + "/plans", `main a[href^="/meetings/"]:not([href="/meetings/new"])`, "meeting"},
	} {
		b.open(w.list)
		href := eval[string](b, `(document.querySelector('`+w.link+`') || {}).pathname || ''`)
		if href == "" {
			t.Fatalf("no %s on %s", w.name, w.list)
		}
		b.open(href)
		shot(w.name)
	}
	t.Logf("case %s, household %s, search %q", caseURL, household, family)
}

// shotFullWidth scrolls to the top, so that a screenshot starts with the
// header.
func (b *tab) shotFullWidth() {
	b.do(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
}
