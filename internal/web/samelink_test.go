package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kasane/internal/sqldb"
)

// knownSon: houkatsu knows a household (mother and son) and has a case on
// each; returns the son's record and houkatsu's household and cases.
func (e *env) knownSon() (son, household, motherCase, sonCase string) {
	e.t.Helper()
	tok := e.token("worker")
	mother := e.mkPerson(tok, map[string]any{"family_name": "山田", "given_name": "ハナ", "family_name_kana": "ヤマダ", "given_name_kana": "ハナ",
		"birth_date": "S20.1.1", "sex": "female", "address": map[string]any{"street": "桜町1-1〔K〕"}, "phone": "090-1111-0000"})
	son = e.mkPerson(tok, map[string]any{"family_name": "山田", "given_name": "次郎", "family_name_kana": "ヤマダ", "given_name_kana": "ジロウ",
		"birth_date": "S50.5.5", "sex": "male", "address": map[string]any{"street": "桜町1-1〔K〕"}, "phone": "090-1111-2222"})
	r := e.api("POST", "/api/v1/households", tok, map[string]any{"label": "山田さん世帯〔K〕", "kind": "二世代"})
	household = r.JSON(e.t)["id"].(string)
	for _, m := range []struct{ id, rel string }{{mother, "本人"}, {son, "子"}} {
		if r := e.api("POST", "/api/v1/households/"+household+"/members", tok, map[string]any{"person_id": m.id, "relationship": m.rel}); r.StatusCode != 201 {
			e.t.Fatalf("member: %s", r.Body)
		}
	}
	mk := func(p string) string {
		r := e.api("POST", "/api/v1/cases", tok, map[string]any{"focus_person_id": p, "household_id": household, "received_on": "2026-05-01", "route": "家族",
			"method": "来所", "bunya": []string{"kaigo"}, "complaint": "8050の相談〔K〕"})
		if r.StatusCode != 201 {
			e.t.Fatalf("case: %s", r.Body)
		}
		return r.JSON(e.t)["id"].(string)
	}
	return son, household, mk(mother), mk(son)
}

var jiro = map[string]any{"family_name": "山田", "given_name": "次郎", "family_name_kana": "やまだ", "given_name_kana": "じろう",
	"birth_date": "1975-05-05", "sex": "male", "phone": "080-9999-0000"}

// TestRegisterKnownPersonAsOwn (issue 22): an agency receiving the son of a
// household another agency knows registers its own record linked by 名寄せ
// and opens its own case; the other agency's data stays unreadable both
// ways, the annual report counts the son once, and doing it twice adds
// nothing.
func TestRegisterKnownPersonAsOwn(t *testing.T) {
	e := newEnv(t)
	son, household, motherCase, sonCase := e.knownSon()
	kt, ht := e.token("worker2"), e.token("worker")

	// the hit: known, not readable; a case on it is refused with the way on
	s := e.api("GET", "/api/v1/persons?q="+url.QueryEscape("山田次郎"), kt, nil)
	if !strings.Contains(s.Body, son) || strings.Contains(s.Body, `"visible":true`) {
		t.Fatalf("search before: %s", s.Body)
	}
	if r := e.api("POST", "/api/v1/cases", kt, map[string]any{"focus_person_id": son, "received_on": "2026-06-01", "route": "本人", "method": "電話",
		"bunya": []string{"konkyu"}, "complaint": "就労の相談"}); r.StatusCode != 422 || !strings.Contains(r.Body, "same_as_person_id") {
		t.Fatalf("case on the known record: %d %s", r.StatusCode, r.Body)
	}

	// refusals: a name that is not the hit's; houkatsu's own record
	bad := map[string]any{"same_as_person_id": son}
	for k, v := range jiro {
		bad[k] = v
	}
	bad["given_name"], bad["given_name_kana"] = "三郎", "サブロウ"
	if r := e.api("POST", "/api/v1/persons", kt, bad); r.StatusCode != 422 || r.JSON(t)["errors"].(map[string]any)["same_as_person_id"] == nil {
		t.Fatalf("other name: %d %s", r.StatusCode, r.Body)
	}
	own := map[string]any{"same_as_person_id": son}
	for k, v := range jiro {
		own[k] = v
	}
	if r := e.api("POST", "/api/v1/persons", ht, own); r.StatusCode != 422 || !strings.Contains(r.Body, "自機関が登録した記録です") {
		t.Fatalf("own record: %d %s", r.StatusCode, r.Body)
	}

	// kurashi registers its own record of what it heard, linked
	r := e.api("POST", "/api/v1/persons", kt, own)
	if r.StatusCode != 201 {
		t.Fatalf("register: %d %s", r.StatusCode, r.Body)
	}
	p := r.JSON(t)
	mine := p["id"].(string)
	if p["registered_by_organization_id"] != e.orgs["kurashi"].ID || p["same_as_person_id"] != son || p["phone"] != "080-9999-0000" || strings.Contains(r.Body, "桜町") {
		t.Fatalf("registered: %s", r.Body)
	}
	cr := e.api("POST", "/api/v1/cases", kt, map[string]any{"focus_person_id": mine, "received_on": "2026-06-01", "route": "本人", "method": "電話",
		"bunya": []string{"konkyu"}, "complaint": "就労の相談"})
	if cr.StatusCode != 201 {
		t.Fatalf("own case: %d %s", cr.StatusCode, cr.Body)
	}
	myCase := cr.JSON(t)["id"].(string)

	check := func(when string) {
		t.Helper()
		// kurashi reads nothing of houkatsu's: person, household, cases, duplicates
		for _, path := range []string{"/api/v1/persons/" + son, "/api/v1/households/" + household, "/api/v1/cases/" + motherCase, "/api/v1/cases/" + sonCase,
			"/api/v1/cases/" + sonCase + "/contacts", "/api/v1/persons/" + son + "/duplicates"} {
			if r := e.api("GET", path, kt, nil); r.StatusCode != 404 && r.StatusCode != 403 {
				t.Fatalf("%s: kurashi reads %s: %d %s", when, path, r.StatusCode, r.Body)
			}
		}
		// nor houkatsu kurashi's
		for _, path := range []string{"/api/v1/persons/" + mine, "/api/v1/cases/" + myCase, "/api/v1/persons/" + mine + "/duplicates"} {
			if r := e.api("GET", path, ht, nil); r.StatusCode != 404 && r.StatusCode != 403 {
				t.Fatalf("%s: houkatsu reads %s: %d %s", when, path, r.StatusCode, r.Body)
			}
		}
		// search shows the person once: to each its own record, readable;
		// no address or phone of the other's
		for _, x := range []struct{ tok, want, not string }{{kt, mine, son}, {ht, son, mine}} {
			s := e.api("GET", "/api/v1/persons?q="+url.QueryEscape("山田次郎"), x.tok, nil)
			items := s.JSON(t)["items"].([]any)
			if len(items) != 1 || items[0].(map[string]any)["id"] != x.want || items[0].(map[string]any)["visible"] != true || strings.Contains(s.Body, x.not) {
				t.Fatalf("%s: search: %s", when, s.Body)
			}
		}
		if s := e.api("GET", "/api/v1/persons?q="+url.QueryEscape("山田次郎"), kt, nil); strings.Contains(s.Body, "桜町") || strings.Contains(s.Body, "090-1111-2222") {
			t.Fatalf("%s: kurashi's search shows houkatsu's data: %s", when, s.Body)
		}
		// nor who else works with the person (rule 0: the link was kurashi's
		// own request): no linked group, no organization named, either way
		for _, x := range []struct{ tok, id, other string }{{kt, mine, e.orgs["houkatsu"].Name}, {ht, son, e.orgs["kurashi"].Name}} {
			if s := e.api("GET", "/api/v1/persons?q="+url.QueryEscape("山田次郎"), x.tok, nil); strings.Contains(s.Body, x.other) || strings.Contains(s.Body, `"linked_known_by":[`) {
				t.Fatalf("%s: search names the other organization: %s", when, s.Body)
			}
			if l := e.api("GET", "/api/v1/persons/"+x.id+"/links", x.tok, nil); l.StatusCode != 200 || strings.Contains(l.Body, x.other) || strings.Contains(l.Body, "閲覧権限なし") {
				t.Fatalf("%s: links name the other record: %d %s", when, l.StatusCode, l.Body)
			}
		}
		// kurashi's person page names no household of houkatsu's
		b := e.browser()
		b.login("worker2")
		if pg := b.get("/persons/" + mine); pg.StatusCode != 200 || strings.Contains(pg.Body, "〔K〕") || strings.Contains(pg.Body, household) {
			t.Fatalf("%s: person page: %d %s", when, pg.StatusCode, text(pg.Body))
		}
		// the annual report counts the son once
		a := e.annualPersons(kt, "2026")
		if got := a.counts(t, "new_consultations", "", ""); got[0] != 3 || got[1] != 2 {
			t.Fatalf("%s: 延べ/実人数/世帯数 %v, want 3 cases of 2 persons", when, got)
		}
	}
	check("after the link")

	// twice: the same record back, nothing new
	r = e.api("POST", "/api/v1/persons", kt, own)
	if r.StatusCode != 200 || r.JSON(t)["id"] != mine || r.JSON(t)["existing_record"] != true {
		t.Fatalf("twice: %d %s", r.StatusCode, r.Body)
	}
	check("after the second registration")

	// audited: the link, with its origin
	evs, err := e.db.AuditEvents(context.Background(), sqldb.ActorFor(e.users["privacy"]), sqldb.AuditFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	links := 0
	for _, ev := range evs {
		if ev.ObjectType == "duplicate_decision" && strings.Contains(ev.Reason, "registration") {
			links++
		}
	}
	if links != 1 {
		t.Fatalf("%d audited registration links, want 1", links)
	}
}

// TestRegisterKnownPersonPage: the registration check offers, beside the
// hit another agency knows, 「この相談を自機関の記録として登録する」; it goes
// on to the intake of the agency's own case.
func TestRegisterKnownPersonPage(t *testing.T) {
	e := newEnv(t)
	son, _, _, _ := e.knownSon()
	b := e.browser()
	b.login("kodomo")
	form := url.Values{"family_name": {"山田"}, "given_name": {"次郎"}, "family_name_kana": {"やまだ"}, "given_name_kana": {"じろう"}, "birth_date": {"S50.5.5"}, "sex": {"male"}}
	r := b.post("/persons", form)
	if r.StatusCode != 200 || !strings.Contains(r.Body, `name="same_as_person_id" value="`+son+`"`) || !strings.Contains(text(r.Body), "この相談を自機関の記録として登録する（同一人物として名寄せ）") {
		t.Fatalf("candidates: %d\n%s", r.StatusCode, text(r.Body))
	}
	// the search offers the same from the hit
	if s := b.get("/persons?q=" + url.QueryEscape("山田次郎")); !strings.Contains(s.Body, "/persons/new?same_as_person_id="+son) {
		t.Fatalf("search: %s", text(s.Body))
	}
	if f := b.get("/persons/new?same_as_person_id=" + son); !strings.Contains(text(f.Body), "他機関が把握している方を、自機関の記録として登録します") || !strings.Contains(f.Body, `type="hidden" name="same_as_person_id"`) {
		t.Fatalf("form from the search: %s", text(f.Body))
	}
	// a mistake keeps what was typed, with the message beside it
	wrong := url.Values{"same_as_person_id": {son}, "confirmed_new": {"1"}, "family_name": {"田中"}, "family_name_kana": {"タナカ"}, "phone": {"080-1"}}
	r = b.post("/persons", wrong)
	if r.StatusCode != 422 || !strings.Contains(text(r.Body), "名寄せする方と一致しません") || !strings.Contains(r.Body, `value="田中"`) {
		t.Fatalf("wrong: %d\n%s", r.StatusCode, text(r.Body))
	}
	form.Set("same_as_person_id", son)
	form.Set("confirmed_new", "1")
	r = b.post("/persons", form)
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/cases/new?person_id=") || !strings.HasSuffix(loc, "done=linked") {
		t.Fatalf("register: %d %s %s", r.StatusCode, loc, text(r.Body))
	}
	intake := b.get(loc)
	if body := text(intake.Body); intake.StatusCode != 200 || !strings.Contains(body, "他機関が把握している記録と名寄せしました") || !strings.Contains(body, "山田 次郎") {
		t.Fatalf("intake: %d\n%s", intake.StatusCode, body)
	}
	// twice from the page: the intake of the same record
	r = b.post("/persons", form)
	if r.Header.Get("Location") != strings.Replace(loc, "done=linked", "done=linked_existing", 1) {
		t.Fatalf("twice: %s, first %s", r.Header.Get("Location"), loc)
	}
}
