package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestLinkedRecordsFindHelp (issue 23): a person registered by houkatsu and
// again, under a new surname with the old one as 旧姓, by kurashi is on the
// municipality's review list as soon as it is saved; the privacy officer
// links the two; houkatsu's worker then finds kurashi named as working with
// the person in search and on the person page (「他機関の記録（閲覧権限な
// し）」, never its name, address, phone or case content there); an outsider
// keeps the contact point only.
func TestLinkedRecordsFindHelp(t *testing.T) {
	e := newEnv(t)
	hk, ks := e.token("worker"), e.token("worker2")
	a := e.mkPerson(hk, map[string]any{"family_name": "佐藤", "given_name": "花子", "family_name_kana": "サトウ", "given_name_kana": "ハナコ",
		"birth_date": "S55.6.15", "sex": "female", "phone": "090-1111-2222", "address": map[string]any{"prefecture": "架空県", "city": "かさね市", "street": "本町1-2-3"}})
	e.mkCase(hk, a)
	b := e.mkPerson(ks, map[string]any{"family_name": "鈴木", "given_name": "花子", "family_name_kana": "スズキ", "given_name_kana": "ハナコ",
		"maiden_name": "佐藤", "maiden_name_kana": "さとう", "birth_date": "1980-06-15", "sex": "female", "phone": "080-9999-8888",
		"address": map[string]any{"prefecture": "架空県", "city": "かさね市", "street": "秘密町7-7-7"}})
	if p := e.api("GET", "/api/v1/persons/"+b, ks, nil).JSON(t); p["maiden_name_kana"] != "サトウ" {
		t.Fatalf("reading of the 旧姓: %v", p["maiden_name_kana"])
	}
	r := e.api("POST", "/api/v1/cases", ks, map[string]any{"focus_person_id": b, "received_on": "R8.5.20", "route": "本人",
		"method": "来所", "bunya": []string{"konkyu"}, "problems": []string{"8050"}, "complaint": "家計の相談は機関内だけの秘密"})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("case: %d %s", r.StatusCode, r.Body)
	}

	// the privacy officer finds the pair without any batch, names only, and links it
	po := e.browser()
	po.login("privacy")
	page := po.get("/duplicates")
	body := text(page.Body)
	if page.StatusCode != 200 || !strings.Contains(body, "旧姓が一致（氏の変更）") || !strings.Contains(body, "判定する組（1 組）") ||
		strings.Contains(page.Body, "/persons/"+a) || strings.Contains(body, "秘密町") || !strings.Contains(page.Body, `href="/duplicates" aria-current="page"`) {
		t.Fatalf("privacy officer's review list: %d\n%s", page.StatusCode, body)
	}
	link := po.post("/duplicates/decisions", url.Values{"person_a": {a}, "person_b": {b}, "decision": {"same"}, "note": {"旧姓と電話で確認"}})
	if link.StatusCode != http.StatusSeeOther {
		t.Fatalf("link: %d %s", link.StatusCode, text(link.Body))
	}
	// a worker of the city's section has no 名寄せ item; an admin has
	admin := e.browser()
	admin.login("admin")
	if p := admin.get("/duplicates"); p.StatusCode != 200 || !strings.Contains(text(p.Body), "同一人物（名寄せ済み）") {
		t.Fatalf("admin's review: %d", p.StatusCode)
	}

	leaks := func(what, s string) {
		t.Helper()
		for _, x := range []string{"秘密町", "080-9999-8888", "家計の相談", "鈴木"} {
			if strings.Contains(s, x) {
				t.Fatalf("%s shows %q:\n%s", what, x, text(s))
			}
		}
	}
	w := e.browser()
	w.login("worker")
	pp := w.get("/persons/" + a)
	body = text(pp.Body)
	if pp.StatusCode != 200 || !strings.Contains(body, "名寄せで結び付いた記録") || !strings.Contains(body, "他機関の記録（閲覧権限なし）") || !strings.Contains(body, "連絡先: kurashi機関") {
		t.Fatalf("person page: %d\n%s", pp.StatusCode, body)
	}
	leaks("person page", pp.Body)
	for _, q := range []string{"佐藤花子", "鈴木花子", "はなこ"} {
		sp := w.get("/persons?q=" + url.QueryEscape(q))
		if n := strings.Count(sp.Body, `href="/persons/`+a+`"`); n != 1 || strings.Contains(sp.Body, "/persons/"+b) || !strings.Contains(text(sp.Body), "同一人物の他の記録: kurashi機関") {
			t.Fatalf("search %s: %d entries\n%s", q, n, text(sp.Body))
		}
		leaks("search "+q, strings.ReplaceAll(sp.Body, q, "")) // the query itself is echoed
	}
	api := e.api("GET", "/api/v1/persons/"+a+"/links", hk, nil)
	items, _ := api.JSON(t)["items"].([]any)
	if api.StatusCode != 200 || len(items) != 1 || items[0].(map[string]any)["visible"] != false || !strings.Contains(api.Body, "kurashi機関") {
		t.Fatalf("links API: %d %s", api.StatusCode, api.Body)
	}
	leaks("links API", api.Body)
	hits := e.api("GET", "/api/v1/persons?q="+url.QueryEscape("佐藤花子"), hk, nil)
	if !strings.Contains(hits.Body, `"linked_known_by":["kurashi機関"]`) || !strings.Contains(hits.Body, `"linked_records":1`) {
		t.Fatalf("search API: %s", hits.Body)
	}
	// the outsider: one entry, the contact point, no organization
	out := e.browser()
	out.login("kodomo")
	sp := out.get("/persons?q=" + url.QueryEscape("佐藤花子"))
	body = text(sp.Body)
	if !strings.Contains(body, "この方を把握している機関があります") || strings.Contains(body, "kurashi機関") || strings.Contains(body, "houkatsu機関") ||
		strings.Count(body, "閲覧権限なし") != 1 {
		t.Fatalf("outsider's search:\n%s", body)
	}
	if g := e.api("GET", "/api/v1/persons/"+a+"/links", e.token("kodomo"), nil); g.StatusCode != http.StatusNotFound {
		t.Fatalf("outsider reads links: %d", g.StatusCode)
	}
}

// TestPersonFormReadingOfTheMaidenName: the readings of 旧姓 and 通称 are
// kept with the person and shown on the page; a reading without its name
// gets a message beside the field and the input is kept.
func TestPersonFormReadingOfTheMaidenName(t *testing.T) {
	e := newEnv(t)
	br := e.browser()
	br.login("worker")
	form := url.Values{"family_name": {"鈴木"}, "given_name": {"花子"}, "family_name_kana": {"スズキ"}, "given_name_kana": {"ハナコ"},
		"birth_date": {"1980-06-15"}, "sex": {"female"}, "maiden_name_kana": {"さとう"}, "confirmed_new": {"1"}}
	bad := br.post("/persons", form)
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "旧姓のふりがなは、旧姓と一緒に入力してください") || !strings.Contains(bad.Body, `value="さとう"`) {
		t.Fatalf("reading without the name: %d\n%s", bad.StatusCode, text(bad.Body))
	}
	form.Set("maiden_name", "佐藤")
	form.Set("alias", "鈴木 華")
	form.Set("alias_kana", "スズキ ハナ")
	ok := br.post("/persons", form)
	if ok.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", ok.StatusCode, text(ok.Body))
	}
	page := text(br.get(ok.Header.Get("Location")).Body)
	if !strings.Contains(page, "佐藤（サトウ）") || !strings.Contains(page, "鈴木 華（スズキ ハナ）") {
		t.Fatalf("person page:\n%s", page)
	}
	id := regexp.MustCompile(`/persons/([^?]+)`).FindStringSubmatch(ok.Header.Get("Location"))[1]
	edit := br.get("/persons/" + id + "/edit")
	if !strings.Contains(edit.Body, `value="サトウ"`) || !strings.Contains(edit.Body, `value="スズキ ハナ"`) {
		t.Fatalf("edit form lacks the readings:\n%s", text(edit.Body))
	}
}
