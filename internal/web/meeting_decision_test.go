package web_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestAnnualCountsFromEventsDoNotChange runs a year's report, changes later
// data (the case reopened, decided again and closed again the next fiscal
// year), runs it again and compares: 支援決定 and 終結 are events (issue 19).
func TestAnnualCountsFromEventsDoNotChange(t *testing.T) {
	e := newEnv(t) // 2026-06-01, FY2026
	tok := e.token("worker")
	cid, _ := e.plannedCase()
	plan := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))["id"].(string)
	e.api("POST", "/api/v1/plans/"+plan+"/agree", tok, nil)
	if r := e.decide(plan, cid, "2026-06-01"); r.StatusCode != 200 {
		t.Fatalf("decide: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", tok, map[string]any{"to": "closed", "reason": "resolved"}); r.StatusCode != 200 {
		t.Fatalf("close: %d %s", r.StatusCode, r.Body)
	}
	sections := func() string {
		a := e.annual(tok, "2026")
		var keep []any
		for _, s := range a.Sections {
			if s.Key == "cases_decided" || s.Key == "cases_closed" {
				keep = append(keep, s)
			}
		}
		b, _ := json.Marshal(keep)
		return string(b)
	}
	before := sections()
	a := e.annual(tok, "2026")
	if _, n := a.row(t, "cases_decided", "", ""); n != 1 {
		t.Fatalf("decided: %d", n)
	}
	if _, n := a.row(t, "cases_closed", "reason", "resolved"); n != 1 {
		t.Fatalf("closed: %d", n)
	}
	// the next fiscal year: reopened, re-planned, decided again, closed again
	e.clock.Add(365 * 24 * time.Hour)
	for _, to := range []string{"assessment", "planning"} {
		if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", tok, map[string]any{"to": to}); r.StatusCode != 200 {
			t.Fatalf("%s: %d %s", to, r.StatusCode, r.Body)
		}
	}
	p2 := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))["id"].(string)
	e.api("POST", "/api/v1/plans/"+p2+"/agree", tok, nil)
	if r := e.decide(p2, cid, "2027-06-01"); r.StatusCode != 200 {
		t.Fatalf("decide again: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", tok, map[string]any{"to": "closed", "reason": "moved"}); r.StatusCode != 200 {
		t.Fatalf("close again: %d %s", r.StatusCode, r.Body)
	}
	if after := sections(); after != before {
		t.Fatalf("FY2026 figures changed:\nbefore %s\nafter  %s", before, after)
	}
	next := e.annual(tok, "2027")
	if _, n := next.row(t, "cases_decided", "", ""); n != 1 {
		t.Fatalf("FY2027 decided: %d", n)
	}
	evs := e.api("GET", "/api/v1/cases/"+cid+"/events", tok, nil)
	if evs.StatusCode != 200 || len(evs.JSON(t)["items"].([]any)) != 4 || !strings.Contains(evs.Body, `"result":"承認"`) || !strings.Contains(evs.Body, `"meeting_item_id":"`) {
		t.Fatalf("events: %d %s", evs.StatusCode, evs.Body)
	}
}

// TestTakikanClosureAndDecidedAreTheMunicipalitys: no manual 支援決定
// without a plan; a 多機関協働 case (support recorded under takikan) is
// closed only by the decision maker on a held 重層的支援会議 closure item, on
// the meeting's day if it wishes.
func TestTakikanClosureAndDecidedAreTheMunicipalitys(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid, _ := e.plannedCase()
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", tok, map[string]any{"to": "planning"}); r.StatusCode != 200 {
		t.Fatalf("planning: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", tok, map[string]any{"to": "decided"}); r.StatusCode != 422 || !strings.Contains(r.Body, "支援決定権者") {
		t.Fatalf("manual 支援決定: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/cases/"+cid+"/contacts", tok, map[string]any{"at": "2026-05-31T10:00:00+09:00", "method": "電話",
		"content": "多機関協働として調整", "jigyo": "takikan", "bunya": "kaigo", "minutes": 10}); r.StatusCode != 201 {
		t.Fatalf("contact: %d %s", r.StatusCode, r.Body)
	}
	r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", tok, map[string]any{"to": "closed", "reason": "resolved"})
	if r.StatusCode != 422 || r.JSON(t)["errors"].(map[string]any)["meeting_item_id"] == nil {
		t.Fatalf("the lead closes a 多機関協働 case: %d %s", r.StatusCode, r.Body)
	}
	item := e.planReviewOn(cid, "closure", "2026-05-30")
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", tok, map[string]any{"to": "closed", "reason": "resolved", "meeting_item_id": item}); r.StatusCode != 403 {
		t.Fatalf("the lead with a meeting item: %d %s", r.StatusCode, r.Body)
	}
	dm := e.decider()
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", dm, map[string]any{"to": "closed", "reason": "resolved", "meeting_item_id": item, "on": "2026-05-29"}); r.StatusCode != 422 {
		t.Fatalf("closed before the meeting: %d %s", r.StatusCode, r.Body)
	}
	r = e.api("POST", "/api/v1/cases/"+cid+"/transitions", dm, map[string]any{"to": "closed", "meeting_item_id": item, "on": "2026-05-30"})
	if r.StatusCode != 200 || r.JSON(t)["closed_on"] != "2026-05-30" || r.JSON(t)["closure_reason"] != "resolved" {
		t.Fatalf("the municipality closes on the meeting's day: %d %s", r.StatusCode, r.Body)
	}
	// a decision maker who did not attend finds nothing
	if r := e.api("POST", "/api/v1/plans/nonexistent/decide", dm, map[string]any{"decided_on": "2026-06-01", "meeting_item_id": item, "result": "承認"}); r.StatusCode != 404 {
		t.Fatalf("unknown plan: %d", r.StatusCode)
	}
}

// TestMeetingStateAttendanceAndMinutes: the host records the state, the
// attendance and who left the room; an attendee who left does not read the
// item; confirmed minutes change only by the host, with history; a
// cancelled meeting never shares.
func TestMeetingStateAttendanceAndMinutes(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid, pid := e.teamCase()
	e.consent(tok, pid, []string{e.orgs["kurashi"].ID, e.orgs["takikan"].ID}, "")
	coord := e.token("coord")
	mid := e.mkMeeting(coord, "jusoteki_shien_kaigi", []string{"houkatsu", "kurashi", "takikan"}, nil)
	m := e.api("GET", "/api/v1/meetings/"+mid, coord, nil).JSON(t)
	if m["status"] != "scheduled" {
		t.Fatalf("new meeting: %v", m["status"])
	}
	var kurashiAt string
	for _, at := range m["attendees"].([]any) {
		if at.(map[string]any)["organization_id"] == e.orgs["kurashi"].ID {
			kurashiAt = at.(map[string]any)["id"].(string)
		}
	}
	r := e.api("POST", "/api/v1/meetings/"+mid+"/items", tok, map[string]any{"case_id": cid, "agenda": "info_share", "decisions": "退室して検討", "left_attendee_ids": []string{kurashiAt}})
	if r.StatusCode != 201 {
		t.Fatalf("item: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/meetings/"+mid+"/status", tok, map[string]any{"status": "held", "version": m["version"]}); r.StatusCode != 403 {
		t.Fatalf("an attendee records the state: %d", r.StatusCode)
	}
	e.hold(coord, mid)
	if g := e.api("GET", "/api/v1/meetings/"+mid, e.token("worker2"), nil); strings.Contains(g.Body, "退室して検討") {
		t.Fatal("an attendee who left the room reads the item")
	}
	if g := e.api("GET", "/api/v1/meetings/"+mid, coord, nil); !strings.Contains(g.Body, "退室して検討") {
		t.Fatal("an attendee in the room does not read the item")
	}
	v := e.api("GET", "/api/v1/meetings/"+mid, coord, nil).JSON(t)["version"]
	if r := e.api("POST", "/api/v1/meetings/"+mid+"/minutes/confirm", coord, map[string]any{"version": v}); r.StatusCode != 200 || r.JSON(t)["minutes_confirmed_at"] == nil {
		t.Fatalf("confirm: %d %s", r.StatusCode, r.Body)
	}
	v = e.api("GET", "/api/v1/meetings/"+mid, coord, nil).JSON(t)["version"]
	if r := e.api("PUT", "/api/v1/meetings/"+mid+"/attendance", coord, map[string]any{"absent_attendee_ids": []string{kurashiAt}, "version": v}); r.StatusCode != 422 {
		t.Fatalf("attendance after confirmation: %d", r.StatusCode)
	}
	if r := e.api("PATCH", "/api/v1/meetings/"+mid, tok, map[string]any{"minutes": "書き換え", "version": v}); r.StatusCode != 403 {
		t.Fatalf("an attendee rewrites confirmed minutes: %d", r.StatusCode)
	}
	r = e.api("PATCH", "/api/v1/meetings/"+mid, coord, map[string]any{"minutes": "確定後の訂正", "version": v})
	if r.StatusCode != 200 || len(r.JSON(t)["minutes_history"].([]any)) != 1 {
		t.Fatalf("host corrects minutes: %d %s", r.StatusCode, r.Body)
	}
	// a cancelled meeting shares nothing
	c := e.mkMeeting(coord, "jusoteki_shien_kaigi", []string{"houkatsu", "kurashi", "takikan"}, nil)
	e.api("POST", "/api/v1/meetings/"+c+"/items", tok, map[string]any{"case_id": cid, "agenda": "info_share", "decisions": "中止の会議"})
	if r := e.api("POST", "/api/v1/meetings/"+c+"/status", coord, map[string]any{"status": "cancelled", "version": e.api("GET", "/api/v1/meetings/"+c, coord, nil).JSON(t)["version"]}); r.StatusCode != 200 {
		t.Fatalf("cancel: %d %s", r.StatusCode, r.Body)
	}
	if g := e.api("GET", "/api/v1/meetings/"+c, e.token("worker2"), nil); strings.Contains(g.Body, "中止の会議") {
		t.Fatal("a cancelled meeting shares")
	}
	if r := e.api("POST", "/api/v1/meetings/"+c+"/status", coord, map[string]any{"status": "held", "version": e.api("GET", "/api/v1/meetings/"+c, coord, nil).JSON(t)["version"]}); r.StatusCode != 422 {
		t.Fatalf("a cancelled meeting held: %d", r.StatusCode)
	}
}

// TestShienKaigiSecretariatAndRoster: by default only the municipal_section
// hosts a 支援会議, its 構成員 come from the 事務局's roster, and it is
// always 非公開.
func TestShienKaigiSecretariatAndRoster(t *testing.T) {
	e := newEnv(t)
	att := []map[string]any{{"organization_id": e.orgs["takikan"].ID}, {"organization_id": e.orgs["houkatsu"].ID}}
	body := map[string]any{"type": "shien_kaigi", "scheduled_at": "2026-06-01T14:00:00+09:00", "host_organization_id": e.orgs["takikan"].ID, "attendees": att}
	if r := e.api("POST", "/api/v1/meetings", e.token("coord"), body); r.StatusCode != 422 || r.JSON(t)["errors"].(map[string]any)["host_organization_id"] == nil {
		t.Fatalf("a multi_agency org hosts a 支援会議 by default: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/shien-kaigi-members/2026", e.token("coord"), map[string]any{"organization_ids": []string{e.orgs["houkatsu"].ID}}); r.StatusCode != 403 {
		t.Fatalf("a non-secretariat keeps the roster: %d", r.StatusCode)
	}
	if g := e.api("GET", "/api/v1/shien-kaigi-members/2026", e.token("coord"), nil); g.StatusCode != 200 || !strings.Contains(g.Body, e.orgs["city"].ID) {
		t.Fatalf("roster and default secretariat: %d %s", g.StatusCode, g.Body)
	}
	e.shienKaigiSetup()
	body["non_public"] = false
	r := e.api("POST", "/api/v1/meetings", e.token("coord"), body)
	if r.StatusCode != 201 || r.JSON(t)["non_public"] != true || r.JSON(t)["confidentiality_duty"] != "社会福祉法第106条の6第5項" {
		t.Fatalf("支援会議 of the 事務局: %d %s", r.StatusCode, r.Body)
	}
}
