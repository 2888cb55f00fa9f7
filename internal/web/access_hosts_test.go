package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb/sqldbtest"
)

// TestHostIsNotStaff (issue 18, path 11): a user of a host company used to be
// an ordinary participation worker: it searched all residents, used
// break-glass, created meetings and read the annual report. With the role
// host it does none of these; it sees only its own organization's
// resources, their matches (host view) and sessions.
func TestHostIsNotStaff(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	hostOrg, host := e.hostUser()
	farm := e.mkResource(tok, map[string]any{"name": "みどり農園", "kind": "農園", "host_organization_id": hostOrg, "accepts_participants": true, "menus": []string{"農作業体験"}})
	other := e.mkResource(tok, map[string]any{"name": "ひだまり食堂", "kind": "子ども食堂"})
	pid := e.mkPerson(tok, yamada)
	cid := e.mkCase(tok, pid)
	if r := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": pid, "resource_id": farm, "menu": "農作業体験"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("match: %d %s", r.StatusCode, r.Body)
	}
	denied := []struct{ method, path string }{
		{"GET", "/api/v1/persons?q=" + urlQ("高橋")},
		{"POST", "/api/v1/persons/" + pid + "/break-glass"},
		{"GET", "/api/v1/cases/" + cid},
		{"POST", "/api/v1/cases"},
		{"POST", "/api/v1/meetings"},
		{"GET", "/api/v1/reports/annual?fiscal_year=2026"},
		{"GET", "/api/v1/persons/" + pid + "/duplicates"},
		{"POST", "/api/v1/outreach-targets"},
		{"GET", "/api/v1/resources/" + other},
		{"POST", "/api/v1/resources/" + other + "/sessions"},
		{"POST", "/api/v1/resources"},
	}
	for _, d := range denied {
		body := map[string]any{"reason": "生命の危険があるため緊急に連絡先を確認したい", "person_id": pid, "type": "支援会議",
			"scheduled_at": "2026-06-10T10:00:00+09:00", "host_organization_id": hostOrg, "label": "x", "found_on": "2026-06-01",
			"name": "x", "kind": "農園", "held_on": "2026-05-30", "participants": map[string]int{"若者(18-39歳)": 1}}
		if d.method == "GET" {
			body = nil
		}
		if r := e.api(d.method, d.path, host, body); r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
			t.Errorf("host %s %s: %d %s", d.method, d.path, r.StatusCode, r.Body)
		}
	}
	for _, p := range []string{"/api/v1/cases", "/api/v1/meetings?from=2026-01-01&to=2026-12-31", "/api/v1/outreach-targets"} {
		if r := e.api("GET", p, host, nil); r.StatusCode < 300 && strings.Contains(r.Body, `"id"`) {
			t.Errorf("host lists %s: %s", p, r.Body)
		}
	}
	// the lists of cases and meetings say no, not "none"
	for _, p := range []string{"/api/v1/cases", "/api/v1/meetings?from=2026-01-01&to=2026-12-31"} {
		if r := e.api("GET", p, host, nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("host GET %s: %d", p, r.StatusCode)
		}
	}
	// its own resource, with sessions it may record; nothing else
	if r := e.api("GET", "/api/v1/resources", host, nil); !strings.Contains(r.Body, farm) || strings.Contains(r.Body, other) {
		t.Fatalf("host's resources: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/resources/"+farm+"/sessions", host, map[string]any{"held_on": "2026-05-30", "participants": map[string]int{"若者(18-39歳)": 2}}); r.StatusCode != http.StatusCreated {
		t.Fatalf("host session: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("GET", "/api/v1/participation-matches", host, nil); r.StatusCode != 200 || !strings.Contains(r.Body, `"host_view":true`) || strings.Contains(r.Body, pid) {
		t.Fatalf("host matches: %d %s", r.StatusCode, r.Body)
	}
	// the pages: no search box, no cases, meetings or reports in the menu
	b := e.browser()
	b.login("host")
	for _, p := range []string{"/cases", "/meetings"} {
		if r := b.get(p); r.StatusCode != http.StatusForbidden {
			t.Errorf("host page %s: %d", p, r.StatusCode)
		}
	}
	home := b.get("/outreach")
	if home.StatusCode != 200 || strings.Contains(home.Body, `href="/persons"`) || strings.Contains(home.Body, `href="/cases"`) ||
		strings.Contains(home.Body, `href="/meetings"`) || strings.Contains(home.Body, `href="/reports"`) || strings.Contains(home.Body, "ひだまり食堂") {
		t.Fatalf("host landing: %d %s", home.StatusCode, text(home.Body))
	}
	for _, p := range []string{"/persons?q=" + urlQ("高橋"), "/persons/" + pid + "/break-glass", "/cases/" + cid, "/reports/annual", "/resources/" + other} {
		if r := b.get(p); r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
			t.Errorf("host page %s: %d", p, r.StatusCode)
		}
	}
}

// TestBusinessUsersHoldOnlyHost: a user of a business organization (企業)
// may hold the role host only; the message names it.
func TestBusinessUsersHoldOnlyHost(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	org := sqldbtest.Org(t, e.db, e.sys, "株式会社 みどり", "business")
	u := casework.User{OrganizationID: org.ID, Email: "biz@example.jp", Name: "企業 担当", Roles: []string{"participation"}}
	err := e.db.CreateUser(ctx, e.sys, &u, passwordHash(t))
	if casework.ErrorCode(err) != casework.EINVALID || !strings.Contains(casework.ErrorFields(err)["roles"], "受け入れ先") {
		t.Fatalf("business user with participation: %v", err)
	}
	u.Roles = []string{"host"}
	if err := e.db.CreateUser(ctx, e.sys, &u, passwordHash(t)); err != nil {
		t.Fatal(err)
	}
	err = e.db.ChangeRoles(ctx, e.sys, u.ID, u.Version, []string{"host", "worker"})
	if casework.ErrorCode(err) != casework.EINVALID || !strings.Contains(casework.ErrorMessage(err), "受け入れ先") {
		t.Fatalf("business user made a worker: %v", err)
	}
	// an NPO that only hosts may have host users too
	npo := sqldbtest.Org(t, e.db, e.sys, "NPO ひだまり", "npo")
	n := casework.User{OrganizationID: npo.ID, Email: "npo-host@example.jp", Name: "NPO 担当", Roles: []string{"host"}}
	if err := e.db.CreateUser(ctx, e.sys, &n, passwordHash(t)); err != nil {
		t.Fatal(err)
	}
	a := casework.Actor{OrganizationID: npo.ID, Roles: []string{"host"}}
	if casework.CanHandleCases(a) || casework.CanWriteCases(a) || casework.CanSearchPersons(a) || casework.CheckBreakGlass(a, "npo", "生命の危険があるため緊急に確認") == nil {
		t.Fatal("a host user counts as staff")
	}
}

// TestOnlyTheProposingOrgChangesAMatch (issue 18, path 11): any organization
// on the person's case team used to end another organization's match. Now
// only the proposing organization changes its state and writes its
// retention logs; the host writes its own 受け入れ先支援 part and sees only
// that; every match shows who proposed it and who wrote each log.
func TestOnlyTheProposingOrgChangesAMatch(t *testing.T) {
	e := newEnv(t)
	tok, member := e.token("worker"), e.token("worker2")
	hostOrg, host := e.hostUser()
	farm := e.mkResource(tok, map[string]any{"name": "みどり農園", "kind": "農園", "host_organization_id": hostOrg, "accepts_participants": true, "menus": []string{"農作業体験"}})
	cid, pid := e.teamCase()
	e.consent(tok, pid, []string{e.orgs["kurashi"].ID}, "")
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", tok, map[string]any{"organization_id": e.orgs["kurashi"].ID}); r.StatusCode != 201 {
		t.Fatalf("team: %s", r.Body)
	}
	m := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": pid, "resource_id": farm, "menu": "農作業体験"})
	mid := m.JSON(t)["id"].(string)
	if m.JSON(t)["proposed_by"] != e.users["worker"].ID || m.JSON(t)["organization_id"] != e.orgs["houkatsu"].ID {
		t.Fatalf("proposer not recorded: %s", m.Body)
	}
	// the team member reads the match but neither ends it nor writes in it
	if r := e.api("GET", "/api/v1/participation-matches/"+mid, member, nil); r.StatusCode != 200 {
		t.Fatalf("member reads: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/participation-matches/"+mid+"/transitions", member, map[string]any{"to": "ended", "reason": "別の支援に切り替え"}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("another team org ends the match: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/participation-matches/"+mid+"/logs", member, map[string]any{"kind": "retention", "at": "2026-06-01T09:00", "method": "面談", "note": "x"}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("another team org writes a log: %d %s", r.StatusCode, r.Body)
	}
	// the host: its own part only
	if r := e.api("POST", "/api/v1/participation-matches/"+mid+"/transitions", host, map[string]any{"to": "trial"}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("host moves the match: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/participation-matches/"+mid+"/logs", host, map[string]any{"kind": "retention", "at": "2026-06-01T09:00", "method": "面談", "note": "x"}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("host writes a retention log: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/participation-matches/"+mid+"/logs", host, map[string]any{"kind": "host_support", "at": "2026-06-01T10:00", "method": "電話", "note": "作業の切り出しを相談したい。"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("host writes its part: %d %s", r.StatusCode, r.Body)
	}
	e.api("POST", "/api/v1/participation-matches/"+mid+"/logs", tok, map[string]any{"kind": "retention", "at": "2026-06-01T11:00", "method": "面談", "note": "朝が少しつらい。"})
	if r := e.api("POST", "/api/v1/participation-matches/"+mid+"/transitions", tok, map[string]any{"to": "trial"}); r.StatusCode != 200 {
		t.Fatalf("proposer moves: %d %s", r.StatusCode, r.Body)
	}
	hv := e.api("GET", "/api/v1/participation-matches/"+mid, host, nil)
	if !strings.Contains(hv.Body, "作業の切り出し") || strings.Contains(hv.Body, "朝が少しつらい") || strings.Contains(hv.Body, e.orgs["houkatsu"].ID) {
		t.Fatalf("host view of logs: %s", hv.Body)
	}
	full := e.api("GET", "/api/v1/participation-matches/"+mid, tok, nil)
	if !strings.Contains(full.Body, `"author_name":"農園 担当"`) || !strings.Contains(full.Body, `"author_organization_name":"みどり農園"`) ||
		!strings.Contains(full.Body, `"proposed_by_name":"職員 worker"`) || !strings.Contains(full.Body, `"organization_name":"houkatsu機関"`) {
		t.Fatalf("who proposed and who wrote: %s", full.Body)
	}
	b := e.browser()
	b.login("worker")
	if pg := b.get("/participation-matches/" + mid); !strings.Contains(pg.Body, "職員 worker") || !strings.Contains(pg.Body, "農園 担当") {
		t.Fatalf("match page: %s", text(pg.Body))
	}
	b = e.browser()
	b.login("worker2")
	if pg := b.get("/participation-matches/" + mid); pg.StatusCode != 200 || strings.Contains(pg.Body, "/transitions") || strings.Contains(pg.Body, `action="/participation-matches/`+mid+`/logs"`) {
		t.Fatalf("member's match page offers changes: %d %s", pg.StatusCode, text(pg.Body))
	}
}
