package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kasane/internal/sqldb/sqldbtest"
)

// liaisonEnv adds a 税務課 (municipal_section) with a 庁内つなぎ担当.
func (e *env) liaisonEnv() (liaison string) {
	e.t.Helper()
	e.orgs["zeimu"] = sqldbtest.Org(e.t, e.db, e.sys, "税務課", "municipal_section")
	e.addUser("liaison", "zeimu", "liaison")
	return e.token("liaison")
}

var liaisonPerson = map[string]any{"family_name": "水野", "given_name": "誠〔L1〕", "family_name_kana": "みずの", "given_name_kana": "まこと",
	"birth_date": "S55.7.1", "sex": "male", "address": map[string]any{"postal_code": "123-4567", "prefecture": "架空県", "city": "かさね市", "street": "水道町9-9〔L1〕"},
	"phone": "090-5555-0001"}

func (e *env) sendLiaison(tok, to string, extra map[string]any) map[string]any {
	e.t.Helper()
	body := map[string]any{"person": liaisonPerson, "to_organization_id": e.orgs[to].ID, "concern": "水道料金の滞納が続き、生活が苦しいと話していた〔C1〕", "consent": "口頭"}
	for k, v := range extra {
		body[k] = v
	}
	r := e.api("POST", "/api/v1/liaison-referrals", tok, body)
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("send: %d %s", r.StatusCode, r.Body)
	}
	return r.JSON(e.t)
}

// TestLiaisonReferralAPI: a section's liaison registers the person and
// sends the つなぎ票; the 相談窓口 accepts it into its own case on its own
// record (route 庁内他課, the section as 紹介元機関) or declines it; the
// section reads only what it wrote and the answer.
func TestLiaisonReferralAPI(t *testing.T) {
	e := newEnv(t)
	lt := e.liaisonEnv()
	kurashi, houkatsu := e.token("worker2"), e.token("worker")

	// every problem at once, with the person's fields named as in the body
	r := e.api("POST", "/api/v1/liaison-referrals", lt, map[string]any{"person": map[string]any{"family_name": "水野", "family_name_kana": "Mizuno", "birth_date": "平成31年5月1日"},
		"to_organization_id": e.orgs["kurashi"].ID})
	errs, _ := r.JSON(t)["errors"].(map[string]any)
	if r.StatusCode != 422 || errs["person.family_name_kana"] == nil || errs["person.birth_date"] == nil || errs["concern"] == nil || errs["consent"] == nil {
		t.Fatalf("invalid: %d %s", r.StatusCode, r.Body)
	}
	for _, bad := range []struct{ to, why string }{{"zeimu", "自分の課"}, {"npo", "相談を受ける機関ではありません"}} {
		if bad.to == "npo" {
			e.orgs["npo"] = sqldbtest.Org(t, e.db, e.sys, "まちづくりNPO", "community_building")
		}
		r := e.api("POST", "/api/v1/liaison-referrals", lt, map[string]any{"person": liaisonPerson, "to_organization_id": e.orgs[bad.to].ID, "concern": "x", "consent": "なし"})
		if r.StatusCode != 422 || !strings.Contains(r.Body, bad.why) {
			t.Fatalf("to %s: %d %s", bad.to, r.StatusCode, r.Body)
		}
	}
	if r := e.api("POST", "/api/v1/liaison-referrals", lt, map[string]any{"person": map[string]any{"family_name": "水野", "family_name_kana": "ミズノ", "dv_protected": true},
		"to_organization_id": e.orgs["kurashi"].ID, "concern": "x", "consent": "なし"}); r.StatusCode != 422 || r.JSON(t)["errors"].(map[string]any)["person.dv_protected"] == nil {
		t.Fatalf("dv: %d %s", r.StatusCode, r.Body)
	}
	// only a liaison sends; a worker of a consultation organization cannot
	if r := e.api("POST", "/api/v1/liaison-referrals", houkatsu, map[string]any{"person": liaisonPerson, "to_organization_id": e.orgs["kurashi"].ID, "concern": "x", "consent": "なし"}); r.StatusCode != 403 {
		t.Fatalf("worker sends: %d %s", r.StatusCode, r.Body)
	}

	// the server's fields are never taken from the request
	sent := e.postIgnoring(lt, "/api/v1/liaison-referrals", 201, map[string]any{"person": liaisonPerson, "to_organization_id": e.orgs["kurashi"].ID,
		"concern": "水道料金の滞納が続き、生活が苦しいと話していた〔C1〕", "consent": "口頭"},
		map[string]any{"status": "accepted", "case_id": "junk-case", "from_organization_id": e.orgs["houkatsu"].ID, "sent_by_user_id": "junk-user",
			"decline_reason": "偽の理由", "due_on": "2001-01-01", "receiver_person_id": "junk-person"})
	rid, sectionPerson := sent["id"].(string), sent["person_id"].(string)
	if sent["status"] != "pending" || sent["person_name"] != "水野 誠〔L1〕" || sent["due_on"] != "2026-06-08" || sent["to_organization_name"] != "kurashi機関" {
		t.Fatalf("sent: %v", sent)
	}

	// the liaison reads its list and the person's name it typed, and nothing else of the person
	if r := e.api("GET", "/api/v1/persons/"+sectionPerson, lt, nil); r.StatusCode != 403 {
		t.Fatalf("liaison reads the person: %d", r.StatusCode)
	}
	if r := e.api("GET", "/api/v1/persons?q="+url.QueryEscape("水野"), lt, nil); r.StatusCode != 200 || strings.Contains(r.Body, `"visible":true`) || strings.Contains(r.Body, "水道町") {
		t.Fatalf("liaison search: %d %s", r.StatusCode, r.Body)
	}
	// another consultation organization does not see the つなぎ票
	if r := e.api("GET", "/api/v1/liaison-referrals/"+rid, houkatsu, nil); r.StatusCode != 404 {
		t.Fatalf("outsider: %d", r.StatusCode)
	}
	if l := e.api("GET", "/api/v1/liaison-referrals", houkatsu, nil); strings.Contains(l.Body, rid) {
		t.Fatalf("outsider list: %s", l.Body)
	}
	// the receiver reads what the section typed
	in := e.api("GET", "/api/v1/liaison-referrals/"+rid, kurashi, nil)
	if in.StatusCode != 200 || !strings.Contains(in.Body, "水道町9-9〔L1〕") || !strings.Contains(in.Body, "090-5555-0001") {
		t.Fatalf("receiver: %d %s", in.StatusCode, in.Body)
	}
	// but not the section's person record (rule 0: it opens its own)
	if r := e.api("GET", "/api/v1/persons/"+sectionPerson, kurashi, nil); r.StatusCode != 404 {
		t.Fatalf("receiver reads the section's record: %d", r.StatusCode)
	}

	// only the receiver answers
	if r := e.api("POST", "/api/v1/liaison-referrals/"+rid+"/accept", houkatsu, map[string]any{"method": "電話", "bunya": []string{"konkyu"}}); r.StatusCode != 404 {
		t.Fatalf("outsider accepts: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/liaison-referrals/"+rid+"/accept", lt, map[string]any{"method": "電話", "bunya": []string{"konkyu"}}); r.StatusCode != 403 {
		t.Fatalf("sender accepts: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/liaison-referrals/"+rid+"/accept", kurashi, map[string]any{"method": "伝書鳩"}); r.StatusCode != 422 || r.JSON(t)["errors"].(map[string]any)["bunya"] == nil {
		t.Fatalf("accept invalid: %d %s", r.StatusCode, r.Body)
	}
	acc := e.api("POST", "/api/v1/liaison-referrals/"+rid+"/accept", kurashi, map[string]any{"method": "電話", "bunya": []string{"konkyu"}, "problems": []string{"経済的困窮"}})
	if acc.StatusCode != 200 {
		t.Fatalf("accept: %d %s", acc.StatusCode, acc.Body)
	}
	a := acc.JSON(t)
	cid, own := a["case_id"].(string), a["receiver_person_id"].(string)
	if a["status"] != "accepted" || cid == "" || own == "" || own == sectionPerson {
		t.Fatalf("accepted: %v", a)
	}
	c := e.api("GET", "/api/v1/cases/"+cid, kurashi, nil).JSON(t)
	if c["route"] != "庁内他課（税・国保・水道等）" || c["referring_organization_id"] != e.orgs["zeimu"].ID || c["focus_person_id"] != own ||
		c["complaint"] != "水道料金の滞納が続き、生活が苦しいと話していた〔C1〕" || c["lead_organization_id"] != e.orgs["kurashi"].ID {
		t.Fatalf("case: %v", c)
	}
	p := e.api("GET", "/api/v1/persons/"+own, kurashi, nil).JSON(t)
	if p["registered_by_organization_id"] != e.orgs["kurashi"].ID || p["family_name_kana"] != "ミズノ" || p["address"].(map[string]any)["street"] != "水道町9-9〔L1〕" {
		t.Fatalf("receiver's own record: %v", p)
	}
	if r := e.api("POST", "/api/v1/liaison-referrals/"+rid+"/accept", kurashi, map[string]any{"method": "電話", "bunya": []string{"konkyu"}}); r.StatusCode != 422 {
		t.Fatalf("accepted twice: %d %s", r.StatusCode, r.Body)
	}

	// the section reads the answer, never the case
	back := e.api("GET", "/api/v1/liaison-referrals/"+rid, lt, nil)
	if back.StatusCode != 200 || back.JSON(t)["status"] != "accepted" || strings.Contains(back.Body, cid) || strings.Contains(back.Body, own) ||
		strings.Contains(back.Body, "090-5555-0001") || back.JSON(t)["person_name"] != "水野 誠〔L1〕" {
		t.Fatalf("sender after accept: %s", back.Body)
	}
	for _, path := range []string{"/api/v1/cases/" + cid, "/api/v1/persons/" + own, "/api/v1/cases/" + cid + "/contacts"} {
		if r := e.api("GET", path, lt, nil); r.StatusCode != 404 && r.StatusCode != 403 {
			t.Fatalf("liaison %s: %d %s", path, r.StatusCode, r.Body)
		}
	}

	// the same person again (person_id of the earlier つなぎ票): the
	// receiver's case goes on its record already linked, no new record
	again := e.sendLiaison(lt, "kurashi", map[string]any{"person": nil, "person_id": sectionPerson})
	acc2 := e.api("POST", "/api/v1/liaison-referrals/"+again["id"].(string)+"/accept", kurashi, map[string]any{"method": "来所", "bunya": []string{"konkyu"}})
	if acc2.StatusCode != 200 || acc2.JSON(t)["receiver_person_id"] != own {
		t.Fatalf("second accept: %d %s", acc2.StatusCode, acc2.Body)
	}
	// the receiver names a record of its own; another's is refused
	known := e.mkPerson(kurashi, map[string]any{"family_name": "森", "given_name": "一", "family_name_kana": "モリ", "given_name_kana": "ハジメ"})
	third := e.sendLiaison(lt, "kurashi", map[string]any{"person": map[string]any{"family_name": "森", "given_name": "一", "family_name_kana": "もり"}})
	if r := e.api("POST", "/api/v1/liaison-referrals/"+third["id"].(string)+"/accept", kurashi, map[string]any{"person_id": sectionPerson, "method": "来所", "bunya": []string{"konkyu"}}); r.StatusCode != 422 || r.JSON(t)["errors"].(map[string]any)["person_id"] == nil {
		t.Fatalf("accept on the section's record: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/liaison-referrals/"+third["id"].(string)+"/accept", kurashi, map[string]any{"person_id": known, "method": "来所", "bunya": []string{"konkyu"}}); r.StatusCode != 200 || r.JSON(t)["receiver_person_id"] != known {
		t.Fatalf("accept on its own record: %d %s", r.StatusCode, r.Body)
	}
	// a person_id the section did not send before is refused (rule 0)
	if r := e.api("POST", "/api/v1/liaison-referrals", lt, map[string]any{"person_id": own, "to_organization_id": e.orgs["kurashi"].ID, "concern": "x", "consent": "なし"}); r.StatusCode != 422 || r.JSON(t)["errors"].(map[string]any)["person_id"] == nil {
		t.Fatalf("foreign person_id: %d %s", r.StatusCode, r.Body)
	}

	// declined by another 相談窓口: the section reads the reason
	d := e.sendLiaison(lt, "houkatsu", nil)
	if r := e.api("POST", "/api/v1/liaison-referrals/"+d["id"].(string)+"/decline", houkatsu, map[string]any{}); r.StatusCode != 422 {
		t.Fatalf("decline without reason: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/liaison-referrals/"+d["id"].(string)+"/decline", houkatsu, map[string]any{"reason": "担当地区外のため、くらしサポートへご案内ください"}); r.StatusCode != 200 {
		t.Fatalf("decline: %d %s", r.StatusCode, r.Body)
	}
	list := e.api("GET", "/api/v1/liaison-referrals", lt, nil)
	if !strings.Contains(list.Body, "担当地区外のため") || !strings.Contains(list.Body, `"status":"declined"`) || strings.Contains(list.Body, cid) {
		t.Fatalf("sender list: %s", list.Body)
	}

	// an unanswered つなぎ票 is an alarm on the receiver's watch
	e.sendLiaison(lt, "takikan", nil)
	e.clock.Add(10 * 24 * time.Hour)
	if al := e.api("GET", "/api/v1/alerts", e.token("coord"), nil); !strings.Contains(al.Body, "overdue_liaison_referral") || !strings.Contains(al.Body, "税務課からのつなぎ票への回答が必要") {
		t.Fatalf("alerts: %s", al.Body)
	}
}

// TestLiaisonPages: the liaison's home is its form and its list and
// nothing else; a form with mistakes comes back with every message beside
// its field and what was typed; the 相談窓口 answers on the つなぎ票's page.
func TestLiaisonPages(t *testing.T) {
	e := newEnv(t)
	e.liaisonEnv()
	b := e.browser()
	b.login("liaison")
	home := b.get("/")
	body := text(home.Body)
	if home.StatusCode != 200 || !strings.Contains(body, "庁内つなぎ票を作る") || !strings.Contains(body, "送ったつなぎ票（0件）") ||
		strings.Contains(body, "対応が必要なこと") || strings.Contains(body, "担当しているケース") || strings.Contains(home.Body, `href="/cases"`) ||
		strings.Contains(home.Body, `href="/meetings"`) || strings.Contains(home.Body, `href="/reports"`) || strings.Contains(body, "この役割ではケースの内容は表示されません") {
		t.Fatalf("home: %d\n%s", home.StatusCode, body)
	}
	form := url.Values{"family_name": {"水野"}, "given_name": {"誠"}, "family_name_kana": {"Mizuno"}, "birth_date": {"S55.7.1"},
		"address.street": {"水道町9-9"}, "to_organization_id": {e.orgs["kurashi"].ID}, "concern": {""}}
	r := b.post("/liaison-referrals", form)
	body = text(r.Body)
	if r.StatusCode != 422 || !strings.Contains(body, "ふりがなはカタカナまたはひらがなで入力してください") || !strings.Contains(body, "気になっていること（窓口で見聞きしたこと）を入力してください") ||
		!strings.Contains(body, "本人の同意（口頭・書面・なし）を選んでください") || !strings.Contains(r.Body, `value="水道町9-9"`) || !strings.Contains(r.Body, `value="Mizuno"`) {
		t.Fatalf("invalid form: %d\n%s", r.StatusCode, body)
	}
	form.Set("family_name_kana", "みずの")
	form.Set("concern", "国保税の相談で、失業して収入がないと話していた")
	form.Set("consent", "書面")
	if r := b.post("/liaison-referrals", form); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/?done=liaison") {
		t.Fatalf("send: %d %s", r.StatusCode, r.Body)
	}
	home = b.get("/?done=liaison")
	body = text(home.Body)
	if !strings.Contains(body, "庁内つなぎ票を送りました") || !strings.Contains(body, "送ったつなぎ票（1件）") || !strings.Contains(body, "水野 誠") || !strings.Contains(body, "回答待ち") {
		t.Fatalf("home after send:\n%s", body)
	}
	list := e.api("GET", "/api/v1/liaison-referrals", e.token("liaison"), nil).JSON(t)["items"].([]any)
	rid := list[0].(map[string]any)["id"].(string)

	// the 相談窓口 sees it on its home and answers on its page
	w := e.browser()
	w.login("worker2")
	if h := text(w.get("/").Body); !strings.Contains(h, "庁内からのつなぎ票（回答待ち 1件）") || !strings.Contains(h, "失業して収入がない") {
		t.Fatalf("receiver home:\n%s", h)
	}
	page := w.get("/liaison-referrals/" + rid)
	if page.StatusCode != 200 || !strings.Contains(page.Body, `value="ミズノ"`) || !strings.Contains(text(page.Body), "受け付けてケースを作る") {
		t.Fatalf("receiver page: %d\n%s", page.StatusCode, text(page.Body))
	}
	acc := url.Values{"family_name": {"水野"}, "given_name": {"誠"}, "family_name_kana": {"ミズノ"}, "received_on": {"R8.6.1"}, "method": {"電話"},
		"complaint": {"失業して収入がない"}}
	r = w.post("/liaison-referrals/"+rid+"/accept", acc)
	if r.StatusCode != 422 || !strings.Contains(text(r.Body), "分野を1つ以上選んでください") || !strings.Contains(r.Body, `value="R8.6.1"`) {
		t.Fatalf("accept invalid: %d\n%s", r.StatusCode, text(r.Body))
	}
	acc["bunya"] = []string{"konkyu"}
	r = w.post("/liaison-referrals/"+rid+"/accept", acc)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/cases/") {
		t.Fatalf("accept: %d %s", r.StatusCode, text(r.Body))
	}
	c := w.get(r.Header.Get("Location"))
	if cb := text(c.Body); !strings.Contains(cb, "庁内つなぎ票を受け付け、ケースを作りました") || !strings.Contains(cb, "庁内他課（税・国保・水道等）") {
		t.Fatalf("case page:\n%s", cb)
	}
	// the section sees 受付済み and nothing of the case
	h := b.get("/")
	if body := text(h.Body); !strings.Contains(body, "受付済み") || strings.Contains(h.Body, "/cases/") {
		t.Fatalf("liaison home after accept:\n%s", body)
	}
	lp := b.get("/liaison-referrals/" + rid)
	if lp.StatusCode != 200 || strings.Contains(lp.Body, "/cases/") || strings.Contains(text(lp.Body), "受け付けてケースを作る") {
		t.Fatalf("liaison page: %d\n%s", lp.StatusCode, text(lp.Body))
	}
}
