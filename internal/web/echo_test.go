package web_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// TestCreateAnswersTheStoredResource: a POST answers with what was stored,
// not with the request: fields the server sets or ignores on creation
// (withdrawn_on, version, status, …) are not echoed back as if recorded.
func TestCreateAnswersTheStoredResource(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	pid := e.mkPerson(tok, yamada)
	r := e.api("POST", "/api/v1/consents", tok, map[string]any{"person_id": pid, "given_by": "本人", "given_on": "2026-05-01", "method": "書面",
		"recipients": []string{e.orgs["kurashi"].ID}, "data_categories": []string{"basic"}, "purposes": []string{"支援調整"},
		"withdrawn_on": "2026-05-02", "withdraw_reason": "撤回", "version": 7, "recorded_by_organization_id": e.orgs["city"].ID})
	if r.StatusCode != 201 {
		t.Fatalf("consent: %d %s", r.StatusCode, r.Body)
	}
	c := r.JSON(t)
	if c["withdrawn_on"] != nil || c["withdraw_reason"] != nil || c["version"] != float64(1) || c["recorded_by_organization_id"] != e.orgs["houkatsu"].ID {
		t.Fatalf("consent answered with ignored fields: %s", r.Body)
	}
	// other creations with a read-back: the answer equals the stored resource
	cr := e.api("POST", "/api/v1/cases", tok, map[string]any{"focus_person_id": pid, "received_on": "R8.5.20", "route": "家族",
		"method": "来所", "bunya": []string{"kaigo"}, "problems": []string{"介護"}, "complaint": "相談",
		"status": "closed", "closed_on": "2026-05-21", "version": 9, "lead_organization_id": e.orgs["city"].ID})
	if cr.StatusCode != 201 {
		t.Fatalf("case: %d %s", cr.StatusCode, cr.Body)
	}
	sameAsStored(t, "case", cr.JSON(t), e.api("GET", "/api/v1/cases/"+cr.JSON(t)["id"].(string), tok, nil).JSON(t))
	pr := e.api("POST", "/api/v1/persons", tok, map[string]any{"family_name": "佐藤", "given_name": "花子", "family_name_kana": "サトウ", "given_name_kana": "ハナコ",
		"birth_date": "1980-01-01", "sex": "female", "version": 5, "dv_protected": true, "registered_by_organization_id": e.orgs["city"].ID})
	if pr.StatusCode != 201 {
		t.Fatalf("person: %d %s", pr.StatusCode, pr.Body)
	}
	sameAsStored(t, "person", pr.JSON(t), e.api("GET", "/api/v1/persons/"+pr.JSON(t)["id"].(string), tok, nil).JSON(t))
	cid := cr.JSON(t)["id"].(string)
	ct := e.api("POST", "/api/v1/cases/"+cid+"/contacts", tok, map[string]any{"at": "2026-05-21T09:30:00+09:00", "method": "電話",
		"content": "記録", "minutes": 10, "version": 4, "recorded_by": e.users["admin"].ID, "organization_id": e.orgs["city"].ID})
	if ct.StatusCode != 201 {
		t.Fatalf("contact: %d %s", ct.StatusCode, ct.Body)
	}
	var list struct{ Items []map[string]any }
	_ = json.Unmarshal([]byte(e.api("GET", "/api/v1/cases/"+cid+"/contacts", tok, nil).Body), &list)
	if len(list.Items) != 1 {
		t.Fatalf("contacts %v", list)
	}
	sameAsStored(t, "contact", ct.JSON(t), list.Items[0])
	e.consent(tok, pid, []string{e.orgs["kurashi"].ID}, "")
	rf := e.api("POST", "/api/v1/referrals", tok, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kurashi"].ID, "reason": "家計の相談",
		"status": "completed", "answered_at": "2026-05-22T00:00:00Z", "version": 3})
	if rf.StatusCode != 201 {
		t.Fatalf("referral: %d %s", rf.StatusCode, rf.Body)
	}
	var refs struct{ Items []map[string]any }
	_ = json.Unmarshal([]byte(e.api("GET", "/api/v1/referrals", tok, nil).Body), &refs)
	found := false
	for _, it := range refs.Items {
		if it["id"] == rf.JSON(t)["id"] {
			found = true
			sameAsStored(t, "referral", rf.JSON(t), it)
		}
	}
	if !found {
		t.Fatalf("referral not listed: %v", refs)
	}
}

// sameAsStored: every field of the POST answer has the stored value.
func sameAsStored(t *testing.T, what string, posted, stored map[string]any) {
	t.Helper()
	for k, v := range posted {
		sv, ok := stored[k]
		a, _ := json.Marshal(v)
		b, _ := json.Marshal(sv)
		if ta, ea := time.Parse(time.RFC3339, fmt.Sprint(v)); ea == nil {
			if tb, eb := time.Parse(time.RFC3339, fmt.Sprint(sv)); eb == nil && ta.Equal(tb) {
				continue // the same instant, written in another zone
			}
		}
		if !ok || string(a) != string(b) {
			t.Errorf("%s: POST answered %s=%s, stored %s", what, k, a, b)
		}
	}
}
