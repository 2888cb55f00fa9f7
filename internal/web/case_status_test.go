package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
)

// TestOnlyLeadChangesCaseStatus reproduces issue 18 path 10: after accepting
// a referral the receiving organization suspended and closed the lead's
// case, and the lead saw no history. Now it gets 403 (it sees the case, so
// nothing is revealed), the lead and the municipal section change the status,
// and every change shows who, when and why.
func TestOnlyLeadChangesCaseStatus(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	kurashi := e.token("worker2")
	cid, pid := e.teamCase()
	e.consent(lead, pid, []string{e.orgs["kurashi"].ID, e.orgs["city"].ID}, "")
	r := e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kurashi"].ID, "reason": "家計の相談"})
	if r.StatusCode != 201 {
		t.Fatalf("referral: %d %s", r.StatusCode, r.Body)
	}
	if a := e.api("POST", "/api/v1/referrals/"+r.JSON(t)["id"].(string)+"/accept", kurashi, nil); a.StatusCode != 200 {
		t.Fatalf("accept: %d %s", a.StatusCode, a.Body)
	}
	if g := e.api("GET", "/api/v1/cases/"+cid, kurashi, nil); g.StatusCode != 200 {
		t.Fatalf("receiver reads the case: %d", g.StatusCode)
	}
	// the receiving organization tries to suspend and to close the lead's case
	for _, body := range []map[string]any{{"to": "assessment"}, {"to": "suspended", "reason": "連絡が取れないため"}, {"to": "closed", "reason": "resolved"}} {
		r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", kurashi, body)
		if r.StatusCode != 403 || r.JSON(t)["code"] != "forbidden" || !strings.Contains(r.Body, "主担当機関") {
			t.Fatalf("receiver changes the status to %v: %d %s", body["to"], r.StatusCode, r.Body)
		}
	}
	// nor through the case PATCH
	c := e.api("GET", "/api/v1/cases/"+cid, lead, nil).JSON(t)
	if r := e.api("PATCH", "/api/v1/cases/"+cid, kurashi, map[string]any{"status": "closed", "version": c["version"]}); r.StatusCode != 403 {
		t.Fatalf("receiver PATCHes the case: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PATCH", "/api/v1/cases/"+cid, lead, map[string]any{"status": "closed", "closed_on": "2026-06-01", "version": c["version"]}); r.StatusCode != 200 || r.JSON(t)["status"] != "intake" {
		t.Fatalf("PATCH changes the status: %d %s", r.StatusCode, r.Body)
	}
	// the page offers the receiver no status form, and its post is refused
	b := e.browser()
	b.login("worker2")
	if pg := b.get("/cases/" + cid); pg.StatusCode != 200 || strings.Contains(pg.Body, `action="/cases/`+cid+`/status"`) || !strings.Contains(pg.Body, "主担当機関（または市の担当課）だけが変更できます") {
		t.Fatalf("receiver's case page: %d", pg.StatusCode)
	}
	if pr := b.post("/cases/"+cid+"/status", url.Values{"to": {"suspended"}, "status_reason": {"連絡が取れない"}}); pr.StatusCode != 403 {
		t.Fatalf("receiver's status form: %d", pr.StatusCode)
	}
	// the lead changes it, with a reason
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", lead, map[string]any{"to": "assessment", "reason": "初回面談を実施"}); r.StatusCode != 200 {
		t.Fatalf("lead: %d %s", r.StatusCode, r.Body)
	}
	e.clock.Add(time.Hour)
	// a worker of the municipal section on the team changes it too
	city := casework.User{OrganizationID: e.orgs["city"].ID, Email: "city-worker@example.jp", Name: "職員 市", Roles: []string{"worker"}}
	if err := e.db.CreateUser(context.Background(), e.sys, &city, passwordHash(t)); err != nil {
		t.Fatal(err)
	}
	e.users["city-worker"] = city
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["city"].ID}); r.StatusCode != 201 {
		t.Fatalf("team: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", e.token("city-worker"), map[string]any{"to": "suspended", "reason": "本人入院のため"}); r.StatusCode != 200 {
		t.Fatalf("municipal section: %d %s", r.StatusCode, r.Body)
	}
	// the history: in the API …
	g := e.api("GET", "/api/v1/cases/"+cid, kurashi, nil)
	hist, _ := g.JSON(t)["status_history"].([]any)
	if g.StatusCode != 200 || len(hist) != 2 {
		t.Fatalf("status_history: %d %s", g.StatusCode, g.Body)
	}
	h0, h1 := hist[0].(map[string]any), hist[1].(map[string]any)
	if h0["from"] != "intake" || h0["to"] != "assessment" || h0["reason"] != "初回面談を実施" || h0["user_id"] != e.users["worker"].ID ||
		h0["user_name"] != "職員 worker" || h0["organization_name"] != "houkatsu機関" || h0["at"] != "2026-06-01T01:00:00Z" {
		t.Fatalf("first change: %v", h0)
	}
	if h1["from"] != "assessment" || h1["to"] != "suspended" || h1["user_name"] != "職員 市" || h1["organization_name"] != "city機関" {
		t.Fatalf("second change: %v", h1)
	}
	// … and on the case page of the lead: who, when (和暦 and time), why
	b = e.browser()
	b.login("worker")
	pg := text(b.get("/cases/" + cid).Body)
	for _, s := range []string{"令和8年6月1日 10:00", "相談受付 → アセスメント", "令和8年6月1日 11:00", "アセスメント → 中断", "職員 worker（houkatsu機関）", "初回面談を実施", "職員 市（city機関）", "本人入院のため"} {
		if !strings.Contains(pg, s) {
			t.Errorf("case page lacks %q", s)
		}
	}
	if !strings.Contains(b.get("/cases/"+cid).Body, `action="/cases/`+cid+`/status"`) {
		t.Error("the lead is not offered the status form")
	}
	e.clock.Add(time.Minute)
	b.login("worker")
	if pr := b.post("/cases/"+cid+"/status", url.Values{"to": {"active"}, "status_reason": {"退院し支援を再開"}}); pr.StatusCode != http.StatusSeeOther {
		t.Fatalf("lead's status form: %d %s", pr.StatusCode, text(pr.Body))
	}
	if hist := e.api("GET", "/api/v1/cases/"+cid, lead, nil).JSON(t)["status_history"].([]any); len(hist) != 3 || hist[2].(map[string]any)["reason"] != "退院し支援を再開" {
		t.Fatalf("the page's reason is not kept: %v", hist)
	}
}
