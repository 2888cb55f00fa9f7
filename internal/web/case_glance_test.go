package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The case page at a glance (issue 21): summary header, tabs, correction of
// support records with their history, referral answers from the pages.

// pageText is what a user reads on a page: tags stripped, entities decoded,
// runs of space folded.
func pageText(body string) string {
	return strings.Join(strings.Fields(html.UnescapeString(text(body))), " ")
}

func TestCasePageSummaryHeaderAsLead(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	cid, pid := e.plannedCase()
	e.consent(lead, pid, []string{e.orgs["kurashi"].ID}, "2026-06-20")
	e.mkPlan(lead, cid, planBody(e.orgs["houkatsu"].ID))
	b := e.browser()
	b.login("worker")
	pg := b.get("/cases/" + cid)
	if pg.StatusCode != http.StatusOK {
		t.Fatalf("case page: %d", pg.StatusCode)
	}
	txt := pageText(pg.Body)
	for _, want := range []string{
		"本人 髙橋 一郎", "生年月日 昭和50年4月1日", "51歳", // born S50.4.1, today 2026-06-01
		"主担当機関・主担当者 houkatsu機関", "状態", "同意の状況 有効", "有効期限 令和8年6月20日", "期限が近い",
		"対応が必要なこと", "次回の見直し 令和8年9月1日", "支援プラン第1版",
		"支援の期間 令和8年6月1日", "令和8年8月31日", // the plan's lines in 和暦
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("the header lacks %q:\n%s", want, txt)
		}
	}
	for _, tab := range []string{`href="#tab-records"`, `href="#tab-team"`, `href="#tab-consent"`, `href="#tab-plan"`, `href="#tab-meetings"`, `href="#tab-referrals"`, `href="#tab-info"`, `href="#tab-status-history"`} {
		if !strings.Contains(pg.Body, tab) {
			t.Errorf("no tab %s", tab)
		}
	}
	if strings.Contains(txt, "2026-06-20") {
		t.Errorf("the consent's expiry is shown in ISO: %s", txt)
	}
}

func TestCasePageSummaryHidesWhatAConsentMemberMayNotRead(t *testing.T) {
	e := newEnv(t)
	cid, _, _ := e.attackBasicMember(false) // kurashi on the team under a consent of `basic` only
	lead := e.token("worker")
	e.mkPlan(lead, cid, planBody(e.orgs["houkatsu"].ID))
	if r := e.api("POST", "/api/v1/cases/"+cid+"/contacts", lead, map[string]any{"at": "2026-05-31T10:00:00+09:00", "method": "訪問", "content": "本人と面談した（内密）"}); r.StatusCode != 201 {
		t.Fatalf("contact: %d %s", r.StatusCode, r.Body)
	}
	b := e.browser()
	b.login("worker2")
	pg := b.get("/cases/" + cid)
	if pg.StatusCode != http.StatusOK {
		t.Fatalf("member's case page: %d", pg.StatusCode)
	}
	txt := pageText(pg.Body)
	if !strings.Contains(txt, "髙橋 一郎") || !strings.Contains(txt, "主担当機関・主担当者 houkatsu機関") || !strings.Contains(txt, "この機関に開示されている情報") {
		t.Fatalf("the member's header: %s", txt)
	}
	for _, hidden := range []string{"次回の見直し", "本人と面談した", "母の介護と息子のひきこもり", "支援プラン", "会議での検討", "情報提供"} {
		if strings.Contains(txt, hidden) {
			t.Errorf("a member without `records` reads %q", hidden)
		}
	}
	for _, tab := range []string{`href="#tab-records"`, `href="#tab-plan"`, `href="#tab-meetings"`, `href="#tab-info"`} {
		if strings.Contains(pg.Body, tab) {
			t.Errorf("a member without `records` is offered the tab %s", tab)
		}
	}
	if strings.Contains(txt, "世帯を見る") {
		t.Errorf("a member without `household` is shown the household")
	}
}

func TestContactCorrectedOnTheCasePageWithHistory(t *testing.T) {
	e := newEnv(t)
	lead := e.token("worker")
	cid, pid := e.teamCase()
	e.consent(lead, pid, []string{e.orgs["kurashi"].ID}, "")
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kurashi"].ID, "role": "家計相談"}); r.StatusCode != 201 {
		t.Fatalf("team: %d %s", r.StatusCode, r.Body)
	}
	b := e.browser()
	b.login("worker")
	if r := b.post("/cases/"+cid+"/contacts", url.Values{"at": {"2026-05-31T10:00"}, "method": {"訪問"}, "content": {"母と面談。デイサービスを提案した。"}, "minutes": {"30"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("record: %d %s", r.StatusCode, r.Body)
	}
	cs := e.api("GET", "/api/v1/cases/"+cid+"/contacts", lead, nil).JSON(t)["items"].([]any)
	contactID := cs[0].(map[string]any)["id"].(string)
	pg := b.get("/cases/" + cid)
	editURL := "/cases/" + cid + "?edit=" + contactID
	if !strings.Contains(pg.Body, `href="`+html.EscapeString(editURL)+`#contact-edit"`) || !strings.Contains(pageText(pg.Body), "令和8年5月31日 10:00") {
		t.Fatalf("no 修正する or no 和暦 time on the record:\n%s", pageText(pg.Body))
	}
	// the form, filled with the record
	f := b.get(editURL)
	if !strings.Contains(f.Body, `id="contact-edit"`) || !strings.Contains(f.Body, "母と面談。デイサービスを提案した。</textarea>") {
		t.Fatalf("the correction form: %s", f.Body)
	}
	// an empty content: the message beside the field, the rest kept
	bad := url.Values{"at": {"2026-05-31T10:00"}, "edit_at": {"2026-05-31T10:00"}, "edit_method": {"電話"}, "edit_counterpart": {"長男"}, "edit_content": {""}, "edit_minutes": {"45"}, "version": {"1"}}
	r := b.post("/cases/"+cid+"/contacts/"+contactID, bad)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-edit_content-error"`) || !strings.Contains(r.Body, `value="長男"`) || !strings.Contains(r.Body, `value="45"`) {
		t.Fatalf("empty content: %d %s", r.StatusCode, r.Body)
	}
	good := url.Values{"edit_at": {"2026-05-31T10:00"}, "edit_method": {"訪問"}, "edit_counterpart": {"長男"}, "edit_content": {"母と長男に面談。デイサービスを提案し、見学を約束した。"}, "edit_minutes": {"45"}, "version": {"1"}}
	if r := b.post("/cases/"+cid+"/contacts/"+contactID, good); r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "done=contact_edit") {
		t.Fatalf("correct: %d %s", r.StatusCode, r.Body)
	}
	after := b.get("/cases/" + cid + "?done=contact_edit")
	txt := pageText(after.Body)
	for _, want := range []string{"支援経過の記録を修正しました", "見学を約束した", "修正あり", "修正の履歴（1件）", "第1版", "母と面談。デイサービスを提案した。"} {
		if !strings.Contains(txt, want) {
			t.Errorf("after the correction, no %q:\n%s", want, txt)
		}
	}
	// the same version again is a conflict, not a second silent overwrite
	if r := b.post("/cases/"+cid+"/contacts/"+contactID, good); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "見学を約束した") {
		t.Fatalf("stale version: %d", r.StatusCode)
	}
	// another organization on the team reads the record but may not correct it
	o := e.browser()
	o.login("worker2")
	if pg := o.get("/cases/" + cid); !strings.Contains(pg.Body, "見学を約束した") || strings.Contains(pg.Body, "?edit=") {
		t.Fatalf("other organization's page: %d", pg.StatusCode)
	}
	good.Set("version", "2")
	if r := o.post("/cases/"+cid+"/contacts/"+contactID, good); r.StatusCode != http.StatusForbidden {
		t.Fatalf("other organization corrects: %d", r.StatusCode)
	}
}

// referredCase sends a referral from houkatsu to kurashi and returns the
// case and the referral.
func (e *env) referredCase() (caseID, refID string) {
	e.t.Helper()
	lead := e.token("worker")
	cid, pid := e.teamCase()
	e.consent(lead, pid, []string{e.orgs["kurashi"].ID}, "")
	r := e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": e.orgs["kurashi"].ID, "reason": "家計の相談"})
	if r.StatusCode != 201 {
		e.t.Fatalf("referral: %d %s", r.StatusCode, r.Body)
	}
	return cid, r.JSON(e.t)["id"].(string)
}

func TestReferralCompletedFromTheCasePage(t *testing.T) {
	e := newEnv(t)
	cid, rid := e.referredCase()
	b := e.browser()
	b.login("worker")
	if pg := b.get("/cases/" + cid); strings.Contains(pg.Body, "完了にする") {
		t.Fatalf("a pending referral offers 完了")
	}
	if a := e.api("POST", "/api/v1/referrals/"+rid+"/accept", e.token("worker2"), nil); a.StatusCode != 200 {
		t.Fatalf("accept: %d %s", a.StatusCode, a.Body)
	}
	if pg := b.get("/cases/" + cid); !strings.Contains(pg.Body, "完了にする") {
		t.Fatalf("an accepted referral does not offer 完了: %s", pageText(pg.Body))
	}
	r := b.post("/referrals/"+rid+"/answer", url.Values{"action": {"complete"}, "case_id": {cid}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/cases/"+cid+"?done=completed#tab-referrals" {
		t.Fatalf("complete: %d %s %s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	pg := b.get("/cases/" + cid + "?done=completed")
	if txt := pageText(pg.Body); !strings.Contains(txt, "つなぎを完了にしました") || !strings.Contains(txt, "完了") || strings.Contains(pg.Body, "完了にする") {
		t.Fatalf("after 完了: %s", txt)
	}
	if g := e.api("GET", "/api/v1/referrals?status=completed", e.token("worker"), nil); !strings.Contains(g.Body, rid) {
		t.Fatalf("not stored as completed: %s", g.Body)
	}
	// a second 完了 shows the message on the case page, not an error page
	r = b.post("/referrals/"+rid+"/answer", url.Values{"action": {"complete"}, "case_id": {cid}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "この操作はできません") || !strings.Contains(r.Body, `id="h-ref"`) {
		t.Fatalf("complete twice: %d %s", r.StatusCode, pageText(r.Body))
	}
}

func TestDeclineWithoutReasonShowsTheFormAgain(t *testing.T) {
	e := newEnv(t)
	_, rid := e.referredCase()
	b := e.browser()
	b.login("worker2")
	r := b.post("/referrals/"+rid+"/answer", url.Values{"action": {"decline"}, "reason": {""}})
	txt := pageText(r.Body)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-reason-error"`) || !strings.Contains(txt, "辞退の理由を入力してください。") ||
		!strings.Contains(txt, "家計の相談") || !strings.Contains(txt, "houkatsu機関") || !strings.Contains(r.Body, `action="/referrals/`+rid+`/answer"`) || strings.Contains(txt, "ホームへ戻る") {
		t.Fatalf("decline without a reason: %d %s", r.StatusCode, txt)
	}
	// the reason then declines it
	if r := b.post("/referrals/"+rid+"/answer", url.Values{"action": {"decline"}, "reason": {"担当地区外のため"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decline: %d %s", r.StatusCode, r.Body)
	}
	if g := e.api("GET", "/api/v1/referrals?status=declined", e.token("worker2"), nil); !strings.Contains(g.Body, "担当地区外のため") {
		t.Fatalf("not declined: %s", g.Body)
	}
}

func TestRoleSplitToPlanWithoutPlanStaysOnTheMeeting(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid, pid := e.teamCase()
	e.consent(tok, pid, []string{e.orgs["kurashi"].ID, e.orgs["takikan"].ID}, "")
	mid := e.mkMeeting(e.token("coord"), "jusoteki_shien_kaigi", []string{"houkatsu", "kurashi", "takikan"}, nil)
	r := e.api("POST", "/api/v1/meetings/"+mid+"/items", tok, map[string]any{"case_id": cid, "agenda": "plan_review", "decisions": "役割分担を決めた",
		"role_split": []map[string]any{{"organization_id": e.orgs["houkatsu"].ID, "task": "月1回の訪問"}}})
	if r.StatusCode != 201 {
		t.Fatalf("item: %d %s", r.StatusCode, r.Body)
	}
	itemID := r.JSON(t)["id"].(string)
	e.hold(e.token("coord"), mid)
	b := e.browser()
	b.login("worker")
	pg := b.get("/meetings/" + mid)
	if !strings.Contains(pg.Body, `id="toplan-`+itemID+`"`) {
		t.Fatalf("no button on the meeting page: %s", pageText(pg.Body))
	}
	r = b.post("/meeting-items/"+itemID+"/plan", url.Values{"meeting_id": {mid}})
	txt := pageText(r.Body)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(txt, "先にプラン案を作成してください") || !strings.Contains(r.Body, `href="/cases/`+cid+`/plans/new"`) ||
		!strings.Contains(txt, "月1回の訪問") || strings.Contains(txt, "ホームへ戻る") {
		t.Fatalf("to plan without a plan: %d %s", r.StatusCode, txt)
	}
	// with a plan it lands on the plan
	e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))
	if r := b.post("/meeting-items/"+itemID+"/plan", url.Values{"meeting_id": {mid}}); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/plans/") {
		t.Fatalf("to plan: %d %s", r.StatusCode, r.Body)
	}
}
