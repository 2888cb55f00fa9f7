package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/demo"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
	"kasane/internal/web"
)

// screen is a window size staff use: a phone, a tablet upright, a small
// laptop and the usual office screen.
type screen struct {
	name string
	w, h int64
}

var screens = []screen{{"スマートフォン", 390, 844}, {"タブレット", 820, 1180}, {"ノートPC", 1280, 720}, {"デスクトップ", 1366, 900}}

// resize makes the window the size of the screen (as a phone: with touch
// and the device width the page sees).
func (b *tab) resize(s screen) {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(s.w, s.h, chromedp.EmulateScale(1)))
}

// media sets the emulated CSS media type ("print" or "" for the screen).
func (b *tab) media(m string) {
	b.t.Helper()
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
		return err
	}))
}

// overflowJS answers how far the page is wider than the window, and the
// innermost elements that stick out on the right (for the message).
const overflowJS = `(() => {
	const de = document.documentElement, cw = de.clientWidth;
	const out = [];
	if (de.scrollWidth > cw) {
		for (const e of document.body.querySelectorAll('*')) {
			const r = e.getBoundingClientRect();
			if (r.width === 0 || r.right <= cw + 1) continue;
			let p = e.parentElement, clipped = false;
			while (p && p !== document.body) {
				const ox = getComputedStyle(p).overflowX;
				if (ox !== 'visible' && ox !== 'clip') { clipped = true; break; }
				p = p.parentElement;
			}
			if (clipped) continue;
			if ([...e.children].some(c => c.getBoundingClientRect().right > cw + 1)) continue;
			const id = e.id ? '#' + e.id : '';
			const cls = typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '';
			out.push(e.tagName.toLowerCase() + id + cls + ' 「' + (e.textContent || '').trim().slice(0, 20) + '」 right=' + Math.round(r.right));
			if (out.length >= 5) break;
		}
	}
	return {extra: de.scrollWidth - cw, out: out};
})()`

type overflow struct {
	Extra int      `json:"extra"`
	Out   []string `json:"out"`
}

// noSideScroll fails when the page scrolls sideways at the current size.
func (b *tab) noSideScroll(what string) {
	b.t.Helper()
	o := eval[overflow](b, overflowJS)
	if o.Extra > 0 {
		b.t.Errorf("%s: the page scrolls sideways by %d px; sticking out: %v", what, o.Extra, o.Out)
	}
}

// figureTextJS lists the texts of the pictures (genogram, ecomap) drawn
// under 12 px on the screen, cut short with "…", or outside their picture.
const figureTextJS = `(() => {
	const bad = [];
	for (const svg of document.querySelectorAll('figure svg[role=img]')) {
		const box = svg.getBoundingClientRect();
		const scale = svg.getScreenCTM().a;
		for (const t of svg.querySelectorAll('text')) {
			const size = parseFloat(t.getAttribute('font-size')) * scale;
			const r = t.getBoundingClientRect();
			const s = t.textContent;
			if (size < 12) bad.push(s + ': ' + size.toFixed(1) + 'px');
			if (s.includes('…')) bad.push(s + ': cut');
			if (r.left < box.left - 1 || r.right > box.right + 1) bad.push(s + ': outside the picture');
		}
	}
	return bad;
})()`

// visitor is what the page crawl does on every page route it reaches.
type visitor func(b *tab, route, path string)

// crawlDemo logs every demo user (one of each role) in, follows the links
// of their pages from わたしの仕事 and calls visit on the first page of each
// GET page route; the pages no link reaches (break-glass, the emergency
// view, a resource's edit form) are opened directly. It fails when a page
// route is not reached.
func crawlDemo(t *testing.T, visit visitor) {
	db, a, logins, extra := demoApp(t)
	mux := routeMux()
	routeOf := func(path string) string {
		r, err := http.NewRequest(http.MethodGet, a.url+path, nil)
		if err != nil {
			return ""
		}
		_, p := mux.Handler(r)
		return p
	}
	checked := map[string]string{}
	root := newTab(t, a.url)
	root.open("/login")
	visit(root, "GET /login", "/login")
	checked["GET /login"] = "/login"
	login := func(email, name string) *tab {
		b := root.other(name)
		b.open("/login")
		b.typeIn("#f-email", email)
		b.typeIn("#f-password", demo.Password)
		b.click(`form[action="/login"] button[type=submit]`)
		return b
	}
	roles := map[string]bool{}
	for i, l := range logins {
		if roles[l.Role] {
			continue
		}
		roles[l.Role] = true
		b := login(l.Email, strings.TrimSuffix(l.Email, "@demo.kasane.example"))
		queue, seen := []string{"/", "/reports/dashboard", "/persons?q=きたむら"}, map[string]bool{}
		forced := map[string]bool{} // the pages the extras made, visited even when their route was seen
		if i == 0 {
			queue = append(extra, queue...)
			for _, p := range extra {
				forced[p] = true
			}
		}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			route := routeOf(p)
			if (seen[route] && !forced[p]) || route == "" || notPages[route] || strings.HasPrefix(route, "GET /api/") {
				continue
			}
			seen[route] = true
			if i > 0 && !forced[p] && checked[route] != "" && strings.Contains(strings.ReplaceAll(route, "{$}", ""), "{") {
				continue
			}
			if st := b.openStatus(p); st != 200 {
				continue
			}
			if checked[route] == "" {
				visit(b, route, p)
				checked[route] = p
			}
			for _, h := range eval[[]string](b, `[...document.querySelectorAll('a[href]')].filter(a => a.origin === location.origin &&
				!a.pathname.startsWith('/static/') && !new URLSearchParams(a.search).has('format')).map(a => a.pathname + a.search)`) {
				if r := routeOf(h); !seen[r] {
					queue = append(queue, h)
				}
			}
		}
	}
	ctx := context.Background()
	if checked["GET /persons/{id}/break-glass"] == "" || checked["GET /persons/{id}/emergency"] == "" {
		kodomo, err := db.UserByEmail(ctx, "kodomo@demo.kasane.example")
		if err != nil {
			t.Fatal(err)
		}
		cs, err := db.Cases(ctx, sqldb.ActorFor(kodomo), sqldb.CaseFilter{Limit: 1})
		if err != nil || len(cs) == 0 {
			t.Fatalf("a case of kodomo: %v", err)
		}
		b := login("worker@demo.kasane.example", "reach-worker")
		p := "/persons/" + cs[0].FocusPersonID + "/break-glass"
		b.open(p)
		visit(b, "GET /persons/{id}/break-glass", p)
		checked["GET /persons/{id}/break-glass"] = p
		b.resize(screens[len(screens)-1])
		b.typeIn("#f-reason", "本人が倒れているとの通報があり、緊急連絡先の確認が必要なため")
		b.click(`form[action$="/break-glass"] button[type=submit]`)
		if r := routeOf(b.path()); r == "GET /persons/{id}/emergency" {
			visit(b, r, b.path())
			checked[r] = b.path()
		}
	}
	if checked["GET /resources/{id}/edit"] == "" {
		com, err := db.UserByEmail(ctx, "community@demo.kasane.example")
		if err != nil {
			t.Fatal(err)
		}
		rs, err := db.Resources(ctx, sqldb.ActorFor(com))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.RegisteredByOrgID == com.OrganizationID {
				b := login(com.Email, "reach-community")
				p := "/resources/" + r.ID + "/edit"
				b.open(p)
				visit(b, "GET /resources/{id}/edit", p)
				checked["GET /resources/{id}/edit"] = p
				break
			}
		}
	}
	var missing []string
	for _, p := range web.Patterns() {
		if strings.HasPrefix(p, "GET ") && !strings.HasPrefix(p, "GET /api/") && !notPages[p] && checked[p] == "" {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	t.Logf("visited %d page routes", len(checked))
	if len(missing) > 0 {
		t.Errorf("page routes not reached on the demo data: %v", missing)
	}
}

// demoApp serves the demo municipality on a fresh database.
func demoApp(t *testing.T) (*sqldb.DB, *app, []demo.Login, []string) {
	t.Helper()
	db := sqldbtest.Open(t)
	logins, err := demo.Seed(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	extra, err := demo.SeedExtras(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	a := &app{t: t, db: db, orgs: map[string]casework.Organization{}, users: map[string]casework.User{}}
	cfg := config.Default()
	cfg.Demo = true
	a.serve(cfg)
	return db, a, logins, extra
}

// TestBrowserLayoutEveryPage opens every GET page route of kasane on the
// demo data, as a user who may see it, at the four screen sizes staff use
// (390×844, 820×1180, 1280×720, 1366×900): no page scrolls sideways (wide
// tables scroll inside their own box). On the genogram page every text of
// the genogram and the ecomap is drawn at 12 px or more, and none is cut
// short or sticks out of its picture. On a phone the header and the menu
// take less than a quarter of the first screen.
func TestBrowserLayoutEveryPage(t *testing.T) {
	t.Parallel()
	crawlDemo(t, func(b *tab, route, path string) {
		for _, s := range screens {
			b.resize(s)
			what := fmt.Sprintf("%s %s（%d×%d, %s）", route, path, s.w, s.h, s.name)
			b.noSideScroll(what)
			if route == "GET /households/{id}/genogram" {
				if bad := eval[[]string](b, figureTextJS); len(bad) > 0 {
					t.Errorf("%s: texts of the pictures not readable: %v", what, bad)
				}
			}
			if s.w < 600 && route == "GET /{$}" {
				if h := eval[float64](b, `document.querySelector('.site-header').getBoundingClientRect().height`); h > float64(s.h)/4 {
					t.Errorf("%s: the header and menu take %.0f px of the %d px screen", what, h, s.h)
				}
			}
		}
		b.resize(screens[len(screens)-1])
	})
}

// TestBrowserPhoneLists: on a phone the lists are cards with the column
// name beside each value, the menu is folded and opens without leaving the
// page, and phone numbers are tel: links.
func TestBrowserPhoneLists(t *testing.T) {
	t.Parallel()
	_, a, _, _ := demoApp(t)
	b := newTab(t, a.url)
	b.open("/login")
	b.typeIn("#f-email", "worker@demo.kasane.example")
	b.typeIn("#f-password", demo.Password)
	b.click(`form[action="/login"] button[type=submit]`)
	b.resize(screens[0])
	b.open("/cases")
	if !eval[bool](b, `getComputedStyle(document.querySelector('main table.table tbody tr')).display === 'block'`) {
		t.Errorf("the case list is not shown as cards on a phone")
	}
	if eval[string](b, `document.querySelector('main table.table tbody td[data-label]') ? getComputedStyle(document.querySelector('main table.table tbody td[data-label]'), '::before').content : ''`) == "" {
		t.Errorf("the cards of the case list show no column names")
	}
	if eval[bool](b, `getComputedStyle(document.querySelector('.site-nav--wide')).display !== 'none'`) {
		t.Errorf("the wide menu bar is shown on a phone")
	}
	if eval[bool](b, `document.querySelector('.site-menu a[href="/cases"]').checkVisibility()`) {
		t.Errorf("the menu is open before it is asked for")
	}
	b.do(chromedp.Click(chromedp.CSS(".site-menu__toggle")))
	if !eval[bool](b, `document.querySelector('.site-menu a[href="/cases"]').checkVisibility()`) {
		t.Errorf("the menu does not open")
	}
	// a person with a phone number: 北村 トシ子 of the demo
	b.open("/persons?q=" + "きたむら")
	b.click(`main a[href^="/persons/"]`)
	if eval[int](b, `document.querySelectorAll('main a[href^="tel:"]').length`) == 0 {
		t.Errorf("%s: no tel: link for the phone number:\n%s", b.path(), b.mainText())
	}
}

// printCheckJS lists what is cramped or broken on paper: header and label
// cells of up to ten characters that wrap, cells narrower than two
// characters, and anything wider than the paper.
const printCheckJS = `(() => {
	const bad = [], de = document.documentElement;
	if (de.scrollWidth > de.clientWidth) bad.push('wider than the paper by ' + (de.scrollWidth - de.clientWidth) + 'px');
	const lines = e => {
		const r = document.createRange(); r.selectNodeContents(e);
		const ys = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
		return ys.size;
	};
	for (const e of document.querySelectorAll('main th, main dt, main .signature-box__label, main legend')) {
		if (e.getClientRects().length === 0) continue;
		const s = e.textContent.trim();
		if (s.length > 0 && s.length <= 10 && !/\s/.test(s) && lines(e) > 1) bad.push('「' + s + '」 breaks over ' + lines(e) + ' lines');
	}
	for (const e of document.querySelectorAll('main td, main th, main dd')) {
		if (e.getClientRects().length === 0 || e.textContent.trim() === '') continue;
		const fs = parseFloat(getComputedStyle(e).fontSize);
		const cs = getComputedStyle(e);
		const inner = e.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
		if (inner < 2 * fs) bad.push('「' + e.textContent.trim().slice(0, 10) + '」 in a box ' + inner.toFixed(0) + 'px wide');
	}
	return bad.slice(0, 10);
})()`

// paper is the printable width of a sheet in CSS px at 96 dpi.
type paper struct {
	name      string
	w, h      int64
	landscape bool
}

var (
	a4Portrait  = paper{"A4縦", 680, 1009, false} // 210mm − 2×15mm
	a4Landscape = paper{"A4横", 1047, 718, true}  // 297mm − 2×10mm
)

// onPaper lays the page out as printed on the paper and fails on cramped
// boxes or labels broken mid-word; it then prints to PDF and fails unless
// the sheet fits maxPages pages of the paper.
func (b *tab) onPaper(path string, p paper, maxPages int) {
	b.t.Helper()
	b.open(path)
	b.resize(screen{p.name, p.w, p.h})
	b.media("print")
	if bad := eval[[]string](b, printCheckJS); len(bad) > 0 {
		b.t.Errorf("%s on %s: %v", path, p.name, bad)
	}
	b.media("")
	b.resize(screens[len(screens)-1])
	pdf := run(b, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		b.t.Fatalf("%s: not a PDF", path)
	}
	pages := len(pageObj.FindAll(pdf, -1))
	landscape := true
	for _, m := range mediaBox.FindAllSubmatch(pdf, -1) {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		landscape = landscape && w > h
	}
	b.t.Logf("%s: %d page(s) of A4 (landscape %v)", path, pages, landscape)
	if pages > maxPages {
		b.t.Errorf("%s prints on %d pages, want at most %d", path, pages, maxPages)
	}
	if landscape != p.landscape {
		b.t.Errorf("%s prints with landscape=%v, want %v", path, landscape, p.landscape)
	}
	if b.t.Failed() {
		_ = os.MkdirAll("artifacts", 0o755)
		_ = os.WriteFile(filepath.Join("artifacts", strings.NewReplacer("/", "_").Replace(b.t.Name()+path)+".pdf"), pdf, 0o644)
	}
}

// TestBrowserPrintSheetsReadable: the intake sheet and the assessment of a
// demo case, and the outreach monthly report, laid out as on paper: no
// cramped boxes, no label broken mid-word; the monthly report on one page
// of A4 landscape.
func TestBrowserPrintSheetsReadable(t *testing.T) {
	t.Parallel()
	_, a, _, _ := demoApp(t)
	b := newTab(t, a.url)
	b.open("/login")
	b.typeIn("#f-email", "worker@demo.kasane.example")
	b.typeIn("#f-password", demo.Password)
	b.click(`form[action="/login"] button[type=submit]`)
	b.open("/cases")
	cases := eval[[]string](b, `[...document.querySelectorAll('main a[href^="/cases/"]')].map(a => a.pathname).filter(p => /^\/cases\/[^/]+$/.test(p) && p !== '/cases/export')`)
	if len(cases) == 0 {
		t.Fatalf("no case in the worker's list")
	}
	b.onPaper(cases[0]+"/print", a4Portrait, 2)
	as := ""
	for _, c := range cases {
		b.open(c + "/plans")
		as = eval[string](b, `(document.querySelector('a[href^="/assessments/"][href$="/print"]') || {}).pathname || ''`)
		if as != "" {
			break
		}
	}
	if as == "" {
		t.Errorf("no assessment on the worker's demo cases")
	} else {
		b.onPaper(as, a4Portrait, 2)
	}

	o := newTab(t, a.url).other("outreach")
	o.open("/login")
	o.typeIn("#f-email", "outreach@demo.kasane.example")
	o.typeIn("#f-password", demo.Password)
	o.click(`form[action="/login"] button[type=submit]`)
	o.onPaper("/outreach/report", a4Landscape, 1)
}
