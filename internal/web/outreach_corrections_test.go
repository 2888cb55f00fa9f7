package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Outreach targets are edited and attempts corrected by the registering
// organization, with the earlier versions kept (who, when); each shows who
// recorded it; a stale version is a conflict that keeps what was typed.
func TestOutreachTargetEditAndAttemptCorrection(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("worker")
	r := b.post("/outreach/targets", url.Values{"label": {"桜ケ丘団地の70代男性"}, "found_via": {"民生委員"}, "found_on": {"2026-05-20"}, "concern": {"新聞がたまっている"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("target: %d", r.StatusCode)
	}
	target := r.Header.Get("Location")
	target = target[:strings.Index(target, "?")]
	id := strings.TrimPrefix(target, "/outreach/targets/")
	if r := b.post(target+"/attempts", url.Values{"at": {"2026-05-21T10:00"}, "method": {"訪問"}, "outcome": {"不在"}, "note": {"ポストに手紙"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("attempt: %d", r.StatusCode)
	}
	page := flat(b.get(target).Body)
	if !strings.Contains(page, "登録した職員 職員 worker") || !strings.Contains(page, "ポストに手紙 職員 worker") {
		t.Fatalf("who recorded is not shown: %s", page)
	}

	// edit the target; a stale version keeps the input and says so
	if p := b.get(target + "/edit"); p.StatusCode != 200 || !strings.Contains(p.Body, "新聞がたまっている") {
		t.Fatalf("edit page: %d", p.StatusCode)
	}
	edit := url.Values{"label": {"桜ケ丘団地3号棟の70代男性"}, "found_via": {"民生委員"}, "found_on": {"2026-05-19"}, "concern": {"新聞が1週間分たまっている"}, "district": {"桜ケ丘"}, "version": {"1"}}
	if r := b.post(target+"/edit", edit); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", r.StatusCode, text(r.Body))
	}
	edit.Set("concern", "古い版からの変更")
	if r := b.post(target+"/edit", edit); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "古い版からの変更") || !strings.Contains(r.Body, "他の人が先に") {
		t.Fatalf("stale edit: %d %s", r.StatusCode, text(r.Body))
	}
	page = flat(b.get(target).Body)
	if !strings.Contains(page, "新聞が1週間分たまっている") || !strings.Contains(page, "変更の履歴（1件）") || !strings.Contains(page, "新聞がたまっている") {
		t.Fatalf("target after edit: %s", page)
	}

	// correct the attempt from the page
	tok := e.token("worker")
	tg := e.api("GET", "/api/v1/outreach-targets/"+id, tok, nil).JSON(t)
	att := tg["attempts"].([]any)[0].(map[string]any)
	aid := att["id"].(string)
	if p := b.get(target + "?edit=" + aid); !strings.Contains(p.Body, `value="2026-05-21T10:00"`) || !strings.Contains(p.Body, "接触の記録を修正する") {
		t.Fatalf("correction form: %s", text(p.Body))
	}
	r = b.post(target+"/attempts/"+aid, url.Values{"edit_at": {"2026-05-21T10:30"}, "edit_method": {"訪問"}, "edit_outcome": {"会えた"}, "edit_note": {""}, "version": {"1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("correction: %d %s", r.StatusCode, text(r.Body))
	}
	page = flat(b.get(target).Body)
	if !strings.Contains(page, "修正の履歴（1件）") || !strings.Contains(page, "不在・ポストに手紙") || !strings.Contains(page, "会えた") {
		t.Fatalf("attempt after correction: %s", page)
	}
	// the API: a stale version is 409; another organization cannot change it
	body := map[string]any{"at": "2026-05-21T11:00:00+09:00", "method": "電話", "outcome": "話せた", "note": "", "version": 1}
	if r := e.api("PUT", "/api/v1/outreach-targets/"+id+"/attempts/"+aid, tok, body); r.StatusCode != http.StatusConflict {
		t.Fatalf("stale correction: %d %s", r.StatusCode, r.Body)
	}
	body["version"] = 2
	if r := e.api("PUT", "/api/v1/outreach-targets/"+id+"/attempts/"+aid, e.token("worker2"), body); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another organization corrects: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/outreach-targets/"+id+"/attempts/"+aid, tok, body); r.StatusCode != 200 || r.JSON(t)["version"].(float64) != 3 {
		t.Fatalf("correction by API: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/outreach-targets/"+id, e.token("worker2"), map[string]any{"label": "x", "found_via": "住民", "concern": "x", "version": 2}); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another organization edits: %d", r.StatusCode)
	}
	tg = e.api("GET", "/api/v1/outreach-targets/"+id, tok, nil).JSON(t)
	if tg["worker_name"] != "職員 worker" || len(tg["history"].([]any)) != 1 || len(tg["attempts"].([]any)[0].(map[string]any)["history"].([]any)) != 2 {
		t.Fatalf("API target: %v", tg)
	}
}

// flat is the page's text with runs of white space as one space.
func flat(html string) string { return strings.Join(strings.Fields(text(html)), " ") }

// 地区 comes from the municipality's master list; 桜ケ丘, 桜ヶ丘 and 桜が丘
// are one 地区, stored as the list writes it.
func TestDistrictMasterList(t *testing.T) {
	e := newEnv(t)
	admin, tok := e.token("admin"), e.token("worker")
	if r := e.api("PUT", "/api/v1/districts", tok, map[string]any{"names": []string{"北町"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a worker sets the list: %d", r.StatusCode)
	}
	if r := e.api("PUT", "/api/v1/districts", admin, map[string]any{"names": []string{"桜ケ丘", "北町", "桜ヶ丘"}}); r.StatusCode != 422 || !strings.Contains(r.Body, "同じ地区") {
		t.Fatalf("duplicate 地区: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/districts", admin, map[string]any{"names": []string{"桜ケ丘", "北町"}}); r.StatusCode != 200 {
		t.Fatalf("set: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("GET", "/api/v1/districts", tok, nil); !strings.Contains(r.Body, `"names":["桜ケ丘","北町"]`) {
		t.Fatalf("list: %s", r.Body)
	}
	r := e.api("POST", "/api/v1/outreach-targets", tok, map[string]any{"label": "坂の上の家", "found_via": "住民", "concern": "心配", "district": "桜が丘"})
	if r.StatusCode != 201 || r.JSON(t)["district"] != "桜ケ丘" {
		t.Fatalf("target 地区: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/resources", tok, map[string]any{"name": "桜サロン", "kind": "サロン", "district": "桜ヶ丘"}); r.StatusCode != 201 || r.JSON(t)["district"] != "桜ケ丘" {
		t.Fatalf("resource 地区: %d %s", r.StatusCode, r.Body)
	}
	b := e.browser()
	b.login("worker")
	if r := b.post("/outreach/targets", url.Values{"label": {"川向こう"}, "found_via": {"住民"}, "concern": {"心配"}, "district": {"南町"}}); r.StatusCode != 422 ||
		!strings.Contains(r.Body, "地区は市区町村の地区の一覧から選んでください（桜ケ丘・北町）") || !strings.Contains(r.Body, "川向こう") {
		t.Fatalf("a 地区 off the list: %d %s", r.StatusCode, flat(r.Body))
	}
}
