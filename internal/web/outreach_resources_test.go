package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"kasane/internal/config"
	"kasane/internal/web"
)

func TestSessionsCommunityCountsAndMapByDistrict(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	place := e.mkResource(tok, map[string]any{"name": "みんなの食堂", "kind": "子ども食堂", "district": "北地区", "address": "北町2-1",
		"accepts_participants": true, "schedule": "第2・第4土曜 昼"})
	host := e.mkResource(tok, map[string]any{"name": "やまびこ商店", "kind": "店舗", "district": "南地区", "operator": "山彦商店",
		"accepts_participants": true})
	if r := e.api("POST", "/api/v1/resources", tok, map[string]any{"name": "", "kind": "公園", "lat": 35.1}); r.StatusCode != 422 ||
		!strings.Contains(r.Body, `"name"`) || !strings.Contains(r.Body, `"kind"`) || !strings.Contains(r.Body, `"lat"`) {
		t.Fatalf("bad resource: %d %s", r.StatusCode, r.Body)
	}
	s := e.api("POST", "/api/v1/resources/"+place+"/sessions", tok, map[string]any{"held_on": "R8.5.9",
		"participants": map[string]int{"小学生": 12, "子育て世代": 0, "高齢者(65歳以上)": 5, "ボランティア・支え手": 4}})
	if s.StatusCode != 422 || !strings.Contains(s.Body, "子育て世代") {
		t.Fatalf("unknown group: %d %s", s.StatusCode, s.Body)
	}
	s = e.api("POST", "/api/v1/resources/"+place+"/sessions", tok, map[string]any{"held_on": "R8.5.9",
		"participants": map[string]int{"小学生": 12, "高齢者(65歳以上)": 5, "障害のある人": 2}})
	if s.StatusCode != 201 || s.JSON(t)["total"].(float64) != 17 || s.JSON(t)["held_on"] != "2026-05-09" {
		t.Fatalf("session: %d %s", s.StatusCode, s.Body)
	}
	if s := e.api("POST", "/api/v1/resources/"+place+"/sessions", tok, map[string]any{"held_on": "2026-05-23", "participants": map[string]int{"中高生": 3}, "total": 20}); s.StatusCode != 201 {
		t.Fatalf("session 2: %d %s", s.StatusCode, s.Body)
	}
	if s := e.api("POST", "/api/v1/resources/"+place+"/sessions", tok, map[string]any{"held_on": "2026-03-31", "participants": map[string]int{"中高生": 9}}); s.StatusCode != 201 {
		t.Fatalf("previous year session: %d %s", s.StatusCode, s.Body)
	}
	if r := e.api("GET", "/api/v1/resources/"+place, e.token("worker2"), nil); r.StatusCode != 200 || len(r.JSON(t)["sessions"].([]any)) != 3 {
		t.Fatalf("resource: %d %s", r.StatusCode, r.Body)
	}
	pid := e.mkPerson(tok, yamada)
	if r := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": pid, "resource_id": host, "menu": "品出し"}); r.StatusCode != 201 {
		t.Fatalf("match: %d %s", r.StatusCode, r.Body)
	}
	pf := e.api("POST", "/api/v1/platforms", tok, map[string]any{"name": "北地区つながり会議", "area": "北地区"})
	pfID := pf.JSON(t)["id"].(string)
	e.api("POST", "/api/v1/platforms/"+pfID+"/members", tok, map[string]any{"name": "北町自治会", "role": "会長"})
	e.api("POST", "/api/v1/platforms/"+pfID+"/members", tok, map[string]any{"organization_id": e.orgs["kurashi"].ID})
	if r := e.api("POST", "/api/v1/platforms/"+pfID+"/meetings", tok, map[string]any{"held_on": "2026-05-15", "title": "居場所の不足", "attendees": 12, "gaps": "夜間の居場所がない"}); r.StatusCode != 201 {
		t.Fatalf("platform meeting: %d %s", r.StatusCode, r.Body)
	}
	if g := e.api("GET", "/api/v1/platforms/"+pfID, tok, nil); len(g.JSON(t)["members"].([]any)) != 2 || !strings.Contains(g.Body, "kurashi機関") {
		t.Fatalf("platform: %s", g.Body)
	}
	e.mkTarget(tok)
	cc := e.api("GET", "/api/v1/community-counts?fiscal_year=2026", e.token("admin"), nil)
	m := cc.JSON(t)
	byGroup := m["participants_by_group"].(map[string]any)
	if cc.StatusCode != 200 || m["places"].(float64) != 1 || m["hosts"].(float64) != 2 || m["sessions"].(float64) != 2 ||
		m["participants"].(float64) != 37 || byGroup["小学生"].(float64) != 12 || byGroup["中高生"].(float64) != 3 ||
		m["participating_organizations"].(float64) != 4 || m["platform_meetings"].(float64) != 1 ||
		m["matches_by_status"].(map[string]any)["proposed"].(float64) != 1 || m["outreach_by_stage"].(map[string]any)["found"].(float64) != 1 {
		t.Fatalf("counts: %d %s", cc.StatusCode, cc.Body)
	}
	// the map without a tile server lists places by district
	b := e.browser()
	b.login("worker")
	page := b.get("/map")
	txt := text(page.Body)
	if page.StatusCode != 200 || strings.Contains(page.Body, "<svg") || !strings.Contains(txt, "地図タイルのサーバーが設定されていない") ||
		strings.Index(txt, "北地区") > strings.Index(txt, "南地区") || !strings.Contains(txt, "みんなの食堂") || !strings.Contains(txt, "やまびこ商店") {
		t.Fatalf("map page: %d %s", page.StatusCode, txt)
	}
	if r := b.get("/map/tiles/1/0/0"); r.StatusCode != 404 {
		t.Fatalf("tile without tile server: %d", r.StatusCode)
	}
}

func TestMapWithTileServerProxiesTiles(t *testing.T) {
	e := newEnv(t)
	tiles := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = io.WriteString(w, "PNG:"+r.URL.Path)
	}))
	defer tiles.Close()
	cfg := config.Default()
	cfg.InsecureCookies = true
	cfg.MapTileURL = tiles.URL + "/{z}/{x}/{y}.png"
	s, err := web.New(cfg, e.db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(s.Handler())
	defer e.srv.Close()
	tok := e.token("worker")
	e.mkResource(tok, map[string]any{"name": "駅前サロン", "kind": "サロン", "district": "中央", "lat": 35.6812, "lng": 139.7671, "accepts_participants": true})
	e.mkResource(tok, map[string]any{"name": "川沿い農園", "kind": "農園", "district": "東", "lat": 35.69, "lng": 139.78, "accepts_participants": true})
	b := e.browser()
	b.login("worker")
	page := b.get("/map")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "<svg") || !strings.Contains(page.Body, `href="/map/tiles/`) ||
		strings.Count(page.Body, "<circle") != 2 || strings.Contains(page.Body, tiles.URL) {
		t.Fatalf("map with tiles: %s", page.Body)
	}
	tile := b.get("/map/tiles/15/29105/12903")
	if tile.StatusCode != 200 || tile.Header.Get("Content-Type") != "image/png" || tile.Body != "PNG:/15/29105/12903.png" {
		t.Fatalf("tile: %d %q", tile.StatusCode, tile.Body)
	}
	if r := b.get("/map/tiles/2/9/0"); r.StatusCode != 404 {
		t.Fatalf("tile out of range: %d", r.StatusCode)
	}
}
