package web_test

import (
	"strings"
	"testing"
)

// TestPlatformGapsReachResourceGaps: the 「不足している社会資源」 recorded at a
// 協議体 meeting (one gap a line) is listed on /resource-gaps and in the API
// beside the gaps of the other meetings, with the platform named.
func TestPlatformGapsReachResourceGaps(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	pf := e.api("POST", "/api/v1/platforms", tok, map[string]any{"name": "北地区つながり会議", "area": "北地区"})
	if pf.StatusCode != 201 {
		t.Fatalf("platform: %d %s", pf.StatusCode, pf.Body)
	}
	pfID := pf.JSON(t)["id"].(string)
	if r := e.api("POST", "/api/v1/platforms/"+pfID+"/meetings", tok, map[string]any{"held_on": "2026-05-15", "title": "居場所の不足", "attendees": 12,
		"gaps": "夜間の居場所がない\n\n移動の手段がない"}); r.StatusCode != 201 {
		t.Fatalf("platform meeting: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/platforms/"+pfID+"/meetings", tok, map[string]any{"held_on": "2026-05-20", "title": "報告のみ", "attendees": 5}); r.StatusCode != 201 {
		t.Fatalf("platform meeting without gaps: %d %s", r.StatusCode, r.Body)
	}
	g := e.api("GET", "/api/v1/resource-gaps", e.token("kodomo"), nil)
	if g.StatusCode != 200 {
		t.Fatalf("resource gaps: %d %s", g.StatusCode, g.Body)
	}
	items := g.JSON(t)["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("gaps: %s", g.Body)
	}
	first := items[0].(map[string]any)
	if first["meeting_type"] != "platform" || first["platform_id"] != pfID || first["platform_name"] != "北地区つながり会議" ||
		first["raised_on"] != "2026-05-15" || first["raised_by_organization_id"] != e.orgs["houkatsu"].ID {
		t.Fatalf("gap: %v", first)
	}
	b := e.browser()
	b.login("kodomo")
	p := b.get("/resource-gaps")
	body := text(p.Body)
	if p.StatusCode != 200 || !strings.Contains(body, "夜間の居場所がない") || !strings.Contains(body, "移動の手段がない") ||
		!strings.Contains(body, "協議体") || !strings.Contains(body, "北地区つながり会議") || !strings.Contains(p.Body, `href="/community/platforms/`+pfID+`"`) || strings.Contains(body, "platform") {
		t.Fatalf("page: %d\n%s", p.StatusCode, body)
	}
}
