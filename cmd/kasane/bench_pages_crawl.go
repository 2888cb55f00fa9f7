package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"kasane/internal/web"
)

// pageExclusions are the GET routes that are not pages, so `kasane bench
// pages` neither crawls nor times them; every other GET route must be
// reached (a test checks it). Routes under /api/ (the JSON API) are
// excluded as a group, and so are links with format= (downloads of a page
// as csv, xlsx or json).
var pageExclusions = map[string]string{
	"GET /healthz":                "死活監視（画面ではない）",
	"GET /map/tiles/{z}/{x}/{y}":  "地図のタイル画像（素材）",
	"GET /exports/{kind}":         "CSV・Excel のダウンロード",
	"GET /outreach/report/export": "アウトリーチ月報の CSV・Excel のダウンロード",
	"GET /cases/export":           "ケース一覧の CSV・Excel のダウンロード",
	"GET /audit/export":           "監査ログの CSV のダウンロード",
	"GET /persons/{id}/emergency": "緊急連絡先（緊急時の閲覧の記録と理由の後にだけ開く）",

	// issue 22: the monthly reports of the contractors
	"GET /reports/monthly/{program}/export":              "委託事業者の月次報告の CSV・Excel のダウンロード",
	"GET /reports/monthly/{program}/municipality/export": "月次報告（市区町村全体）の CSV・Excel のダウンロード",
}

// pageRoutes are the GET page routes of kasane: every GET pattern but the
// JSON API and the exclusions.
func pageRoutes() []string {
	var out []string
	for _, p := range web.Patterns() {
		if !strings.HasPrefix(p, "GET ") || strings.HasPrefix(p, "GET /api/") || pageExclusions[p] != "" {
			continue
		}
		out = append(out, p)
	}
	return out
}

// pageVisit is one page to time: its URL and the session that may open it.
type pageVisit struct {
	path   string
	client *http.Client
	user   string
}

// pageCrawl is what the crawl found: the pages of each route, and the
// answers that were not pages.
type pageCrawl struct {
	base     string
	routes   *http.ServeMux // the patterns only, to name the route of a URL
	pages    map[string][]pageVisit
	noTiming []string // pages answered without a Server-Timing header
	other    map[string]int
	samples  map[string][]float64 // route → server times in ms
	slowest  pageVisit            // the page of the longest server time
	slowMS   float64
}

func newPageCrawl(base string) *pageCrawl {
	c := &pageCrawl{base: base, routes: http.NewServeMux(), pages: map[string][]pageVisit{},
		other: map[string]int{}, samples: map[string][]float64{}}
	for _, p := range web.Patterns() {
		c.routes.HandleFunc(p, func(http.ResponseWriter, *http.Request) {})
	}
	return c
}

// routeOf is the pattern that serves the path ("" for none).
func (c *pageCrawl) routeOf(path string) string {
	r, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		return ""
	}
	_, p := c.routes.Handler(r)
	return p
}

// login opens a session for the e-mail; an empty e-mail is a visitor who
// is not logged in.
func (c *pageCrawl) login(ctx context.Context, email, password string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	if email == "" {
		return cl, nil
	}
	form := url.Values{"email": {email}, "password": {password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := cl.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/" {
		return nil, fmt.Errorf("ログインできません: %s (%d %s)", email, res.StatusCode, res.Request.URL.Path)
	}
	return cl, nil
}

// get fetches a path and returns the status, the body when it is HTML, and
// the server time from the Server-Timing header (-1 when absent).
func (c *pageCrawl) get(ctx context.Context, cl *http.Client, path string) (int, string, float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return 0, "", 0, err
	}
	// no redirects followed: a redirect is not the page
	cl2 := *cl
	cl2.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := cl2.Do(req)
	if err != nil {
		return 0, "", 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, "", 0, err
	}
	dur := serverTiming(res.Header.Get("Server-Timing"))
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		return res.StatusCode, "", dur, nil
	}
	return res.StatusCode, string(b), dur, nil
}

// serverTiming reads "app;dur=12.3" (ms); -1 when there is none.
func serverTiming(h string) float64 {
	for _, m := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(m), ";")
		if name != "app" {
			continue
		}
		for _, p := range strings.Split(params, ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "dur="); ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					return f
				}
			}
		}
	}
	return -1
}

var hrefRe = regexp.MustCompile(`href="([^"]*)"`)

// links are the same-site GET links of a page, fragments dropped, in order.
func links(body string) []string {
	var out []string
	for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
		h := html.UnescapeString(m[1])
		h, _, _ = strings.Cut(h, "#")
		if !strings.HasPrefix(h, "/") || strings.HasPrefix(h, "//") || strings.HasPrefix(h, "/static/") {
			continue
		}
		if u, err := url.Parse(h); err != nil || u.Query().Get("format") != "" {
			continue // a download (csv, xlsx, json)
		}
		out = append(out, h)
	}
	return out
}

// crawl follows the links of the user's pages from the seeds, breadth
// first, up to perRoute pages of each route, and keeps the pages that
// answer 200 with HTML.
func (c *pageCrawl) crawl(ctx context.Context, user string, cl *http.Client, perRoute int, seeds ...string) error {
	seen := map[string]bool{}
	count := map[string]int{}
	queue := []string{}
	push := func(p string) {
		route := c.routeOf(p)
		if seen[p] || route == "" || !strings.HasPrefix(route, "GET ") || strings.HasPrefix(route, "GET /api/") ||
			pageExclusions[route] != "" || count[route] >= perRoute {
			return
		}
		seen[p] = true
		count[route]++
		queue = append(queue, p)
	}
	for _, s := range seeds {
		push(s)
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		st, body, dur, err := c.get(ctx, cl, p)
		if err != nil {
			return err
		}
		route := c.routeOf(p)
		if st != http.StatusOK || body == "" {
			c.other[fmt.Sprintf("%s → %d", route, st)]++
			continue
		}
		if dur < 0 {
			c.noTiming = append(c.noTiming, p)
		}
		c.pages[route] = append(c.pages[route], pageVisit{path: p, client: cl, user: user})
		for _, l := range links(body) {
			push(l)
		}
		// the household page searches for people to add
		if route == "GET /households/{id}" && !strings.Contains(p, "?") {
			push(p + "?q=" + url.QueryEscape("きた"))
		}
	}
	return nil
}

// unreached are the page routes the crawl did not open.
func (c *pageCrawl) unreached() []string {
	var out []string
	for _, r := range pageRoutes() {
		if len(c.pages[r]) == 0 {
			out = append(out, r)
		}
	}
	return out
}

// measure opens every page of visits rounds times and keeps the server
// times.
func (c *pageCrawl) measure(ctx context.Context, rounds int, visits map[string][]pageVisit) error {
	for range rounds {
		for route, vs := range visits {
			for _, v := range vs {
				st, _, dur, err := c.get(ctx, v.client, v.path)
				if err != nil {
					return err
				}
				if st != http.StatusOK {
					return fmt.Errorf("%s: %d on the second visit", route, st)
				}
				if dur >= 0 {
					c.samples[route] = append(c.samples[route], dur)
				}
				if dur > c.slowMS {
					c.slowest, c.slowMS = v, dur
				}
			}
		}
	}
	return nil
}

// percentile of sorted values (nearest rank).
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// routeFigure is the server time of one route.
type routeFigure struct {
	route          string
	pages, samples int
	p50, p95, max  float64
}

// figures are the routes' server times, slowest p95 first.
func (c *pageCrawl) figures() []routeFigure {
	var out []routeFigure
	for route, s := range c.samples {
		s = append([]float64(nil), s...)
		sort.Float64s(s)
		out = append(out, routeFigure{route: route, pages: len(c.pages[route]), samples: len(s),
			p50: percentile(s, 0.50), p95: percentile(s, 0.95), max: s[len(s)-1]})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].p95 != out[j].p95 {
			return out[i].p95 > out[j].p95
		}
		return out[i].route < out[j].route
	})
	return out
}
