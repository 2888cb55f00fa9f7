package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// selectOptions is the option labels of the select named name, in order.
func selectOptions(t *testing.T, body, name string) []string {
	t.Helper()
	i := strings.Index(body, `name="`+name+`"`)
	if i < 0 {
		t.Fatalf("no select %s", name)
	}
	rest := body[i:]
	rest = rest[:strings.Index(rest, "</select>")]
	var out []string
	for _, m := range regexp.MustCompile(`<option value="[^"]+"[^>]*>([^<]*)</option>`).FindAllStringSubmatch(rest, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestAdminEditsAndRetiresOrganizations(t *testing.T) {
	e := newEnv(t)
	kurashi := e.orgs["kurashi"].ID
	// a case led by houkatsu, referred to kurashi under consent, before kurashi retires
	lead := e.token("worker")
	cid, pid := e.teamCase()
	e.consent(lead, pid, []string{kurashi, e.orgs["kodomo"].ID}, "")
	if r := e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": kurashi, "reason": "家計の相談"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("referral: %d %s", r.StatusCode, r.Body)
	}

	// only the municipal administrator edits or retires
	w := e.browser()
	w.login("worker")
	for _, r := range []resp{w.get("/admin/organizations/" + kurashi),
		w.post("/admin/organizations/"+kurashi, url.Values{"name": {"乗っ取り"}, "kind": {"npo"}}),
		w.post("/admin/organizations/"+kurashi+"/retire", url.Values{"retire": {"1"}}),
		e.api("PUT", "/api/v1/organizations/"+kurashi, lead, map[string]any{"name": "乗っ取り", "kind": "npo", "operation": "independent", "version": 1}),
		e.api("POST", "/api/v1/organizations/"+kurashi+"/retire", lead, map[string]any{"version": 1})} {
		if r.StatusCode != http.StatusForbidden {
			t.Fatalf("non-admin must get 403, got %d", r.StatusCode)
		}
	}

	b := e.browser()
	b.login("admin")
	r := b.get("/admin/organizations/" + kurashi)
	if r.StatusCode != 200 || !strings.Contains(r.Body, "kurashi機関") || !strings.Contains(r.Body, "この機関を廃止する") {
		t.Fatalf("edit page: %d %s", r.StatusCode, text(r.Body))
	}
	// an NPO is never 直営: refused beside the field, the typed name kept; both problems at once
	r = b.post("/admin/organizations/"+kurashi, url.Values{"name": {"くらしサポートNPO"}, "kind": {"npo"}, "operation": {"direct"}, "code": {strings.Repeat("9", 21)}, "version": {"1"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "NPOは市の直営にはできません") ||
		!strings.Contains(r.Body, "機関コードは20文字以内") || !strings.Contains(r.Body, `value="くらしサポートNPO"`) {
		t.Fatalf("npo direct: %d %s", r.StatusCode, text(r.Body))
	}
	r = b.post("/admin/organizations/"+kurashi, url.Values{"name": {"くらしサポートNPO"}, "kind": {"npo"}, "operation": {"independent"}, "version": {"1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d %s", r.StatusCode, text(r.Body))
	}
	list := b.get("/admin/organizations?done=org_updated")
	if !strings.Contains(list.Body, "くらしサポートNPO") || !strings.Contains(list.Body, "委託なし（独自運営）") || !strings.Contains(list.Body, "機関の登録内容を変更しました") {
		t.Fatalf("list after update: %s", text(list.Body))
	}
	// a stale version is a conflict, not an overwrite
	if r := b.post("/admin/organizations/"+kurashi, url.Values{"name": {"古い名前"}, "kind": {"npo"}, "operation": {"independent"}, "version": {"1"}}); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "古い名前") {
		t.Fatalf("stale update: %d", r.StatusCode)
	}
	// the administrator's own organization is not retired
	if r := b.post("/admin/organizations/"+e.orgs["city"].ID+"/retire", url.Values{"retire": {"1"}}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "自分の所属する機関は廃止できません") {
		t.Fatalf("own org retire: %d", r.StatusCode)
	}
	if r := b.post("/admin/organizations/"+kurashi+"/retire", url.Values{"retire": {"1"}, "version": {"2"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("retire: %d %s", r.StatusCode, text(r.Body))
	}
	if !e.auditHas("organization", kurashi) {
		t.Fatal("edit and retirement must be audited")
	}
	if l := b.get("/admin/organizations"); !strings.Contains(text(l.Body), "廃止") {
		t.Fatal("list must mark the retired organization")
	}
	// no new staff in a retired organization, and the users form does not offer it
	u := casework.User{OrganizationID: kurashi, Email: "late@example.jp", Name: "遅い 入職", Roles: []string{"worker"}}
	if err := e.db.CreateUser(context.Background(), sqldb.ActorFor(e.users["admin"]), &u, passwordHash(t)); err == nil || !strings.Contains(err.Error(), "廃止された機関です") {
		t.Fatalf("user in a retired organization: %v", err)
	}
	userOrgs := selectOptions(t, b.get("/admin/users").Body, "organization_id")
	if len(userOrgs) != 4 {
		t.Fatalf("users form organizations: %v", userOrgs)
	}
	for _, o := range userOrgs {
		if o == "くらしサポートNPO" {
			t.Fatal("the users form must not offer a retired organization")
		}
	}
	// the API lists it with retired_on and operation
	orgs := e.api("GET", "/api/v1/organizations", lead, nil)
	if !strings.Contains(orgs.Body, `"retired_on":"2026-06-01"`) || !strings.Contains(orgs.Body, `"operation":"independent"`) {
		t.Fatalf("api list: %s", orgs.Body)
	}

	// history stays: the case page still names it on the referral, but no picker offers it
	w2 := e.browser()
	w2.login("worker")
	page := w2.get("/cases/" + cid)
	if !strings.Contains(page.Body, "くらしサポートNPO") {
		t.Fatal("the referral must still name the retired organization")
	}
	for _, name := range []string{"to_organization_id", "organization_id"} {
		for _, o := range selectOptions(t, page.Body, name) {
			if o == "くらしサポートNPO" || o == "houkatsu機関" {
				t.Fatalf("%s offers %s", name, o)
			}
		}
	}
	if strings.Contains(w2.get("/consents/new?person_id="+pid).Body, "くらしサポートNPO") {
		t.Fatal("the consent form must not offer a retired organization")
	}
	// storage refuses it as つなぎ先 and as team member, in Japanese
	r = e.api("POST", "/api/v1/referrals", lead, map[string]any{"case_id": cid, "to_organization_id": kurashi, "reason": "再度"})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "廃止された機関です") {
		t.Fatalf("referral to retired: %d %s", r.StatusCode, r.Body)
	}
	r = e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": kurashi, "role": "家計"})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "廃止された機関です") {
		t.Fatalf("team add of retired: %d %s", r.StatusCode, r.Body)
	}
	r = w2.post("/cases/"+cid+"/team", url.Values{"organization_id": {kurashi}, "role": {"家計"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "廃止された機関です") {
		t.Fatalf("team form with retired: %d", r.StatusCode)
	}
	// reinstated through the API, it is offered again
	r = e.api("POST", "/api/v1/organizations/"+kurashi+"/retire", e.token("admin"), map[string]any{"retire": false, "version": 3})
	if r.StatusCode != 200 || strings.Contains(r.Body, "retired_on") {
		t.Fatalf("reinstate: %d %s", r.StatusCode, r.Body)
	}
	r = e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": kurashi, "role": "家計"})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("team add after reinstatement: %d %s", r.StatusCode, r.Body)
	}
}

func TestOrganizationPickersByKindThenName(t *testing.T) {
	e := newEnv(t)
	cid, _ := e.teamCase()
	b := e.browser()
	b.login("worker")
	page := b.get("/cases/" + cid).Body
	// 市の担当課, 自立相談支援機関, こども家庭センター, 多機関協働事業者; never the own 地域包括支援センター
	want := []string{"city機関", "kurashi機関", "kodomo機関", "takikan機関"}
	for _, name := range []string{"to_organization_id", "organization_id"} {
		if got := selectOptions(t, page, name); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: %v, want %v", name, got, want)
		}
	}
	// where the own organization makes sense (主催機関) it is offered, in the same order
	b2 := e.browser()
	b2.login("coord")
	if got := selectOptions(t, b2.get("/meetings/new").Body, "host_organization_id"); fmt.Sprint(got) != fmt.Sprint([]string{"city機関", "houkatsu機関", "kurashi機関", "kodomo機関", "takikan機関"}) {
		t.Fatalf("host picker: %v", got)
	}
}

func TestMeetingFormAttendeeTable(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("coord")
	own, city, kodomo := e.orgs["takikan"].ID, e.orgs["city"].ID, e.orgs["kodomo"].ID
	page := b.get("/meetings/new").Body
	if strings.Count(page, "attendee-table\"") != 1 || !strings.Contains(page, "機関／氏名") || !strings.Contains(page, "構成員／ゲスト") ||
		!strings.Contains(page, "守秘義務確認") || strings.Contains(page, "出席機関（ゲスト）") {
		t.Fatalf("one attendee table expected: %s", text(page))
	}
	// the own organization is ticked as present, and only its acknowledgement can be ticked
	if !regexp.MustCompile(`name="present" value="`+own+`" checked`).MatchString(page) || strings.Contains(page, `name="acks" value="`+city+`"`) {
		t.Fatal("own row must be present and alone acknowledgeable")
	}
	// every problem at once, beside the table and the field, input kept
	form := url.Values{"type": {"other"}, "title": {"ケース検討会"}, "scheduled_at": {"R8.13.40 14:00"}, "host_organization_id": {own},
		"present": {own, city}, "role." + own: {"member"}, "role." + city: {"guest"}, "name." + city: {"市 太郎"}, "name." + kodomo: {"子ども 花子"}, "acks": {own}}
	r := b.post("/meetings", form)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "開催日時は") || !strings.Contains(r.Body, "「出席」にもチェックを付けてください") {
		t.Fatalf("errors: %d %s", r.StatusCode, text(r.Body))
	}
	for _, kept := range []string{`value="市 太郎"`, `value="子ども 花子"`, `value="R8.13.40 14:00"`, `name="role.` + city + `" value="guest" checked`,
		`name="present" value="` + city + `" checked`, `name="acks" value="` + own + `" checked`} {
		if !strings.Contains(r.Body, kept) {
			t.Fatalf("input not kept: %s", kept)
		}
	}
	// corrected, it is stored as typed
	form.Set("scheduled_at", "R8.6.10 14:00")
	form.Del("name." + kodomo)
	r = b.post("/meetings", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.StatusCode, text(r.Body))
	}
	mid := strings.TrimPrefix(strings.SplitN(r.Header.Get("Location"), "?", 2)[0], "/meetings/")
	m := e.api("GET", "/api/v1/meetings/"+mid, e.token("coord"), nil).JSON(t)
	got := map[string]string{}
	for _, a := range m["attendees"].([]any) {
		at := a.(map[string]any)
		name, _ := at["name"].(string)
		got[at["organization_id"].(string)] = fmt.Sprint(at["member_or_guest"], "/", name, "/", at["confidentiality_ack"])
	}
	if len(got) != 2 || got[own] != "member//true" || got[city] != "guest/市 太郎/false" {
		t.Fatalf("attendees stored: %v", got)
	}
}

func TestMeetingsSearchBeyondSixtyDays(t *testing.T) {
	e := newEnv(t)
	tok := e.token("coord")
	own := e.orgs["takikan"].ID
	mk := func(title, at string) {
		t.Helper()
		r := e.api("POST", "/api/v1/meetings", tok, map[string]any{"type": "other", "title": title, "scheduled_at": at,
			"host_organization_id": own, "attendees": []map[string]any{{"organization_id": own, "member_or_guest": "member"}}})
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("meeting: %d %s", r.StatusCode, r.Body)
		}
	}
	mk("昨年秋の地域ケア検討", "2025-10-01T14:00:00+09:00") // eight months before the clock (2026-06-01)
	mk("先週の定例会", "2026-05-25T10:30:00+09:00")
	b := e.browser()
	b.login("coord")
	all := b.get("/meetings")
	if !strings.Contains(all.Body, "昨年秋の地域ケア検討") || !strings.Contains(all.Body, "令和7年10月1日") || !strings.Contains(all.Body, "14:00") {
		t.Fatalf("older meetings must be listed, in 和暦 and JST: %s", text(all.Body))
	}
	r := b.get("/meetings?q=" + url.QueryEscape("地域ケア"))
	if !strings.Contains(r.Body, "昨年秋の地域ケア検討") || strings.Contains(r.Body, "先週の定例会") {
		t.Fatal("keyword search")
	}
	r = b.get("/meetings?from=" + url.QueryEscape("R7.9.1") + "&to=" + url.QueryEscape("令和7年10月31日") + "&type=other")
	if !strings.Contains(r.Body, "昨年秋の地域ケア検討") || strings.Contains(r.Body, "先週の定例会") || !strings.Contains(r.Body, "1件") {
		t.Fatalf("date range in 和暦: %s", text(r.Body))
	}
	r = b.get("/meetings?from=" + url.QueryEscape("R7.13.1") + "&to=2025-01-01&q=" + url.QueryEscape("検討"))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "日付は 2026-06-10 または") || !strings.Contains(r.Body, `value="R7.13.1"`) || !strings.Contains(r.Body, `value="検討"`) {
		t.Fatalf("bad date: %d %s", r.StatusCode, text(r.Body))
	}
	// paging: 50 a page, newest first
	for i := 0; i < 50; i++ {
		mk(fmt.Sprintf("連続会議%02d", i), fmt.Sprintf("2026-01-%02dT09:00:00+09:00", i%28+1))
	}
	p1 := b.get("/meetings")
	if !strings.Contains(p1.Body, "52件") || strings.Contains(p1.Body, "昨年秋の地域ケア検討") || !strings.Contains(p1.Body, `rel="next"`) {
		t.Fatalf("page 1: %s", text(p1.Body))
	}
	p2 := b.get("/meetings?page=2")
	if !strings.Contains(p2.Body, "昨年秋の地域ケア検討") || !strings.Contains(p2.Body, "51〜52件目") || !strings.Contains(p2.Body, `rel="prev"`) {
		t.Fatalf("page 2: %s", text(p2.Body))
	}
	// another organization sees none of them
	o := e.browser()
	o.login("worker2")
	if strings.Contains(o.get("/meetings").Body, "昨年秋の地域ケア検討") {
		t.Fatal("meetings of other organizations must not be listed")
	}
}
