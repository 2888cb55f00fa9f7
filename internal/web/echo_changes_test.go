package web_test

import "testing"

// TestEveryChangeAnswersTheStoredResource: the POSTs (and PUTs) that change
// a resource answer with the stored resource too, whatever else the request
// carried.
func TestEveryChangeAnswersTheStoredResource(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	city, kurashi := e.orgs["city"].ID, e.orgs["kurashi"].ID
	cid, pid := e.plannedCase()

	con := e.consent(tok, pid, []string{kurashi}, "")
	e.postIgnoring(tok, "/api/v1/consents/"+con+"/withdraw", 200, map[string]any{"withdrawn_on": "2026-06-01", "reason": "本人の申し出"},
		map[string]any{"given_on": "2001-01-01", "recipients": []string{city}, "recorded_by_organization_id": city, "valid_until": "2001-01-02"})
	e.consent(tok, pid, []string{kurashi}, "")

	plan := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))["id"].(string)
	planJunk := map[string]any{"status": "ended", "revision": 9, "ended_on": "2001-01-03", "author_id": "junk-user", "supersedes_id": "junk-plan"}
	e.postIgnoring(tok, "/api/v1/plans/"+plan+"/agree", 200, map[string]any{"agreed_on": "2026-06-01", "agreed_by": "本人"},
		mergeJunk(planJunk, map[string]any{"decided_on": "2001-01-01"}))
	e.postIgnoring(tok, "/api/v1/plans/"+plan+"/decide", 200, map[string]any{"decided_on": "2026-06-01"}, planJunk)

	e.postIgnoring(tok, "/api/v1/cases/"+cid+"/transitions", 200, map[string]any{"to": "closed", "reason": "resolved"},
		map[string]any{"status": "active", "lead_organization_id": city, "received_on": "2001-01-01"})

	tg := e.mkTarget(tok)
	e.postIgnoring(tok, "/api/v1/outreach-targets/"+tg+"/stage", 200, map[string]any{"stage": "contacted", "version": 1},
		map[string]any{"case_id": cid, "organization_id": city, "worker_id": "junk-user", "found_on": "2001-01-01"})

	hostOrg, _ := e.hostUser()
	res := e.mkResource(tok, map[string]any{"name": "みどり農園", "kind": "農園", "host_organization_id": hostOrg, "accepts_participants": true})
	mt := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": pid, "resource_id": res, "menu": "農作業体験"}).JSON(t)
	e.postIgnoring(tok, "/api/v1/participation-matches/"+mt["id"].(string)+"/transitions", 200, map[string]any{"to": "trial", "version": 1},
		map[string]any{"status": "placed", "placed_on": "2001-01-01", "ended_on": "2001-01-02", "end_reason": "偽", "menu": "偽のメニュー"})

	son := e.mkPerson(tok, map[string]any{"family_name": "山田", "given_name": "一郎", "family_name_kana": "ヤマダ", "given_name_kana": "イチロウ", "birth_date": "1975-04-01", "sex": "male"})
	d := e.postIgnoring(tok, "/api/v1/duplicate-decisions", 201, map[string]any{"person_a": pid, "person_b": son, "decision": "different"}, nil)
	e.postIgnoring(tok, "/api/v1/duplicate-decisions/"+d["id"].(string)+"/revoke", 200, map[string]any{"version": 1},
		map[string]any{"decision": "same", "note": "偽のメモ", "person_a": son})

	hid := e.api("POST", "/api/v1/households", tok, map[string]any{"label": "山田家", "kind": "二世代"}).JSON(t)["id"].(string)
	e.api("POST", "/api/v1/households/"+hid+"/members", tok, map[string]any{"person_id": pid, "relationship": "本人"})
	tie := e.postIgnoring(tok, "/api/v1/households/"+hid+"/ecomap-ties", 201, map[string]any{"counterpart_kind": "organization", "organization_id": kurashi, "strength": "weak"},
		map[string]any{"name": "偽の機関名", "recorded_by_organization_id": city})
	e.sendIgnoring("PUT", tok, "/api/v1/ecomap-ties/"+tie["id"].(string), 200, map[string]any{"counterpart_kind": "organization", "organization_id": kurashi, "strength": "strong", "version": 1},
		map[string]any{"name": "偽の機関名", "household_id": "junk-household", "recorded_by_organization_id": city, "id": "junk-id", "created_at": "2001-02-03T04:05:06Z"})
}

func mergeJunk(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
