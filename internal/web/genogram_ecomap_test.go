package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// ecomapSVG is the ecomap's picture on the genogram page.
func ecomapSVG(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `aria-labelledby="ecomap-title`)
	if i < 0 {
		t.Fatalf("no ecomap on the page:\n%s", text(body))
	}
	j := strings.Index(body[i:], "</svg>")
	return body[i : i+j]
}

// TestEcomapTieFormRedraws: a tie recorded in the form is drawn at once,
// listed in the text beside the picture, and overrides the default line
// of a counterpart already drawn (the lead organization as stressful).
func TestEcomapTieFormRedraws(t *testing.T) {
	needGenogramRoute(t)
	e := newEnv(t)
	hid, mother, _, _ := e.genogramHousehold()
	b := e.browser()
	b.login("worker")
	page := "/households/" + hid + "/genogram"
	r := b.post(page[:len(page)-len("genogram")]+"ecomap-ties", url.Values{"counterpart_kind": {"informal"}, "name": {"近所の田中さん"},
		"person_id": {mother}, "strength": {"strong"}, "direction": {"both"}, "note": {"毎朝声かけ"}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), page) {
		t.Fatalf("tie form: %d %s %s", r.StatusCode, r.Header.Get("Location"), text(r.Body))
	}
	r = b.get(r.Header.Get("Location"))
	svg := ecomapSVG(t, r.Body)
	if !strings.Contains(svg, "近所の田中さん") || !strings.Contains(svg, "<title>近所の田中さん（毎朝声かけ）</title>") {
		t.Errorf("the new tie is not in the picture")
	}
	if !strings.Contains(r.Body, "近所の田中さん（インフォーマル）: 強い関係・双方向の支援・対象: 山田 ハナ・メモ: 毎朝声かけ") ||
		!strings.Contains(r.Body, "エコマップの関係を記録しました。") {
		t.Errorf("text alternative or notice lacks the tie:\n%s", text(r.Body))
	}
	// the add form stays empty beside the recorded tie (not its values)
	if strings.Contains(r.Body, `id="f-name" name="name" type="text" value="近所の田中さん"`) || strings.Contains(r.Body, `id="f-note" name="note" type="text" value="毎朝声かけ"`) {
		t.Error("the add form shows the values of a recorded tie")
	}
	// the lead organization is drawn strong by default; a tie makes it stressful
	if !strings.Contains(r.Body, "houkatsu機関（主担当）: 強い関係") {
		t.Fatalf("lead organization not drawn strong first")
	}
	r = b.post("/households/"+hid+"/ecomap-ties", url.Values{"counterpart_kind": {"organization"}, "organization_id": {e.orgs["houkatsu"].ID},
		"strength": {"stressful"}, "direction": {"to"}, "note": {"訪問を拒まれがち"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("override: %d %s", r.StatusCode, text(r.Body))
	}
	r = b.get(page)
	if !strings.Contains(r.Body, "houkatsu機関（主担当）: ストレス・対立のある関係・相手から世帯へ支援・対象: 山田 ハナ・メモ: 訪問を拒まれがち") {
		t.Errorf("override not drawn:\n%s", text(r.Body))
	}
	if n := strings.Count(ecomapSVG(t, r.Body), "<title>houkatsu機関"); n != 1 {
		t.Errorf("the overridden organization is drawn %d times", n)
	}
	// change and delete through the forms of the list
	var id string
	for _, x := range e.api("GET", "/api/v1/households/"+hid+"/ecomap-ties", e.token("worker"), nil).JSON(t)["items"].([]any) {
		if x := x.(map[string]any); x["name"] == "近所の田中さん" {
			id = x["id"].(string)
		}
	}
	r = b.post("/ecomap-ties/"+id, url.Values{"household_id": {hid}, "version": {"1"}, "counterpart_kind": {"informal"}, "name": {"近所の田中さん"},
		"strength": {"weak"}, "direction": {"none"}, "note": {""}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit form: %d %s", r.StatusCode, text(r.Body))
	}
	if body := b.get(page).Body; !strings.Contains(body, "近所の田中さん（インフォーマル）: 弱い関係・対象: 世帯全体") {
		t.Errorf("edit not drawn:\n%s", text(body))
	}
	// a stale version comes back as a conflict on the page
	r = b.post("/ecomap-ties/"+id+"/delete", url.Values{"household_id": {hid}, "version": {"1"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "他の人によって更新されています") {
		t.Fatalf("stale delete: %d", r.StatusCode)
	}
	if r = b.post("/ecomap-ties/"+id+"/delete", url.Values{"household_id": {hid}, "version": {"2"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d %s", r.StatusCode, text(r.Body))
	}
	if body := b.get(page).Body; strings.Contains(ecomapSVG(t, body), "近所の田中さん") {
		t.Errorf("deleted tie still drawn")
	}
}

// TestEcomapTieFormKeepsInput: bad input comes back with a Japanese message
// beside the field and what the worker typed.
func TestEcomapTieFormKeepsInput(t *testing.T) {
	needGenogramRoute(t)
	e := newEnv(t)
	hid, _, _, _ := e.genogramHousehold()
	b := e.browser()
	b.login("worker")
	r := b.post("/households/"+hid+"/ecomap-ties", url.Values{"counterpart_kind": {"informal"}, "name": {""}, "strength": {"weak"},
		"direction": {"from"}, "note": {"週末だけ来る"}})
	if r.StatusCode != http.StatusUnprocessableEntity && r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad form: %d", r.StatusCode)
	}
	for _, want := range []string{`id="f-name-error">相手を入力してください`, `value="週末だけ来る"`, `value="from" selected`, `value="weak" checked`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	if !strings.Contains(r.Body, `role="img"`) {
		t.Error("the pictures are not shown with the form")
	}
	long := strings.Repeat("あ", 101)
	r = b.post("/households/"+hid+"/ecomap-ties", url.Values{"counterpart_kind": {"informal"}, "name": {"民生委員"}, "strength": {"normal"}, "direction": {"to"}, "note": {long}})
	if !strings.Contains(r.Body, "メモは100文字以内で入力してください。") || !strings.Contains(r.Body, `value="民生委員"`) {
		t.Errorf("note too long not reported beside the field")
	}
	// an edit form with bad input keeps its own values and message
	tok := e.token("worker")
	x := e.api("POST", "/api/v1/households/"+hid+"/ecomap-ties", tok, map[string]any{"counterpart_kind": "informal", "name": "元同僚", "strength": "weak"})
	if x.StatusCode != http.StatusCreated {
		t.Fatalf("api create: %d %s", x.StatusCode, x.Body)
	}
	id := x.JSON(t)["id"].(string)
	r = b.post("/ecomap-ties/"+id, url.Values{"household_id": {hid}, "version": {"1"}, "counterpart_kind": {"informal"}, "name": {""}, "strength": {"weak"}, "direction": {"to"}, "note": {"残すメモ"}})
	if !strings.Contains(r.Body, fmt.Sprintf(`id="t-%s-name-error">相手を入力してください`, id)) || !strings.Contains(r.Body, `value="残すメモ"`) {
		t.Errorf("edit form lost its input or message:\n%s", text(r.Body))
	}
}

// TestEcomapOnlyWhatTheViewerMayRead: an organization on the team of the
// son's case only does not see the tie about the mother nor the
// counterparts of the mother's support record; one outside every team
// sees nothing and cannot change a tie.
func TestEcomapOnlyWhatTheViewerMayRead(t *testing.T) {
	needGenogramRoute(t)
	e := newEnv(t)
	hid, mother, son, _ := e.genogramHousehold()
	tok := e.token("worker")
	cases := e.api("GET", "/api/v1/cases?person_id="+mother, tok, nil).JSON(t)["items"].([]any)
	motherCase := cases[0].(map[string]any)["id"].(string)
	for _, cp := range []string{"本人・長男・民生委員", "居宅介護支援事業所 ケアマネジャー", "民生委員"} {
		r := e.api("POST", "/api/v1/cases/"+motherCase+"/contacts", tok, map[string]any{"at": "2026-05-30T10:00:00+09:00", "method": "電話",
			"counterpart": cp, "content": "連絡", "jigyo": "sodan", "bunya": "kaigo"})
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("contact: %d %s", r.StatusCode, r.Body)
		}
	}
	r := e.api("POST", "/api/v1/households/"+hid+"/ecomap-ties", tok, map[string]any{"counterpart_kind": "informal", "name": "近所の田中さん",
		"person_id": mother, "strength": "strong", "direction": "to"})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("tie: %d %s", r.StatusCode, r.Body)
	}
	tie := r.JSON(t)
	b := e.browser()
	b.login("worker")
	body := b.get("/households/" + hid + "/genogram").Body
	for _, want := range []string{"民生委員（支援経過2件）", "居宅介護支援事業所 ケアマネジャー（支援経過1件）", "近所の田中さん"} {
		if !strings.Contains(body, want) {
			t.Errorf("team view lacks %q:\n%s", want, text(body))
		}
	}
	if strings.Contains(ecomapSVG(t, body), "<title>長男</title>") || strings.Contains(ecomapSVG(t, body), "<title>本人</title>") {
		t.Error("family members drawn as counterparts")
	}
	// kodomo joins the team of a case about the son only (a case of the
	// household: seeing a member alone no longer opens the household)
	rc := e.api("POST", "/api/v1/cases", tok, map[string]any{"focus_person_id": son, "household_id": hid, "received_on": "R8.5.20", "route": "家族",
		"method": "来所", "bunya": []string{"shogai"}, "problems": []string{"ひきこもり"}, "complaint": "長男の相談"})
	if rc.StatusCode != http.StatusCreated {
		t.Fatalf("son's case: %d %s", rc.StatusCode, rc.Body)
	}
	sonCase := rc.JSON(t)["id"].(string)
	if r := e.api("POST", "/api/v1/cases/"+sonCase+"/team", tok, map[string]any{"organization_id": e.orgs["kodomo"].ID, "role": "相談", "basis": "disability_abuse"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("team: %d %s", r.StatusCode, r.Body)
	}
	k := e.browser()
	k.login("kodomo")
	r = k.get("/households/" + hid + "/genogram")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("kodomo: %d", r.StatusCode)
	}
	shown := r.Body[:strings.Index(r.Body, `id="h-tie-add"`)] // the form's examples aside
	for _, hidden := range []string{"近所の田中さん", "民生委員", "居宅介護支援事業所"} {
		if strings.Contains(shown, hidden) {
			t.Errorf("kodomo sees %q from the mother's case", hidden)
		}
	}
	ktok := e.token("kodomo")
	if items := e.api("GET", "/api/v1/households/"+hid+"/ecomap-ties", ktok, nil).JSON(t)["items"].([]any); len(items) != 0 {
		t.Errorf("kodomo lists ties %v", items)
	}
	if r := e.api("PUT", "/api/v1/ecomap-ties/"+tie["id"].(string), ktok, map[string]any{"counterpart_kind": "informal", "name": "x", "strength": "weak", "version": 1}); r.StatusCode != http.StatusNotFound {
		t.Errorf("kodomo edits the tie: %d", r.StatusCode)
	}
	// kurashi is on no team of the household
	w2 := e.token("worker2")
	for _, x := range []struct{ method, path string }{{"GET", "/api/v1/households/" + hid + "/ecomap-ties"}, {"DELETE", "/api/v1/ecomap-ties/" + tie["id"].(string) + "?version=1"}} {
		if r := e.api(x.method, x.path, w2, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("worker2 %s %s: %d", x.method, x.path, r.StatusCode)
		}
	}
	if r := e.api("POST", "/api/v1/households/"+hid+"/ecomap-ties", w2, map[string]any{"counterpart_kind": "informal", "name": "x", "strength": "weak"}); r.StatusCode != http.StatusNotFound {
		t.Errorf("worker2 adds a tie: %d", r.StatusCode)
	}
	// a viewer of the team reads but does not write
	if r := e.api("POST", "/api/v1/households/"+hid+"/ecomap-ties", e.token("viewer"), map[string]any{"counterpart_kind": "informal", "name": "x", "strength": "weak"}); r.StatusCode != http.StatusForbidden {
		t.Errorf("viewer adds a tie: %d", r.StatusCode)
	}
}

// TestEcomapTieAPI: create, list, update with version, conflict, delete.
func TestEcomapTieAPI(t *testing.T) {
	needGenogramRoute(t)
	e := newEnv(t)
	hid, _, son, _ := e.genogramHousehold()
	tok := e.token("worker")
	r := e.api("POST", "/api/v1/households/"+hid+"/ecomap-ties", tok, map[string]any{"counterpart_kind": "informal", "strength": "loud"})
	if r.StatusCode != http.StatusUnprocessableEntity && r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad tie: %d", r.StatusCode)
	}
	errs := r.JSON(t)["errors"].(map[string]any)
	if errs["name"] == nil || errs["strength"] == nil {
		t.Errorf("field errors: %v", errs)
	}
	r = e.api("POST", "/api/v1/households/"+hid+"/ecomap-ties", tok, map[string]any{"counterpart_kind": "informal", "name": "親族（叔母）",
		"person_id": son, "strength": "stressful", "direction": "from", "note": "金銭の貸し借り"})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", r.StatusCode, r.Body)
	}
	tie := r.JSON(t)
	id := tie["id"].(string)
	if tie["version"].(float64) != 1 || tie["recorded_by_organization_id"] != e.orgs["houkatsu"].ID {
		t.Errorf("created: %v", tie)
	}
	up := map[string]any{"counterpart_kind": "informal", "name": "親族（叔母）", "strength": "normal", "direction": "both", "version": 1}
	if r := e.api("PUT", "/api/v1/ecomap-ties/"+id, tok, up); r.StatusCode != http.StatusOK || r.JSON(t)["version"].(float64) != 2 {
		t.Fatalf("update: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/ecomap-ties/"+id, tok, up); r.StatusCode != http.StatusConflict {
		t.Errorf("stale update: %d", r.StatusCode)
	}
	if r := e.api("DELETE", "/api/v1/ecomap-ties/"+id, tok, nil); r.StatusCode == http.StatusOK {
		t.Errorf("delete without version accepted")
	}
	if r := e.api("DELETE", "/api/v1/ecomap-ties/"+id+"?version=2", tok, nil); r.StatusCode != http.StatusOK || r.JSON(t)["household_id"] != hid {
		t.Fatalf("delete: %d %s", r.StatusCode, r.Body)
	}
	if items := e.api("GET", "/api/v1/households/"+hid+"/ecomap-ties", tok, nil).JSON(t)["items"].([]any); len(items) != 0 {
		t.Errorf("after delete: %v", items)
	}
}

// TestEcomapShowsPlanOrganizations: an organization with lines in an
// agreed plan is marked on the ecomap; a draft plan is not.
func TestEcomapShowsPlanOrganizations(t *testing.T) {
	needGenogramRoute(t)
	e := newEnv(t)
	hid, mother, _, _ := e.genogramHousehold()
	tok := e.token("worker")
	cid := e.api("GET", "/api/v1/cases?person_id="+mother, tok, nil).JSON(t)["items"].([]any)[0].(map[string]any)["id"].(string)
	plan := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))
	b := e.browser()
	b.login("worker")
	if body := b.get("/households/" + hid + "/genogram").Body; strings.Contains(body, "支援プラン") {
		t.Errorf("a draft plan is drawn")
	}
	if r := e.api("POST", "/api/v1/plans/"+plan["id"].(string)+"/agree", tok, map[string]any{"agreed_on": "2026-05-30"}); r.StatusCode != http.StatusOK {
		t.Fatalf("agree: %d %s", r.StatusCode, r.Body)
	}
	if body := b.get("/households/" + hid + "/genogram").Body; !strings.Contains(body, "houkatsu機関（主担当 支援プラン）: 強い関係") {
		t.Errorf("agreed plan not on the ecomap:\n%s", text(body))
	}
}
