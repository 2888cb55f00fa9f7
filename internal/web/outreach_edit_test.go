package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestEditResourceCoordinatorPlatformWithVersions: places, hosts with their
// menus, coordinators and platforms are corrected with the version read; a
// stale version is a conflict that overwrites nothing; changes are audited.
func TestEditResourceCoordinatorPlatformWithVersions(t *testing.T) {
	e := newEnv(t)
	// other: a second worker of the registering organization (only it edits
	// its resources and platforms, issue 18 path 7)
	e.addUser("worker3", "houkatsu", "worker")
	tok, other := e.token("worker"), e.token("worker3")
	id := e.mkResource(tok, map[string]any{"name": "やまびこ商店", "kind": "店舗", "district": "南地区", "accepts_participants": true, "menus": []string{"品出し"}})
	body := map[string]any{"name": "やまびこ商店", "kind": "店舗", "district": "南地区", "accepts_participants": true,
		"menus": []string{"品出し", "店頭の清掃"}, "schedule": "平日 10時〜15時", "version": 1}
	r := e.api("PUT", "/api/v1/resources/"+id, other, body)
	if r.StatusCode != 200 || r.JSON(t)["version"] != float64(2) || len(r.JSON(t)["menus"].([]any)) != 2 {
		t.Fatalf("update resource: %d %s", r.StatusCode, r.Body)
	}
	body["schedule"], body["version"] = "土曜のみ", 1
	if r := e.api("PUT", "/api/v1/resources/"+id, tok, body); r.StatusCode != http.StatusConflict || r.JSON(t)["code"] != "conflict" {
		t.Fatalf("stale resource: %d %s", r.StatusCode, r.Body)
	}
	if g := e.api("GET", "/api/v1/resources/"+id, tok, nil); g.JSON(t)["schedule"] != "平日 10時〜15時" {
		t.Fatalf("stale save overwrote: %s", g.Body)
	}
	delete(body, "version")
	if r := e.api("PUT", "/api/v1/resources/"+id, tok, body); r.StatusCode != 422 || !strings.Contains(r.Body, `"version"`) {
		t.Fatalf("without version: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/resources/"+id, tok, map[string]any{"name": "", "kind": "店舗", "version": 2}); r.StatusCode != 422 || !strings.Contains(r.Body, `"name"`) {
		t.Fatalf("invalid edit: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/resources/nope", tok, map[string]any{"name": "x", "kind": "店舗", "version": 1}); r.StatusCode != 404 {
		t.Fatalf("missing resource: %d", r.StatusCode)
	}
	if r := e.api("PUT", "/api/v1/resources/"+id, e.token("viewer"), map[string]any{"name": "x", "kind": "店舗", "version": 2}); r.StatusCode != 403 {
		t.Fatalf("viewer edits: %d", r.StatusCode)
	}

	c := e.api("POST", "/api/v1/coordinators", tok, map[string]any{"name": "北 花子", "kind": "地域づくりコーディネーター", "area": "北地区"})
	cid := c.JSON(t)["id"].(string)
	if r := e.api("PUT", "/api/v1/coordinators/"+cid, tok, map[string]any{"name": "北 花子", "kind": "地域づくりコーディネーター", "area": "北地区・東地区", "version": 1}); r.StatusCode != 200 || r.JSON(t)["version"] != float64(2) {
		t.Fatalf("update coordinator: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/coordinators/"+cid, other, map[string]any{"name": "北 花子", "kind": "地域づくりコーディネーター", "area": "西地区", "version": 1}); r.StatusCode != 409 {
		t.Fatalf("stale coordinator: %d %s", r.StatusCode, r.Body)
	}
	pf := e.api("POST", "/api/v1/platforms", tok, map[string]any{"name": "北地区つながり会議", "area": "北地区"})
	pid := pf.JSON(t)["id"].(string)
	e.api("POST", "/api/v1/platforms/"+pid+"/members", tok, map[string]any{"name": "北町自治会", "role": "会長"})
	if r := e.api("PUT", "/api/v1/platforms/"+pid, tok, map[string]any{"name": "北地区つながり円卓会議", "area": "北地区", "purpose": "居場所づくり", "version": 1}); r.StatusCode != 200 ||
		r.JSON(t)["name"] != "北地区つながり円卓会議" || len(r.JSON(t)["members"].([]any)) != 1 {
		t.Fatalf("update platform: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/platforms/"+pid, other, map[string]any{"name": "別名", "version": 1}); r.StatusCode != 409 {
		t.Fatalf("stale platform: %d %s", r.StatusCode, r.Body)
	}
	a := e.api("GET", "/api/v1/audit?action=update", e.token("privacy"), nil)
	for _, ot := range []string{"resource", "coordinator", "platform"} {
		if !strings.Contains(a.Body, `"object_type":"`+ot+`"`) {
			t.Fatalf("%s update not audited: %s", ot, a.Body)
		}
	}

	// the forms: a stale save comes back with the user's text and the message
	b := e.browser()
	b.login("worker")
	if p := b.get("/resources/" + id + "/edit"); p.StatusCode != 200 || !strings.Contains(p.Body, "店頭の清掃") || !strings.Contains(p.Body, `name="version" value="2"`) {
		t.Fatalf("resource edit form: %d %s", p.StatusCode, text(p.Body))
	}
	form := url.Values{"name": {"やまびこ商店"}, "kind": {"店舗"}, "menus": {"品出し\n値札付け"}, "schedule": {"火・木 午後"}, "accepts_participants": {"1"}, "version": {"1"}}
	p := b.post("/resources/"+id+"/edit", form)
	if p.StatusCode != 409 || !strings.Contains(p.Body, "他の人によって更新されています") || !strings.Contains(p.Body, "値札付け") || !strings.Contains(p.Body, "火・木 午後") ||
		!strings.Contains(p.Body, `name="version" value="2"`) {
		t.Fatalf("stale resource form: %d %s", p.StatusCode, text(p.Body))
	}
	form.Set("version", "2")
	if p := b.post("/resources/"+id+"/edit", form); p.StatusCode != 303 {
		t.Fatalf("resource form saved: %d %s", p.StatusCode, text(p.Body))
	}
	if p := b.get("/resources/" + id + "?done=resource_saved"); !strings.Contains(p.Body, "値札付け") || !strings.Contains(p.Body, "変更を保存しました") {
		t.Fatalf("resource after save: %s", text(p.Body))
	}
	p = b.post("/community/coordinators/"+cid+"/edit", url.Values{"name": {"北 花子"}, "kind": {"地域づくりコーディネーター"}, "contact": {"内線 5678"}, "version": {"1"}})
	if p.StatusCode != 409 || !strings.Contains(p.Body, "内線 5678") || !strings.Contains(p.Body, "他の人によって更新されています") {
		t.Fatalf("stale coordinator form: %d %s", p.StatusCode, text(p.Body))
	}
	if p := b.post("/community/coordinators/"+cid+"/edit", url.Values{"name": {""}, "kind": {"地域づくりコーディネーター"}, "version": {"2"}}); p.StatusCode != 422 || !strings.Contains(p.Body, "氏名を入力してください") {
		t.Fatalf("invalid coordinator form: %d %s", p.StatusCode, text(p.Body))
	}
	p = b.post("/community/platforms/"+pid+"/edit", url.Values{"name": {"北地区の円卓"}, "purpose": {"夜間の居場所を考える"}, "version": {"1"}})
	if p.StatusCode != 409 || !strings.Contains(p.Body, "夜間の居場所を考える") {
		t.Fatalf("stale platform form: %d %s", p.StatusCode, text(p.Body))
	}
	if p := b.post("/community/platforms/"+pid+"/edit", url.Values{"name": {"北地区の円卓"}, "purpose": {"夜間の居場所を考える"}, "version": {"2"}}); p.StatusCode != 303 {
		t.Fatalf("platform form saved: %d %s", p.StatusCode, text(p.Body))
	}
	if p := b.get("/community/platforms/" + pid); !strings.Contains(p.Body, "北地区の円卓") || !strings.Contains(p.Body, "北町自治会") {
		t.Fatalf("platform after save: %s", text(p.Body))
	}
}
