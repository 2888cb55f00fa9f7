package web_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestErrorSummaryInFormOrder: every problem of a form is reported at once,
// in the order of the form, once each, in Japanese.
func TestErrorSummaryInFormOrder(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("worker")
	bad := clone(personForm)
	bad.Set("family_name", "")
	bad.Set("family_name_kana", "佐藤")
	bad.Set("birth_date", "2020-02-30")
	bad.Set("deceased_on", "2020-02-30")
	r := b.post("/persons", bad)
	if r.StatusCode != 422 {
		t.Fatalf("status %d", r.StatusCode)
	}
	sum := r.Body[strings.Index(r.Body, `class="error-summary"`):]
	sum = sum[:strings.Index(sum, "</div>")]
	if !strings.Contains(sum, "入力内容を確認してください（4件）") {
		t.Fatalf("summary title: %s", text(sum))
	}
	var at []int
	for _, f := range []string{"family_name", "family_name_kana", "birth_date", "deceased_on"} {
		i := strings.Index(sum, `href="#f-`+f+`"`)
		if i < 0 {
			t.Fatalf("%s missing from the summary: %s", f, text(sum))
		}
		at = append(at, i)
	}
	for i := 1; i < len(at); i++ {
		if at[i] < at[i-1] {
			t.Fatalf("summary not in form order: %v\n%s", at, text(sum))
		}
	}
	if !strings.Contains(r.Body, "死亡日: 2020年2月30日は存在しない日付です") {
		t.Fatalf("the death date message must say the day does not exist: %s", text(sum))
	}
	// one error: the title does not repeat the item
	one := clone(personForm)
	one.Set("birth_date", "平成31年5月1日")
	r = b.post("/persons", one)
	sum = r.Body[strings.Index(r.Body, `class="error-summary"`):]
	sum = sum[:strings.Index(sum, "</div>")]
	if strings.Count(sum, "存在しない日付です") != 1 || !strings.Contains(sum, "（1件）") {
		t.Fatalf("single error shown twice or without count: %s", text(sum))
	}
}

// TestPersonCandidatesWithErrors: when the name looks like a known person
// and the form has problems too, both are shown on the same answer.
func TestPersonCandidatesWithErrors(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("worker")
	if r := b.post("/persons", personForm); r.StatusCode != 303 {
		t.Fatalf("register: %d", r.StatusCode)
	}
	dup := clone(personForm)
	dup.Set("birth_date", "昭和50年2月30日")
	r := b.post("/persons", dup)
	if !strings.Contains(r.Body, "この方ではありませんか") || !strings.Contains(r.Body, "存在しない日付です") {
		t.Fatalf("candidates and errors must come together: %d %s", r.StatusCode, text(r.Body))
	}
}

// TestContactFormAllProblemsAtOnce: a 支援経過記録 with a date that cannot be
// read and no content reports both on the same answer, input kept.
func TestContactFormAllProblemsAtOnce(t *testing.T) {
	e := newEnv(t)
	cid, _ := e.plannedCase()
	b := e.browser()
	b.login("worker")
	r := b.post("/cases/"+cid+"/contacts", url.Values{"at": {"きのう"}, "method": {"電話"}, "content": {""}, "counterpart": {"長男"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "日時は 2026-05-20 10:30") || !strings.Contains(r.Body, "内容を入力してください") ||
		!strings.Contains(r.Body, `value="きのう"`) || !strings.Contains(r.Body, `value="長男"`) {
		t.Fatalf("both problems with the input kept: %d %s", r.StatusCode, text(r.Body))
	}
}

// TestAnnualReportBadYearBesideTheField: a 年度 that cannot be read shows
// this year's report with the message beside the field and the input kept.
func TestAnnualReportBadYearBesideTheField(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("worker")
	r := b.get("/reports/annual?fiscal_year=" + url.QueryEscape("平成40年度"))
	if r.StatusCode != 422 || !strings.Contains(r.Body, `class="field-error" id="f-fiscal_year-error"`) ||
		!strings.Contains(r.Body, `value="平成40年度"`) || !strings.Contains(r.Body, "年次集計") {
		t.Fatalf("bad 年度: %d %s", r.StatusCode, text(r.Body))
	}
}
