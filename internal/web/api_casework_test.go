package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// mkPerson registers a person through the API as user and returns its id.
func (e *env) mkPerson(tok string, body map[string]any) string {
	e.t.Helper()
	r := e.api("POST", "/api/v1/persons", tok, body)
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("create person: %d %s", r.StatusCode, r.Body)
	}
	return r.JSON(e.t)["id"].(string)
}

func (e *env) mkCase(tok, personID string) string {
	e.t.Helper()
	r := e.api("POST", "/api/v1/cases", tok, map[string]any{"focus_person_id": personID, "received_on": "R8.5.20", "route": "家族",
		"method": "来所", "bunya": []string{"kaigo", "shogai"}, "problems": []string{"介護", "ひきこもり", "8050"}, "complaint": "母の介護と息子のひきこもり"})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("create case: %d %s", r.StatusCode, r.Body)
	}
	return r.JSON(e.t)["id"].(string)
}

var yamada = map[string]any{"family_name": "髙橋", "given_name": "一郎", "family_name_kana": "たかはし", "given_name_kana": "ｲﾁﾛｳ",
	"birth_date": "S50.4.1", "sex": "male", "address": map[string]any{"postal_code": "１２３-４５６７", "prefecture": "架空県", "city": "かさね市", "street": "本町1-2-3"},
	"phone": "090-0000-1111"}

func TestPersonCreateNormalizesAndKeepsNames(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	id := e.mkPerson(tok, yamada)
	p := e.api("GET", "/api/v1/persons/"+id, tok, nil).JSON(t)
	if p["family_name"] != "髙橋" || p["family_name_kana"] != "タカハシ" || p["given_name_kana"] != "イチロウ" {
		t.Fatalf("names: %v", p)
	}
	if p["birth_date"] != "1975-04-01" || p["birth_date_display"] != "昭和50年4月1日 (1975)" || p["age"] != float64(51) {
		t.Fatalf("birth: %v %v %v", p["birth_date"], p["birth_date_display"], p["age"])
	}
	if addr := p["address"].(map[string]any); addr["postal_code"] != "123-4567" {
		t.Fatalf("postal code: %v", addr)
	}
}

func TestPersonBadInput(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cases := []struct {
		field string
		patch map[string]any
		want  string
	}{
		{"birth_date", map[string]any{"birth_date": "平成31年5月1日"}, "存在しない日付"},
		{"birth_date", map[string]any{"birth_date": "2025-02-30"}, ""},
		{"family_name_kana", map[string]any{"family_name_kana": "高橋"}, "カタカナ"},
		{"sex", map[string]any{"sex": "男"}, "性別"},
		{"family_name", map[string]any{"family_name": strings.Repeat("長", 41)}, "40文字"},
		{"family_name", map[string]any{"family_name": ""}, "氏を入力"},
	}
	for _, c := range cases {
		body := map[string]any{}
		for k, v := range yamada {
			body[k] = v
		}
		for k, v := range c.patch {
			body[k] = v
		}
		r := e.api("POST", "/api/v1/persons", tok, body)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%v: status %d", c.patch, r.StatusCode)
		}
		m := r.JSON(t)
		msg, _ := m["errors"].(map[string]any)[c.field].(string)
		if m["code"] != "invalid" || msg == "" || !strings.Contains(msg, c.want) {
			t.Fatalf("%v: errors %v", c.patch, m["errors"])
		}
	}
	if r := e.api("POST", "/api/v1/persons", tok, `{"family_name": 3}`); r.StatusCode != 422 || r.JSON(t)["errors"].(map[string]any)["family_name"] == nil {
		t.Fatalf("wrong type: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/persons", tok, `{"family_name": `); r.StatusCode != 422 {
		t.Fatalf("broken json: %d", r.StatusCode)
	}
}

func TestPersonSearchVariantsAndVisibility(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	id := e.mkPerson(tok, yamada)
	e.mkPerson(tok, map[string]any{"family_name": "佐藤", "given_name": "花子", "family_name_kana": "サトウ", "given_name_kana": "ハナコ", "birth_date": "1980-01-01", "sex": "female"})
	for _, q := range []string{"高橋", "髙橋", "高橋 一郎", "高橋一郎", "タカハシ", "たかはし", "ﾀｶﾊｼ", "たかはし いちろう", "タカハシイチロウ"} {
		r := e.api("GET", "/api/v1/persons?q="+urlQ(q), tok, nil)
		items := r.JSON(t)["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["id"] != id {
			t.Errorf("q=%q: %d items %s", q, len(items), r.Body)
		}
	}
	// another organization sees only that the person is known and who to ask
	other := e.token("kodomo")
	r := e.api("GET", "/api/v1/persons?q="+urlQ("高橋"), other, nil)
	hit := r.JSON(t)["items"].([]any)[0].(map[string]any)
	if hit["visible"] != false || hit["kana"] != nil || hit["birth_date"] != nil || hit["display_name"] != "髙橋 一郎" {
		t.Fatalf("outside hit shows too much: %v", hit)
	}
	// never which service knows the person (issue 18, path 8): the
	// municipality's contact point instead (default: the multi_agency org)
	if kb := hit["known_by"].([]any); len(kb) != 0 || strings.Contains(r.Body, "houkatsu機関") {
		t.Fatalf("known_by %v", kb)
	}
	if c, _ := hit["inquiry_contact"].(map[string]any); c == nil || c["name"] != "takikan機関" {
		t.Fatalf("inquiry contact %v", hit["inquiry_contact"])
	}
	if strings.Contains(r.Body, "本町") || strings.Contains(r.Body, "0000-1111") {
		t.Fatal("address or phone leaked in search")
	}
	if g := e.api("GET", "/api/v1/persons/"+id, other, nil); g.StatusCode != 404 {
		t.Fatalf("outsider reads person: %d", g.StatusCode)
	}
}

func urlQ(s string) string { return url.QueryEscape(s) }

func TestCaseIntakeTransitionsAndContacts(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	pid := e.mkPerson(tok, yamada)
	cid := e.mkCase(tok, pid)
	c := e.api("GET", "/api/v1/cases/"+cid, tok, nil).JSON(t)
	if c["status"] != "intake" || c["lead_organization_id"] != e.orgs["houkatsu"].ID || c["received_on"] != "2026-05-20" {
		t.Fatalf("case %v", c)
	}
	team := c["team"].([]any)
	if len(team) != 1 || team[0].(map[string]any)["organization_id"] != e.orgs["houkatsu"].ID {
		t.Fatalf("team %v", team)
	}
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", tok, map[string]any{"to": "active"}); r.StatusCode != 422 {
		t.Fatalf("intake→active allowed: %d", r.StatusCode)
	}
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", tok, map[string]any{"to": "assessment"}); r.StatusCode != 200 || r.JSON(t)["status"] != "assessment" {
		t.Fatalf("intake→assessment: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", tok, map[string]any{"to": "closed"}); r.StatusCode != 422 {
		t.Fatalf("closing without reason: %d", r.StatusCode)
	}
	for i, content := range []string{"初回面談。母の介護負担が大きい。", "訪問。息子と話せた。"} {
		r := e.api("POST", "/api/v1/cases/"+cid+"/contacts", tok, map[string]any{"at": fmt.Sprintf("2026-05-2%dT10:00:00+09:00", i+1), "method": "訪問", "content": content, "minutes": 60})
		if r.StatusCode != 201 {
			t.Fatalf("contact: %d %s", r.StatusCode, r.Body)
		}
		if m := r.JSON(t); m["jigyo"] != "sodan" || m["bunya"] != "kaigo" {
			t.Fatalf("defaults from case: %v", m)
		}
	}
	list := e.api("GET", "/api/v1/cases/"+cid+"/contacts", tok, nil).JSON(t)["items"].([]any)
	first := list[0].(map[string]any)
	if len(list) != 2 || !strings.Contains(first["content"].(string), "息子と話せた") {
		t.Fatalf("newest first: %v", list)
	}
	// edit keeps the earlier text; a stale version is a conflict
	upd := map[string]any{"at": "2026-05-22T10:00:00+09:00", "method": "訪問", "content": "訪問。息子と玄関先で話せた。", "minutes": 45, "version": 1}
	if r := e.api("PATCH", "/api/v1/contacts/"+first["id"].(string), tok, upd); r.StatusCode != 200 {
		t.Fatalf("edit: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PATCH", "/api/v1/contacts/"+first["id"].(string), tok, upd); r.StatusCode != 409 || r.JSON(t)["code"] != "conflict" {
		t.Fatalf("stale edit: %d %s", r.StatusCode, r.Body)
	}
	list = e.api("GET", "/api/v1/cases/"+cid+"/contacts", tok, nil).JSON(t)["items"].([]any)
	hist := list[0].(map[string]any)["history"].([]any)
	if len(hist) != 1 || hist[0].(map[string]any)["content"] != "訪問。息子と話せた。" {
		t.Fatalf("history %v", hist)
	}
	// unknown code label names the field
	r := e.api("POST", "/api/v1/cases", tok, map[string]any{"focus_person_id": pid, "received_on": "2026-05-01", "route": "電報", "method": "来所", "bunya": []string{"kaigo"}, "complaint": "x"})
	if r.StatusCode != 422 || r.JSON(t)["errors"].(map[string]any)["route"] == nil {
		t.Fatalf("unknown route: %d %s", r.StatusCode, r.Body)
	}
}

func TestPersonConcurrentEditConflict(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	id := e.mkPerson(tok, yamada)
	a := e.api("PATCH", "/api/v1/persons/"+id, tok, map[string]any{"phone": "090-1111-2222", "version": 1})
	b := e.api("PATCH", "/api/v1/persons/"+id, tok, map[string]any{"phone": "090-3333-4444", "version": 1})
	if a.StatusCode != 200 || b.StatusCode != 409 {
		t.Fatalf("first %d, second %d", a.StatusCode, b.StatusCode)
	}
	if p := e.api("GET", "/api/v1/persons/"+id, tok, nil).JSON(t); p["phone"] != "090-1111-2222" || p["version"] != float64(2) {
		t.Fatalf("after conflict %v", p)
	}
}
