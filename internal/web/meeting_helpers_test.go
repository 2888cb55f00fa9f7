package web_test

import (
	"context"
	"net/http"
	"time"

	"kasane/internal/casework"
)

// Helpers for meetings as issue 19 has them: the 事務局 and its roster, each
// attendee's acknowledgement, the held state, and the municipality's
// decision maker.

// orgUser is the test user of each organization who acts for it.
var orgUser = map[string]string{"houkatsu": "worker", "kurashi": "worker2", "kodomo": "kodomo", "takikan": "coord"}

// shienKaigiSetup designates takikan as the 支援会議 事務局 and puts every
// organization on the roster of fiscal years 2025–2027.
func (e *env) shienKaigiSetup() {
	e.t.Helper()
	ctx := context.Background()
	s, err := e.db.Settings(ctx, e.sys.MunicipalityID)
	if err != nil {
		e.t.Fatal(err)
	}
	s.ShienKaigiSecretariat = []string{e.orgs["takikan"].ID}
	if err := e.db.SaveSettings(ctx, e.sys, s); err != nil {
		e.t.Fatal(err)
	}
	var all []string
	for _, o := range e.orgs {
		all = append(all, o.ID)
	}
	for _, fy := range []int{2025, 2026, 2027} {
		if r := e.api("PUT", "/api/v1/shien-kaigi-members/"+itoa(fy), e.token("coord"), map[string]any{"organization_ids": all}); r.StatusCode != 200 {
			e.t.Fatalf("roster: %d %s", r.StatusCode, r.Body)
		}
	}
}

func itoa(n int) string {
	b := []byte{}
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// ackSelf has the user of each organization in orgs acknowledge the duty
// for its own attendee of meeting mid.
func (e *env) ackSelf(mid string, orgs ...string) {
	e.t.Helper()
	m := e.api("GET", "/api/v1/meetings/"+mid, e.token("coord"), nil).JSON(e.t)
	for _, o := range orgs {
		for _, at := range m["attendees"].([]any) {
			at := at.(map[string]any)
			if at["organization_id"] != e.orgs[o].ID || at["confidentiality_ack"] == true {
				continue
			}
			r := e.api("POST", "/api/v1/meetings/"+mid+"/acknowledgements", e.token(orgUser[o]), map[string]any{"attendee_id": at["id"], "method": "self"})
			if r.StatusCode != 200 {
				e.t.Fatalf("ack %s: %d %s", o, r.StatusCode, r.Body)
			}
		}
	}
}

// hold records meeting mid held by its host's user tok.
func (e *env) hold(tok, mid string) {
	e.t.Helper()
	v := e.api("GET", "/api/v1/meetings/"+mid, tok, nil).JSON(e.t)["version"]
	if r := e.api("POST", "/api/v1/meetings/"+mid+"/status", tok, map[string]any{"status": "held", "version": v}); r.StatusCode != 200 {
		e.t.Fatalf("hold: %d %s", r.StatusCode, r.Body)
	}
}

// decider is the municipality's decision maker (福祉総合相談課 = city).
func (e *env) decider() string {
	e.t.Helper()
	if _, ok := e.users["decider"]; !ok {
		u := casework.User{OrganizationID: e.orgs["city"].ID, Email: "decider@example.jp", Name: "決定 権者", Roles: []string{"decision_maker"}}
		if err := e.db.CreateUser(context.Background(), e.sys, &u, passwordHash(e.t)); err != nil {
			e.t.Fatal(err)
		}
		e.users["decider"] = u
	}
	return e.token("decider")
}

// planReview holds a 重層的支援会議 of the lead (houkatsu) and the city on
// the day of the clock, with a plan_review item about case cid (the focus
// person's consent covering the city), and returns the item's id.
func (e *env) planReview(cid, agenda string) string {
	e.t.Helper()
	return e.planReviewOn(cid, agenda, e.clock.Now().In(jstTest).Format("2006-01-02"))
}

// planReviewOn is planReview with the meeting on day (10:00 JST).
func (e *env) planReviewOn(cid, agenda, day string) string {
	e.t.Helper()
	tok := e.token("worker")
	pid := e.api("GET", "/api/v1/cases/"+cid, tok, nil).JSON(e.t)["focus_person_id"].(string)
	body := map[string]any{"person_id": pid, "given_by": "本人", "given_on": "2026-05-25", "method": "署名",
		"recipients": []string{e.orgs["city"].ID}, "data_categories": []string{"basic", "records"}, "purposes": []string{"支援の検討"},
		"meeting_types": []string{"jusoteki_shien_kaigi"}}
	if r := e.api("POST", "/api/v1/consents", tok, body); r.StatusCode != http.StatusCreated {
		e.t.Fatalf("consent: %d %s", r.StatusCode, r.Body)
	}
	at := day + "T10:00:00+09:00"
	r := e.api("POST", "/api/v1/meetings", tok, map[string]any{"type": "jusoteki_shien_kaigi", "scheduled_at": at,
		"host_organization_id": e.orgs["houkatsu"].ID, "attendees": []map[string]any{{"organization_id": e.orgs["houkatsu"].ID}, {"organization_id": e.orgs["city"].ID}}})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("meeting: %d %s", r.StatusCode, r.Body)
	}
	mid := r.JSON(e.t)["id"].(string)
	e.hold(tok, mid)
	r = e.api("POST", "/api/v1/meetings/"+mid+"/items", tok, map[string]any{"case_id": cid, "agenda": agenda, "decisions": "検討した", "closure_reason": "resolved"})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("item: %d %s", r.StatusCode, r.Body)
	}
	return r.JSON(e.t)["id"].(string)
}

// decide records the municipality's 支援決定 of plan planID of case cid on
// day on through a new held 重層的支援会議.
func (e *env) decide(planID, cid, on string) resp {
	e.t.Helper()
	item := e.planReviewOn(cid, "plan_review", on)
	return e.api("POST", "/api/v1/plans/"+planID+"/decide", e.decider(), map[string]any{"decided_on": on, "meeting_item_id": item, "result": "承認"})
}

var jstTest = time.FixedZone("JST", 9*3600)
