package browsertest

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/demo"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
	"kasane/internal/web"
)

// notPages are the GET routes that are no pages for axe: the JSON API
// (/api/…, as a group), the health probe, map tiles, downloads, and the
// second-factor page (checked in the keyboard test, where the login
// enrols a second factor).
var notPages = map[string]bool{
	"GET /healthz": true, "GET /map/tiles/{z}/{x}/{y}": true, "GET /exports/{kind}": true, "GET /outreach/report/export": true,
	"GET /audit/export": true, "GET /cases/export": true, "GET /login/mfa": true,
	"GET /reports/monthly/{program}/export": true, "GET /reports/monthly/{program}/municipality/export": true,
	"GET /persons/{id}/disclosure/export": true, "GET /file-register/export": true, // issue 23: downloads
}

// routeMux names the route pattern of a path.
func routeMux() *http.ServeMux {
	mux := http.NewServeMux()
	for _, p := range web.Patterns() {
		mux.HandleFunc(p, func(http.ResponseWriter, *http.Request) {})
	}
	return mux
}

// TestBrowserAxeEveryPage runs axe-core on one page of every GET page route
// of kasane, on the demo data: each demo user (every role) follows the
// links of their pages from わたしの仕事, and every route is checked the
// first time someone reaches it. No serious or critical violation is
// allowed, and every page route must be reached.
func TestBrowserAxeEveryPage(t *testing.T) {
	t.Parallel()
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
	mux := routeMux()
	routeOf := func(path string) string {
		r, err := http.NewRequest(http.MethodGet, a.url+path, nil)
		if err != nil {
			return ""
		}
		_, p := mux.Handler(r)
		return p
	}
	checked := map[string]string{} // route → the page checked

	root := newTab(t, a.url)
	root.axePage("/login")
	checked["GET /login"] = "/login"
	roles := map[string]bool{}
	for i, l := range logins {
		if roles[l.Role] {
			continue // one user of each role
		}
		roles[l.Role] = true
		b := root.other(strings.TrimSuffix(l.Email, "@demo.kasane.example"))
		b.open("/login")
		b.typeIn("#f-email", l.Email)
		b.typeIn("#f-password", demo.Password)
		b.click(`form[action="/login"] button[type=submit]`)
		queue, seen := []string{"/", "/reports/dashboard", "/persons?q=" + "きたむら"}, map[string]bool{}
		forced := map[string]bool{}
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
			// after the first user, only what is new or a list to find it from
			if i > 0 && checked[route] != "" && strings.Contains(strings.ReplaceAll(route, "{$}", ""), "{") {
				continue
			}
			if st := b.openStatus(p); st != 200 {
				t.Logf("%s: %s answers %d", l.Email, route, st)
				continue
			}
			if checked[route] == "" {
				b.axeCheck(route)
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
	// pages no demo link reaches for a crawler: the break-glass form and
	// the emergency view it opens (for a person outside the worker's
	// teams), and a resource's edit form (for its registering organization)
	reach := func(email, path string, then func(b *tab)) {
		b := root.other("reach-" + strings.TrimSuffix(email, "@demo.kasane.example"))
		b.open("/login")
		b.typeIn("#f-email", email)
		b.typeIn("#f-password", demo.Password)
		b.click(`form[action="/login"] button[type=submit]`)
		if st := b.openStatus(path); st != 200 {
			t.Errorf("%s: %s answers %d", email, path, st)
			return
		}
		b.axeCheck(routeOf(path))
		checked[routeOf(path)] = path
		if then != nil {
			then(b)
		}
	}
	if checked["GET /persons/{id}/break-glass"] == "" || checked["GET /persons/{id}/emergency"] == "" {
		kodomo, err := db.UserByEmail(context.Background(), "kodomo@demo.kasane.example")
		if err != nil {
			t.Fatal(err)
		}
		cs, err := db.Cases(context.Background(), sqldb.ActorFor(kodomo), sqldb.CaseFilter{Limit: 1})
		if err != nil || len(cs) == 0 {
			t.Fatalf("a case of kodomo: %v", err)
		}
		reach("worker@demo.kasane.example", "/persons/"+cs[0].FocusPersonID+"/break-glass", func(b *tab) {
			b.typeIn("#f-reason", "本人が倒れているとの通報があり、緊急連絡先の確認が必要なため")
			b.click(`form[action$="/break-glass"] button[type=submit]`)
			if r := routeOf(b.path()); r == "GET /persons/{id}/emergency" {
				b.axeCheck(r)
				checked[r] = b.path()
			} else {
				t.Errorf("break-glass landed on %s", b.path())
			}
		})
	}
	if checked["GET /resources/{id}/edit"] == "" {
		com, err := db.UserByEmail(context.Background(), "community@demo.kasane.example")
		if err != nil {
			t.Fatal(err)
		}
		rs, err := db.Resources(context.Background(), sqldb.ActorFor(com))
		if err != nil || len(rs) == 0 {
			t.Fatalf("resources: %v", err)
		}
		for _, r := range rs {
			if r.RegisteredByOrgID == com.OrganizationID {
				reach(com.Email, "/resources/"+r.ID+"/edit", nil)
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
	t.Logf("axe ran on %d page routes", len(checked))
	if len(missing) > 0 {
		t.Errorf("page routes axe did not reach on the demo data: %v", missing)
	}
}
