package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"kasane/internal/juki"
	"kasane/internal/sqldb"
)

// The 住基 link through the API and the pages (issue 23): the 宛名番号 on
// the person (API and form) for those who may see it, and a death in the
// 異動 file on GET /api/v1/alerts, 「わたしの仕事」 and the case page of the
// lead and the team only.
func TestJukiDeathOnAlertsHomeAndCasePage(t *testing.T) {
	e := newEnv(t)
	lead, team, outside := e.token("worker"), e.token("worker2"), e.token("kodomo")
	body := map[string]any{}
	for k, v := range yamada {
		body[k] = v
	}
	body["atena_no"] = "５５５０００１"
	pid := e.mkPerson(lead, body)
	if p := e.api("GET", "/api/v1/persons/"+pid, lead, nil).JSON(t); p["atena_no"] != "5550001" {
		t.Fatalf("atena_no as stored: %v", p["atena_no"])
	}
	cid := e.mkCase(lead, pid)
	e.consent(lead, pid, []string{e.orgs["kurashi"].ID}, "")
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kurashi"].ID, "role": "家計相談"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("team: %d %s", r.StatusCode, r.Body)
	}
	if p := e.api("GET", "/api/v1/persons/"+pid, team, nil).JSON(t); p["atena_no"] != "5550001" {
		t.Fatalf("team member with basic: %v", p["atena_no"])
	}
	rows, probs, err := juki.Read(strings.NewReader("宛名番号,異動事由,異動日\n5550001,死亡,R8.5.30\n"), "2026-06-01")
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if _, err := e.db.ApplyJuki(context.Background(), e.sys.MunicipalityID, rows, sqldb.JukiOptions{FileName: "idou.csv"}); err != nil {
		t.Fatal(err)
	}
	kinds := func(tok string) []string {
		var out []string
		for _, it := range e.api("GET", "/api/v1/alerts", tok, nil).JSON(t)["items"].([]any) {
			a := it.(map[string]any)
			if a["kind"] == "resident_deceased" && a["case_id"] == cid {
				out = append(out, a["message"].(string))
			}
		}
		return out
	}
	for _, tok := range []string{lead, team} {
		if got := kinds(tok); len(got) != 1 || !strings.Contains(got[0], "本人が死亡（令和8年5月30日）") {
			t.Fatalf("alerts: %v", got)
		}
	}
	if got := kinds(outside); len(got) != 0 {
		t.Fatalf("outside the team: %v", got)
	}
	for _, user := range []string{"worker", "worker2"} {
		b := e.browser()
		b.login(user)
		if home := text(b.get("/").Body); !strings.Contains(home, "本人が死亡（令和8年5月30日）") {
			t.Fatalf("%s's home lacks the death", user)
		}
		if page := text(b.get("/cases/" + cid).Body); !strings.Contains(page, "本人が死亡（令和8年5月30日）") {
			t.Fatalf("%s's case page lacks the death", user)
		}
	}
	b := e.browser()
	b.login("worker")
	page := text(b.get("/persons/" + pid).Body)
	if !strings.Contains(page, "宛名番号") || !strings.Contains(page, "5550001") || !strings.Contains(page, "死亡") {
		t.Fatalf("person page: %s", page)
	}
	if form := b.get("/persons/" + pid + "/edit").Body; !strings.Contains(form, `name="atena_no"`) || !strings.Contains(form, `value="5550001"`) {
		t.Fatal("the form lacks the 宛名番号")
	}
	p := e.api("GET", "/api/v1/persons/"+pid, lead, nil).JSON(t)
	r := e.api("PATCH", "/api/v1/persons/"+pid, lead, map[string]any{"atena_no": "5550002", "version": p["version"]})
	if r.StatusCode != http.StatusOK || r.JSON(t)["atena_no"] != "5550002" {
		t.Fatalf("patch: %d %s", r.StatusCode, r.Body)
	}
	r = e.api("PATCH", "/api/v1/persons/"+pid, lead, map[string]any{"atena_no": "123-あ", "version": r.JSON(t)["version"]})
	if r.StatusCode != 422 || r.JSON(t)["errors"].(map[string]any)["atena_no"] == nil {
		t.Fatalf("bad number: %d %s", r.StatusCode, r.Body)
	}
}

// A member reading the person through the household category only gets no
// 宛名番号 in the API; the form has no such field for it.
func TestAtenaNoNotInAPIForHouseholdOnlyMember(t *testing.T) {
	e := newEnv(t)
	lead, team := e.token("worker"), e.token("worker2")
	son := e.mkPerson(lead, yamada)
	mb := map[string]any{"family_name": "髙橋", "given_name": "花子", "family_name_kana": "タカハシ", "birth_date": "S20.1.1", "sex": "female", "atena_no": "777"}
	mother := e.mkPerson(lead, mb)
	hr := e.api("POST", "/api/v1/households", lead, map[string]any{"label": "髙橋世帯", "kind": "単身"})
	hid := hr.JSON(t)["id"].(string)
	for _, m := range []map[string]any{{"person_id": son, "relationship": "本人"}, {"person_id": mother, "relationship": "母"}} {
		if r := e.api("POST", "/api/v1/households/"+hid+"/members", lead, m); r.StatusCode != http.StatusCreated {
			t.Fatalf("member: %d %s", r.StatusCode, r.Body)
		}
	}
	r := e.api("POST", "/api/v1/cases", lead, map[string]any{"focus_person_id": son, "household_id": hid, "received_on": "R8.5.20", "route": "家族",
		"method": "来所", "bunya": []string{"kaigo"}, "problems": []string{"介護"}, "complaint": "介護"})
	cid := r.JSON(t)["id"].(string)
	cr := e.api("POST", "/api/v1/consents", lead, map[string]any{"person_id": son, "given_by": "本人", "given_on": "2026-05-25", "method": "署名",
		"recipients": []string{e.orgs["kurashi"].ID}, "data_categories": []string{"basic", "household"}, "purposes": []string{"支援の検討"}})
	if cr.StatusCode != http.StatusCreated {
		t.Fatalf("consent: %d %s", cr.StatusCode, cr.Body)
	}
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kurashi"].ID, "role": "家計"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("team: %d %s", r.StatusCode, r.Body)
	}
	m := e.api("GET", "/api/v1/persons/"+mother, team, nil)
	if m.StatusCode != http.StatusOK || strings.Contains(m.Body, "atena_no") || strings.Contains(m.Body, "777") {
		t.Fatalf("household-only member sees the number: %d %s", m.StatusCode, m.Body)
	}
	b := e.browser()
	b.login("worker2")
	if form := b.get("/persons/" + mother + "/edit").Body; strings.Contains(form, `name="atena_no"`) {
		t.Fatal("the form offers the hidden number")
	}
	// its save keeps the number
	r = e.api("PATCH", "/api/v1/persons/"+mother, team, map[string]any{"phone": "090-1111-2222", "atena_no": "", "version": m.JSON(t)["version"]})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("patch: %d %s", r.StatusCode, r.Body)
	}
	if got := e.api("GET", "/api/v1/persons/"+mother, lead, nil).JSON(t)["atena_no"]; got != "777" {
		t.Fatalf("the blind save changed the number: %v", got)
	}
}
