package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Issue 22: hand-over of the lead (主担当の引継ぎ) and the day a referral was
// made (late entry).

// handover sends a referral with transfer_lead and has the receiver accept it.
func (e *env) handover(fromTok, toTok, cid, toOrg string) resp {
	e.t.Helper()
	r := e.api("POST", "/api/v1/referrals", fromTok, map[string]any{"case_id": cid, "to_organization_id": e.orgs[toOrg].ID, "reason": "主担当を引き継ぐ", "transfer_lead": true})
	if r.StatusCode != http.StatusCreated || r.JSON(e.t)["transfer_lead"] != true {
		e.t.Fatalf("hand-over referral: %d %s", r.StatusCode, r.Body)
	}
	return e.api("POST", "/api/v1/referrals/"+r.JSON(e.t)["id"].(string)+"/accept", toTok, nil)
}

func teamRows(t *testing.T, c map[string]any, org string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, m := range c["team"].([]any) {
		if mm := m.(map[string]any); mm["organization_id"] == org {
			out = append(out, mm)
		}
	}
	return out
}

func TestLeadHandoverMovesLeadOnlyPowers(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	kurashi := e.token("worker2")
	cid, pid := e.teamCase()
	e.consent(lead, pid, []string{e.orgs["houkatsu"].ID, e.orgs["kurashi"].ID, e.orgs["kodomo"].ID}, "")
	// only the lead sends it: the receiver of an ordinary referral may not
	// hand the lead to itself or anyone
	r := e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kurashi"].ID, "reason": "家計の相談"})
	if a := e.api("POST", "/api/v1/referrals/"+r.JSON(t)["id"].(string)+"/accept", kurashi, nil); a.StatusCode != 200 {
		t.Fatalf("accept: %d %s", a.StatusCode, a.Body)
	}
	if r := e.api("POST", "/api/v1/referrals", kurashi, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kodomo"].ID, "reason": "x", "transfer_lead": true}); r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, "主担当機関") {
		t.Fatalf("a member sends a hand-over: %d %s", r.StatusCode, r.Body)
	}
	// late entry: made on 5/28 (the clock is 6/1), due 5 working days later
	r = e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kurashi"].ID, "reason": "主担当を引き継ぐ", "transfer_lead": true, "referred_on": "R8.5.28"})
	if r.StatusCode != 201 || r.JSON(t)["referred_on"] != "2026-05-28" || r.JSON(t)["due_on"] != "2026-06-04" || r.JSON(t)["transfer_lead"] != true {
		t.Fatalf("hand-over referral dated 5/28: %d %s", r.StatusCode, r.Body)
	}
	if f := e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kurashi"].ID, "reason": "x", "referred_on": "2026-06-02"}); f.StatusCode != 422 || f.JSON(t)["errors"].(map[string]any)["referred_on"] == nil {
		t.Fatalf("a referral dated tomorrow: %d %s", f.StatusCode, f.Body)
	}
	if a := e.api("POST", "/api/v1/referrals/"+r.JSON(t)["id"].(string)+"/accept", kurashi, nil); a.StatusCode != 200 {
		t.Fatalf("accept the hand-over: %d %s", a.StatusCode, a.Body)
	}
	c := e.api("GET", "/api/v1/cases/"+cid, kurashi, nil).JSON(t)
	if c["lead_organization_id"] != e.orgs["kurashi"].ID || c["lead_worker_id"] != nil {
		t.Fatalf("after the hand-over: lead %v, worker %v", c["lead_organization_id"], c["lead_worker_id"])
	}
	// the previous lead: its lead membership ended with the reason, and it
	// stays as 元主担当 under the consent that names it
	old := teamRows(t, c, e.orgs["houkatsu"].ID)
	if len(old) != 2 || old[0]["basis"] != "lead" || old[0]["to"] != "2026-06-01" || old[0]["end_reason"] != "lead_handover" || old[1]["role"] != "元主担当" || old[1]["basis"] != "consent" {
		t.Fatalf("previous lead's rows: %v", old)
	}
	// the old lead lost the lead-only powers …
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", lead, map[string]any{"to": "assessment"}); r.StatusCode != 403 {
		t.Fatalf("old lead changes the status: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kodomo"].ID, "role": "子育て"}); r.StatusCode != 403 {
		t.Fatalf("old lead adds a member: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kodomo"].ID, "reason": "子育て"}); r.StatusCode != 403 {
		t.Fatalf("old lead sends a referral: %d %s", r.StatusCode, r.Body)
	}
	// … and the new lead gained them
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", kurashi, map[string]any{"to": "assessment"}); r.StatusCode != 200 {
		t.Fatalf("new lead changes the status: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", kurashi, map[string]any{"organization_id": e.orgs["kodomo"].ID, "role": "子育て"}); r.StatusCode != 201 && r.StatusCode != 200 {
		t.Fatalf("new lead adds a member: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/referrals", kurashi, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kodomo"].ID, "reason": "子育て"}); r.StatusCode != 201 {
		t.Fatalf("new lead sends a referral: %d %s", r.StatusCode, r.Body)
	}
	// no lead worker yet: the new lead's list says so
	if a := e.api("GET", "/api/v1/alerts", kurashi, nil); !strings.Contains(a.Body, "主担当者がいません") {
		t.Fatalf("no 主担当者 alert for the new lead: %s", a.Body)
	}
	// the case page shows the hand-over, the date and the 入力日
	b := e.browser()
	b.login("worker2")
	pg := text(b.get("/cases/" + cid).Body)
	for _, want := range []string{"主担当の引継ぎ", "主担当の引継ぎ（元主担当）", "元主担当", "入力日"} {
		if !strings.Contains(pg, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
}

func TestLeadHandoverFromTakikanEndsItsInvolvement(t *testing.T) {
	e := newEnv(t)
	coord := e.token("coord")
	houkatsu := e.token("worker")
	pid := e.mkPerson(coord, yamada)
	cid := e.mkCase(coord, pid)
	e.consent(coord, pid, []string{e.orgs["takikan"].ID, e.orgs["houkatsu"].ID}, "")
	if a := e.handover(coord, houkatsu, cid, "houkatsu"); a.StatusCode != 200 {
		t.Fatalf("accept: %d %s", a.StatusCode, a.Body)
	}
	c := e.api("GET", "/api/v1/cases/"+cid, houkatsu, nil).JSON(t)
	rows := teamRows(t, c, e.orgs["takikan"].ID)
	if len(rows) != 1 || rows[0]["end_reason"] != "takikan_handover" {
		t.Fatalf("takikan rows: %v", rows)
	}
	// its involvement ended: even with the consent naming it, it is off the team
	if g := e.api("GET", "/api/v1/cases/"+cid, coord, nil); g.StatusCode != 404 {
		t.Fatalf("多機関協働 reads the case after handing it over: %d", g.StatusCode)
	}
	b := e.browser()
	b.login("worker")
	if pg := text(b.get("/cases/" + cid).Body); !strings.Contains(pg, "多機関協働の関与終結（主担当へ引継ぎ）") {
		t.Errorf("case page lacks the end reason")
	}
	// counted in the annual report by its reason
	rep := e.api("GET", "/api/v1/reports/annual?fiscal_year=2026", houkatsu, nil)
	var got int64 = -1
	for _, s := range rep.JSON(t)["sections"].([]any) {
		if s.(map[string]any)["key"] != "team_ends" {
			continue
		}
		for _, row := range s.(map[string]any)["rows"].([]any) {
			if rr := row.(map[string]any); rr["label"] == "多機関協働の関与終結（主担当へ引継ぎ）" {
				got = int64(rr["total"].(float64))
			}
		}
	}
	if got != 1 {
		t.Fatalf("annual report: 多機関協働の関与終結 counted %d: %s", got, rep.Body)
	}
}

func TestLeadHandoverSequences(t *testing.T) {
	t.Run("without consent refused", func(t *testing.T) {
		e := newEnv(t)
		lead, kurashi := e.token("worker"), e.token("worker2")
		cid, pid := e.teamCase()
		if r := e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kurashi"].ID, "reason": "x", "transfer_lead": true}); r.StatusCode != 422 || r.JSON(t)["code"] != "consent_required" {
			t.Fatalf("hand-over without consent: %d %s", r.StatusCode, r.Body)
		}
		// sent under consent, withdrawn before the answer: refused at acceptance
		kid := e.consent(lead, pid, []string{e.orgs["kurashi"].ID}, "")
		r := e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kurashi"].ID, "reason": "x", "transfer_lead": true})
		if w := e.api("POST", "/api/v1/consents/"+kid+"/withdraw", lead, map[string]any{"reason": "本人の申し出"}); w.StatusCode != 200 {
			t.Fatalf("withdraw: %d", w.StatusCode)
		}
		if a := e.api("POST", "/api/v1/referrals/"+r.JSON(t)["id"].(string)+"/accept", kurashi, nil); a.StatusCode != 422 || a.JSON(t)["code"] != "consent_required" {
			t.Fatalf("accept after withdrawal: %d %s", a.StatusCode, a.Body)
		}
		if c := e.api("GET", "/api/v1/cases/"+cid, lead, nil).JSON(t); c["lead_organization_id"] != e.orgs["houkatsu"].ID {
			t.Fatalf("lead moved without consent: %v", c["lead_organization_id"])
		}
	})
	t.Run("hand-over then consent withdrawn", func(t *testing.T) {
		e := newEnv(t)
		lead, kurashi := e.token("worker"), e.token("worker2")
		cid, pid := e.teamCase()
		kid := e.consent(lead, pid, []string{e.orgs["houkatsu"].ID, e.orgs["kurashi"].ID}, "")
		if a := e.handover(lead, kurashi, cid, "kurashi"); a.StatusCode != 200 {
			t.Fatalf("accept: %d %s", a.StatusCode, a.Body)
		}
		if w := e.api("POST", "/api/v1/consents/"+kid+"/withdraw", kurashi, map[string]any{"reason": "本人の申し出"}); w.StatusCode != 200 {
			t.Fatalf("withdraw by the new lead: %d %s", w.StatusCode, w.Body)
		}
		// rule 3: the lead stays; the former lead's consent membership ends
		if g := e.api("GET", "/api/v1/cases/"+cid, kurashi, nil); g.StatusCode != 200 {
			t.Fatalf("new lead after withdrawal: %d", g.StatusCode)
		}
		if g := e.api("GET", "/api/v1/cases/"+cid, lead, nil); g.StatusCode != 404 {
			t.Fatalf("former lead after withdrawal: %d", g.StatusCode)
		}
	})
	t.Run("hand-over twice", func(t *testing.T) {
		e := newEnv(t)
		lead, kurashi, kodomo := e.token("worker"), e.token("worker2"), e.token("kodomo")
		cid, pid := e.teamCase()
		e.consent(lead, pid, []string{e.orgs["kurashi"].ID, e.orgs["kodomo"].ID}, "")
		// two hand-overs pending at once: the second is stale once the first is accepted
		stale := e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kodomo"].ID, "reason": "x", "transfer_lead": true})
		if a := e.handover(lead, kurashi, cid, "kurashi"); a.StatusCode != 200 {
			t.Fatalf("first hand-over: %d %s", a.StatusCode, a.Body)
		}
		if a := e.api("POST", "/api/v1/referrals/"+stale.JSON(t)["id"].(string)+"/accept", kodomo, nil); a.StatusCode != 422 || !strings.Contains(a.Body, "既に主担当機関ではない") {
			t.Fatalf("stale hand-over accepted: %d %s", a.StatusCode, a.Body)
		}
		// houkatsu is not named by the consent: it left the team
		if g := e.api("GET", "/api/v1/cases/"+cid, lead, nil); g.StatusCode != 404 {
			t.Fatalf("former lead without consent reads the case: %d", g.StatusCode)
		}
		if a := e.handover(kurashi, kodomo, cid, "kodomo"); a.StatusCode != 200 {
			t.Fatalf("second hand-over: %d %s", a.StatusCode, a.Body)
		}
		c := e.api("GET", "/api/v1/cases/"+cid, kodomo, nil).JSON(t)
		if c["lead_organization_id"] != e.orgs["kodomo"].ID {
			t.Fatalf("lead after two hand-overs: %v", c["lead_organization_id"])
		}
		if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", kurashi, map[string]any{"to": "assessment"}); r.StatusCode != 403 {
			t.Fatalf("second lead still changes the status: %d", r.StatusCode)
		}
		if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", kodomo, map[string]any{"to": "assessment"}); r.StatusCode != 200 {
			t.Fatalf("third lead changes the status: %d %s", r.StatusCode, r.Body)
		}
	})
}

// The つなぐ form: the checkbox and the date, kept on an error.
func TestLeadHandoverForm(t *testing.T) {
	e := newEnv(t)
	lead, kurashi := e.token("worker"), e.token("worker2")
	cid, pid := e.teamCase()
	b := e.browser()
	b.login("worker")
	if pg := b.get("/cases/" + cid); !strings.Contains(pg.Body, "主担当を引き継ぐ") || !strings.Contains(pg.Body, `name="referred_on"`) {
		t.Fatal("the つなぐ form lacks the hand-over checkbox or the date")
	}
	// no consent yet: refused, the box stays ticked
	r := b.post("/cases/"+cid+"/referrals", url.Values{"to_organization_id": {e.orgs["kurashi"].ID}, "reason": {"主担当を引き継ぐ"}, "transfer_lead": {"1"}, "referred_on": {"R8.5.29"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, `name="transfer_lead" value="1" checked`) {
		t.Fatalf("refused form: %d %s", r.StatusCode, text(r.Body))
	}
	e.consent(lead, pid, []string{e.orgs["kurashi"].ID}, "")
	if r := b.post("/cases/"+cid+"/referrals", url.Values{"to_organization_id": {e.orgs["kurashi"].ID}, "reason": {"主担当を引き継ぐ"}, "transfer_lead": {"1"}, "referred_on": {"R8.5.29"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("form: %d %s", r.StatusCode, text(r.Body))
	}
	items := e.api("GET", "/api/v1/referrals", kurashi, nil).JSON(t)["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["transfer_lead"] != true || items[0].(map[string]any)["referred_on"] != "2026-05-29" {
		t.Fatalf("stored: %v", items)
	}
}

// Late entry: a contact, a consent, a team membership and a referral dated
// days before they were entered show 「入力日」 beside the stated date; a
// membership cannot begin in the future nor before the case was received.
func TestLateEntryShowsEnteredDay(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	cid, pid := e.teamCase()                                 // received R8.5.20; the clock is 2026-06-01
	e.consent(lead, pid, []string{e.orgs["kurashi"].ID}, "") // given 2026-05-25
	if r := e.api("POST", "/api/v1/cases/"+cid+"/contacts", lead, map[string]any{"at": "2026-05-27T14:00:00+09:00", "method": "電話", "content": "後日の記録", "minutes": 10}); r.StatusCode != 201 {
		t.Fatalf("contact: %d %s", r.StatusCode, r.Body)
	}
	for _, bad := range []string{"2026-06-02", "2026-05-19"} {
		if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kurashi"].ID, "from": bad}); r.StatusCode != 422 || r.JSON(t)["errors"].(map[string]any)["from"] == nil {
			t.Fatalf("team from %s: %d %s", bad, r.StatusCode, r.Body)
		}
	}
	r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kurashi"].ID, "role": "家計", "from": "R8.5.26"})
	if r.StatusCode != 201 || r.JSON(t)["from"] != "2026-05-26" {
		t.Fatalf("team from the past: %d %s", r.StatusCode, r.Body)
	}
	c := e.api("GET", "/api/v1/cases/"+cid, lead, nil).JSON(t)
	if rows := teamRows(t, c, e.orgs["kurashi"].ID); len(rows) != 1 || rows[0]["entered_on"] != "2026-06-01" {
		t.Fatalf("team row: %v", rows)
	}
	b := e.browser()
	b.login("worker")
	pg := b.get("/cases/" + cid).Body
	// contact, consent and team each carry the 入力日 of today
	if n := strings.Count(text(pg), "入力日 令和8年6月1日"); n < 3 {
		t.Fatalf("入力日 shown %d times: %s", n, text(pg))
	}
	// the team form keeps a refused date beside its message
	if r := b.post("/cases/"+cid+"/team", url.Values{"organization_id": {e.orgs["kodomo"].ID}, "team_from": {"2026-06-05"}}); r.StatusCode != 422 || !strings.Contains(r.Body, "参加日に未来の日付は入力できません") || !strings.Contains(r.Body, `value="2026-06-05"`) {
		t.Fatalf("team form with a future day: %d %s", r.StatusCode, text(r.Body))
	}
}

// TestLateReferralCountsInItsMonth: a つなぎ written days later (referred_on
// in May, entered on 2026-06-01) counts in May in the annual report, in the
// May drill-down and not in June's, and its days to acceptance run from
// the day it was made.
func TestLateReferralCountsInItsMonth(t *testing.T) {
	e := newEnv(t)
	coord := e.token("coord")
	houkatsu := e.token("worker")
	pid := e.mkPerson(coord, yamada)
	cid := e.mkCase(coord, pid)
	e.consent(coord, pid, []string{e.orgs["takikan"].ID, e.orgs["houkatsu"].ID}, "")
	r := e.api("POST", "/api/v1/referrals", coord, map[string]any{"case_id": cid, "to_organization_id": e.orgs["houkatsu"].ID, "reason": "後日入力のつなぎ", "referred_on": "R8.5.22"})
	if r.StatusCode != 201 {
		t.Fatalf("referral: %d %s", r.StatusCode, r.Body)
	}
	if a := e.api("POST", "/api/v1/referrals/"+r.JSON(t)["id"].(string)+"/accept", houkatsu, nil); a.StatusCode != 200 {
		t.Fatalf("accept: %d %s", a.StatusCode, a.Body)
	}
	rep := e.api("GET", "/api/v1/reports/annual?fiscal_year=2026", houkatsu, nil).JSON(t)
	var months []any
	var days map[string]any
	for _, s := range rep["sections"].([]any) {
		sec := s.(map[string]any)
		switch sec["key"] {
		case "referrals":
			months = sec["rows"].([]any)[0].(map[string]any)["months"].([]any)
		case "referral_days":
			days = sec["summary"].(map[string]any)
		}
	}
	if len(months) < 3 || months[1].(float64) != 1 || months[2].(float64) != 0 {
		t.Fatalf("referrals by month (April, May, June …): %v", months)
	}
	if days["max"].(float64) != 10 { // 5/22 → 6/1
		t.Fatalf("days to acceptance from the day it was made: %v", days)
	}
	may := e.api("GET", "/api/v1/reports/annual/records?fiscal_year=2026&section=referrals&month=2026-05", houkatsu, nil)
	june := e.api("GET", "/api/v1/reports/annual/records?fiscal_year=2026&section=referrals&month=2026-06", houkatsu, nil)
	if may.JSON(t)["total"].(float64) != 1 || !strings.Contains(may.Body, `"date":"2026-05-22"`) || june.JSON(t)["total"].(float64) != 0 {
		t.Fatalf("drill-down: May %s / June %s", may.Body, june.Body)
	}
}
