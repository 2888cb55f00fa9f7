package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// teamCase makes a case led by houkatsu and returns its id and the focus person.
func (e *env) teamCase() (caseID, personID string) {
	tok := e.token("worker")
	personID = e.mkPerson(tok, yamada)
	return e.mkCase(tok, personID), personID
}

func (e *env) consent(tok, personID string, recipients []string, validUntil string) string {
	e.t.Helper()
	body := map[string]any{"person_id": personID, "given_by": "本人", "given_on": "2026-05-25", "method": "署名",
		"recipients": recipients, "data_categories": []string{"basic", "records"}, "purposes": []string{"支援の検討"},
		"meeting_types": []string{"jusoteki_shien_kaigi"}}
	if validUntil != "" {
		body["valid_until"] = validUntil
	}
	r := e.api("POST", "/api/v1/consents", tok, body)
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("consent: %d %s", r.StatusCode, r.Body)
	}
	return r.JSON(e.t)["id"].(string)
}

func TestTeamNeedsConsentAndWithdrawRemovesAccess(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	kurashi := e.token("worker2")
	cid, pid := e.teamCase()
	// rule 2: refused without consent, naming the organization
	r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kurashi"].ID, "role": "家計相談"})
	if r.StatusCode != 422 || r.JSON(t)["code"] != "consent_required" || !strings.Contains(r.Body, "kurashi機関") || r.JSON(t)["errors"].(map[string]any)[e.orgs["kurashi"].ID] == nil {
		t.Fatalf("no consent: %d %s", r.StatusCode, r.Body)
	}
	if g := e.api("GET", "/api/v1/cases/"+cid, kurashi, nil); g.StatusCode != 404 {
		t.Fatalf("outsider reads case: %d", g.StatusCode)
	}
	consentID := e.consent(lead, pid, []string{e.orgs["kurashi"].ID}, "")
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kurashi"].ID, "role": "家計相談"}); r.StatusCode != 201 || r.JSON(t)["basis"] != "consent" {
		t.Fatalf("with consent: %d %s", r.StatusCode, r.Body)
	}
	if g := e.api("GET", "/api/v1/cases/"+cid+"/contacts", kurashi, nil); g.StatusCode != 200 {
		t.Fatalf("member reads contacts: %d", g.StatusCode)
	}
	// rule 3: withdrawal removes access on the very next request; the lead stays
	if w := e.api("POST", "/api/v1/consents/"+consentID+"/withdraw", lead, map[string]any{"reason": "本人の申し出"}); w.StatusCode != 200 {
		t.Fatalf("withdraw: %d %s", w.StatusCode, w.Body)
	}
	if g := e.api("GET", "/api/v1/cases/"+cid+"/contacts", kurashi, nil); g.StatusCode != 404 {
		t.Fatalf("access after withdrawal: %d", g.StatusCode)
	}
	if g := e.api("GET", "/api/v1/cases/"+cid, lead, nil); g.StatusCode != 200 {
		t.Fatalf("lead lost access: %d", g.StatusCode)
	}
	// statutory basis without consent
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kodomo"].ID, "role": "虐待対応", "basis": "elder_abuse"}); r.StatusCode != 201 || r.JSON(t)["basis"] != "statutory" {
		t.Fatalf("statutory: %d %s", r.StatusCode, r.Body)
	}
}

func TestConsentExpiry(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	kurashi := e.token("worker2")
	cid, pid := e.teamCase()
	e.consent(lead, pid, []string{e.orgs["kurashi"].ID}, "2026-06-30")
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kurashi"].ID}); r.StatusCode != 201 {
		t.Fatalf("team: %d", r.StatusCode)
	}
	if g := e.api("GET", "/api/v1/cases/"+cid, kurashi, nil); g.StatusCode != 200 {
		t.Fatal("no access while valid")
	}
	e.clock.Add(31 * 24 * time.Hour) // 2026-07-02
	if g := e.api("GET", "/api/v1/cases/"+cid, kurashi, nil); g.StatusCode != 404 {
		t.Fatalf("access after expiry: %d", g.StatusCode)
	}
	list := e.api("GET", "/api/v1/cases", kurashi, nil).JSON(t)["items"].([]any)
	if len(list) != 0 {
		t.Fatal("expired case still listed")
	}
}

func TestReferralFlowAndOverdueAlert(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	kurashi := e.token("worker2")
	cid, pid := e.teamCase()
	if r := e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kurashi"].ID, "reason": "家計の相談"}); r.StatusCode != 422 || r.JSON(t)["code"] != "consent_required" {
		t.Fatalf("referral without consent: %d %s", r.StatusCode, r.Body)
	}
	e.consent(lead, pid, []string{e.orgs["kurashi"].ID}, "")
	r := e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kurashi"].ID, "reason": "家計の相談"})
	if r.StatusCode != 201 || r.JSON(t)["status"] != "pending" || r.JSON(t)["due_on"] != "2026-06-08" {
		t.Fatalf("referral: %d %s", r.StatusCode, r.Body)
	}
	refID := r.JSON(t)["id"].(string)
	pending := e.api("GET", "/api/v1/referrals?status=pending", kurashi, nil).JSON(t)["items"].([]any)
	if len(pending) != 1 || pending[0].(map[string]any)["person_name"] != "髙橋 一郎" {
		t.Fatalf("receiver list: %v", pending)
	}
	e.clock.Add(10 * 24 * time.Hour)
	for _, tok := range []string{lead, kurashi} {
		over := e.api("GET", "/api/v1/referrals?status=pending&overdue=true", tok, nil).JSON(t)["items"].([]any)
		alerts := e.api("GET", "/api/v1/alerts", tok, nil)
		if len(over) != 1 || !strings.Contains(alerts.Body, "overdue_referral") {
			t.Fatalf("overdue not shown on both sides: %v %s", over, alerts.Body)
		}
	}
	if d := e.api("POST", "/api/v1/referrals/"+refID+"/decline", kurashi, map[string]any{}); d.StatusCode != 422 {
		t.Fatalf("decline without reason: %d", d.StatusCode)
	}
	if a := e.api("POST", "/api/v1/referrals/"+refID+"/accept", lead, nil); a.StatusCode != 403 {
		t.Fatalf("sender accepts: %d", a.StatusCode)
	}
	if a := e.api("POST", "/api/v1/referrals/"+refID+"/accept", kurashi, nil); a.StatusCode != 200 || a.JSON(t)["status"] != "accepted" {
		t.Fatalf("accept: %d %s", a.StatusCode, a.Body)
	}
	if g := e.api("GET", "/api/v1/cases/"+cid, kurashi, nil); g.StatusCode != 200 {
		t.Fatalf("receiver not on team after accepting: %d", g.StatusCode)
	}
	if c := e.api("POST", "/api/v1/referrals/"+refID+"/complete", lead, nil); c.StatusCode != 200 || c.JSON(t)["status"] != "completed" {
		t.Fatalf("complete: %d %s", c.StatusCode, c.Body)
	}
}

func TestStaleCaseAlert(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	e.teamCase()
	if a := e.api("GET", "/api/v1/alerts", lead, nil); strings.Contains(a.Body, "stale_case") {
		t.Fatal("fresh case is stale")
	}
	e.clock.Add(31 * 24 * time.Hour)
	if a := e.api("GET", "/api/v1/alerts", lead, nil); !strings.Contains(a.Body, "stale_case") {
		t.Fatalf("no stale alert after 31 days: %s", a.Body)
	}
}

func TestDVAddressHiddenOutsideLead(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	body := map[string]any{}
	for k, v := range yamada {
		body[k] = v
	}
	body["dv_protected"] = true
	pid := e.mkPerson(lead, body)
	cid := e.mkCase(lead, pid)
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kodomo"].ID, "basis": "elder_abuse"}); r.StatusCode != 201 {
		t.Fatal(r.Body)
	}
	if p := e.api("GET", "/api/v1/persons/"+pid, lead, nil); !strings.Contains(p.Body, "本町1-2-3") {
		t.Fatal("lead must see the address")
	}
	p := e.api("GET", "/api/v1/persons/"+pid, e.token("kodomo"), nil)
	if p.StatusCode != 200 || strings.Contains(p.Body, "本町") || strings.Contains(p.Body, "123-4567") || p.JSON(t)["address_hidden"] != true {
		t.Fatalf("team member sees protected address: %d %s", p.StatusCode, p.Body)
	}
}
