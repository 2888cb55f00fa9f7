package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

// indicatorsOf reads the indicator set of a year's annual report by key.
func (e *env) indicatorsOf(tok, fy string) (*report.IndicatorSet, map[string]report.Indicator) {
	e.t.Helper()
	r := e.api("GET", "/api/v1/reports/annual?fiscal_year="+url.QueryEscape(fy), tok, nil)
	if r.StatusCode != 200 {
		e.t.Fatalf("annual %s: %d %s", fy, r.StatusCode, r.Body)
	}
	var a report.Annual
	if err := json.Unmarshal([]byte(r.Body), &a); err != nil || a.Indicators == nil {
		e.t.Fatalf("annual %s: %v %.300s", fy, err, r.Body)
	}
	by := map[string]report.Indicator{}
	for _, x := range a.Indicators.Rows {
		by[x.Key] = x
	}
	return a.Indicators, by
}

// TestAnnualReportIndicatorSet: the indicator set of the 実施計画 — 相談受付
// 件数, 参加支援の支援対象者数 (実人数, 名寄せ once, matches in effect in the
// year), 協力事業者数 and 拠点数 (stock at 3月31日), 参加者数 (延べ) and
// 参加機関数 (platform members, one organization once) — with the targets
// and the population the municipal administrator sets, 達成率 and the
// figures per 10万人, on the API, the page and the targets page.
func TestAnnualReportIndicatorSet(t *testing.T) {
	e := newEnv(t) // now: 2026-06-01 10:00 JST
	ctx := context.Background()
	tok, admin := e.token("worker"), e.token("admin")
	a := e.mkPerson(tok, yamada)
	v := map[string]any{}
	for k, x := range yamada {
		v[k] = x
	}
	v["given_name"], v["given_name_kana"], v["phone"] = "壱郎", "ｲﾁﾛｳ", "090-0000-2222"
	b := e.mkPerson(tok, v) // the same man registered twice
	v["given_name"], v["given_name_kana"], v["birth_date"], v["sex"], v["phone"] = "花子", "ﾊﾅｺ", "S52.7.7", "female", "090-0000-3333"
	c := e.mkPerson(tok, v)
	v["given_name"], v["given_name_kana"], v["birth_date"], v["phone"] = "桃子", "ﾓﾓｺ", "H12.3.3", "090-0000-4444"
	d := e.mkPerson(tok, v)
	w := e.users["worker"]
	wa := casework.Actor{UserID: w.ID, MunicipalityID: w.MunicipalityID, OrganizationID: w.OrganizationID, Roles: w.Roles}
	if err := e.db.DecideDuplicate(ctx, wa, &sqldb.DuplicateDecision{PersonA: a, PersonB: b, Decision: "same", Note: "窓口で確認"}); err != nil {
		t.Fatal(err)
	}
	e.caseOn(tok, a, "2026-04-10", "kaigo")
	e.caseOn(tok, c, "2026-05-10", "konkyu")
	e.caseOn(tok, c, "2026-03-10", "konkyu") // 令和7年度

	farm := e.mkResource(tok, map[string]any{"name": "みどり農園", "kind": "農園", "accepts_participants": true, "menus": []string{"農作業体験"}})
	salon := e.mkResource(tok, map[string]any{"name": "中央公民館サロン", "kind": "サロン", "accepts_participants": false})
	cafe := e.mkResource(tok, map[string]any{"name": "こども食堂ひまわり", "kind": "子ども食堂", "accepts_participants": true, "menus": []string{"配膳の手伝い"}})
	propose := func(person, resource, menu string) string {
		t.Helper()
		r := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": person, "resource_id": resource, "menu": menu})
		if r.StatusCode != 201 {
			t.Fatalf("match: %d %s", r.StatusCode, r.Body)
		}
		return r.JSON(t)["id"].(string)
	}
	propose(a, farm, "農作業体験")
	mb := propose(b, farm, "農作業体験") // the same man: one person
	mc := propose(c, cafe, "配膳の手伝い")
	for _, s := range []struct {
		res, day string
		total    int
	}{{salon, "2026-05-30", 12}, {cafe, "2026-06-01", 8}, {salon, "2026-03-31", 5}} {
		if r := e.api("POST", "/api/v1/resources/"+s.res+"/sessions", tok, map[string]any{"held_on": s.day, "participants": map[string]int{"高齢者(65歳以上)": s.total}, "total": s.total}); r.StatusCode != 201 {
			t.Fatalf("session: %d %s", r.StatusCode, r.Body)
		}
	}
	platform := func(name string, members ...map[string]any) {
		t.Helper()
		r := e.api("POST", "/api/v1/platforms", tok, map[string]any{"name": name, "area": "北地区"})
		if r.StatusCode != 201 {
			t.Fatalf("platform: %d %s", r.StatusCode, r.Body)
		}
		id := r.JSON(t)["id"].(string)
		for _, m := range members {
			if r := e.api("POST", "/api/v1/platforms/"+id+"/members", tok, m); r.StatusCode != 201 {
				t.Fatalf("member: %d %s", r.StatusCode, r.Body)
			}
		}
	}
	// 4 organizations: houkatsu (twice), kurashi (by id and by its name),
	// 北町自治会 (written twice, once with a space), 民生委員協議会
	platform("北地区つながり会議", map[string]any{"name": "包括", "organization_id": e.orgs["houkatsu"].ID, "role": "事務局"},
		map[string]any{"name": "kurashi機関", "role": "委員"}, map[string]any{"name": "北町自治会", "role": "会長"})
	platform("南地区支え合い会議", map[string]any{"name": "包括", "organization_id": e.orgs["houkatsu"].ID, "role": "委員"},
		map[string]any{"name": "くらし", "organization_id": e.orgs["kurashi"].ID, "role": "委員"},
		map[string]any{"name": "北町 自治会", "role": "委員"}, map[string]any{"name": "民生委員協議会", "role": "委員"})

	// the municipal administrator sets the targets and the population; a
	// worker may not
	for ind, n := range map[string]int64{report.IndConsultations: 4, report.IndSankaPersons: 3, report.IndHosts: 0} {
		if r := e.api("POST", "/api/v1/reports/targets", admin, map[string]any{"fiscal_year": 2026, "indicator": ind, "target": n}); r.StatusCode != 200 {
			t.Fatalf("target %s: %d %s", ind, r.StatusCode, r.Body)
		}
	}
	if r := e.api("POST", "/api/v1/reports/populations", tok, map[string]any{"fiscal_year": 2026, "population": 68405}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a worker sets the population: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/reports/populations", admin, map[string]any{"fiscal_year": 2026, "population": 0, "as_of": "令和8年2月30日"}); r.StatusCode != 422 ||
		r.JSON(t)["errors"].(map[string]any)["population"] == nil || r.JSON(t)["errors"].(map[string]any)["as_of"] == nil {
		t.Fatalf("bad population: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/reports/populations", admin, map[string]any{"fiscal_year": 2026, "population": 68405, "as_of": "令和8年4月1日", "note": "住民基本台帳"}); r.StatusCode != 200 ||
		r.JSON(t)["as_of"] != "2026-04-01" || r.JSON(t)["version"] != float64(1) {
		t.Fatalf("population: %d %s", r.StatusCode, r.Body)
	}

	e.clock.set(time.Date(2026, 6, 25, 1, 0, 0, 0, time.UTC))
	for id, on := range map[string]string{mb: "2026-06-10", mc: "2026-06-20"} {
		if r := e.api("POST", "/api/v1/participation-matches/"+id+"/transitions", tok, map[string]any{"to": "ended", "on": on, "reason": "本人の希望"}); r.StatusCode != 200 {
			t.Fatalf("end match: %d %s", r.StatusCode, r.Body)
		}
	}
	// after the year (令和9年度): a new host, a new member, a new match
	e.clock.set(time.Date(2027, 4, 2, 1, 0, 0, 0, time.UTC))
	tok, admin = e.token("worker"), e.token("admin")
	e.mkResource(tok, map[string]any{"name": "NPOはたらく", "kind": "NPO", "accepts_participants": true, "menus": []string{"事務補助"}})
	platform("新しい会議", map[string]any{"name": "新しい機関", "role": "委員"})
	propose(d, farm, "農作業体験")

	set, by := e.indicatorsOf(tok, "R8")
	if set.Population == nil || *set.Population != 68405 || set.PopulationYear != 2026 || set.PopulationAsOf != "2026-04-01" {
		t.Fatalf("population: %+v", set)
	}
	f := func(x float64) *float64 { return &x }
	i := func(x int64) *int64 { return &x }
	for _, want := range []report.Indicator{
		{Key: report.IndConsultations, Actual: 2, Target: i(4), Percent: f(50), ActualPer100k: f(2.9), TargetPer100k: f(5.8)},
		{Key: report.IndSankaPersons, Actual: 2, Target: i(3), Percent: f(66.6), ActualPer100k: f(2.9), TargetPer100k: f(4.3)},
		{Key: report.IndHosts, Actual: 2, Target: i(0), ActualPer100k: f(2.9), TargetPer100k: f(0)},
		{Key: report.IndPlaces, Actual: 2, ActualPer100k: f(2.9)},
		{Key: report.IndParticipants, Actual: 20, ActualPer100k: f(29.2)},
		{Key: report.IndPlatformOrgs, Actual: 4, ActualPer100k: f(5.8)},
	} {
		got := by[want.Key]
		if got.Actual != want.Actual || !sameInt(got.Target, want.Target) || !sameFloat(got.Percent, want.Percent) ||
			!sameFloat(got.ActualPer100k, want.ActualPer100k) || !sameFloat(got.TargetPer100k, want.TargetPer100k) {
			t.Errorf("令和8年度 %s: 実績 %d 目標 %v 達成率 %v 10万人あたり %v/%v; want %d %v %v %v/%v", want.Key, got.Actual, deref(got.Target), deref(got.Percent),
				deref(got.ActualPer100k), deref(got.TargetPer100k), want.Actual, deref(want.Target), deref(want.Percent), deref(want.ActualPer100k), deref(want.TargetPer100k))
		}
	}
	// 令和9年度: a's match goes on, b's and c's ended in 令和8年度, d's is
	// new; the stock grew; the population is 令和8年度's (none set for 9)
	set, by = e.indicatorsOf(tok, "R9")
	if set.PopulationYear != 2026 || by[report.IndSankaPersons].Actual != 2 || by[report.IndHosts].Actual != 3 || by[report.IndPlaces].Actual != 2 ||
		by[report.IndPlatformOrgs].Actual != 5 || by[report.IndParticipants].Actual != 0 || by[report.IndConsultations].Target != nil {
		t.Errorf("令和9年度: %+v %+v", set, by)
	}
	// 令和7年度: no population set for it or before
	if set, by := e.indicatorsOf(tok, "R7"); set.Population != nil || by[report.IndConsultations].Actual != 1 || by[report.IndConsultations].ActualPer100k != nil ||
		by[report.IndParticipants].Actual != 5 {
		t.Errorf("令和7年度: %+v %+v", set, by)
	}

	// the page shows the set with the population; the targets page takes
	// the population, and bad input comes back beside the field, kept
	br := e.browser()
	br.login("worker")
	page := text(br.get("/reports/annual?fiscal_year=R8").Body)
	for _, want := range []string{"重層的支援体制整備事業実施計画の評価指標", "参加支援の支援対象者数（実人数）", "協力事業者数", "参加機関数",
		"68,405人（令和8年4月1日 (2026) 現在、令和8年度（2026年度）の設定）", "66.6", "29.2"} {
		if !strings.Contains(page, want) {
			t.Errorf("annual page lacks %q", want)
		}
	}
	if p := text(br.get("/reports/targets?fiscal_year=2026").Body); !strings.Contains(p, "人口（人口10万人あたりの値の基礎）") || strings.Contains(p, "人口を保存") {
		t.Errorf("targets page for a worker: %s", p)
	}
	ab := e.browser()
	ab.login("admin")
	r := ab.post("/reports/populations", url.Values{"fiscal_year": {"2027"}, "version": {"0"}, "population": {"六万"}, "as_of": {"R9.4.1"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, `id="f-population-error"`) || !strings.Contains(r.Body, "人口は1以上2000万以下の整数で入力してください。") ||
		!strings.Contains(r.Body, `value="六万"`) || !strings.Contains(r.Body, `value="R9.4.1"`) {
		t.Fatalf("bad population on the page: %d %s", r.StatusCode, text(r.Body))
	}
	if r := ab.post("/reports/populations", url.Values{"fiscal_year": {"2027"}, "version": {"0"}, "population": {"６７，９９０"}, "as_of": {"R9.4.1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("population on the page: %d %s", r.StatusCode, text(r.Body))
	}
	if set, _ := e.indicatorsOf(tok, "R9"); set.Population == nil || *set.Population != 67990 || set.PopulationYear != 2027 || set.PopulationAsOf != "2027-04-01" {
		t.Fatalf("令和9年度 population after the page: %+v", set)
	}
	if p := text(ab.get("/reports/targets?fiscal_year=2027").Body); !strings.Contains(p, "67,990人") || !strings.Contains(p, "人口を保存") || !strings.Contains(p, "参加機関数") {
		t.Errorf("targets page for the administrator: %s", p)
	}
	if r := e.api("GET", "/api/v1/reports/populations", tok, nil); r.StatusCode != 200 || !strings.Contains(r.Body, `"population":67990`) || !strings.Contains(r.Body, `"population":68405`) {
		t.Fatalf("populations: %d %s", r.StatusCode, r.Body)
	}
}

func sameInt(a, b *int64) bool     { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func sameFloat(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
