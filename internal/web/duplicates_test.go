package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestDuplicatesPageDecideAndRevoke: after the batch, a worker sees the
// pair with its score and reasons, records 「同一人物」 with a note (the
// two records then show as one in search), and revokes it (both show
// again). An organization that may not see the persons does not see the
// pair; a viewer may not decide.
func TestDuplicatesPageDecideAndRevoke(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	a := e.mkPerson(tok, yamada)
	v := map[string]any{}
	for k, x := range yamada {
		v[k] = x
	}
	v["family_name"], v["family_name_kana"], v["birth_date"] = "高橋", "ﾀｶﾊｼ", "1975-01-04"
	b := e.mkPerson(tok, v)
	if err := e.db.AllDuplicates(context.Background(), casework.System(e.sys.MunicipalityID), func(sqldb.DuplicatePair) error { return nil }); err != nil {
		t.Fatal(err)
	}
	search := func() int {
		t.Helper()
		r := e.api("GET", "/api/v1/persons?q="+url.QueryEscape("たかはし"), tok, nil)
		if r.StatusCode != 200 {
			t.Fatalf("search: %d %s", r.StatusCode, r.Body)
		}
		return len(r.JSON(t)["items"].([]any))
	}
	if n := search(); n != 2 {
		t.Fatalf("before the decision search shows %d entries", n)
	}

	br := e.browser()
	br.login("worker")
	page := br.get("/duplicates")
	body := text(page.Body)
	if page.StatusCode != 200 || !strings.Contains(page.Body, "/persons/"+a) || !strings.Contains(page.Body, "/persons/"+b) ||
		!strings.Contains(body, "生年月日が一致（月と日の入れ替え）") || !strings.Contains(body, "判定する組（1 組）") {
		t.Fatalf("pair not listed: %d\n%s", page.StatusCode, body)
	}
	// no decision chosen: the page says so and nothing is recorded
	bad := br.post("/duplicates/decisions", url.Values{"person_a": {a}, "person_b": {b}, "note": {"確認中"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "判定は「同一人物」か「別人」を選んでください") || strings.Contains(bad.Body, "same（") {
		t.Fatalf("decision without a choice: %d %s", bad.StatusCode, text(bad.Body))
	}
	r := br.post("/duplicates/decisions", url.Values{"person_a": {a}, "person_b": {b}, "decision": {"same"}, "note": {"窓口で本人確認"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decide: %d %s", r.StatusCode, text(r.Body))
	}
	page = br.get(r.Header.Get("Location"))
	body = text(page.Body)
	if !strings.Contains(body, "同一人物として記録しました") || !strings.Contains(body, "同一人物（名寄せ済み）") || !strings.Contains(body, "窓口で本人確認") || !strings.Contains(body, "判定する組（0 組）") {
		t.Fatalf("decision not shown:\n%s", body)
	}
	if n := search(); n != 1 {
		t.Fatalf("linked records show as %d entries in search", n)
	}
	// the same decision is seen from the other record's page
	if p := text(br.get("/duplicates?person=" + b).Body); !strings.Contains(p, "同一人物（名寄せ済み）") {
		t.Fatalf("decision not on the other person's review:\n%s", p)
	}
	if p := br.get("/persons/" + a); !strings.Contains(p.Body, "/duplicates?person="+a) {
		t.Fatal("no link from the person page")
	}
	// others: an organization that cannot see the persons, a viewer
	other := e.browser()
	other.login("kodomo")
	if p := other.get("/duplicates"); p.StatusCode != 200 || strings.Contains(p.Body, "/persons/"+a) {
		t.Fatalf("outsider sees the pair: %d", p.StatusCode)
	}
	viewer := e.browser()
	viewer.login("viewer")
	if p := viewer.get("/duplicates"); p.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer may open the page: %d", p.StatusCode)
	}
	// revoke: the pair is to decide again and search shows both
	m := regexp.MustCompile(`action="/duplicates/decisions/([^/"]+)/revoke"`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no revoke form")
	}
	rv := br.post("/duplicates/decisions/"+m[1]+"/revoke", url.Values{"version": {"1"}})
	if rv.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d %s", rv.StatusCode, text(rv.Body))
	}
	body = text(br.get(rv.Header.Get("Location")).Body)
	if !strings.Contains(body, "判定を取り消しました") || !strings.Contains(body, "判定する組（1 組）") || strings.Contains(body, "同一人物（名寄せ済み）") {
		t.Fatalf("after revoke:\n%s", body)
	}
	if n := search(); n != 2 {
		t.Fatalf("after revoke search shows %d entries", n)
	}
	// a second revoke of the same decision is refused
	if again := br.post("/duplicates/decisions/"+m[1]+"/revoke", url.Values{"version": {"1"}}); again.StatusCode != http.StatusConflict {
		t.Fatalf("second revoke: %d", again.StatusCode)
	}
	// recording and revoking are in the audit log
	ev, err := e.db.AuditEvents(context.Background(), sqldb.ActorFor(e.users["privacy"]), sqldb.AuditFilter{ObjectID: m[1]})
	if err != nil {
		t.Fatal(err)
	}
	acts := map[string]bool{}
	for _, x := range ev {
		acts[x.Action] = true
	}
	if !acts[casework.ActCreate] || !acts[casework.ActUpdate] {
		t.Fatalf("audit of the decision: %+v", ev)
	}
}

// TestImportedPersonsFoundThroughAnotherServer: persons written by an
// import (COPY on PostgreSQL, multi-row INSERT on SQLite) reach the name
// index of a server that had loaded it before.
func TestImportedPersonsFoundThroughAnotherServer(t *testing.T) {
	ctx := context.Background()
	dsn := sqldbtest.DSN(t)
	open := func() *sqldb.DB {
		db, err := sqldb.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	one, two := open(), open()
	sys := sqldbtest.Muni(t, one)
	org := sqldbtest.Org(t, one, sys, "包括", "community_support_center")
	_, a := sqldbtest.User(t, one, sys, org, "w@example.jp", "worker")
	if hits, err := two.SearchPersons(ctx, a, "渡辺", 20); err != nil || len(hits) != 0 {
		t.Fatalf("before: %v %v", hits, err)
	}
	rows := []sqldb.ImportRow{
		{Row: 2, Person: casework.Person{Identified: true, FamilyName: "渡邊", GivenName: "修", FamilyKana: "ワタナベ", GivenKana: "オサム", BirthDate: "1960-01-02", Sex: "male"}},
		{Row: 3, Person: casework.Person{Identified: true, FamilyName: "髙田", GivenName: "花", FamilyKana: "タカダ", GivenKana: "ハナ", BirthDate: "1990", Sex: "female"}},
	}
	i := 0
	next := func() (sqldb.ImportRow, error) {
		if i == len(rows) {
			return sqldb.ImportRow{}, io.EOF
		}
		i++
		return rows[i-1], nil
	}
	imp := a
	imp.UserID, imp.Roles = "system", []string{"municipal_admin"}
	if res, err := one.ImportPersons(ctx, imp, next, nil); err != nil || res.Imported != 2 {
		t.Fatalf("import: %+v %v", res, err)
	}
	// the other server must find them within a second (issue 10)
	for _, q := range []string{"渡辺", "ﾀｶﾀﾞ"} {
		deadline := time.Now().Add(time.Second)
		for {
			hits, err := two.SearchPersons(ctx, a, q, 20)
			if err == nil && len(hits) == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("server two, %s a second after the import: %v %v", q, hits, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}
