package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb/sqldbtest"
)

// hostUser adds a host organization (a farm) with a user of role
// participation and returns the organization id and the user's token.
func (e *env) hostUser() (string, string) {
	e.t.Helper()
	org := sqldbtest.Org(e.t, e.db, e.sys, "みどり農園", "business")
	u := casework.User{OrganizationID: org.ID, Email: "host@example.jp", Name: "農園 担当", Roles: []string{"host"}}
	if err := e.db.CreateUser(context.Background(), e.sys, &u, passwordHash(e.t)); err != nil {
		e.t.Fatal(err)
	}
	e.users["host"] = u
	return org.ID, e.token("host")
}

func (e *env) mkResource(tok string, body map[string]any) string {
	e.t.Helper()
	r := e.api("POST", "/api/v1/resources", tok, body)
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("resource: %d %s", r.StatusCode, r.Body)
	}
	return r.JSON(e.t)["id"].(string)
}

func TestMatchSuggestionsLifecycleAndHostView(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	hostOrg, host := e.hostUser()
	farm := e.mkResource(tok, map[string]any{"name": "みどり農園", "kind": "農園", "operator": "みどり農園", "host_organization_id": hostOrg,
		"address": "かさね市北町1", "district": "北地区", "target_groups": []string{"若者", "ひきこもりの人"}, "accepts_participants": true,
		"menus": []string{"農作業体験"}, "activities": []string{"農作業", "動物"}, "schedule": "水曜 午前", "days": []string{"水"},
		"time_slots": []string{"午前"}, "capacity": 3, "accessibility": []string{"少人数", "見学可"}, "host_support_needs": "最初の数回は支援員の同行を希望"})
	e.mkResource(tok, map[string]any{"name": "駅前カフェ", "kind": "店舗", "district": "南地区", "accepts_participants": true,
		"days": []string{"月"}, "activities": []string{"接客"}})
	e.mkResource(tok, map[string]any{"name": "中央公民館サロン", "kind": "サロン", "district": "北地区", "accepts_participants": false})
	pid := e.mkPerson(tok, yamada)
	if r := e.api("GET", "/api/v1/persons/"+pid+"/needs-profile", tok, nil); r.StatusCode != 200 || r.JSON(t)["version"].(float64) != 0 {
		t.Fatalf("empty profile: %d %s", r.StatusCode, r.Body)
	}
	prof := map[string]any{"interests": []string{"農作業"}, "days": []string{"水", "木"}, "time_slots": []string{"午前"},
		"districts": []string{"北地区"}, "support_needed": []string{"少人数"}, "health_limits": "長時間の立ち仕事は難しい", "version": 0}
	if r := e.api("PUT", "/api/v1/persons/"+pid+"/needs-profile", tok, prof); r.StatusCode != 200 || r.JSON(t)["version"].(float64) != 1 {
		t.Fatalf("save profile: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/persons/"+pid+"/needs-profile", tok, prof); r.StatusCode != http.StatusConflict {
		t.Fatalf("stale profile: %d %s", r.StatusCode, r.Body)
	}
	r := e.api("GET", "/api/v1/persons/"+pid+"/match-suggestions", tok, nil)
	items := r.JSON(t)["items"].([]any)
	if r.StatusCode != 200 || len(items) != 2 {
		t.Fatalf("suggestions: %d %s", r.StatusCode, r.Body)
	}
	first := items[0].(map[string]any)
	if first["resource"].(map[string]any)["id"] != farm || !strings.Contains(r.Body, "都合のよい曜日に開いています") ||
		!strings.Contains(r.Body, "希望する地区にあります") || !strings.Contains(r.Body, "興味のある活動: 農作業") || !strings.Contains(r.Body, "必要な配慮あり: 少人数") {
		t.Fatalf("ranking and reasons: %s", r.Body)
	}
	// the host and other organizations see neither the profile nor the suggestions
	for _, other := range []string{host, e.token("worker2")} {
		if r := e.api("GET", "/api/v1/persons/"+pid+"/needs-profile", other, nil); r.StatusCode != 404 {
			t.Fatalf("profile outside: %d", r.StatusCode)
		}
		if r := e.api("GET", "/api/v1/persons/"+pid+"/match-suggestions", other, nil); r.StatusCode != 404 {
			t.Fatalf("suggestions outside: %d", r.StatusCode)
		}
	}
	m := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": pid, "resource_id": farm, "menu": "農作業体験"})
	if m.StatusCode != 201 || m.JSON(t)["status"] != "proposed" {
		t.Fatalf("match: %d %s", m.StatusCode, m.Body)
	}
	mid := m.JSON(t)["id"].(string)
	move := func(tk, to, reason string) resp {
		return e.api("POST", "/api/v1/participation-matches/"+mid+"/transitions", tk, map[string]any{"to": to, "reason": reason})
	}
	if r := move(tok, "placed", ""); r.StatusCode != 422 {
		t.Fatalf("proposed→placed: %d", r.StatusCode)
	}
	if r := move(tok, "trial", ""); r.StatusCode != 200 || r.JSON(t)["trial_on"] != "2026-06-01" {
		t.Fatalf("trial: %d %s", r.StatusCode, r.Body)
	}
	if r := move(tok, "placed", ""); r.StatusCode != 200 {
		t.Fatalf("placed: %d %s", r.StatusCode, r.Body)
	}
	for _, l := range []map[string]any{
		{"kind": "retention", "at": "2026-06-01T09:00", "method": "面談", "note": "作業に慣れてきた。朝が少しつらい。"},
		{"kind": "host_support", "at": "2026-06-01T09:30", "method": "電話", "note": "声かけの仕方について相談を受けた。"},
	} {
		if r := e.api("POST", "/api/v1/participation-matches/"+mid+"/logs", tok, l); r.StatusCode != 201 {
			t.Fatalf("log: %d %s", r.StatusCode, r.Body)
		}
	}
	// the host sees the menu but not the person without consent
	hv := e.api("GET", "/api/v1/participation-matches/"+mid, host, nil)
	if hv.StatusCode != 200 || hv.JSON(t)["person_name"] != "参加者（同意範囲外）" || hv.JSON(t)["menu"] != "農作業体験" ||
		strings.Contains(hv.Body, "髙橋") || strings.Contains(hv.Body, pid) || strings.Contains(hv.Body, "朝が少しつらい") {
		t.Fatalf("host view without consent: %d %s", hv.StatusCode, hv.Body)
	}
	if l := e.api("GET", "/api/v1/participation-matches", host, nil); !strings.Contains(l.Body, "参加者（同意範囲外）") || strings.Contains(l.Body, "髙橋") {
		t.Fatalf("host list: %s", l.Body)
	}
	if r := move(host, "ended", "受け入れ先の都合"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("host moves match: %d", r.StatusCode)
	}
	if r := e.api("GET", "/api/v1/participation-matches/"+mid, e.token("worker2"), nil); r.StatusCode != 404 {
		t.Fatalf("outsider reads match: %d", r.StatusCode)
	}
	e.consent(tok, pid, []string{hostOrg}, "")
	if hv := e.api("GET", "/api/v1/participation-matches/"+mid, host, nil); hv.JSON(t)["person_name"] != "髙橋 一郎" || strings.Contains(hv.Body, pid) || strings.Contains(hv.Body, "朝が少しつらい") {
		t.Fatalf("host view with consent: %s", hv.Body)
	}
	if r := move(tok, "ended", ""); r.StatusCode != 422 {
		t.Fatalf("ended without reason: %d", r.StatusCode)
	}
	r = move(tok, "ended", "本人が就職したため")
	if r.StatusCode != 200 || r.JSON(t)["end_reason"] != "本人が就職したため" || len(r.JSON(t)["logs"].([]any)) != 2 {
		t.Fatalf("ended: %d %s", r.StatusCode, r.Body)
	}
	if r := move(tok, "trial", ""); r.StatusCode != 422 {
		t.Fatalf("after end: %d", r.StatusCode)
	}
}
