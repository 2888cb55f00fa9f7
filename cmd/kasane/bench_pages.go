package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/demo"
	"kasane/internal/sqldb"
	"kasane/internal/web"
)

// pageSearches are searches a worker does on the demo data: kana, the
// kanji and katakana of demo surnames.
var pageSearches = []string{"きたむら", "北村", "ヤマグチ", "にしだ"}

// cmdBenchPages is `kasane bench pages [--rounds 5] [--per-route 4]
// [--goal 100ms] [--fail-slow]`: the demo municipality on a fresh SQLite
// database, every demo user logged in, every GET page reachable from their
// menus crawled, and each page's server time (the Server-Timing header)
// measured against the goal.
func cmdBenchPages(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("kasane bench pages", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	rounds := fs.Int("rounds", 5, "times each page is opened after the crawl")
	perRoute := fs.Int("per-route", 4, "pages of each route crawled per user")
	goal := fs.Duration("goal", 100*time.Millisecond, "server time goal of every page")
	failSlow := fs.Bool("fail-slow", false, "exit non-zero when a route's p95 exceeds the goal (p95, not max: one slow fsync on a busy disk is no slow page)")
	dir := fs.String("dir", "", "work folder (default: a temporary folder, removed afterwards); a tmpfs such as /dev/shm/x leaves out the disk's fsync of each audit record")
	if err := fs.Parse(args); err != nil {
		return err
	}
	work := *dir
	if work == "" {
		t, err := os.MkdirTemp("", "kasane-bench-pages-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(t)
		work = t
	}
	t0 := time.Now()
	c, db, stop, err := crawlDemo(ctx, filepath.Join(work, "kasane.db"), *perRoute)
	if err != nil {
		return err
	}
	defer db.Close()
	defer stop()
	crawled := time.Since(t0)
	if err := c.measure(ctx, *rounds, c.pages); err != nil {
		return err
	}
	if err := c.crawlSecondFactor(ctx, db, *rounds); err != nil {
		return err
	}
	return c.report(e.stdout, *rounds, crawled, *goal, *failSlow)
}

// crawlDemo seeds the demo into a new SQLite database at path, serves it
// on loopback and crawls it as every demo user and as a visitor.
func crawlDemo(ctx context.Context, path string, perRoute int) (*pageCrawl, *sqldb.DB, func(), error) {
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return nil, nil, nil, err
	}
	fail := func(err error) (*pageCrawl, *sqldb.DB, func(), error) { db.Close(); return nil, nil, nil, err }
	if _, err := db.Migrate(ctx); err != nil {
		return fail(err)
	}
	// a key of this run for the TOTP secrets (the second-factor page)
	key := make([]byte, 32)
	rand.Read(key)
	if err := db.SetSecretKey(key); err != nil {
		return fail(err)
	}
	logins, err := demo.Seed(ctx, db)
	if err == nil {
		_, err = demo.SeedExtras(ctx, db)
	}
	if err != nil {
		return fail(err)
	}
	cfg := config.Default()
	cfg.InsecureCookies = true // plain HTTP on loopback; not Demo, which would keep the second factor off
	srv, err := web.New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	stop := func() { hs.Close() }
	c := newPageCrawl("http://" + ln.Addr().String())
	seeds := []string{"/", "/reports/dashboard"}
	for _, q := range pageSearches {
		seeds = append(seeds, "/persons?q="+url.QueryEscape(q))
	}
	for _, l := range logins {
		cl, err := c.login(ctx, l.Email, demo.Password)
		if err == nil {
			err = c.crawl(ctx, l.Email, cl, perRoute, seeds...)
		}
		if err != nil {
			stop()
			return fail(err)
		}
	}
	visitor, _ := c.login(ctx, "", "")
	if err := c.crawl(ctx, "", visitor, perRoute, "/login"); err != nil {
		stop()
		return fail(err)
	}
	return c, db, stop, nil
}

// crawlSecondFactor turns the second factor on for the demo municipality
// (after the other pages are measured, as it ends their sessions' way in),
// starts a login and times the second-factor page.
func (c *pageCrawl) crawlSecondFactor(ctx context.Context, db *sqldb.DB, rounds int) error {
	ms, err := db.Municipalities(ctx)
	if err != nil {
		return err
	}
	on := true
	for _, m := range ms {
		if m.Code == demo.MunicipalityCode {
			if err := db.SaveSettings(ctx, casework.System(m.ID), casework.Settings{RequireMFA: &on}); err != nil {
				return err
			}
		}
	}
	cl, _ := c.login(ctx, "", "")
	form := url.Values{"email": {"worker@demo.kasane.example"}, "password": {demo.Password}}
	res, err := cl.PostForm(c.base+"/login", form)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.Request.URL.Path != "/login/mfa" {
		return fmt.Errorf("second factor: the login went to %s (%d)", res.Request.URL.Path, res.StatusCode)
	}
	const route = "GET /login/mfa"
	n := len(c.pages[route])
	if err := c.crawl(ctx, "mfa", cl, 1, "/login/mfa"); err != nil {
		return err
	}
	return c.measure(ctx, rounds, map[string][]pageVisit{route: c.pages[route][n:]})
}

// report prints the figures and the coverage; with failSlow, a route over
// the goal (p95) is an error.
func (c *pageCrawl) report(w io.Writer, rounds int, crawled, goal time.Duration, failSlow bool) error {
	n := 0
	for _, vs := range c.pages {
		n += len(vs)
	}
	figs := c.figures()
	fmt.Fprintf(w, "kasane bench pages: demo data on SQLite, %d pages of %d routes, each opened %d+1 times; GOMAXPROCS %d, %s; crawl %.1fs\n",
		n, len(figs), rounds, runtime.GOMAXPROCS(0), runtime.Version(), crawled.Seconds())
	fmt.Fprintf(w, "server time (Server-Timing app;dur) per route in ms, goal %d ms, slowest p95 first:\n\n", goal.Milliseconds())
	fmt.Fprintf(w, "%-44s %5s %7s %7s %7s %7s\n", "route", "pages", "samples", "p50", "p95", "max")
	limit := float64(goal.Microseconds()) / 1000
	var slow []string
	for _, f := range figs {
		mark := ""
		if f.p95 > limit {
			mark = "  > goal"
			slow = append(slow, f.route)
		} else if f.max > limit {
			mark = "  (max > goal)"
		}
		fmt.Fprintf(w, "%-44s %5d %7d %7.1f %7.1f %7.1f%s\n", f.route, f.pages, f.samples, f.p50, f.p95, f.max, mark)
	}
	fmt.Fprintln(w)
	if c.slowMS > 0 {
		fmt.Fprintf(w, "slowest page: %s %.1f ms (as %s)\n", c.slowest.path, c.slowMS, pick(c.slowest.user, "a visitor"))
	}
	if len(c.noTiming) > 0 {
		fmt.Fprintf(w, "pages without Server-Timing: %d (first %s)\n", len(c.noTiming), c.noTiming[0])
	}
	if un := c.unreached(); len(un) > 0 {
		fmt.Fprintf(w, "GET page routes not reached: %s\n", strings.Join(un, ", "))
	} else {
		fmt.Fprintf(w, "every GET page route reached (%d); not pages: /api/…, %s\n", len(pageRoutes()), strings.Join(excludedRoutes(), ", "))
	}
	if len(slow) == 0 {
		fmt.Fprintf(w, "every route within %d ms at p95\n", goal.Milliseconds())
		return nil
	}
	fmt.Fprintf(w, "over %d ms at p95: %s\n", goal.Milliseconds(), strings.Join(slow, ", "))
	if failSlow {
		return errors.New("ページの応答時間が目標を超えています")
	}
	return nil
}

// excludedRoutes are the excluded patterns, sorted.
func excludedRoutes() []string {
	var out []string
	for p := range pageExclusions {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
