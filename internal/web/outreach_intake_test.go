package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// consentedTarget registers a target as the worker and moves it to 同意.
func consentedTarget(t *testing.T, b *browser, label string) string {
	t.Helper()
	r := b.post("/outreach/targets", url.Values{"label": {label}, "found_via": {"民生委員"}, "found_on": {"2026-05-20"}, "concern": {"昼間も雨戸が閉まったまま"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("target: %d %s", r.StatusCode, r.Body)
	}
	target := r.Header.Get("Location")
	target = target[:strings.Index(target, "?")]
	if r := b.post(target+"/stage", url.Values{"stage": {"consented"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("stage: %d %s", r.StatusCode, r.Body)
	}
	return target
}

// The outreach hand-over is an intake: 受付日, 主訴 and 方法 訪問 are filled
// in, the duplicate check of registration runs (「この方ではありませんか」)
// and the worker picks the person the organization already registered; a
// person another organization registered is explained, not offered; the
// consent is recorded in the same step.
func TestOutreachHandOverIntake(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	own := e.mkPerson(tok, map[string]any{"family_name": "西川", "given_name": "正", "family_name_kana": "にしかわ", "given_name_kana": "ただし", "birth_date": "1960-02-03"})
	e.mkPerson(e.token("worker2"), map[string]any{"family_name": "西川", "given_name": "正", "family_name_kana": "にしかわ", "given_name_kana": "ただし", "birth_date": "1961-07-08"})
	b := e.browser()
	b.login("worker")
	target := consentedTarget(t, b, "川沿いの一軒家の60代男性")

	page := b.get(target)
	for _, want := range []string{`value="2026-06-01"`, "昼間も雨戸が閉まったまま", `value="訪問" checked`, "性別", "得た同意をこの引継ぎと一緒に記録する"} {
		if !strings.Contains(page.Body, want) {
			t.Fatalf("hand-over form lacks %q", want)
		}
	}

	form := url.Values{"family_name": {"西川"}, "given_name": {"正"}, "family_name_kana": {"ニシカワ"}, "given_name_kana": {"タダシ"}, "sex": {"male"},
		"received_on": {"2026-06-01"}, "intake_method": {"訪問"}, "bunya": {"kaigo"}, "complaint": {"昼間も雨戸が閉まったまま"}}
	r := b.post(target+"/handover", form)
	body := text(r.Body)
	if r.StatusCode != 200 || !strings.Contains(body, "この方ではありませんか") || !strings.Contains(r.Body, `name="person_id" value="`+own+`"`) {
		t.Fatalf("no duplicate check: %d %s", r.StatusCode, body)
	}
	if !strings.Contains(body, "他機関が登録した記録です") && !strings.Contains(body, "把握している機関があります") {
		t.Fatalf("the other organization's record is not explained: %s", body)
	}
	if strings.Count(r.Body, `name="person_id" value="`) != 2 { // the own record and 「新しく登録する」
		t.Fatalf("only the organization's own record may be picked: %s", r.Body)
	}

	// picking the known person, with the consent recorded in the same step
	form.Set("confirmed_new", "1")
	form.Set("person_id", own)
	form.Set("record_consent", "1")
	form.Set("consent.given_by", "本人")
	form.Set("consent.given_on", "2026-05-31")
	form.Set("consent.method", "署名")
	form["consent.recipients"] = []string{e.orgs["kurashi"].ID}
	form["consent.data_categories"] = []string{"basic", "records"}
	r = b.post(target+"/handover", form)
	if r.StatusCode != 422 || !strings.Contains(r.Body, "利用目的を1つ以上入力してください") || !strings.Contains(r.Body, "この方ではありませんか") {
		t.Fatalf("a consent problem is not shown beside the form: %d %s", r.StatusCode, text(r.Body))
	}
	form["consent.purposes"] = []string{"支援方針の検討"}
	r = b.post(target+"/handover", form)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/cases/") {
		t.Fatalf("hand-over: %d %s", r.StatusCode, text(r.Body))
	}
	caseID := strings.TrimPrefix(r.Header.Get("Location"), "/cases/")
	caseID = caseID[:strings.Index(caseID, "?")]
	c := e.api("GET", "/api/v1/cases/"+caseID, tok, nil).JSON(t)
	if c["focus_person_id"] != own || c["method"] != "訪問" || c["received_on"] != "2026-06-01" || c["complaint"] != "昼間も雨戸が閉まったまま" {
		t.Fatalf("case: %v", c)
	}
	if p := text(b.get("/persons/" + own).Body); !strings.Contains(p, "令和8年5月31日") || !strings.Contains(p, "kurashi機関") {
		t.Fatalf("consent not recorded: %s", p)
	}
}

// The storage refuses another organization's person as the focus person of
// the hand-over (rule 0), also through the API.
func TestOutreachHandOverOtherOrgPerson(t *testing.T) {
	e := newEnv(t)
	other := e.mkPerson(e.token("worker2"), map[string]any{"family_name": "東", "given_name": "花", "family_name_kana": "ひがし", "given_name_kana": "はな"})
	tok := e.token("worker")
	b := e.browser()
	b.login("worker")
	target := consentedTarget(t, b, "公園近くの女性")
	id := strings.TrimPrefix(target, "/outreach/targets/")
	r := e.api("POST", "/api/v1/outreach-targets/"+id+"/handover", tok, map[string]any{"person_id": other, "bunya": []string{"kaigo"}})
	if r.StatusCode != 422 || strings.Contains(r.Body, "東") {
		t.Fatalf("another organization's person: %d %s", r.StatusCode, r.Body)
	}
}
