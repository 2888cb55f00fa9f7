package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// emergencyHousehold makes, as worker (houkatsu), a mother with a case, her
// son marked 主たる介護者 (with a phone and an address) and a grandchild
// without a role; it returns the case and the mother.
func (e *env) emergencyHousehold() (caseID, mother string) {
	e.t.Helper()
	tok := e.token("worker")
	mother = e.mkPerson(tok, map[string]any{"family_name": "緒方", "given_name": "ハル", "family_name_kana": "オガタ", "given_name_kana": "ハル",
		"birth_date": "1940-02-02", "sex": "female", "phone": "0120-111-222",
		"address": map[string]any{"prefecture": "架空県", "city": "かさね市", "street": "母屋町1-1"}})
	son := e.mkPerson(tok, map[string]any{"family_name": "緒方", "given_name": "誠", "family_name_kana": "オガタ", "given_name_kana": "マコト",
		"birth_date": "1970-03-03", "sex": "male", "phone": "090-2222-3333",
		"address": map[string]any{"prefecture": "架空県", "city": "かさね市", "street": "息子町2-2"}})
	grandchild := e.mkPerson(tok, map[string]any{"family_name": "緒方", "given_name": "陸", "family_name_kana": "オガタ", "given_name_kana": "リク",
		"birth_date": "2005-04-04", "sex": "male", "phone": "080-4444-5555"})
	r := e.api("POST", "/api/v1/households", tok, map[string]any{"label": "緒方さん世帯", "kind": "二世代"})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("household: %d %s", r.StatusCode, r.Body)
	}
	hid := r.JSON(e.t)["id"].(string)
	for _, m := range []struct {
		id, rel string
		roles   []string
	}{{mother, "本人", []string{"被介護者"}}, {son, "子", []string{"主たる介護者"}}, {grandchild, "孫", nil}} {
		if r := e.api("POST", "/api/v1/households/"+hid+"/members", tok, map[string]any{"person_id": m.id, "relationship": m.rel, "cohabiting": true, "roles": m.roles}); r.StatusCode != http.StatusCreated {
			e.t.Fatalf("member: %d %s", r.StatusCode, r.Body)
		}
	}
	r = e.api("POST", "/api/v1/cases", tok, map[string]any{"focus_person_id": mother, "household_id": hid, "received_on": "R8.5.20", "route": "家族",
		"method": "来所", "bunya": []string{"kaigo"}, "problems": []string{"介護"}, "complaint": "母の介護負担が限界"})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("case: %d %s", r.StatusCode, r.Body)
	}
	return r.JSON(e.t)["id"].(string), mother
}

// TestBreakGlassIsReadOnlyAndNarrow reproduces issue 18 path 6: under a
// grant a reader changed the person's phone and recorded a consent naming
// its own organization, and read the case. Now the grant opens only the
// emergency view.
func TestBreakGlassIsReadOnlyAndNarrow(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	cid, pid := e.emergencyHousehold()
	out := e.token("worker2") // kurashi: a consulting organization, not on the team
	if r := e.api("GET", "/api/v1/persons/"+pid+"/emergency", out, nil); r.StatusCode != 404 {
		t.Fatalf("emergency view without a grant: %d", r.StatusCode)
	}
	r := e.api("POST", "/api/v1/persons/"+pid+"/break-glass", out, map[string]any{"reason": "自宅で倒れているとの通報、家族への連絡が必要"})
	if r.StatusCode != 201 {
		t.Fatalf("break-glass: %d %s", r.StatusCode, r.Body)
	}
	if r.JSON(t)["emergency"] != "/api/v1/persons/"+pid+"/emergency" || strings.Contains(r.Body, "母屋町") || strings.Contains(r.Body, "0120-111-222") {
		t.Errorf("the grant answer carries the record, not the emergency view: %s", r.Body)
	}
	// the steps of the issue: each fails, nothing is revealed
	steps := []struct {
		name, method, path string
		body               any
	}{
		{"PATCH person", "PATCH", "/api/v1/persons/" + pid, map[string]any{"family_name": "緒方", "family_name_kana": "オガタ", "phone": "090-9999-9999", "version": 1}},
		{"POST consent", "POST", "/api/v1/consents", map[string]any{"person_id": pid, "given_by": "本人", "given_on": "2026-06-01", "method": "署名",
			"recipients": []string{e.orgs["kurashi"].ID}, "data_categories": []string{"basic", "records"}, "purposes": []string{"支援の検討"}}},
		{"POST contact", "POST", "/api/v1/cases/" + cid + "/contacts", map[string]any{"at": "2026-06-01T10:00:00+09:00", "method": "電話", "content": "緊急対応"}},
		{"POST transition", "POST", "/api/v1/cases/" + cid + "/transitions", map[string]any{"to": "assessment"}},
		{"GET case", "GET", "/api/v1/cases/" + cid, nil},
		{"GET contacts", "GET", "/api/v1/cases/" + cid + "/contacts", nil},
		{"GET person", "GET", "/api/v1/persons/" + pid, nil},
	}
	for _, s := range steps {
		if r := e.api(s.method, s.path, out, s.body); r.StatusCode < 400 {
			t.Errorf("%s under break-glass: %d %s", s.name, r.StatusCode, r.Body)
		} else if strings.Contains(r.Body, "母屋町") || strings.Contains(r.Body, "母の介護") {
			t.Errorf("%s under break-glass reveals the record: %s", s.name, r.Body)
		}
	}
	p := e.api("GET", "/api/v1/persons/"+pid, lead, nil).JSON(t)
	if p["phone"] != "0120-111-222" {
		t.Errorf("the phone was changed under break-glass: %v", p["phone"])
	}
	if cs, err := e.db.Consents(context.Background(), sqldb.ActorFor(e.users["worker"]), pid); err != nil || len(cs) != 0 {
		t.Errorf("a consent was recorded under break-glass: %v %+v", err, cs)
	}
	// the emergency view: name, phones, the caregiver son, the lead; no address, no case content
	v := e.api("GET", "/api/v1/persons/"+pid+"/emergency", out, nil)
	if v.StatusCode != 200 {
		t.Fatalf("emergency view: %d %s", v.StatusCode, v.Body)
	}
	j := v.JSON(t)
	if j["name"] != "緒方 ハル" || j["phone"] != "0120-111-222" || j["minutes_left"] != float64(240) || j["dv_protected"] != false {
		t.Fatalf("emergency view: %s", v.Body)
	}
	contacts := j["contacts"].([]any)
	if len(contacts) != 1 || contacts[0].(map[string]any)["name"] != "緒方 誠" || contacts[0].(map[string]any)["phone"] != "090-2222-3333" ||
		contacts[0].(map[string]any)["relationship"] != "子" {
		t.Fatalf("contacts: %v", contacts)
	}
	leads := j["leads"].([]any)
	if len(leads) != 1 || leads[0].(map[string]any)["organization_name"] != "houkatsu機関" || leads[0].(map[string]any)["lead_worker_name"] != "職員 worker" {
		t.Fatalf("leads: %v", leads)
	}
	for _, s := range []string{"母屋町", "息子町", "080-4444-5555", "母の介護", "1940", "被介護者"} {
		if strings.Contains(v.Body, s) {
			t.Errorf("emergency view shows %q: %s", s, v.Body)
		}
	}
	// each look is a flagged view for the privacy officer
	evs, err := e.db.AuditEvents(context.Background(), sqldb.ActorFor(e.users["privacy"]), sqldb.AuditFilter{ObjectID: pid, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	flaggedView := false
	for _, ev := range evs {
		if ev.Action == casework.ActView && ev.Flagged && ev.ActorID == e.users["worker2"].ID && strings.Contains(ev.Reason, "緊急時の閲覧（ブレークグラス）") {
			flaggedView = true
		}
	}
	if !flaggedView {
		t.Fatalf("the emergency view is not audited as a flagged view: %+v", evs)
	}
	// the page, reached from the break-glass form, with the time left
	b := e.browser()
	b.login("worker2")
	if r := b.post("/persons/"+pid+"/break-glass", url.Values{"reason": {"家族から連絡が取れないとの相談、安否確認のため"}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/persons/"+pid+"/emergency" {
		t.Fatalf("break-glass form: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	e.clock.Add(90 * time.Minute)
	b.login("worker2") // the session has idled out meanwhile
	pg := b.get("/persons/" + pid + "/emergency")
	if pg.StatusCode != 200 || !strings.Contains(pg.Body, "残り 2時間30分") || !strings.Contains(pg.Body, "令和8年6月1日 14:00 まで") ||
		!strings.Contains(pg.Body, "緒方 誠") || !strings.Contains(pg.Body, "090-2222-3333") || !strings.Contains(pg.Body, "houkatsu機関") {
		t.Fatalf("emergency page: %d %s", pg.StatusCode, text(pg.Body))
	}
	if strings.Contains(pg.Body, "母屋町") || strings.Contains(pg.Body, "<form method=\"post\"") && strings.Contains(pg.Body, "/persons/"+pid+"/edit") {
		t.Fatal("the emergency page shows the address or offers a change")
	}
	// after the grant ends: 404 on both
	e.clock.Add(3 * time.Hour)
	if r := e.api("GET", "/api/v1/persons/"+pid+"/emergency", out, nil); r.StatusCode != 404 {
		t.Fatalf("emergency view after expiry: %d", r.StatusCode)
	}
	b.login("worker2")
	if r := b.get("/persons/" + pid + "/emergency"); r.StatusCode != 404 {
		t.Fatalf("emergency page after expiry: %d", r.StatusCode)
	}
}

// TestBreakGlassDVShowsNoHouseholdContact: under DV等支援措置 the emergency
// view shows the person's own phone and the lead, never an address or a
// household member.
func TestBreakGlassDVShowsNoHouseholdContact(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	_, pid := e.emergencyHousehold()
	p := e.api("GET", "/api/v1/persons/"+pid, lead, nil).JSON(t)
	p["dv_protected"] = true
	if r := e.api("PATCH", "/api/v1/persons/"+pid, lead, p); r.StatusCode != 200 {
		t.Fatalf("dv flag: %d %s", r.StatusCode, r.Body)
	}
	out := e.token("kodomo")
	if r := e.api("POST", "/api/v1/persons/"+pid+"/break-glass", out, map[string]any{"reason": "本人から助けを求める電話が途中で切れたため"}); r.StatusCode != 201 {
		t.Fatalf("break-glass: %d %s", r.StatusCode, r.Body)
	}
	v := e.api("GET", "/api/v1/persons/"+pid+"/emergency", out, nil)
	j := v.JSON(t)
	if v.StatusCode != 200 || j["dv_protected"] != true || len(j["contacts"].([]any)) != 0 || len(j["leads"].([]any)) != 1 || j["phone"] != "0120-111-222" {
		t.Fatalf("emergency view of a DV-protected person: %d %s", v.StatusCode, v.Body)
	}
	for _, s := range []string{"母屋町", "息子町", "緒方 誠", "090-2222-3333"} {
		if strings.Contains(v.Body, s) {
			t.Errorf("DV emergency view shows %q", s)
		}
	}
}

// TestBreakGlassOnlyDesignatedRoles: only a worker or coordinator of an
// organization that takes consultations may break glass; a host, a viewer,
// a municipal administrator, a privacy officer, an outreach or participation
// worker, or a worker of an NPO may not.
func TestBreakGlassOnlyDesignatedRoles(t *testing.T) {
	e := newEnv(t)
	_, pid := e.teamCase()
	_, host := e.hostUser()
	npo := sqldbtest.Org(t, e.db, e.sys, "こども食堂", "npo")
	for _, x := range []struct{ key, org, role string }{{"npo-worker", npo.ID, "worker"}, {"houkatsu-outreach", e.orgs["houkatsu"].ID, "outreach"},
		{"kurashi-participation", e.orgs["kurashi"].ID, "participation"}} {
		u := casework.User{OrganizationID: x.org, Email: x.key + "@example.jp", Name: "職員 " + x.key, Roles: []string{x.role}}
		if err := e.db.CreateUser(context.Background(), e.sys, &u, passwordHash(t)); err != nil {
			t.Fatal(err)
		}
		e.users[x.key] = u
	}
	reason := map[string]any{"reason": "生命の危険があるとの通報があったため"}
	for name, tok := range map[string]string{"host": host, "viewer": e.token("viewer"), "municipal_admin": e.token("admin"),
		"privacy_officer": e.token("privacy"), "npo worker": e.token("npo-worker"), "outreach": e.token("houkatsu-outreach"),
		"participation": e.token("kurashi-participation")} {
		r := e.api("POST", "/api/v1/persons/"+pid+"/break-glass", tok, reason)
		if r.StatusCode != 403 || !strings.Contains(r.Body, "相談を受ける機関") {
			t.Errorf("%s breaks glass: %d %s", name, r.StatusCode, r.Body)
		}
	}
	for _, who := range []string{"coord", "kodomo"} { // a coordinator of 多機関協働, a worker of こども家庭センター
		if r := e.api("POST", "/api/v1/persons/"+pid+"/break-glass", e.token(who), reason); r.StatusCode != 201 {
			t.Errorf("%s cannot break glass: %d %s", who, r.StatusCode, r.Body)
		}
	}
}
