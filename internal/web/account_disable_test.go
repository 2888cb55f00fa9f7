package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kasane/internal/casework"
)

// A member of staff leaves: the administrator stops their access. Their
// sessions and API tokens stop working at once, their open cases go to the
// successor chosen (same organization only), or, with none chosen, show up
// as cases without a lead worker. Everything is audited and reversible.
func TestDisableUserHandsOverCasesAndEndsAccess(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	succ := casework.User{OrganizationID: e.orgs["houkatsu"].ID, Email: "next@example.jp", Name: "職員 後任", Roles: []string{"worker"}}
	if err := e.db.CreateUser(ctx, e.sys, &succ, passwordHash(t)); err != nil {
		t.Fatal(err)
	}
	tok := e.token("worker")
	c1 := e.mkCase(tok, e.mkPerson(tok, yamada))
	session := e.browser()
	session.login("worker")

	admin := e.browser()
	admin.login("admin")
	page := "/admin/users/" + e.users["worker"].ID
	r := admin.get(page)
	if !strings.Contains(r.Body, "利用の停止") || !strings.Contains(r.Body, "主担当のケース</dt><dd>1件") || !strings.Contains(r.Body, `value="`+succ.ID+`"`) {
		t.Fatalf("user page lacks the stop form, the case count or the successor: %s", text(r.Body))
	}
	for _, other := range []string{e.users["worker2"].ID, e.users["viewer"].ID} { // another organization; read only
		if strings.Contains(r.Body, `<option value="`+other+`"`) {
			t.Fatal("a member of staff who may not take over is offered")
		}
	}
	// a successor of another organization is refused, the form keeps the choice, nothing changes
	r = admin.post(page+"/disable", url.Values{"version": {admin.version(page)}, "successor_id": {e.users["worker2"].ID}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "同じ機関の職員") {
		t.Fatalf("successor of another organization: %d %s", r.StatusCode, text(r.Body))
	}
	if got := e.api("GET", "/api/v1/me", tok, nil); got.StatusCode != 200 {
		t.Fatalf("a refused stop changed something: %d", got.StatusCode)
	}
	r = admin.post(page+"/disable", url.Values{"version": {admin.version(page)}, "successor_id": {succ.ID}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d %s", r.StatusCode, text(r.Body))
	}
	if r := admin.get(r.Header.Get("Location")); !strings.Contains(r.Body, "利用を停止しました") || !strings.Contains(r.Body, "1 件の担当を変更しました") || !strings.Contains(r.Body, "利用停止中") {
		t.Fatalf("no confirmation: %s", text(r.Body))
	}
	if r := session.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the stopped user's session survived: %d", r.StatusCode)
	}
	if r := e.api("GET", "/api/v1/me", tok, nil); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the stopped user's API token survived: %d", r.StatusCode)
	}
	if r := e.browser().post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}}); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the stopped user can log in: %d", r.StatusCode)
	}
	c, err := e.db.Case(ctx, casework.Actor{UserID: succ.ID, MunicipalityID: succ.MunicipalityID, OrganizationID: succ.OrganizationID, Roles: succ.Roles}, c1)
	if err != nil || c.LeadWorkerID != succ.ID {
		t.Fatalf("case not handed over: %v %q", err, c.LeadWorkerID)
	}
	if !e.auditHas("user_disabled", e.users["worker"].ID) || !e.auditHas("case", c1) {
		t.Fatal("the stop or the handover is not audited")
	}
	if r := admin.get("/admin/users"); !strings.Contains(r.Body, "利用停止中") {
		t.Fatal("the staff list does not show the stop")
	}

	// enabled again: the password works, the case stays with the successor
	if r := admin.post(page+"/enable", url.Values{"version": {admin.version(page)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d %s", r.StatusCode, text(r.Body))
	}
	if r := e.browser().post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login after enabling: %d", r.StatusCode)
	}

	// the successor leaves with nobody named: the case has no lead worker and an alert says so
	spage := "/admin/users/" + succ.ID
	if r := admin.post(spage+"/disable", url.Values{"version": {admin.version(spage)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable without successor: %d %s", r.StatusCode, text(r.Body))
	}
	alerts, err := e.db.Alerts(ctx, casework.Actor{UserID: e.users["worker"].ID, MunicipalityID: e.users["worker"].MunicipalityID, OrganizationID: e.users["worker"].OrganizationID, Roles: []string{"worker"}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, al := range alerts {
		found = found || (al.Kind == "no_lead_worker" && al.CaseID == c1)
	}
	if !found {
		t.Fatalf("no alert for the case left without a lead worker: %+v", alerts)
	}
	w2 := e.browser()
	w2.login("worker")
	if r := w2.get("/cases/" + c1); !strings.Contains(r.Body, "主担当者がいません") {
		t.Fatalf("the case page does not say the case has no lead worker: %s", text(r.Body))
	}
	// an administrator cannot stop themselves; a worker cannot stop anyone
	self := "/admin/users/" + e.users["admin"].ID
	if r := admin.post(self+"/disable", url.Values{"version": {"1"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("self stop: %d", r.StatusCode)
	}
	w := e.browser()
	w.login("worker2")
	if r := w.post(spage+"/enable", url.Values{"version": {"1"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("worker enables: %d", r.StatusCode)
	}
}

// A leaked token is revoked from the user page: it stops working at once,
// the user's other tokens keep working, the page never shows a token.
func TestAdministratorRevokesOneAPIToken(t *testing.T) {
	e := newEnv(t)
	leaked, other := e.token("worker"), e.token("worker")
	ts, err := e.db.UserTokens(context.Background(), e.sys, e.users["worker"].ID)
	if err != nil || len(ts) != 2 {
		t.Fatalf("tokens: %v %d", err, len(ts))
	}
	admin := e.browser()
	admin.login("admin")
	page := "/admin/users/" + e.users["worker"].ID
	r := admin.get(page)
	if !strings.Contains(r.Body, "APIトークン") || !strings.Contains(r.Body, ts[0].ID) || strings.Contains(r.Body, leaked) || strings.Contains(r.Body, other) {
		t.Fatalf("token list: %s", text(r.Body))
	}
	// which token is the leaked one: the one that stops working after its id is revoked
	for _, tk := range ts {
		if r := admin.post(page+"/tokens/revoke", url.Values{"token_id": {tk.ID}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %d %s", r.StatusCode, text(r.Body))
		}
		a, b := e.api("GET", "/api/v1/me", leaked, nil).StatusCode, e.api("GET", "/api/v1/me", other, nil).StatusCode
		if (a == 401) == (b == 401) {
			t.Fatalf("revoking one token: leaked %d, other %d", a, b)
		}
		if !e.auditHas("api_token", tk.ID) {
			t.Fatal("revocation not audited")
		}
		break
	}
	if r := admin.post(page+"/tokens/revoke", url.Values{"token_id": {ts[0].ID}}); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("revoking twice: %d", r.StatusCode)
	}
	w := e.browser()
	w.login("worker2")
	if r := w.post(page+"/tokens/revoke", url.Values{"token_id": {ts[1].ID}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a worker revokes: %d", r.StatusCode)
	}
}

// A closed case keeps its lead worker when the worker leaves; reopened, it
// is flagged as without a lead worker, and correcting its 主訴 does not
// silently change who leads it.
func TestReopenedCaseOfAStoppedLeadIsFlaggedAndKeptInTheForm(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tok := e.token("worker")
	cid := e.mkCase(tok, e.mkPerson(tok, yamada))
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", tok, map[string]any{"to": "closed", "reason": "resolved"}); r.StatusCode != 200 {
		t.Fatalf("close: %d %s", r.StatusCode, r.Body)
	}
	admin := e.browser()
	admin.login("admin")
	page := "/admin/users/" + e.users["worker"].ID
	if r := admin.post(page+"/disable", url.Values{"version": {admin.version(page)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d %s", r.StatusCode, text(r.Body))
	}
	// a colleague of the same organization reopens the case
	mate := casework.User{OrganizationID: e.orgs["houkatsu"].ID, Email: "mate@example.jp", Name: "職員 同僚", Roles: []string{"worker"}}
	if err := e.db.CreateUser(ctx, e.sys, &mate, passwordHash(t)); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.loginAs("mate@example.jp")
	matey := casework.Actor{UserID: mate.ID, MunicipalityID: mate.MunicipalityID, OrganizationID: mate.OrganizationID, Roles: mate.Roles}
	if _, err := e.db.TransitionCase(ctx, matey, cid, "assessment", ""); err != nil {
		t.Fatal(err)
	}
	alerts, err := e.db.Alerts(ctx, matey)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(alerts, func(a casework.Alert) bool { return a.Kind == "no_lead_worker" && a.CaseID == cid }) {
		t.Fatalf("the reopened case of a stopped lead is not flagged: %+v", alerts)
	}
	r := b.get("/cases/" + cid + "/edit")
	if !strings.Contains(r.Body, "主担当を続けられません") {
		t.Fatalf("the form does not keep the stopped lead worker: %s", text(r.Body))
	}
	c, _ := e.db.Case(ctx, matey, cid)
	form := url.Values{"version": {strconv.Itoa(c.Version)}, "bunya": c.Bunya, "problems": c.Problems, "primary_problem": {c.PrimaryProblem},
		"complaint": {"主訴を直した"}, "screening": {c.Screening}, "lead_worker_id": {c.LeadWorkerID}}
	if r := b.post("/cases/"+cid+"/edit", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", r.StatusCode, text(r.Body))
	}
	if c2, _ := e.db.Case(ctx, matey, cid); c2.LeadWorkerID != e.users["worker"].ID || c2.Complaint != "主訴を直した" {
		t.Fatalf("the edit changed the lead worker: %q", c2.LeadWorkerID)
	}
}
