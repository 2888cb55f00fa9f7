package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// mkMeeting creates a meeting of mtype hosted by takikan (the 支援会議
// 事務局 of the tests) as user, today; acks says which attending
// organizations then acknowledge confidentiality themselves. The meeting
// stays scheduled (e.hold records it held).
func (e *env) mkMeeting(tok, mtype string, orgs []string, acks map[string]bool) string {
	e.t.Helper()
	if mtype == "shien_kaigi" {
		e.shienKaigiSetup()
	}
	var att []map[string]any
	for _, o := range orgs {
		att = append(att, map[string]any{"organization_id": e.orgs[o].ID, "member_or_guest": "member"})
	}
	r := e.api("POST", "/api/v1/meetings", tok, map[string]any{"type": mtype, "scheduled_at": "2026-06-01T10:00:00+09:00",
		"host_organization_id": e.orgs["takikan"].ID, "attendees": att})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("meeting: %d %s", r.StatusCode, r.Body)
	}
	mid := r.JSON(e.t)["id"].(string)
	for _, o := range orgs {
		if acks[o] {
			e.ackSelf(mid, o)
		}
	}
	return mid
}

func TestJusotekiItemNeedsConsentCoveringEveryAttendee(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid, pid := e.teamCase()
	mid := e.mkMeeting(e.token("coord"), "jusoteki_shien_kaigi", []string{"houkatsu", "kurashi", "takikan"}, nil)
	item := map[string]any{"case_id": cid, "agenda": "plan_review", "decisions": "役割分担を決めた",
		"role_split": []map[string]any{{"organization_id": e.orgs["houkatsu"].ID, "task": "月1回の訪問"}}, "resource_gaps": []string{"夜間の居場所がない"}}
	r := e.api("POST", "/api/v1/meetings/"+mid+"/items", tok, item)
	errs, _ := r.JSON(t)["errors"].(map[string]any)
	if r.StatusCode != 422 || r.JSON(t)["code"] != "consent_required" || errs[e.orgs["kurashi"].ID] == nil || errs[e.orgs["takikan"].ID] == nil ||
		errs[e.orgs["houkatsu"].ID] != nil || !strings.Contains(r.Body, "kurashi機関") {
		t.Fatalf("without consent: %d %s", r.StatusCode, r.Body)
	}
	// a consent that covers only one of them is not enough
	e.consent(tok, pid, []string{e.orgs["kurashi"].ID}, "")
	r = e.api("POST", "/api/v1/meetings/"+mid+"/items", tok, item)
	if errs, _ := r.JSON(t)["errors"].(map[string]any); r.StatusCode != 422 || errs[e.orgs["takikan"].ID] == nil || errs[e.orgs["kurashi"].ID] != nil {
		t.Fatalf("partial consent: %d %s", r.StatusCode, r.Body)
	}
	e.consent(tok, pid, []string{e.orgs["kurashi"].ID, e.orgs["takikan"].ID}, "")
	r = e.api("POST", "/api/v1/meetings/"+mid+"/items", tok, item)
	if r.StatusCode != 201 || r.JSON(t)["basis"] != "consent" || r.JSON(t)["consent_id"] == "" {
		t.Fatalf("with consent: %d %s", r.StatusCode, r.Body)
	}
	itemID := r.JSON(t)["id"].(string)
	// the meeting shows the item to attendees; the gap is listed
	// a scheduled meeting shares nothing but with the lead; held, it does
	if m := e.api("GET", "/api/v1/meetings/"+mid, e.token("worker2"), nil); m.StatusCode != 200 || strings.Contains(m.Body, "役割分担を決めた") {
		t.Fatalf("scheduled meeting shared: %d %s", m.StatusCode, m.Body)
	}
	e.hold(e.token("coord"), mid)
	m := e.api("GET", "/api/v1/meetings/"+mid, e.token("worker2"), nil)
	if m.StatusCode != 200 || !strings.Contains(m.Body, "役割分担を決めた") {
		t.Fatalf("attendee reads meeting: %d %s", m.StatusCode, m.Body)
	}
	if g := e.api("GET", "/api/v1/resource-gaps", e.token("kodomo"), nil); g.StatusCode != 200 || !strings.Contains(g.Body, "夜間の居場所がない") {
		t.Fatalf("resource gaps: %d %s", g.StatusCode, g.Body)
	}
	// decisions → plan items in one step
	if r := e.api("POST", "/api/v1/meeting-items/"+itemID+"/plan", tok, nil); r.StatusCode != 422 {
		t.Fatalf("to plan without a plan: %d %s", r.StatusCode, r.Body)
	}
	pid1 := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))["id"].(string)
	r = e.api("POST", "/api/v1/meeting-items/"+itemID+"/plan", tok, nil)
	if r.StatusCode != 200 || r.JSON(t)["id"] != pid1 || len(r.JSON(t)["items"].([]any)) != 2 || !strings.Contains(r.Body, `"meeting_item_id":"`+itemID) {
		t.Fatalf("to draft plan: %d %s", r.StatusCode, r.Body)
	}
	e.api("POST", "/api/v1/plans/"+pid1+"/agree", tok, nil)
	r = e.api("POST", "/api/v1/meeting-items/"+itemID+"/plan", tok, nil)
	if r.StatusCode != 200 || r.JSON(t)["revision"].(float64) != 2 || len(r.JSON(t)["items"].([]any)) != 3 {
		t.Fatalf("to agreed plan makes a re-plan: %d %s", r.StatusCode, r.Body)
	}
}

func TestShienKaigiNeedsAcksAndGivesNoCaseAccess(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid, _ := e.teamCase()
	item := map[string]any{"case_id": cid, "agenda": "info_share", "situation": "本人が支援を拒んでいる", "decisions": "見守りを続ける"}
	noAck := e.mkMeeting(e.token("coord"), "shien_kaigi", []string{"houkatsu", "kurashi", "takikan"}, map[string]bool{"houkatsu": true, "takikan": true})
	r := e.api("POST", "/api/v1/meetings/"+noAck+"/items", tok, item)
	if r.StatusCode != 422 || r.JSON(t)["code"] != "confidentiality_required" || r.JSON(t)["errors"].(map[string]any)[e.orgs["kurashi"].ID] == nil {
		t.Fatalf("without acks: %d %s", r.StatusCode, r.Body)
	}
	mid := e.mkMeeting(e.token("coord"), "shien_kaigi", []string{"houkatsu", "kurashi", "takikan"}, map[string]bool{"houkatsu": true, "kurashi": true, "takikan": true})
	r = e.api("POST", "/api/v1/meetings/"+mid+"/items", tok, item)
	if r.StatusCode != 201 || r.JSON(t)["basis"] != "art106_6" {
		t.Fatalf("with acks, no consent: %d %s", r.StatusCode, r.Body)
	}
	kurashi := e.token("worker2")
	if m := e.api("GET", "/api/v1/meetings/"+mid, kurashi, nil); m.StatusCode != 200 || strings.Contains(m.Body, "本人が支援を拒んでいる") {
		t.Fatalf("scheduled 支援会議 shared: %d %s", m.StatusCode, m.Body)
	}
	e.hold(e.token("coord"), mid)
	if m := e.api("GET", "/api/v1/meetings/"+mid, kurashi, nil); m.StatusCode != 200 || !strings.Contains(m.Body, "本人が支援を拒んでいる") {
		t.Fatalf("attendee reads the record: %d %s", m.StatusCode, m.Body)
	}
	// no case access outside the meeting
	for _, p := range []string{"/api/v1/cases/" + cid, "/api/v1/cases/" + cid + "/contacts", "/api/v1/cases/" + cid + "/plans", "/api/v1/cases/" + cid + "/meeting-items"} {
		if g := e.api("GET", p, kurashi, nil); g.StatusCode != 404 {
			t.Fatalf("attendee off the team reads %s: %d", p, g.StatusCode)
		}
	}
	// a non-attendee organization does not see the meeting at all
	if g := e.api("GET", "/api/v1/meetings/"+mid, e.token("kodomo"), nil); g.StatusCode != 404 {
		t.Fatalf("non-attendee reads meeting: %d", g.StatusCode)
	}
	if l := e.api("GET", "/api/v1/meetings", e.token("kodomo"), nil); strings.Contains(l.Body, mid) {
		t.Fatalf("non-attendee lists meeting: %s", l.Body)
	}
	b := e.browser()
	b.login("kodomo")
	if pg := b.get("/meetings/" + mid); pg.StatusCode != 404 {
		t.Fatalf("non-attendee meeting page: %d", pg.StatusCode)
	}
	// minutes with a stale version
	v := e.api("GET", "/api/v1/meetings/"+mid, e.token("coord"), nil).JSON(t)["version"]
	if u := e.api("PATCH", "/api/v1/meetings/"+mid, e.token("coord"), map[string]any{"minutes": "議事録", "non_public": false, "version": v}); u.StatusCode != 200 || u.JSON(t)["non_public"] != true {
		t.Fatalf("minutes (a 支援会議 stays 非公開): %d %s", u.StatusCode, u.Body)
	}
	if u := e.api("PATCH", "/api/v1/meetings/"+mid, e.token("coord"), map[string]any{"minutes": "別の議事録", "version": v}); u.StatusCode != 409 {
		t.Fatalf("stale minutes: %d %s", u.StatusCode, u.Body)
	}
}

func TestMeetingPagesAndPrints(t *testing.T) {
	e := newEnv(t)
	cid, _ := e.plannedCase()
	b := e.browser()
	b.login("worker")
	// meeting form: a 支援会議 of the 事務局 (takikan in the tests); the
	// creator acknowledges for itself only, the others on the page
	e.shienKaigiSetup()
	org := func(k string) string { return e.orgs[k].ID }
	if r := b.post("/meetings", url.Values{"type": {"shien_kaigi"}, "scheduled_at": {"2026-06-01T14:00"}, "host_organization_id": {org("takikan")},
		"attendees": {org("houkatsu"), org("takikan")}, "acks": {org("houkatsu"), org("takikan")}}); r.StatusCode != 422 || !strings.Contains(r.Body, "出席者本人が記録") {
		t.Fatalf("meeting form ticking another's acknowledgement: %d", r.StatusCode)
	}
	if r := b.post("/meetings", url.Values{"type": {"shien_kaigi"}, "scheduled_at": {"2026-06-01T14:00"}, "host_organization_id": {org("houkatsu")},
		"attendees": {org("houkatsu"), org("takikan")}}); r.StatusCode != 422 || !strings.Contains(r.Body, "事務局") {
		t.Fatalf("meeting form hosted by a non-secretariat: %d", r.StatusCode)
	}
	r := b.post("/meetings", url.Values{"type": {"shien_kaigi"}, "scheduled_at": {"2026-06-01T14:00"}, "host_organization_id": {org("takikan")},
		"attendees": {org("houkatsu"), org("takikan")}, "acks": {org("houkatsu")}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("meeting form: %d %s", r.StatusCode, text(r.Body))
	}
	loc := r.Header.Get("Location")
	mid := strings.TrimPrefix(strings.Split(loc, "?")[0], "/meetings/")
	e.ackSelf(mid, "takikan")
	if r := b.post("/meetings", url.Values{"type": {"shien_kaigi"}}); r.StatusCode != 422 || !strings.Contains(r.Body, "開催日時") {
		t.Fatalf("bad meeting form: %d", r.StatusCode)
	}
	r = b.post("/meetings/"+mid+"/items", url.Values{"case_id": {cid}, "agenda": {"progress_review"}, "decisions": {"訪問を続ける"},
		"role_split.0.organization_id": {org("houkatsu")}, "role_split.0.task": {"週1回の訪問"}, "resource_gaps": {"ひきこもりの居場所"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("item form: %d %s", r.StatusCode, text(r.Body))
	}
	for _, p := range []string{"/meetings", "/meetings/new", "/meetings/" + mid, "/meetings/" + mid + "/print", "/resource-gaps", "/cases/" + cid + "/plans",
		"/cases/" + cid + "/assessments/new", "/cases/" + cid + "/plans/new"} {
		if pg := b.get(p); pg.StatusCode != 200 {
			t.Fatalf("%s: %d %s", p, pg.StatusCode, text(pg.Body))
		}
	}
	if pg := b.get("/meetings/" + mid); !strings.Contains(pg.Body, "週1回の訪問") || !strings.Contains(pg.Body, "守秘義務") {
		t.Fatalf("meeting page content")
	}
	// assessment and plan through the forms
	if r := b.post("/cases/"+cid+"/assessments", url.Values{"assessed_on": {"R8.6.1"}, "issues": {"課題"}, "direction": {"方向性"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("assessment form: %d %s", r.StatusCode, text(r.Body))
	}
	if r := b.post("/cases/"+cid+"/assessments", url.Values{"issues": {"課題"}}); r.StatusCode != 422 || !strings.Contains(r.Body, "支援の方向性を入力してください") {
		t.Fatalf("assessment form error: %d", r.StatusCode)
	}
	r = b.post("/cases/"+cid+"/plans", url.Values{"long_goal": {"安心して暮らす"}, "short_goals": {"一つ目\n二つ目"},
		"items.0.content": {"訪問"}, "items.0.organization_id": {org("kurashi")}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "kurashi機関") || !strings.Contains(r.Body, "安心して暮らす") {
		t.Fatalf("plan form with off-team org: %d %s", r.StatusCode, text(r.Body))
	}
	r = b.post("/cases/"+cid+"/plans", url.Values{"long_goal": {"安心して暮らす"}, "short_goals": {"一つ目\n二つ目"},
		"items.0.content": {"訪問"}, "items.0.organization_id": {org("houkatsu")}, "items.0.frequency": {"週1回"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan form: %d %s", r.StatusCode, text(r.Body))
	}
	planURL := strings.Split(r.Header.Get("Location"), "?")[0]
	if r := b.post(planURL+"/agree", url.Values{"agreed_on": {"2026-06-01"}, "agreed_by": {"本人"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("agree form: %d %s", r.StatusCode, text(r.Body))
	}
	// the lead does not decide; the municipality's decision maker does, on
	// a held 重層的支援会議 item (issue 19)
	if r := b.post(planURL+"/decide", url.Values{"decided_on": {"2026-06-01"}, "result": {"承認"}}); r.StatusCode != 403 {
		t.Fatalf("decide form by the lead: %d", r.StatusCode)
	}
	if r := e.decide(strings.TrimPrefix(planURL, "/plans/"), cid, "2026-06-01"); r.StatusCode != 200 {
		t.Fatalf("decide: %d %s", r.StatusCode, r.Body)
	}
	r = b.post(planURL+"/evaluations", url.Values{"evaluated_on": {"2026-06-01"}, "goals.0.goal": {"安心して暮らす"}, "goals.0.result": {"partly"},
		"next_step": {"suspend"}, "meeting_id": {mid}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("evaluation form: %d %s", r.StatusCode, text(r.Body))
	}
	pg := b.get(planURL)
	if pg.StatusCode != 200 || !strings.Contains(pg.Body, "中断") || !strings.Contains(pg.Body, "/meetings/"+mid) {
		t.Fatalf("plan page: %d %s", pg.StatusCode, text(pg.Body))
	}
	if pr := b.get(planURL + "/print"); pr.StatusCode != 200 || !strings.Contains(pr.Body, "signature-box") || !strings.Contains(pr.Body, "訪問") {
		t.Fatalf("plan print: %d", pr.StatusCode)
	}
	if c := e.api("GET", "/api/v1/cases/"+cid, e.token("worker"), nil).JSON(t); c["status"] != "suspended" {
		t.Fatalf("case after suspension: %v", c["status"])
	}
	xs := e.api("GET", "/api/v1/cases/"+cid+"/assessments", e.token("worker"), nil).JSON(t)["items"].([]any)
	if len(xs) != 2 {
		t.Fatalf("assessment versions: %d", len(xs))
	}
	if pr := b.get("/assessments/" + xs[1].(map[string]any)["id"].(string) + "/print"); pr.StatusCode != 200 || !strings.Contains(pr.Body, "料理が得意") {
		t.Fatalf("assessment print of version 1: %d", pr.StatusCode)
	}
}
