package web_test

import (
	"net/http"
	"strings"
	"testing"
)

func (e *env) mkTarget(tok string) string {
	e.t.Helper()
	r := e.api("POST", "/api/v1/outreach-targets", tok, map[string]any{"label": "○○団地3階の50代男性", "found_via": "民生委員",
		"concern": "新聞と郵便物がたまっている。昼間も雨戸が閉まったまま。", "found_on": "2026-05-02", "district": "北地区"})
	if r.StatusCode != http.StatusCreated || r.JSON(e.t)["stage"] != "found" {
		e.t.Fatalf("create target: %d %s", r.StatusCode, r.Body)
	}
	return r.JSON(e.t)["id"].(string)
}

func (e *env) stage(tok, id, stage, reason string) resp {
	e.t.Helper()
	return e.api("POST", "/api/v1/outreach-targets/"+id+"/stage", tok, map[string]any{"stage": stage, "reason": reason})
}

func TestOutreachTargetWithoutNameToCase(t *testing.T) {
	e := newEnv(t)
	tok, outsider := e.token("worker"), e.token("worker2")
	id := e.mkTarget(tok)
	// before consent only the registering organization sees the target
	if r := e.api("GET", "/api/v1/outreach-targets/"+id, outsider, nil); r.StatusCode != http.StatusNotFound {
		t.Fatalf("outsider reads target: %d", r.StatusCode)
	}
	if r := e.api("GET", "/api/v1/outreach-targets", outsider, nil); strings.Contains(r.Body, id) {
		t.Fatal("outsider lists target")
	}
	if r := e.api("POST", "/api/v1/outreach-targets/"+id+"/attempts", outsider, map[string]any{"at": "2026-05-10T10:00:00+09:00", "method": "訪問", "outcome": "不在"}); r.StatusCode != http.StatusNotFound {
		t.Fatalf("outsider writes attempt: %d", r.StatusCode)
	}
	for _, a := range []map[string]any{
		{"at": "2026-05-10T10:00:00+09:00", "method": "訪問", "outcome": "不在", "note": "インターホンに応答なし。手紙を投函。"},
		{"at": "2026-05-20T14:00:00+09:00", "method": "関係者経由", "outcome": "話せた", "note": "民生委員と同行。玄関先で5分。"},
	} {
		if r := e.api("POST", "/api/v1/outreach-targets/"+id+"/attempts", tok, a); r.StatusCode != http.StatusCreated {
			t.Fatalf("attempt: %d %s", r.StatusCode, r.Body)
		}
	}
	if r := e.api("POST", "/api/v1/outreach-targets/"+id+"/attempts", tok, map[string]any{"at": "2026-05-21", "method": "訪問", "outcome": "留守"}); r.StatusCode != 422 || !strings.Contains(r.Body, `"outcome"`) {
		t.Fatalf("bad outcome: %d %s", r.StatusCode, r.Body)
	}
	for _, st := range []string{"contacted", "trust"} {
		if r := e.stage(tok, id, st, ""); r.StatusCode != 200 || r.JSON(t)["stage"] != st {
			t.Fatalf("stage %s: %d %s", st, r.StatusCode, r.Body)
		}
	}
	if r := e.stage(tok, id, "contacted", ""); r.StatusCode != 422 || !strings.Contains(r.Body, `"reason"`) {
		t.Fatalf("step back without reason: %d %s", r.StatusCode, r.Body)
	}
	if r := e.stage(tok, id, "contacted", "訪問を拒まれた"); r.StatusCode != 200 {
		t.Fatalf("step back with reason: %d %s", r.StatusCode, r.Body)
	}
	if r := e.stage(tok, id, "found", "さらに戻す"); r.StatusCode != 200 {
		t.Fatalf("one more step back: %d %s", r.StatusCode, r.Body)
	}
	handover := map[string]any{"person": map[string]any{"family_name": "北村", "given_name": "誠", "family_name_kana": "きたむら", "given_name_kana": "まこと", "birth_date": "S48"},
		"bunya": []string{"konkyu"}, "problems": []string{"ひきこもり", "孤独・孤立"}}
	if r := e.api("POST", "/api/v1/outreach-targets/"+id+"/handover", tok, handover); r.StatusCode != 422 {
		t.Fatalf("hand-over before consent: %d %s", r.StatusCode, r.Body)
	}
	if r := e.stage(tok, id, "consented", ""); r.StatusCode != 200 {
		t.Fatalf("consented: %d %s", r.StatusCode, r.Body)
	}
	if r := e.stage(tok, id, "handed_over", ""); r.StatusCode != 422 {
		t.Fatalf("handed_over through stage: %d", r.StatusCode)
	}
	r := e.api("POST", "/api/v1/outreach-targets/"+id+"/handover", tok, handover)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("hand-over: %d %s", r.StatusCode, r.Body)
	}
	res := r.JSON(t)
	caseID := res["case_id"].(string)
	if tg := res["target"].(map[string]any); tg["stage"] != "handed_over" || tg["case_id"] != caseID || tg["display_name"] != "北村 誠" {
		t.Fatalf("target after hand-over: %v", tg)
	}
	c := e.api("GET", "/api/v1/cases/"+caseID, tok, nil).JSON(t)
	if c["route"] != "アウトリーチ" || c["status"] != "intake" || !strings.Contains(c["complaint"].(string), "郵便物") {
		t.Fatalf("case: %v", c)
	}
	cs := e.api("GET", "/api/v1/cases/"+caseID+"/contacts", tok, nil).JSON(t)["items"].([]any)
	if len(cs) != 2 {
		t.Fatalf("contacts: %v", cs)
	}
	newest, oldest := cs[0].(map[string]any), cs[1].(map[string]any)
	if newest["jigyo"] != "outreach" || !strings.HasPrefix(newest["at"].(string), "2026-05-20T05:00:00") || !strings.Contains(newest["content"].(string), "民生委員と同行") {
		t.Fatalf("newest contact: %v", newest)
	}
	if !strings.HasPrefix(oldest["at"].(string), "2026-05-10T01:00:00") || !strings.Contains(oldest["content"].(string), "不在") {
		t.Fatalf("oldest contact: %v", oldest)
	}
	if r := e.api("POST", "/api/v1/outreach-targets/"+id+"/attempts", tok, map[string]any{"at": "2026-05-30", "method": "電話", "outcome": "話せた"}); r.StatusCode != 422 {
		t.Fatalf("attempt after hand-over: %d", r.StatusCode)
	}
	if r := e.api("GET", "/api/v1/cases/"+caseID, outsider, nil); r.StatusCode != http.StatusNotFound {
		t.Fatalf("outsider reads handed-over case: %d", r.StatusCode)
	}
}

func TestOutreachMonthlyReport(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	id := e.mkTarget(tok) // found 2026-05-02
	for _, a := range []map[string]any{
		{"at": "2026-05-10T10:00:00+09:00", "method": "訪問", "outcome": "不在"},
		{"at": "2026-05-12T10:00:00+09:00", "method": "訪問", "outcome": "会えた"},
		{"at": "2026-05-31T23:30:00+09:00", "method": "電話", "outcome": "拒否"},
	} {
		if r := e.api("POST", "/api/v1/outreach-targets/"+id+"/attempts", tok, a); r.StatusCode != 201 {
			t.Fatalf("attempt: %d %s", r.StatusCode, r.Body)
		}
	}
	e.stage(tok, id, "contacted", "") // on 2026-06-01 (JST)
	e.stage(tok, id, "trust", "")
	r := e.api("GET", "/api/v1/outreach-reports?fiscal_year=2026", tok, nil)
	if r.StatusCode != 200 {
		t.Fatalf("report: %d %s", r.StatusCode, r.Body)
	}
	months := r.JSON(t)["months"].([]any)
	if len(months) != 12 {
		t.Fatalf("months: %d", len(months))
	}
	may, june := months[1].(map[string]any), months[2].(map[string]any)
	num := func(m map[string]any, k, sub string) float64 {
		v := m[k]
		if sub != "" {
			v = v.(map[string]any)[sub]
		}
		if v == nil {
			return 0
		}
		return v.(float64)
	}
	if may["month"] != "2026-05" || num(may, "new_targets", "") != 1 || num(may, "attempts", "") != 3 ||
		num(may, "attempts_by_outcome", "不在") != 1 || num(may, "attempts_by_outcome", "拒否") != 1 ||
		num(may, "attempts_by_method", "訪問") != 2 || num(may, "stage_at_end", "found") != 1 {
		t.Fatalf("May: %v", may)
	}
	if num(june, "new_targets", "") != 0 || num(june, "stage_at_end", "trust") != 1 || num(june, "stage_at_end", "found") != 0 ||
		num(june, "reached", "contacted") != 1 || num(june, "reached", "trust") != 1 || num(june, "attempts", "") != 0 {
		t.Fatalf("June: %v", june)
	}
	if num(months[0].(map[string]any), "stage_at_end", "found") != 0 {
		t.Fatalf("April counts a target found in May: %v", months[0])
	}
	// another contractor may not read it; the municipality may
	houkatsu := e.orgs["houkatsu"].ID
	if r := e.api("GET", "/api/v1/outreach-reports?fiscal_year=2026&organization_id="+houkatsu, e.token("worker2"), nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("other contractor: %d", r.StatusCode)
	}
	if r := e.api("GET", "/api/v1/outreach-reports?fiscal_year=2026&organization_id="+houkatsu, e.token("admin"), nil); r.StatusCode != 200 || !strings.Contains(r.Body, "houkatsu機関") {
		t.Fatalf("municipality: %d %s", r.StatusCode, r.Body)
	}
}
