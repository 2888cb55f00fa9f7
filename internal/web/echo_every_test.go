package web_test

import (
	"encoding/json"
	"maps"
	"testing"
)

// junk are values no create may take from a request: the server sets them.
var junk = map[string]any{"id": "junk-id", "version": 77, "created_at": "2001-02-03T04:05:06Z", "updated_at": "2001-02-03T04:05:06Z"}

// postIgnoring POSTs body plus junk and extra (fields the server ignores)
// and fails if the answer carries any of those values as if recorded.
func (e *env) postIgnoring(tok, path string, want int, body, extra map[string]any) map[string]any {
	e.t.Helper()
	return e.sendIgnoring("POST", tok, path, want, body, extra)
}

func (e *env) sendIgnoring(method, tok, path string, want int, body, extra map[string]any) map[string]any {
	e.t.Helper()
	ignored := maps.Clone(junk)
	maps.Copy(ignored, extra)
	for k := range body {
		delete(ignored, k) // a field of the body is an input here (a version to check, …)
	}
	all := maps.Clone(body)
	maps.Copy(all, ignored)
	r := e.api(method, path, tok, all)
	if r.StatusCode != want {
		e.t.Fatalf("%s %s: %d %s", method, path, r.StatusCode, r.Body)
	}
	got := r.JSON(e.t)
	for k, v := range ignored {
		a, _ := json.Marshal(v)
		b, _ := json.Marshal(got[k])
		if string(a) == string(b) {
			e.t.Errorf("%s %s answered the ignored %s=%s", method, path, k, a)
		}
	}
	return got
}

// TestEveryCreateAnswersTheStoredResource: every POST of /api/v1 that
// creates or changes a resource answers with what was stored; a field the
// server ignores never comes back as if it had been accepted.
func TestEveryCreateAnswersTheStoredResource(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	city := e.orgs["city"].ID
	cid, pid := e.plannedCase()
	son := e.mkPerson(tok, map[string]any{"family_name": "山田", "given_name": "一郎", "family_name_kana": "ヤマダ", "given_name_kana": "イチロウ", "birth_date": "1975-04-01", "sex": "male"})

	h := e.postIgnoring(tok, "/api/v1/households", 201, map[string]any{"label": "山田家", "kind": "二世代"},
		map[string]any{"registered_by_organization_id": city, "members": []map[string]any{{"person_id": pid}}})
	hid := h["id"].(string)
	e.postIgnoring(tok, "/api/v1/households/"+hid+"/members", 201, map[string]any{"person_id": pid, "relationship": "本人"},
		map[string]any{"name": "偽名", "kana": "ギメイ", "sex": "other", "age": 99, "other_agencies": []string{"偽機関"},
			"cases": []map[string]any{{"case_id": "x", "number": "X-1"}}})
	e.postIgnoring(tok, "/api/v1/households/"+hid+"/members", 201, map[string]any{"person_id": son, "relationship": "子"}, nil)
	e.postIgnoring(tok, "/api/v1/relations", 201, map[string]any{"from_person_id": pid, "to_person_id": son, "kind": "親子"}, nil)
	e.postIgnoring(tok, "/api/v1/households/"+hid+"/ecomap-ties", 201, map[string]any{"counterpart_kind": "informal", "name": "近所の田中さん", "strength": "weak"},
		map[string]any{"recorded_by_organization_id": city, "person_name": "偽名"})

	e.consent(tok, pid, []string{e.orgs["kurashi"].ID}, "")
	e.postIgnoring(tok, "/api/v1/cases/"+cid+"/team", 201, map[string]any{"organization_id": e.orgs["kurashi"].ID, "basis": "consent"},
		map[string]any{"to": "2027-01-01", "law_text": "偽の条項", "approved_by": "junk-user", "approved_at": "2026-01-01T00:00:00Z", "confirmed_by": "junk-user"})

	svc := e.postIgnoring(tok, "/api/v1/services", 201, map[string]any{"name": "家計相談", "category": "経済的支援"}, nil)
	e.postIgnoring(tok, "/api/v1/cases/"+cid+"/information", 201, map[string]any{"service_id": svc["id"], "note": "紹介"},
		map[string]any{"service_name": "偽の制度", "author_id": "junk-user"})

	e.postIgnoring(tok, "/api/v1/cases/"+cid+"/assessments", 201, map[string]any{"issues": "介護負担", "direction": "支える"},
		map[string]any{"revision": 9, "author_id": "junk-user", "author_organization_id": city})
	p := e.postIgnoring(tok, "/api/v1/cases/"+cid+"/plans", 201, planBody(e.orgs["houkatsu"].ID),
		map[string]any{"revision": 9, "status": "decided", "agreed_on": "2026-01-01", "decided_on": "2026-01-02", "ended_on": "2026-01-03",
			"author_id": "junk-user", "author_organization_id": city, "supersedes_id": "junk-plan", "evaluations": []map[string]any{{"summary": "偽"}}})
	plan := p["id"].(string)
	e.api("POST", "/api/v1/plans/"+plan+"/agree", tok, nil)
	e.api("POST", "/api/v1/plans/"+plan+"/decide", tok, map[string]any{"decided_on": "2026-06-01"})
	goals := []map[string]any{{"goal": "介護サービスを使う", "result": "achieved"}, {"goal": "息子が週1回外出する", "result": "partly"}}
	e.postIgnoring(tok, "/api/v1/plans/"+plan+"/evaluations", 201, map[string]any{"goals": goals, "next_step": "continue", "next_review_on": "2026-12-01"},
		map[string]any{"case_id": "junk-case", "author_id": "junk-user", "author_organization_id": city})

	coord := e.token("coord")
	e.shienKaigiSetup()
	m := e.postIgnoring(coord, "/api/v1/meetings", 201, map[string]any{"type": "shien_kaigi", "scheduled_at": "2026-06-10T14:00:00+09:00",
		"host_organization_id": e.orgs["takikan"].ID, "attendees": []map[string]any{{"organization_id": e.orgs["houkatsu"].ID, "member_or_guest": "member"},
			{"organization_id": e.orgs["takikan"].ID, "member_or_guest": "member"}}},
		map[string]any{"created_by": "junk-user", "status": "held", "items": []map[string]any{{"case_id": cid, "agenda": "偽"}}})
	// each attendee acknowledges the duty itself (社会福祉法第106条の6第5項)
	e.ackSelf(m["id"].(string), "houkatsu")
	e.ackSelf(m["id"].(string), "takikan")
	e.postIgnoring(tok, "/api/v1/meetings/"+m["id"].(string)+"/items", 201, map[string]any{"case_id": cid, "agenda": "plan_review", "decisions": "役割分担"},
		map[string]any{"author_organization_id": city, "consent_id": "junk-consent", "case_number": "X-1", "person_name": "偽名", "meeting_type": "偽"})

	tg := e.postIgnoring(tok, "/api/v1/outreach-targets", 201, map[string]any{"label": "団地の男性", "found_via": "民生委員", "concern": "郵便物", "found_on": "2026-05-02"},
		map[string]any{"stage": "engaged", "case_id": cid, "worker_id": "junk-user", "organization_id": city, "display_name": "偽名",
			"attempts": []map[string]any{{"method": "訪問"}}, "stage_history": []map[string]any{{"to": "engaged"}}})
	e.postIgnoring(tok, "/api/v1/meetings/"+m["id"].(string)+"/outreach-items", 201, map[string]any{"target_id": tg["id"], "situation": "郵便物", "decisions": "見守り"},
		map[string]any{"meeting_id": "junk-meeting", "author_organization_id": city, "target_name": "偽名", "meeting_type": "偽", "meeting_at": "2001-02-03T04:05:06Z"})
	e.postIgnoring(tok, "/api/v1/outreach-targets/"+tg["id"].(string)+"/attempts", 201, map[string]any{"at": "2026-05-10T10:00:00+09:00", "method": "訪問", "outcome": "不在"},
		map[string]any{"target_id": "junk-target", "author_id": "junk-user", "author_organization_id": city})

	hostOrg, _ := e.hostUser()
	res := e.postIgnoring(tok, "/api/v1/resources", 201, map[string]any{"name": "みどり農園", "kind": "農園", "host_organization_id": hostOrg, "accepts_participants": true, "menus": []string{"農作業体験"}},
		map[string]any{"registered_by_organization_id": city, "sessions": []map[string]any{{"held_on": "2026-01-01"}}})
	e.postIgnoring(tok, "/api/v1/resources/"+res["id"].(string)+"/sessions", 201, map[string]any{"held_on": "2026-05-30", "participants": map[string]int{"若者(18-39歳)": 2}},
		map[string]any{"resource_id": "junk-resource"})
	mt := e.postIgnoring(tok, "/api/v1/participation-matches", 201, map[string]any{"person_id": pid, "resource_id": res["id"], "menu": "農作業体験"},
		map[string]any{"status": "placed", "placed_on": "2026-01-01", "trial_on": "2026-01-01", "ended_on": "2026-01-02", "end_reason": "偽", "person_name": "偽名",
			"resource_name": "偽", "proposed_on": "2001-01-01", "organization_name": "偽", "logs": []map[string]any{{"note": "偽"}}})
	e.postIgnoring(tok, "/api/v1/participation-matches/"+mt["id"].(string)+"/logs", 201, map[string]any{"kind": "retention", "at": "2026-06-01T09:00", "method": "面談", "note": "x"},
		map[string]any{"match_id": "junk-match", "author_id": "junk-user", "author_organization_id": city, "author_name": "偽名", "author_organization_name": "偽"})

	e.postIgnoring(tok, "/api/v1/coordinators", 201, map[string]any{"name": "北 花子", "kind": "地域づくりコーディネーター", "area": "北地区"}, nil)
	pf := e.postIgnoring(tok, "/api/v1/platforms", 201, map[string]any{"name": "北地区つながり会議", "area": "北地区"},
		map[string]any{"registered_by_organization_id": city, "members": []map[string]any{{"name": "偽"}}, "meetings": []map[string]any{{"title": "偽"}}})
	e.postIgnoring(tok, "/api/v1/platforms/"+pf["id"].(string)+"/members", 201, map[string]any{"name": "北町自治会", "role": "会長"}, map[string]any{"platform_id": "junk-platform"})
	e.postIgnoring(tok, "/api/v1/platforms/"+pf["id"].(string)+"/meetings", 201, map[string]any{"held_on": "2026-05-15", "title": "居場所の不足", "attendees": 12},
		map[string]any{"platform_id": "junk-platform"})

	e.postIgnoring(tok, "/api/v1/duplicate-decisions", 201, map[string]any{"person_a": pid, "person_b": son, "decision": "different", "note": "別人"},
		map[string]any{"revoked_at": "2026-01-01T00:00:00Z", "revoked_by": "junk-user", "decided_by": "junk-user"})
}
