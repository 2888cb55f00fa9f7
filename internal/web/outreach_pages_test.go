package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestOutreachPages(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("worker")
	for _, p := range []string{"/outreach", "/outreach/targets/new", "/outreach/report", "/resources/new", "/community", "/map"} {
		if r := b.get(p); r.StatusCode != 200 {
			t.Fatalf("%s: %d %s", p, r.StatusCode, r.Body)
		}
	}
	// a form error keeps what was typed
	r := b.post("/outreach/targets", url.Values{"label": {"駅裏アパートの高齢女性"}, "found_via": {"近所"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "駅裏アパートの高齢女性") || !strings.Contains(r.Body, "把握の経路を一覧から選んでください") {
		t.Fatalf("target form error: %d", r.StatusCode)
	}
	r = b.post("/outreach/targets", url.Values{"label": {"駅裏アパートの高齢女性"}, "found_via": {"見守り"}, "found_on": {"R8.5.30"}, "concern": {"配食の受け取りがない"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("target form: %d %s", r.StatusCode, r.Body)
	}
	target := r.Header.Get("Location")
	target = target[:strings.Index(target, "?")]
	if r := b.post(target+"/attempts", url.Values{"at": {"2026-05-31T10:00"}, "method": {"訪問"}, "outcome": {"会えた"}, "note": {"玄関先で挨拶"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("attempt form: %d %s", r.StatusCode, r.Body)
	}
	if r := b.post(target+"/stage", url.Values{"stage": {"consented"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("stage form: %d %s", r.StatusCode, r.Body)
	}
	page := b.get(target)
	if page.StatusCode != 200 || !strings.Contains(page.Body, "玄関先で挨拶") || !strings.Contains(page.Body, "ケースへ引き継ぐ") {
		t.Fatalf("target page: %d", page.StatusCode)
	}
	r = b.post(target+"/handover", url.Values{"family_name": {"南"}, "family_name_kana": {"みなみ"}, "received_on": {"2026-06-01"}, "complaint": {"配食の受け取りがない"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "分野を1つ以上選んでください") || !strings.Contains(r.Body, `value="南"`) {
		t.Fatalf("handover form error: %d", r.StatusCode)
	}
	r = b.post(target+"/handover", url.Values{"family_name": {"南"}, "family_name_kana": {"みなみ"}, "received_on": {"2026-06-01"}, "bunya": {"kaigo"}, "complaint": {"配食の受け取りがない"}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/cases/") {
		t.Fatalf("handover form: %d %s", r.StatusCode, r.Body)
	}
	if c := b.get(r.Header.Get("Location")); c.StatusCode != 200 || !strings.Contains(c.Body, "玄関先で挨拶") {
		t.Fatalf("case page after hand-over: %d", c.StatusCode)
	}
	// resource, sessions, community
	r = b.post("/resources", url.Values{"name": {"ひだまりサロン"}, "kind": {"サロン"}, "district": {"北地区"}, "accepts_participants": {"1"},
		"menus": {"居場所参加\nお茶出しボランティア"}, "days": {"水"}, "time_slots": {"午後"}, "lat": {"abc"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "ひだまりサロン") {
		t.Fatalf("resource form error: %d", r.StatusCode)
	}
	r = b.post("/resources", url.Values{"name": {"ひだまりサロン"}, "kind": {"サロン"}, "district": {"北地区"}, "accepts_participants": {"1"},
		"menus": {"居場所参加\nお茶出しボランティア"}, "days": {"水"}, "time_slots": {"午後"}, "activities": {"おしゃべり"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("resource form: %d %s", r.StatusCode, r.Body)
	}
	res := r.Header.Get("Location")
	res = res[:strings.Index(res, "?")]
	if r := b.post(res+"/sessions", url.Values{"held_on": {"2026-05-27"}, "g5": {"9"}, "g6": {"1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("session form: %d %s", r.StatusCode, r.Body)
	}
	if p := b.get(res); !strings.Contains(text(p.Body), "高齢者(65歳以上) 9人") {
		t.Fatalf("resource page: %s", text(p.Body))
	}
	if r := b.post("/community/coordinators", url.Values{"name": {"佐藤 一"}, "kind": {"地域づくりコーディネーター"}, "area": {"北地区"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("coordinator: %d %s", r.StatusCode, r.Body)
	}
	r = b.post("/community/platforms", url.Values{"platform_name": {"北地区円卓会議"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("platform: %d", r.StatusCode)
	}
	pf := r.Header.Get("Location")
	pf = pf[:strings.Index(pf, "?")]
	if r := b.post(pf+"/meetings", url.Values{"held_on": {"2026-05-20"}, "title": {"夏休みの居場所"}, "gaps": {"夜間の居場所"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("platform meeting: %d %s", r.StatusCode, r.Body)
	}
	if p := b.get(pf); !strings.Contains(p.Body, "夜間の居場所") {
		t.Fatal("platform page")
	}
	// participation: profile, suggestions, match
	pid := e.mkPerson(e.token("worker"), yamada)
	if r := b.post("/persons/"+pid+"/participation", url.Values{"version": {"0"}, "interests": {"おしゃべり"}, "days": {"水"}, "districts": {"北地区"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile form: %d %s", r.StatusCode, r.Body)
	}
	pp := b.get("/persons/" + pid + "/participation")
	if pp.StatusCode != 200 || !strings.Contains(pp.Body, "ひだまりサロン") || !strings.Contains(pp.Body, "興味のある活動: おしゃべり") {
		t.Fatalf("participation page: %d", pp.StatusCode)
	}
	rid := strings.TrimPrefix(res, "/resources/")
	if r := b.post("/participation-matches", url.Values{"person_id": {pid}, "resource_id": {rid}}); r.StatusCode != 422 || !strings.Contains(r.Body, "メニューを入力してください") {
		t.Fatalf("match form error: %d", r.StatusCode)
	}
	r = b.post("/participation-matches", url.Values{"person_id": {pid}, "resource_id": {rid}, "menu": {"居場所参加"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("match form: %d %s", r.StatusCode, r.Body)
	}
	mp := r.Header.Get("Location")
	mp = mp[:strings.Index(mp, "?")]
	if r := b.post(mp+"/transitions", url.Values{"to": {"ended"}}); r.StatusCode != 422 || !strings.Contains(r.Body, "終了の理由を入力してください") {
		t.Fatalf("match move error: %d", r.StatusCode)
	}
	if r := b.post(mp+"/logs", url.Values{"kind": {"retention"}, "at": {"2026-06-01T09:00"}, "method": {"電話"}, "note": {"初回の感想を聞いた"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("log form: %d %s", r.StatusCode, r.Body)
	}
	if p := b.get(mp); p.StatusCode != 200 || !strings.Contains(p.Body, "初回の感想を聞いた") {
		t.Fatalf("match page: %d", p.StatusCode)
	}
	if p := b.get("/outreach"); !strings.Contains(p.Body, "ひだまりサロン") || !strings.Contains(p.Body, "ケースへ引継ぎ") {
		t.Fatal("landing")
	}
	// every page of the feature keeps its element ids unique (several forms on one page)
	for _, p := range []string{"/outreach", target, res, "/community", pf, "/persons/" + pid + "/participation", mp, "/map", "/resources/new", "/outreach/report"} {
		seen := map[string]bool{}
		for _, m := range idRE.FindAllStringSubmatch(b.get(p).Body, -1) {
			if seen[m[1]] {
				t.Errorf("%s: duplicate id %q", p, m[1])
			}
			seen[m[1]] = true
		}
	}
}

var idRE = regexp.MustCompile(` id="([^"]+)"`)
