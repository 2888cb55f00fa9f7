package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func needGenogramRoute(t *testing.T) {
	t.Helper()
	if !slices.Contains(webRoutePatterns(), "GET /households/{id}/genogram") {
		t.Skip("genogramRoutes is not yet in the routes table (routes.go)")
	}
}

// genogramHousehold makes an 8050 household as worker: a mother (本人, with
// a case led by houkatsu), her son and her late husband.
func (e *env) genogramHousehold() (hid, mother, son, father string) {
	e.t.Helper()
	tok := e.token("worker")
	person := func(family, given, kana, birth, sex, deceased string) string {
		b := map[string]any{"family_name": family, "given_name": given, "family_name_kana": "ヤマダ", "given_name_kana": kana, "birth_date": birth, "sex": sex}
		if deceased != "" {
			b["deceased_on"] = deceased
		}
		return e.mkPerson(tok, b)
	}
	mother = person("山田", "ハナ", "ハナ", "1944-03-02", "female", "")
	son = person("山田", "一郎", "イチロウ", "1973-05-20", "male", "")
	father = person("山田", "太郎", "タロウ", "1940-07-10", "male", "2024-12-01")
	r := e.api("POST", "/api/v1/households", tok, map[string]any{"label": "山田さん世帯", "kind": "二世代"})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("household: %d %s", r.StatusCode, r.Body)
	}
	hid = r.JSON(e.t)["id"].(string)
	for _, m := range []struct {
		id, rel string
		coh     bool
		roles   []string
	}{{mother, "本人", true, []string{"被介護者"}}, {son, "子", true, []string{"主たる介護者"}}, {father, "配偶者", false, nil}} {
		r := e.api("POST", "/api/v1/households/"+hid+"/members", tok, map[string]any{"person_id": m.id, "relationship": m.rel, "cohabiting": m.coh, "roles": m.roles})
		if r.StatusCode != http.StatusCreated {
			e.t.Fatalf("member: %d %s", r.StatusCode, r.Body)
		}
	}
	for _, rel := range [][4]string{{father, mother, "婚姻", ""}, {mother, son, "親子", "親密"}, {father, son, "親子", ""}} {
		r := e.api("POST", "/api/v1/relations", tok, map[string]any{"from_person_id": rel[0], "to_person_id": rel[1], "kind": rel[2], "quality": rel[3]})
		if r.StatusCode != http.StatusCreated {
			e.t.Fatalf("relation: %d %s", r.StatusCode, r.Body)
		}
	}
	r = e.api("POST", "/api/v1/cases", tok, map[string]any{"focus_person_id": mother, "household_id": hid, "received_on": "R8.5.20", "route": "家族",
		"method": "来所", "bunya": []string{"kaigo"}, "problems": []string{"介護", "8050"}, "complaint": "母の介護"})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("case: %d %s", r.StatusCode, r.Body)
	}
	return hid, mother, son, father
}

func TestGenogramPageDrawsHousehold(t *testing.T) {
	needGenogramRoute(t)
	e := newEnv(t)
	hid, _, son, _ := e.genogramHousehold()
	b := e.browser()
	b.login("worker")
	r := b.get("/households/" + hid + "/genogram?focus=" + son)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("genogram page: %d %s", r.StatusCode, r.Body)
	}
	for _, want := range []string{
		`role="img"`, `<title id="genogram-title">山田さん世帯 ジェノグラム</title>`, `<title id="ecomap-title">山田さん世帯 エコマップ</title>`,
		"山田 ハナ（本人・女性・82歳・同居・被介護者）",
		"山田 一郎（子・男性・53歳・同居・主たる介護者・中心の方）",
		"山田 太郎（配偶者・男性・84歳・死亡）", // age at death, not today
		"山田 ハナ は 山田 一郎 の親（関係: 親密）",
		"山田 太郎 と 山田 ハナ: 婚姻",
		"houkatsu機関（主担当）: 強い関係・相手から世帯へ支援・対象: 山田 ハナ",
		"84歳没", "中心の方: 山田 一郎",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("genogram page lacks %q", want)
		}
	}
	if strings.Contains(r.Body, "style=") || strings.Contains(r.Body, "<style") {
		t.Error("style attribute or element on the page (blocked by the CSP)")
	}
	// Editing stays in the household forms; the picture follows.
	ko := e.mkPerson(e.token("worker"), map[string]any{"family_name": "佐藤", "given_name": "京子", "family_name_kana": "サトウ", "given_name_kana": "キョウコ", "birth_date": "1976-01-15", "sex": "female"})
	if r := e.api("POST", "/api/v1/households/"+hid+"/members", e.token("worker"), map[string]any{"person_id": ko, "relationship": "子", "cohabiting": false}); r.StatusCode != http.StatusCreated {
		t.Fatalf("member: %d %s", r.StatusCode, r.Body)
	}
	if r := b.post("/households/"+hid+"/relations", url.Values{"from_person_id": {son}, "to_person_id": {ko}, "kind": {"兄弟"}, "quality": {"疎遠"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("relation form: %d %s", r.StatusCode, r.Body)
	}
	r = b.get("/households/" + hid + "/genogram")
	if !strings.Contains(r.Body, "山田 一郎 と 佐藤 京子: 兄弟（関係: 疎遠）") || !strings.Contains(r.Body, "佐藤 京子（子・女性・50歳・別居）") {
		t.Errorf("the picture did not follow the change:\n%s", text(r.Body))
	}
}

func TestGenogramOnlyForThoseWhoMaySeeTheHousehold(t *testing.T) {
	needGenogramRoute(t)
	e := newEnv(t)
	hid, _, _, _ := e.genogramHousehold()
	for _, user := range []string{"worker2", "kodomo"} {
		b := e.browser()
		b.login(user)
		r := b.get("/households/" + hid + "/genogram")
		if r.StatusCode != http.StatusNotFound || strings.Contains(r.Body, "山田") {
			t.Errorf("%s: %d, names shown: %v", user, r.StatusCode, strings.Contains(r.Body, "山田"))
		}
	}
	b := e.browser()
	if r := b.get("/households/" + hid + "/genogram"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("without login: %d", r.StatusCode)
	}
}
