package web_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// searchHits runs GET /api/v1/persons?q= and returns the hits.
func (e *env) searchHits(tok, q string) []map[string]any {
	e.t.Helper()
	r := e.api("GET", "/api/v1/persons?q="+urlQ(q), tok, nil)
	if r.StatusCode != http.StatusOK {
		e.t.Fatalf("search %q: %d %s", q, r.StatusCode, r.Body)
	}
	var out []map[string]any
	for _, it := range r.JSON(e.t)["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func hitIDs(hs []map[string]any) []string {
	var ids []string
	for _, h := range hs {
		ids = append(ids, h["id"].(string))
	}
	slices.Sort(ids)
	return ids
}

// searchEvents counts the search events in the audit log.
func (e *env) searchEvents() int {
	e.t.Helper()
	evs, err := e.db.AuditEvents(context.Background(), sqldb.ActorFor(e.users["privacy"]), sqldb.AuditFilter{Action: casework.ActSearch, Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(evs)
}

// TestSearchLatinNamesAnyCaseAndWidth (issue 21): NGUYEN found 3, nguyen
// and Ｎｇｕｙｅｎ none. Now the three spellings find the same persons, on
// the API and on the search page.
func TestSearchLatinNamesAnyCaseAndWidth(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	var want []string
	for _, n := range [][3]string{{"NGUYEN", "Van An", "バン アン"}, {"Nguyen", "Thi Lan", "ティ ラン"}, {"nguyen", "Minh", "ミン"}} {
		want = append(want, e.mkPerson(tok, map[string]any{"family_name": n[0], "given_name": n[1], "family_name_kana": "グエン",
			"given_name_kana": n[2], "birth_date": "1990-01-01", "sex": "female"}))
	}
	e.mkPerson(tok, map[string]any{"family_name": "SILVA", "given_name": "Ana", "family_name_kana": "シルバ", "birth_date": "1985", "sex": "female"})
	slices.Sort(want)
	b := e.browser()
	b.login("worker")
	for _, q := range []string{"NGUYEN", "nguyen", "Ｎｇｕｙｅｎ", "ＮＧＵＹＥＮ", "Nguyen"} {
		if got := hitIDs(e.searchHits(tok, q)); !slices.Equal(got, want) {
			t.Errorf("q=%q: %v, want %v", q, got, want)
		}
		p := b.get("/persons?q=" + urlQ(q))
		if p.StatusCode != 200 || !strings.Contains(text(p.Body), "の検索結果（3件）") || !strings.Contains(p.Body, "Thi Lan") {
			t.Errorf("page q=%q: %d %s", q, p.StatusCode, text(p.Body))
		}
	}
	if got := e.searchHits(tok, "nguyen van an"); len(got) != 1 || got[0]["display_name"] != "NGUYEN Van An" {
		t.Errorf("full name in lower case: %v", got)
	}
}

// TestSearchByBirthDateForms (issue 21): 西暦 and 和暦 forms find the
// person born that day, a month finds everyone born in it; every search is
// audited.
func TestSearchByBirthDateForms(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	taka := e.mkPerson(tok, yamada) // S50.4.1 = 1975-04-01
	other := e.mkPerson(tok, map[string]any{"family_name": "佐藤", "given_name": "花", "family_name_kana": "サトウ", "given_name_kana": "ハナ", "birth_date": "1975-04-02", "sex": "female"})
	child := e.mkPerson(tok, map[string]any{"family_name": "佐藤", "given_name": "蓮", "family_name_kana": "サトウ", "given_name_kana": "レン", "birth_date": "2020-01-01", "sex": "male"})
	before := e.searchEvents()
	for _, q := range []string{"1975-04-01", "1975/4/1", "19750401", "S50.4.1", "s50/4/1", "昭和50年4月1日", "Ｓ５０．４．１", "1975年4月1日"} {
		if got := hitIDs(e.searchHits(tok, q)); !slices.Equal(got, []string{taka}) {
			t.Errorf("q=%q: %v, want only the person born 1975-04-01", q, got)
		}
	}
	if got := hitIDs(e.searchHits(tok, "R2.1.1")); !slices.Equal(got, []string{child}) {
		t.Errorf("R2.1.1: %v", got)
	}
	if got := hitIDs(e.searchHits(tok, "令和2年1月1日")); !slices.Equal(got, []string{child}) {
		t.Errorf("令和2年1月1日: %v", got)
	}
	want := []string{taka, other}
	slices.Sort(want)
	if got := hitIDs(e.searchHits(tok, "S50.4")); !slices.Equal(got, want) {
		t.Errorf("a month: %v, want %v", got, want)
	}
	if n := e.searchEvents() - before; n != 11 {
		t.Errorf("search events written: %d, want 11", n)
	}
	b := e.browser()
	b.login("worker")
	p := b.get("/persons?q=" + urlQ("S50.4.1"))
	if body := text(p.Body); p.StatusCode != 200 || !strings.Contains(body, "生年月日 昭和50年4月1日") || !strings.Contains(body, "（1件）") || !strings.Contains(body, "髙橋 一郎") {
		t.Errorf("page: %d %s", p.StatusCode, body)
	}
}

// TestSearchByPhoneForms (issue 21): the number with or without hyphens,
// in either width, on the first or the second phone.
func TestSearchByPhoneForms(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	taka := e.mkPerson(tok, yamada) // 090-0000-1111
	body := map[string]any{"family_name": "佐藤", "given_name": "花", "family_name_kana": "サトウ", "given_name_kana": "ハナ",
		"birth_date": "1975-04-02", "sex": "female", "phone": "0120000000", "phone2": "03-1234-5678"}
	sato := e.mkPerson(tok, body)
	for q, want := range map[string]string{"09000001111": taka, "090-0000-1111": taka, "０９０－００００－１１１１": taka, "090 0000 1111": taka,
		"(090)0000-1111": taka, "0312345678": sato, "03-1234-5678": sato, "0120-000-000": sato} {
		if got := hitIDs(e.searchHits(tok, q)); !slices.Equal(got, []string{want}) {
			t.Errorf("q=%q: %v, want %s", q, got, want)
		}
	}
	if got := e.searchHits(tok, "090-0000-1112"); len(got) != 0 {
		t.Errorf("another number: %v", got)
	}
	// outside the team a phone hit does not say whose number it is
	kodomo := e.token("kodomo")
	if got := e.searchHits(kodomo, "090-0000-1111"); len(got) != 1 || got[0]["visible"] != false || got[0]["display_name"] != "" || got[0]["inquiry_contact"] == nil {
		t.Errorf("phone hit outside the team: %v", got)
	}
	b := e.browser()
	b.login("kodomo")
	p := b.get("/persons?q=" + urlQ("09000001111"))
	if body := text(p.Body); p.StatusCode != 200 || strings.Contains(body, "髙橋") || !strings.Contains(body, "氏名は表示できません") || !strings.Contains(body, "電話番号「09000001111」の方（1件）") {
		t.Errorf("page outside the team: %d %s", p.StatusCode, body)
	}
}

// TestSearchResultsShowAgeSexDistrict (issue 21): age, sex and 地区 beside
// the name for a person the searcher sees; nothing of them outside the team;
// the 地区 of a person under DV等支援措置 only to a designated organization.
func TestSearchResultsShowAgeSexDistrict(t *testing.T) {
	e := newEnv(t)
	lead, kurashi := e.token("worker"), e.token("worker2")
	pid := e.mkPerson(lead, yamada) // 本町1-2-3, 1975-04-01, male; today 2026-06-01
	h := e.searchHits(lead, "髙橋")
	if len(h) != 1 || h[0]["age"] != float64(51) || h[0]["sex"] != "male" || h[0]["district"] != "本町" {
		t.Fatalf("hit: %v", h)
	}
	b := e.browser()
	b.login("worker")
	p := b.get("/persons?q=" + urlQ("たかはし"))
	if body := text(p.Body); !strings.Contains(body, "（51歳）") || !strings.Contains(body, "男性") || !strings.Contains(body, "本町") {
		t.Errorf("page: %s", body)
	}
	// outside the team: no age, sex nor 地区
	if h := e.searchHits(kurashi, "髙橋"); len(h) != 1 || h[0]["visible"] != false || h[0]["age"] != nil || h[0]["sex"] != nil || h[0]["district"] != nil {
		t.Errorf("outside the team: %v", h)
	}
	_ = pid

	// DV: kurashi on the team under `basic` sees the person, not the 地区
	_, dv, _ := e.attackBasicMember(true)
	for _, x := range []struct {
		tok      string
		district any
	}{{kurashi, nil}, {lead, "本町"}} {
		var hit map[string]any
		for _, h := range e.searchHits(x.tok, "髙橋") {
			if h["id"] == dv {
				hit = h
			}
		}
		if hit == nil || hit["visible"] != true || hit["district"] != x.district || hit["age"] != float64(51) {
			t.Errorf("DV person's hit: %v, want district %v", hit, x.district)
		}
	}
	kb := e.browser()
	kb.login("worker2")
	if p := kb.get("/persons?q=" + urlQ("髙橋")); p.StatusCode != 200 || strings.Contains(p.Body, "本町") || !strings.Contains(text(p.Body), "（51歳）") {
		t.Errorf("kurashi's page shows the 地区 of a DV-protected person: %s", text(p.Body))
	}
}

// TestPersonPageHouseholdAndConsent (issue 21): the person page shows the
// household the person belongs to and stops offering 「世帯を登録する」; a
// household the viewer may not open is named as such without details; the
// consent status with its expiry in 和暦.
func TestPersonPageHouseholdAndConsent(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	hid, mother, son, _ := e.genogramHousehold()
	alone := e.mkPerson(tok, map[string]any{"family_name": "一人", "given_name": "暮", "family_name_kana": "ヒトリ", "birth_date": "1950", "sex": "male"})
	e.consent(tok, mother, []string{e.orgs["kurashi"].ID}, "2027-03-31")
	b := e.browser()
	b.login("worker")
	p := b.get("/persons/" + son)
	body := text(p.Body)
	if p.StatusCode != 200 || !strings.Contains(p.Body, `href="/households/`+hid+`"`) || !strings.Contains(body, "山田さん世帯") ||
		!strings.Contains(body, "子・同居・主たる介護者") || strings.Contains(body, "世帯を登録する") {
		t.Errorf("member's page: %d %s", p.StatusCode, body)
	}
	if !strings.Contains(body, "有効な同意はありません") {
		t.Errorf("son has no consent: %s", body)
	}
	p = b.get("/persons/" + mother)
	body = text(p.Body)
	if !strings.Contains(body, "有効な同意 1件") || !strings.Contains(body, "kurashi機関へ 基本情報・支援経過（令和9年3月31日") ||
		!strings.Contains(body, "令和9年3月31日") || strings.Contains(body, ">2027-03-31<") {
		t.Errorf("consent status: %s", body)
	}
	if p := b.get("/persons/" + alone); !strings.Contains(text(p.Body), "世帯を登録する") || !strings.Contains(text(p.Body), "登録されていません") {
		t.Errorf("a person without a household: %s", text(p.Body))
	}

	// kurashi reads the son through his own consent, but not the household
	// (seeing a member does not open it)
	e.consent(tok, son, []string{e.orgs["kurashi"].ID}, "")
	r := e.api("POST", "/api/v1/cases", tok, map[string]any{"focus_person_id": son, "received_on": "R8.5.21", "route": "家族",
		"method": "来所", "bunya": []string{"shogai"}, "problems": []string{"ひきこもり"}, "complaint": "ひきこもり"})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("case: %d %s", r.StatusCode, r.Body)
	}
	cid := r.JSON(t)["id"].(string)
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", tok, map[string]any{"organization_id": e.orgs["kurashi"].ID, "role": "就労"}); r.StatusCode != 201 {
		t.Fatalf("team: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("GET", "/api/v1/households/"+hid, e.token("worker2"), nil); r.StatusCode != http.StatusNotFound {
		t.Fatalf("precondition: kurashi opens the household: %d", r.StatusCode)
	}
	kb := e.browser()
	kb.login("worker2")
	p = kb.get("/persons/" + son)
	body = text(p.Body)
	if p.StatusCode != 200 || !strings.Contains(body, "閲覧できない世帯に属しています") || strings.Contains(body, "山田さん世帯") ||
		strings.Contains(p.Body, "/households/"+hid) || strings.Contains(body, "主たる介護者") || strings.Contains(body, "世帯を登録する") {
		t.Errorf("kurashi's view of the son: %d %s", p.StatusCode, body)
	}
}
