package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// plannedCase is a case led by houkatsu with an assessment.
func (e *env) plannedCase() (caseID, personID string) {
	e.t.Helper()
	cid, pid := e.teamCase()
	r := e.api("POST", "/api/v1/cases/"+cid+"/assessments", e.token("worker"), map[string]any{"household": "母と二人暮らし",
		"health": "母は要介護2", "issues": "介護負担とひきこもり", "strengths": "料理が得意", "direction": "家族全体を支える"})
	if r.StatusCode != http.StatusCreated || r.JSON(e.t)["revision"].(float64) != 1 {
		e.t.Fatalf("assessment: %d %s", r.StatusCode, r.Body)
	}
	return cid, pid
}

func planBody(orgs ...string) map[string]any {
	var items []map[string]any
	for _, o := range orgs {
		items = append(items, map[string]any{"content": "見守り訪問", "organization_id": o, "frequency": "週1回", "from": "2026-06-01", "to": "2026-08-31", "person_part": "訪問日に在宅する"})
	}
	return map[string]any{"person_wish": "母の介護を続けたい", "long_goal": "家族が地域で安心して暮らす", "short_goals": []string{"介護サービスを使う", "息子が週1回外出する"},
		"items": items, "requested_programs": []string{"sanka"}, "next_review_on": "2026-09-01"}
}

func (e *env) mkPlan(tok, caseID string, body map[string]any) map[string]any {
	e.t.Helper()
	r := e.api("POST", "/api/v1/cases/"+caseID+"/plans", tok, body)
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("plan: %d %s", r.StatusCode, r.Body)
	}
	return r.JSON(e.t)
}

func TestPlanDraftAgreeDecide(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid, pid := e.plannedCase()
	if c := e.api("GET", "/api/v1/cases/"+cid, tok, nil).JSON(t); c["status"] != "assessment" {
		t.Fatalf("assessment did not move the case: %v", c["status"])
	}
	// an item organization that is not on the team is refused, by name
	r := e.api("POST", "/api/v1/cases/"+cid+"/plans", tok, planBody(e.orgs["houkatsu"].ID, e.orgs["kurashi"].ID))
	errs, _ := r.JSON(t)["errors"].(map[string]any)
	if r.StatusCode != 422 || errs[e.orgs["kurashi"].ID] == nil || !strings.Contains(r.Body, "kurashi機関") || errs[e.orgs["houkatsu"].ID] != nil {
		t.Fatalf("item org off team: %d %s", r.StatusCode, r.Body)
	}
	p := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))
	id := p["id"].(string)
	if p["status"] != "draft" || p["revision"].(float64) != 1 || len(p["items"].([]any)) != 1 {
		t.Fatalf("draft: %v", p)
	}
	item := e.planReview(cid, "plan_review")
	dm := e.decider()
	if r := e.api("POST", "/api/v1/plans/"+id+"/decide", dm, map[string]any{"decided_on": "2026-06-01", "meeting_item_id": item, "result": "承認"}); r.StatusCode != 422 {
		t.Fatalf("decide before agreement: %d %s", r.StatusCode, r.Body)
	}
	// only the municipality's decision maker decides (issue 19)
	if r := e.api("POST", "/api/v1/plans/"+id+"/decide", tok, map[string]any{"decided_on": "2026-06-01", "meeting_item_id": item, "result": "承認"}); r.StatusCode != 403 {
		t.Fatalf("the lead decides: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/plans/"+id+"/agree", tok, map[string]any{"agreed_on": "2026-05-30"}); r.StatusCode != 200 || r.JSON(t)["status"] != "agreed" || r.JSON(t)["agreed_on"] != "2026-05-30" {
		t.Fatalf("agree: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/plans/"+id+"/decide", dm, map[string]any{"meeting_item_id": item, "result": "承認"}); r.StatusCode != 422 || r.JSON(t)["errors"].(map[string]any)["decided_on"] == nil {
		t.Fatalf("decide without date: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/plans/"+id+"/decide", dm, map[string]any{"decided_on": "R8.5.31", "meeting_item_id": item, "result": "承認"}); r.StatusCode != 422 {
		t.Fatalf("decided before the meeting: %d %s", r.StatusCode, r.Body)
	}
	r = e.api("POST", "/api/v1/plans/"+id+"/decide", dm, map[string]any{"decided_on": "R8.6.1", "decided_by": "福祉課長 鈴木", "meeting_item_id": item, "result": "承認"})
	if r.StatusCode != 200 || r.JSON(t)["status"] != "decided" || r.JSON(t)["decided_on"] != "2026-06-01" || r.JSON(t)["decided_by"] != "福祉課長 鈴木" || r.JSON(t)["long_goal"] != "" {
		t.Fatalf("decide (header only to a decision maker off the team): %d %s", r.StatusCode, r.Body)
	}
	c := e.api("GET", "/api/v1/cases/"+cid, tok, nil).JSON(t)
	if c["status"] != "decided" || c["decided_on"] != "2026-06-01" {
		t.Fatalf("case after decision: %v %v", c["status"], c["decided_on"])
	}
	// outside the team the plan is not found
	if r := e.api("GET", "/api/v1/plans/"+id, e.token("worker2"), nil); r.StatusCode != 404 {
		t.Fatalf("outsider reads plan: %d", r.StatusCode)
	}
	// the responsible organization sees its line on "my work" once on the team
	e.consent(tok, pid, []string{e.orgs["kurashi"].ID}, "")
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", tok, map[string]any{"organization_id": e.orgs["kurashi"].ID, "role": "家計"}); r.StatusCode != 201 {
		t.Fatalf("team: %d %s", r.StatusCode, r.Body)
	}
	p2 := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID, e.orgs["kurashi"].ID))
	e.api("POST", "/api/v1/plans/"+p2["id"].(string)+"/agree", tok, nil)
	items := e.api("GET", "/api/v1/plan-items", e.token("worker2"), nil).JSON(t)["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["case_id"] != cid || items[0].(map[string]any)["person_name"] == "" {
		t.Fatalf("my work of kurashi: %v", items)
	}
}

func TestReplanKeepsOldVersionReadable(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid, _ := e.plannedCase()
	v1 := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))["id"].(string)
	e.api("POST", "/api/v1/plans/"+v1+"/agree", tok, nil)
	if r := e.decide(v1, cid, "2026-06-01"); r.StatusCode != 200 {
		t.Fatalf("decide: %d %s", r.StatusCode, r.Body)
	}
	body := planBody(e.orgs["houkatsu"].ID)
	body["long_goal"] = "新しい長期目標"
	v2 := e.mkPlan(tok, cid, body)
	if v2["revision"].(float64) != 2 || v2["supersedes_id"] != v1 || v2["status"] != "draft" {
		t.Fatalf("v2: %v", v2)
	}
	old := e.api("GET", "/api/v1/plans/"+v1, tok, nil)
	if old.StatusCode != 200 || old.JSON(t)["status"] != "superseded" || old.JSON(t)["long_goal"] != "家族が地域で安心して暮らす" || old.JSON(t)["decided_on"] != "2026-06-01" {
		t.Fatalf("old version: %d %s", old.StatusCode, old.Body)
	}
	list := e.api("GET", "/api/v1/cases/"+cid+"/plans", tok, nil).JSON(t)["items"].([]any)
	if len(list) != 2 || list[0].(map[string]any)["revision"].(float64) != 2 {
		t.Fatalf("versions: %v", list)
	}
}

func TestPlanUpdateStaleVersionConflict(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid, _ := e.plannedCase()
	p := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))
	id := p["id"].(string)
	body := planBody(e.orgs["houkatsu"].ID)
	body["version"] = 1
	body["long_goal"] = "一人目の変更"
	if r := e.api("PATCH", "/api/v1/plans/"+id, tok, body); r.StatusCode != 200 || r.JSON(t)["version"].(float64) != 2 || r.JSON(t)["long_goal"] != "一人目の変更" {
		t.Fatalf("first update: %d %s", r.StatusCode, r.Body)
	}
	body["long_goal"] = "二人目の変更"
	if r := e.api("PATCH", "/api/v1/plans/"+id, tok, body); r.StatusCode != 409 || r.JSON(t)["code"] != "conflict" {
		t.Fatalf("stale update: %d %s", r.StatusCode, r.Body)
	}
	delete(body, "version")
	if r := e.api("PATCH", "/api/v1/plans/"+id, tok, body); r.StatusCode != 422 {
		t.Fatalf("update without version: %d", r.StatusCode)
	}
	e.api("POST", "/api/v1/plans/"+id+"/agree", tok, nil)
	body["version"] = 3
	if r := e.api("PATCH", "/api/v1/plans/"+id, tok, body); r.StatusCode != 422 {
		t.Fatalf("edit an agreed plan: %d %s", r.StatusCode, r.Body)
	}
}

func TestEvaluationContinueAndClose(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid, _ := e.plannedCase()
	id := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))["id"].(string)
	goals := []map[string]any{{"goal": "介護サービスを使う", "result": "achieved"}, {"goal": "息子が週1回外出する", "result": "partly", "comment": "月2回"}}
	if r := e.api("POST", "/api/v1/plans/"+id+"/evaluations", tok, map[string]any{"goals": goals, "next_step": "continue"}); r.StatusCode != 422 {
		t.Fatalf("evaluating a draft: %d %s", r.StatusCode, r.Body)
	}
	e.api("POST", "/api/v1/plans/"+id+"/agree", tok, nil)
	if r := e.decide(id, cid, "2026-06-01"); r.StatusCode != 200 {
		t.Fatalf("decide: %d %s", r.StatusCode, r.Body)
	}
	bad := e.api("POST", "/api/v1/plans/"+id+"/evaluations", tok, map[string]any{"goals": []map[string]any{{"goal": "x", "result": "maybe"}}, "next_step": "close"})
	if bad.StatusCode != 422 || bad.JSON(t)["errors"].(map[string]any)["closure_reason"] == nil || bad.JSON(t)["errors"].(map[string]any)["goals.0.result"] == nil {
		t.Fatalf("bad evaluation: %d %s", bad.StatusCode, bad.Body)
	}
	r := e.api("POST", "/api/v1/plans/"+id+"/evaluations", tok, map[string]any{"goals": goals, "next_step": "continue", "next_review_on": "2026-12-01"})
	if r.StatusCode != 201 {
		t.Fatalf("continue: %d %s", r.StatusCode, r.Body)
	}
	if p := e.api("GET", "/api/v1/plans/"+id, tok, nil).JSON(t); p["next_review_on"] != "2026-12-01" || len(p["evaluations"].([]any)) != 1 {
		t.Fatalf("after continue: %v", p)
	}
	r = e.api("POST", "/api/v1/plans/"+id+"/evaluations", tok, map[string]any{"goals": goals, "next_step": "close", "closure_reason": "resolved", "summary": "目標を達成"})
	if r.StatusCode != 201 {
		t.Fatalf("close: %d %s", r.StatusCode, r.Body)
	}
	p := e.api("GET", "/api/v1/plans/"+id, tok, nil).JSON(t)
	c := e.api("GET", "/api/v1/cases/"+cid, tok, nil).JSON(t)
	if p["status"] != "ended" || c["status"] != "closed" || c["closure_reason"] != "resolved" {
		t.Fatalf("after close: plan %v case %v %v", p["status"], c["status"], c["closure_reason"])
	}
	b := e.browser()
	b.login("worker")
	evID := r.JSON(t)["id"].(string)
	if pg := b.get("/evaluations/" + evID + "/print"); pg.StatusCode != 200 || !strings.Contains(pg.Body, "評価シート") || !strings.Contains(pg.Body, "一部達成") {
		t.Fatalf("evaluation sheet: %d", pg.StatusCode)
	}
}

func TestReviewDateSkipsHolidaysAndAlerts(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid, _ := e.plannedCase()
	e.clock.Add(20 * 24 * time.Hour) // 2026-06-21 (JST): three months later is 敬老の日, then 国民の休日 and 秋分の日
	body := planBody(e.orgs["houkatsu"].ID)
	delete(body, "next_review_on")
	p := e.mkPlan(tok, cid, body)
	if p["next_review_on"] != "2026-09-24" {
		t.Fatalf("proposed review date %v, want 2026-09-24 (the first working day)", p["next_review_on"])
	}
	id := p["id"].(string)
	e.api("POST", "/api/v1/plans/"+id+"/agree", tok, nil)
	cal := e.api("GET", "/api/v1/calendar?days=120", tok, nil)
	if cal.StatusCode != 200 || !strings.Contains(cal.Body, `"date":"2026-09-24"`) || !strings.Contains(cal.Body, `"kind":"review"`) {
		t.Fatalf("calendar: %d %s", cal.StatusCode, cal.Body)
	}
	b := e.browser()
	b.login("worker")
	if pg := b.get("/meetings"); pg.StatusCode != 200 || strings.Contains(pg.Body, "見直し期限超過") {
		t.Fatalf("calendar page before due: %d", pg.StatusCode)
	}
	e.clock.Add(100 * 24 * time.Hour)
	b.login("worker") // the session timed out
	if pg := b.get("/meetings"); pg.StatusCode != 200 || !strings.Contains(pg.Body, "プランの見直し期限超過") {
		t.Fatalf("overdue review not shown: %d %s", pg.StatusCode, text(pg.Body))
	}
}
