package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var personForm = url.Values{"family_name": {"髙橋"}, "given_name": {"一郎"}, "family_name_kana": {"たかはし"}, "given_name_kana": {"いちろう"},
	"birth_date": {"昭和50年4月1日"}, "sex": {"male"}, "address.city": {"かさね市"}, "phone": {"090-0000-1111"}}

func clone(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// TestIntakeThroughPages: register a person, see the duplicate warning for a
// variant spelling, take a consultation, record contacts and information.
func TestIntakeThroughPages(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("worker")
	r := b.post("/persons", personForm)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d %s", r.StatusCode, text(r.Body))
	}
	personURL := r.Header.Get("Location")
	pid := strings.TrimPrefix(strings.Split(personURL, "?")[0], "/persons/")
	if p := b.get(personURL); !strings.Contains(p.Body, "昭和50年4月1日 (1975)") || !strings.Contains(p.Body, "タカハシ") {
		t.Fatalf("person page: %s", text(p.Body))
	}
	// the same person typed in another way: candidates first
	dup := clone(personForm)
	dup.Set("family_name", "高橋")
	dup.Set("family_name_kana", "ﾀｶﾊｼ")
	r = b.post("/persons", dup)
	if r.StatusCode != 200 || !strings.Contains(r.Body, "この方ではありませんか") || !strings.Contains(r.Body, "/persons/"+pid) {
		t.Fatalf("no duplicate warning: %d", r.StatusCode)
	}
	if !strings.Contains(r.Body, `value="高橋"`) || !strings.Contains(r.Body, `name="confirmed_new" value="1"`) {
		t.Fatal("the form must keep what was typed and offer to register anyway")
	}
	// bad input keeps what was typed, with the message beside the field
	bad := clone(personForm)
	bad.Set("family_name", "佐藤")
	bad.Set("family_name_kana", "佐藤")
	bad.Set("birth_date", "平成31年5月1日")
	r = b.post("/persons", bad)
	if r.StatusCode != 422 || !strings.Contains(r.Body, "平成31年5月1日は存在しない日付です") || !strings.Contains(r.Body, "カタカナ") || !strings.Contains(r.Body, `value="平成31年5月1日"`) {
		t.Fatalf("bad person: %d %s", r.StatusCode, text(r.Body))
	}
	if !regexp.MustCompile(`id="f-birth_date"[^>]*aria-invalid="true"`).MatchString(r.Body) || !strings.Contains(r.Body, `class="error-summary"`) {
		t.Fatal("field not marked invalid or no error summary")
	}
	// intake
	if r := b.get("/cases/new?person_id=" + pid); r.StatusCode != 200 || !strings.Contains(r.Body, "相談受付") {
		t.Fatalf("intake page: %d", r.StatusCode)
	}
	intake := url.Values{"focus_person_id": {pid}, "received_on": {"R8.5.20"}, "route": {"家族"}, "method": {"来所"}, "bunya": {"kaigo", "shogai"},
		"problems": {"介護", "8050", "ひきこもり"}, "primary_problem": {"8050"}, "complaint": {"母の介護と、50代の息子のひきこもりが心配。"}, "screening": {"継続支援"}}
	miss := clone(intake)
	miss.Del("complaint")
	miss.Set("route", "伝書鳩")
	if r := b.post("/cases", miss); r.StatusCode != 422 || !strings.Contains(r.Body, "主訴を入力してください") || !strings.Contains(r.Body, "相談経路を一覧から選んでください") {
		t.Fatalf("bad intake: %d %s", r.StatusCode, text(r.Body))
	}
	r = b.post("/cases", intake)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("intake: %d %s", r.StatusCode, text(r.Body))
	}
	caseURL := strings.Split(r.Header.Get("Location"), "?")[0]
	cp := b.get(caseURL)
	if !strings.Contains(cp.Body, "母の介護と、50代の息子のひきこもりが心配。") || !strings.Contains(cp.Body, "相談受付") {
		t.Fatalf("case page: %s", text(cp.Body))
	}
	// contact log, newest first, with a bad one first
	if r := b.post(caseURL+"/contacts", url.Values{"at": {"2026-05-21T10:00"}, "method": {"訪問"}, "content": {""}}); r.StatusCode != 422 || !strings.Contains(r.Body, "内容を入力してください") {
		t.Fatalf("empty contact: %d", r.StatusCode)
	}
	for _, c := range []url.Values{
		{"at": {"R8.5.21 10:00"}, "method": {"訪問"}, "content": {"自宅訪問。母は要介護2相当。"}, "minutes": {"60"}},
		{"at": {"2026-05-25T14:30"}, "method": {"電話"}, "content": {"息子と電話で話せた。"}, "minutes": {"15"}},
	} {
		if r := b.post(caseURL+"/contacts", c); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("contact: %d %s", r.StatusCode, text(r.Body))
		}
	}
	cp = b.get(caseURL)
	if strings.Index(cp.Body, "息子と電話で話せた") > strings.Index(cp.Body, "自宅訪問") {
		t.Fatal("contacts must be newest first")
	}
	// information provision from the directory
	m := regexp.MustCompile(`<option value="([^"]+)"[^>]*>介護｜介護保険サービス`).FindStringSubmatch(cp.Body)
	if m == nil {
		t.Fatal("national services missing from the directory")
	}
	if r := b.post(caseURL+"/information", url.Values{"service_id": {m[1]}, "provided_on": {"R8.5.21"}, "note": {"申請方法を説明"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("info: %d %s", r.StatusCode, text(r.Body))
	}
	if cp = b.get(caseURL); !strings.Contains(cp.Body, "令和8年5月21日 (2026) 介護保険サービス（要介護認定の申請）（申請方法を説明）") {
		t.Fatal("provision not listed")
	}
	// A4 intake sheet
	if pr := b.get(caseURL + "/print"); pr.StatusCode != 200 || !strings.Contains(pr.Body, "相談受付票") || !strings.Contains(pr.Body, "print-sheet") {
		t.Fatalf("print: %d", pr.StatusCode)
	}
}
