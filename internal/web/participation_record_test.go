package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Participation belongs in the record: a match's state changes carry the
// day they happened; its retention and host-support logs appear in the
// support record of the person's case as 参加支援 (only where the case's
// records are read) and count once each in the annual report.
func TestParticipationInTheRecord(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	hostOrg, host := e.hostUser()
	farm := e.mkResource(tok, map[string]any{"name": "みどり農園", "kind": "農園", "host_organization_id": hostOrg, "accepts_participants": true,
		"menus": []string{"農作業体験", "直売所の手伝い"}})
	pid := e.mkPerson(tok, yamada)
	caseID := e.caseOn(tok, pid, "2026-04-10", "konkyu")
	// the menu is one of the host's
	if r := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": pid, "resource_id": farm, "menu": "清掃"}); r.StatusCode != 422 ||
		!strings.Contains(r.Body, "農作業体験・直売所の手伝い") {
		t.Fatalf("a menu the host does not offer: %d %s", r.StatusCode, r.Body)
	}
	pb := e.browser()
	pb.login("worker")
	if p := pb.get("/persons/" + pid + "/participation"); !strings.Contains(p.Body, `value="`+farm+`|直売所の手伝い"`) || !strings.Contains(p.Body, "みどり農園: 直売所の手伝い") {
		t.Fatalf("the proposal does not offer the host's menus: %s", text(p.Body))
	}
	if r := pb.post("/participation-matches", url.Values{"person_id": {pid}, "pick": {farm + "|直売所の手伝い"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("proposal with a host menu: %d %s", r.StatusCode, text(r.Body))
	}
	m := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": pid, "resource_id": farm, "menu": "農作業体験"})
	if m.StatusCode != 201 {
		t.Fatalf("match: %d %s", m.StatusCode, m.Body)
	}
	mid := m.JSON(t)["id"].(string)
	move := func(to, on, reason string) resp {
		return e.api("POST", "/api/v1/participation-matches/"+mid+"/transitions", tok, map[string]any{"to": to, "on": on, "reason": reason})
	}
	// proposed today (2026-06-01): a trial cannot start before that, nor in the future
	if r := move("trial", "2026-05-20", ""); r.StatusCode != 422 || !strings.Contains(r.Body, "提案日") {
		t.Fatalf("trial before the proposal: %d %s", r.StatusCode, r.Body)
	}
	if r := move("trial", "2026-06-05", ""); r.StatusCode != 422 || !strings.Contains(r.Body, "未来") {
		t.Fatalf("trial in the future: %d %s", r.StatusCode, r.Body)
	}
	e.clock.Add(20 * 24 * 3600e9) // 2026-06-21
	if r := move("trial", "R8.6.3", ""); r.StatusCode != 200 || r.JSON(t)["trial_on"] != "2026-06-03" {
		t.Fatalf("dated trial: %d %s", r.StatusCode, r.Body)
	}
	b := e.browser()
	b.login("worker")
	if r := b.post("/participation-matches/"+mid+"/transitions", url.Values{"to": {"placed"}, "on": {"2026-06-01"}, "version": {"2"}}); r.StatusCode != 422 ||
		!strings.Contains(r.Body, "体験開始日") {
		t.Fatalf("placed before the trial (page): %d %s", r.StatusCode, text(r.Body))
	}
	if r := b.post("/participation-matches/"+mid+"/transitions", url.Values{"to": {"placed"}, "on": {"2026-06-15"}, "version": {"2"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("placed (page): %d %s", r.StatusCode, text(r.Body))
	}
	if r := e.api("GET", "/api/v1/participation-matches/"+mid, tok, nil); r.JSON(t)["placed_on"] != "2026-06-15" {
		t.Fatalf("placed_on: %s", r.Body)
	}
	for _, l := range []struct {
		tok  string
		body map[string]any
	}{
		{tok, map[string]any{"kind": "retention", "at": "2026-06-16T10:00", "method": "面談", "note": "作業に慣れてきた"}},
		{host, map[string]any{"kind": "host_support", "at": "2026-06-17T15:00", "method": "電話", "note": "声かけの仕方を相談された"}},
	} {
		if r := e.api("POST", "/api/v1/participation-matches/"+mid+"/logs", l.tok, l.body); r.StatusCode != 201 {
			t.Fatalf("log: %d %s", r.StatusCode, r.Body)
		}
	}
	// a contact of 参加支援 written on the case as well
	e.contactAt(tok, caseID, "2026-06-18T09:00:00+09:00", "sanka", "konkyu", 30)

	page := text(b.get("/cases/" + caseID).Body)
	for _, want := range []string{"【参加支援・定着支援（本人）】メニュー: 農作業体験", "作業に慣れてきた", "【参加支援・受け入れ先支援】", "参加先: みどり農園", "記録: 農園 担当"} {
		if !strings.Contains(page, want) {
			t.Fatalf("case record lacks %q: %s", want, page)
		}
	}
	cs := e.api("GET", "/api/v1/cases/"+caseID+"/contacts", tok, nil)
	if cs.StatusCode != 200 || strings.Count(cs.Body, `"source":"participation_log"`) != 2 || !strings.Contains(cs.Body, `"jigyo":"sanka"`) {
		t.Fatalf("contacts API: %s", cs.Body)
	}
	// an organization outside the case reads none of it
	if r := e.api("GET", "/api/v1/cases/"+caseID+"/contacts", e.token("worker2"), nil); r.StatusCode != 404 || strings.Contains(r.Body, "作業に慣れてきた") {
		t.Fatalf("outsider: %d %s", r.StatusCode, r.Body)
	}

	// the annual report: 3 records of 参加支援 in June (2 logs + 1 contact), each once
	a := e.annual(e.token("coord"), "2026")
	months, total := a.row(t, "contacts", "jigyo", "sanka")
	if total != 3 || months[2] != 3 {
		t.Fatalf("参加支援 in the report: %v %d", months, total)
	}
	if _, all := a.row(t, "contacts", "", ""); all != 3 {
		t.Fatalf("total of the records: %d", all)
	}
	// the drill-down lists them to the organization that wrote them
	rec := e.api("GET", "/api/v1/reports/annual/records?fiscal_year=2026&section=contacts&jigyo=sanka", tok, nil)
	if rec.StatusCode != 200 || !strings.Contains(rec.Body, `"total":3`) || !strings.Contains(rec.Body, "定着支援（本人）（みどり農園）") {
		t.Fatalf("drill-down: %d %s", rec.StatusCode, rec.Body)
	}
}
