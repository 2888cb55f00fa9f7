package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// annualPersons is the JSON of the annual report's 和暦 labels and the
// 実人数 and 世帯数 of its rows.
type annualPersons struct {
	FiscalYear      int      `json:"fiscal_year"`
	FiscalYearLabel string   `json:"fiscal_year_label"`
	MonthLabels     []string `json:"month_labels"`
	Sections        []struct {
		Key  string `json:"key"`
		Rows []struct {
			Filter     map[string]string `json:"filter"`
			Total      int64             `json:"total"`
			Persons    *int64            `json:"persons"`
			Households *int64            `json:"households"`
		} `json:"rows"`
	} `json:"sections"`
}

// counts returns 延べ, 実人数 and 世帯数 of a row ("" key: the total row);
// -1 when the row carries no 実人数.
func (a annualPersons) counts(t *testing.T, section, key, value string) [3]int64 {
	t.Helper()
	for _, s := range a.Sections {
		if s.Key != section {
			continue
		}
		for _, r := range s.Rows {
			if (key == "" && len(r.Filter) == 0) || (key != "" && r.Filter[key] == value && len(r.Filter) == 1) {
				if r.Persons == nil || r.Households == nil {
					return [3]int64{r.Total, -1, -1}
				}
				return [3]int64{r.Total, *r.Persons, *r.Households}
			}
		}
	}
	t.Fatalf("no row %s %s=%s", section, key, value)
	return [3]int64{}
}

func (e *env) annualPersons(tok, fy string) annualPersons {
	e.t.Helper()
	r := e.api("GET", "/api/v1/reports/annual?fiscal_year="+url.QueryEscape(fy), tok, nil)
	if r.StatusCode != 200 {
		e.t.Fatalf("annual %s: %d %s", fy, r.StatusCode, r.Body)
	}
	var a annualPersons
	if err := json.Unmarshal([]byte(r.Body), &a); err != nil {
		e.t.Fatal(err)
	}
	return a
}

// TestAnnualReportWarekiYear: the 年度 is typed and shown in 和暦 (西暦
// beside) on the page, in the API and in the exports' month columns.
func TestAnnualReportWarekiYear(t *testing.T) {
	e := newEnv(t) // now: 2026-06-01 10:00 JST
	tok := e.token("worker")
	for _, fy := range []string{"令和8年度", "R8", "2026", "令和8年度（2026年度）"} {
		a := e.annualPersons(tok, fy)
		if a.FiscalYear != 2026 || a.FiscalYearLabel != "令和8年度" || len(a.MonthLabels) != 12 || a.MonthLabels[0] != "令和8年4月" || a.MonthLabels[11] != "令和9年3月" {
			t.Fatalf("%s: %d %q %v", fy, a.FiscalYear, a.FiscalYearLabel, a.MonthLabels)
		}
	}
	if a := e.annualPersons(tok, "平成30年度"); a.FiscalYear != 2018 || a.FiscalYearLabel != "平成30年度" {
		t.Fatalf("平成30年度: %d %q", a.FiscalYear, a.FiscalYearLabel)
	}
	if r := e.api("GET", "/api/v1/reports/annual?fiscal_year="+url.QueryEscape("平成40年度"), tok, nil); r.StatusCode != 422 || !strings.Contains(r.Body, "平成40年度はありません") {
		t.Fatalf("平成40年度: %d %s", r.StatusCode, r.Body)
	}
	b := e.browser()
	b.login("worker")
	p := b.get("/reports/annual?fiscal_year=" + url.QueryEscape("令和8年度"))
	body := text(p.Body)
	if p.StatusCode != 200 || !strings.Contains(body, "令和8年度（2026年度） 年次集計") || !strings.Contains(body, "令和8年4月") || !strings.Contains(body, "令和9年3月") ||
		!strings.Contains(p.Body, `value="令和8年度"`) || strings.Contains(body, "2026-04") {
		t.Fatalf("page: %d\n%s", p.StatusCode, body)
	}
	if r := e.api("GET", "/api/v1/reports/annual?fiscal_year=R8&format=csv", tok, nil); !strings.HasPrefix(r.Body, "\uFEFF集計項目,区分,令和8年4月,令和8年5月") || !strings.Contains(strings.SplitN(r.Body, "\n", 2)[0], "令和9年3月,合計,割合(%),単位,実人数,世帯数") {
		t.Fatalf("csv: %.300q", r.Body)
	}
}

// TestAnnualReportPersonsAndHouseholds: beside the 延べ counts of the case
// sections the report gives 実人数 (persons linked by 名寄せ once) and 世帯数.
func TestAnnualReportPersonsAndHouseholds(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	a := e.mkPerson(tok, yamada)
	v := map[string]any{}
	for k, x := range yamada {
		v[k] = x
	}
	v["given_name"], v["given_name_kana"], v["phone"] = "壱郎", "ｲﾁﾛｳ", "090-0000-2222"
	b := e.mkPerson(tok, v) // the same man registered twice
	v["given_name"], v["given_name_kana"], v["birth_date"], v["sex"] = "花子", "ﾊﾅｺ", "S52.7.7", "female"
	c := e.mkPerson(tok, v) // his wife
	r := e.api("POST", "/api/v1/households", tok, map[string]any{"label": "髙橋さん世帯", "kind": "夫婦のみ"})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("household: %d %s", r.StatusCode, r.Body)
	}
	hid := r.JSON(t)["id"].(string)
	for _, m := range []struct{ id, rel string }{{a, "本人"}, {c, "配偶者"}} {
		if r := e.api("POST", "/api/v1/households/"+hid+"/members", tok, map[string]any{"person_id": m.id, "relationship": m.rel, "cohabiting": true}); r.StatusCode != http.StatusCreated {
			t.Fatalf("member: %d %s", r.StatusCode, r.Body)
		}
	}
	mk := func(person, household, day, bunya string) string {
		t.Helper()
		body := map[string]any{"focus_person_id": person, "received_on": day, "route": "本人", "method": "電話", "bunya": []string{bunya},
			"problems": []string{"介護"}, "complaint": "相談"}
		if household != "" {
			body["household_id"] = household
		}
		r := e.api("POST", "/api/v1/cases", tok, body)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("case: %d %s", r.StatusCode, r.Body)
		}
		return r.JSON(t)["id"].(string)
	}
	mk(a, hid, "2026-04-10", "kaigo")
	mk(a, hid, "2026-05-01", "kaigo")
	mk(b, "", "2026-05-02", "kaigo")
	mk(c, hid, "2026-05-03", "konkyu")

	before := e.annualPersons(tok, "2026")
	if got := before.counts(t, "new_consultations", "", ""); got != [3]int64{4, 3, 2} {
		t.Fatalf("before 名寄せ 延べ/実人数/世帯数: %v", got)
	}
	br := e.browser()
	br.login("worker")
	if r := br.post("/duplicates/decisions", url.Values{"person_a": {a}, "person_b": {b}, "decision": {"same"}, "note": {"窓口で本人確認"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decide: %d %s", r.StatusCode, text(r.Body))
	}
	after := e.annualPersons(tok, "2026")
	for _, c := range []struct {
		key, value string
		want       [3]int64
	}{{"", "", [3]int64{4, 2, 1}}, {"bunya", "kaigo", [3]int64{3, 1, 1}}, {"bunya", "konkyu", [3]int64{1, 1, 1}}, {"bunya", "shogai", [3]int64{0, 0, 0}}} {
		if got := after.counts(t, "new_consultations", c.key, c.value); got != c.want {
			t.Fatalf("new consultations %s=%s: %v, want %v", c.key, c.value, got, c.want)
		}
	}
	if got := after.counts(t, "contacts", "", ""); got != [3]int64{0, 0, 0} { // no support record yet: 延べ, 実人数 and 世帯数 all 0 (issue 22)
		t.Fatalf("contacts 延べ/実人数/世帯数: %v", got)
	}
	p := br.get("/reports/annual?fiscal_year=2026")
	if body := text(p.Body); !strings.Contains(body, "合計（延べ）") || !strings.Contains(body, "実人数") || !strings.Contains(body, "世帯数") {
		t.Fatalf("page: %s", body)
	}
	// a worker of another organization gets the same aggregate figures
	if got := e.annualPersons(e.token("worker2"), "R8").counts(t, "new_consultations", "", ""); got != [3]int64{4, 2, 1} {
		t.Fatalf("worker2: %v", got)
	}
}

// TestAnnualReportBreakdowns: the year's new consultations broken down by
// 受付機関, 経路, 方法, age band, 性別, 主な課題 and スクリーニング; each
// breakdown adds up to the 新規相談 total.
func TestAnnualReportBreakdowns(t *testing.T) {
	e := newEnv(t) // now: 2026-06-01 10:00 JST
	tok, tok2 := e.token("worker"), e.token("worker2")
	a := e.mkPerson(tok, yamada) // male, born 1975-04-01
	v := map[string]any{}
	for k, x := range yamada {
		v[k] = x
	}
	v["family_name"], v["family_name_kana"], v["given_name"], v["given_name_kana"], v["birth_date"], v["sex"], v["phone"] =
		"佐藤", "ｻﾄｳ", "美咲", "ﾐｻｷ", "2010-05-05", "female", "090-3333-4444"
	d := e.mkPerson(tok2, v)
	mk := func(tok, person, day, route, method, primary, screening string) {
		t.Helper()
		body := map[string]any{"focus_person_id": person, "received_on": day, "route": route, "method": method, "bunya": []string{"kaigo"},
			"problems": []string{"介護", "経済的困窮"}, "complaint": "相談", "primary_problem": primary, "screening": screening}
		if r := e.api("POST", "/api/v1/cases", tok, body); r.StatusCode != http.StatusCreated {
			t.Fatalf("case: %d %s", r.StatusCode, r.Body)
		}
	}
	mk(tok, a, "2026-03-31", "本人", "電話", "介護", "継続支援") // FY2025
	mk(tok, a, "2026-04-10", "本人", "電話", "介護", "継続支援")
	mk(tok, a, "2026-06-01", "家族", "来所", "", "")
	mk(tok2, d, "2026-05-01", "民生委員", "訪問", "経済的困窮", "他機関へつなぐ")

	rep := e.annualPersons(tok, "R8")
	for _, c := range []struct {
		section, key, value string
		want                [3]int64
	}{
		{"intake_org", "intake_org", "community_support_center", [3]int64{2, 1, 1}},
		{"intake_org", "intake_org", "self_reliance_support", [3]int64{1, 1, 1}},
		{"intake_org", "intake_org", "others", [3]int64{0, 0, 0}},
		{"intake_route", "intake_route", "本人", [3]int64{1, 1, 1}},
		{"intake_route", "intake_route", "民生委員", [3]int64{1, 1, 1}},
		{"intake_method", "intake_method", "来所", [3]int64{1, 1, 1}},
		{"age_band", "age_band", "50", [3]int64{2, 1, 1}},
		{"age_band", "age_band", "10", [3]int64{1, 1, 1}},
		{"sex", "sex", "male", [3]int64{2, 1, 1}},
		{"sex", "sex", "female", [3]int64{1, 1, 1}},
		{"primary_issue", "primary_issue", "介護", [3]int64{2, 1, 1}}, // no 主な課題 given: the first 課題
		{"primary_issue", "primary_issue", "経済的困窮", [3]int64{1, 1, 1}},
		{"screening", "screening", "継続支援", [3]int64{1, 1, 1}},
		{"screening", "screening", "他機関へつなぐ", [3]int64{1, 1, 1}},
		{"screening", "screening", "情報提供のみ", [3]int64{0, 0, 0}},
	} {
		if got := rep.counts(t, c.section, c.key, c.value); got != c.want {
			t.Errorf("%s %s: %v, want %v", c.section, c.value, got, c.want)
		}
	}
	breakdowns := map[string]bool{"intake_org": true, "intake_route": true, "intake_method": true, "age_band": true, "sex": true, "primary_issue": true, "screening": true}
	for _, s := range rep.Sections {
		var sum int64
		for _, r := range s.Rows {
			sum += r.Total
		}
		if breakdowns[s.Key] {
			delete(breakdowns, s.Key)
			if sum != 3 {
				t.Errorf("%s adds up to %d, want 3", s.Key, sum)
			}
		}
	}
	if len(breakdowns) != 0 {
		t.Errorf("breakdowns missing: %v", breakdowns)
	}
	b := e.browser()
	b.login("worker")
	p := b.get("/reports/annual?fiscal_year=2026")
	body := text(p.Body)
	for _, want := range []string{"新規相談の受付機関（機関の種別）", "地域包括支援センター（介護）", "自立相談支援機関（困窮）", "その他の機関",
		"新規相談の本人の年齢（受付日時点、10歳刻み）", "50〜59歳", "90歳以上", "新規相談のスクリーニング結果", "情報提供のみ", "新規相談の相談経路"} {
		if !strings.Contains(body, want) {
			t.Fatalf("page lacks %q:\n%s", want, body)
		}
	}
}

// TestAnnualReportAllocationIsInternal: with the 一体交付 no time-study 按分
// is needed; the minutes by 分野 are shown as an internal analysis.
func TestAnnualReportAllocationIsInternal(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("worker")
	body := text(b.get("/reports/annual?fiscal_year=2026").Body)
	if !strings.Contains(body, "内部分析：分野別の支援時間（分、按分は不要）") || !strings.Contains(body, "内部分析用の参考値です（報告・申請には不要）") ||
		strings.Contains(body, "按分の基礎") || strings.Contains(body, "按分率") {
		t.Fatalf("page:\n%s", body)
	}
	if r := e.api("GET", "/api/v1/reports/annual?fiscal_year=2026&format=csv", e.token("worker"), nil); !strings.Contains(r.Body, "内部分析：分野別の支援時間（分、按分は不要）") {
		t.Fatalf("csv: %.500q", r.Body)
	}
}
