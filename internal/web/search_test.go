package web_test

import (
	"context"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// Two servers on one database: a change made through one is found through
// the other at the next search.
func TestSearchSeesChangesFromAnotherServer(t *testing.T) {
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
	find := func(db *sqldb.DB, q string) []string {
		t.Helper()
		hits, err := db.SearchPersons(ctx, a, q, 20)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range hits {
			ids = append(ids, h.ID)
		}
		return ids
	}
	p := casework.Person{Identified: true, FamilyName: "渡邊", GivenName: "修", FamilyKana: "わたなべ", GivenKana: "おさむ", BirthDate: "1970-02-03", Sex: "male"}
	if err := one.CreatePerson(ctx, a, &p); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"渡辺", "渡", "邉", "ﾜﾀﾅﾍﾞ", "渡辺修"} {
		if ids := find(two, q); len(ids) != 1 || ids[0] != p.ID {
			t.Fatalf("server two, q=%q: %v", q, ids)
		}
	}
	// index loaded on both: later changes arrive through the log
	q := casework.Person{Identified: true, FamilyName: "髙田", GivenName: "花", FamilyKana: "タカダ", GivenKana: "ハナ", BirthDate: "1990", Sex: "female"}
	if err := two.CreatePerson(ctx, a, &q); err != nil {
		t.Fatal(err)
	}
	if ids := find(one, "高"); len(ids) != 1 || ids[0] != q.ID {
		t.Fatalf("server one sees new person: %v", ids)
	}
	p.FamilyName, p.FamilyKana = "斎藤", "サイトウ"
	if err := one.UpdatePerson(ctx, a, &p); err != nil {
		t.Fatal(err)
	}
	if ids := find(two, "渡辺"); len(ids) != 0 {
		t.Fatalf("old name still found on server two: %v", ids)
	}
	if ids := find(two, "斎藤"); len(ids) != 1 || ids[0] != p.ID {
		t.Fatalf("new name not found on server two: %v", ids)
	}
}

func TestSearchOneCharacterAndRanking(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	exact := e.mkPerson(tok, map[string]any{"family_name": "林", "given_name": "", "family_name_kana": "ハヤシ", "birth_date": "1950", "sex": "male"})
	part := e.mkPerson(tok, map[string]any{"family_name": "小林", "given_name": "花子", "family_name_kana": "コバヤシ", "given_name_kana": "ハナコ", "birth_date": "1980-01-01", "sex": "female"})
	r := e.api("GET", "/api/v1/persons?q="+urlQ("林"), tok, nil)
	items := r.JSON(t)["items"].([]any)
	if len(items) != 2 || items[0].(map[string]any)["id"] != exact || items[1].(map[string]any)["id"] != part {
		t.Fatalf("one-character search: %s", r.Body)
	}
}

func TestPersonDuplicatesAndDecisions(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	a := e.mkPerson(tok, yamada)
	v := map[string]any{}
	for k, x := range yamada {
		v[k] = x
	}
	v["family_name"], v["family_name_kana"], v["birth_date"] = "高橋", "ﾀｶﾊｼ", "1975-01-04" // S50.4.1 with day and month swapped
	b := e.mkPerson(tok, v)
	twin := map[string]any{}
	for k, x := range yamada {
		twin[k] = x
	}
	twin["given_name"], twin["given_name_kana"] = "二郎", "ジロウ"
	e.mkPerson(tok, twin)
	r := e.api("GET", "/api/v1/persons/"+a+"/duplicates", tok, nil)
	items := r.JSON(t)["items"].([]any)
	if r.StatusCode != 200 || len(items) != 1 {
		t.Fatalf("duplicates: %d %s", r.StatusCode, r.Body)
	}
	hit := items[0].(map[string]any)
	if hit["person_id"] != b || hit["score"].(float64) < 50 || len(hit["reasons"].([]any)) == 0 {
		t.Fatalf("hit %v", hit)
	}
	if g := e.api("GET", "/api/v1/persons/"+a+"/duplicates", e.token("kodomo"), nil); g.StatusCode != 404 {
		t.Fatalf("outsider lists duplicates: %d", g.StatusCode)
	}
	d := e.api("POST", "/api/v1/duplicate-decisions", tok, map[string]any{"person_a": a, "person_b": b, "decision": "different", "note": "別人と確認"})
	if d.StatusCode != 201 {
		t.Fatalf("decide: %d %s", d.StatusCode, d.Body)
	}
	if items := e.api("GET", "/api/v1/persons/"+a+"/duplicates", tok, nil).JSON(t)["items"].([]any); len(items) != 0 {
		t.Fatalf("decided pair still listed: %v", items)
	}
	dj := d.JSON(t)
	rv := e.api("POST", "/api/v1/duplicate-decisions/"+dj["id"].(string)+"/revoke", tok, map[string]any{"version": 1})
	if rv.StatusCode != 200 || rv.JSON(t)["revoked_at"] == "" {
		t.Fatalf("revoke: %d %s", rv.StatusCode, rv.Body)
	}
	if items := e.api("GET", "/api/v1/persons/"+a+"/duplicates", tok, nil).JSON(t)["items"].([]any); len(items) != 1 {
		t.Fatalf("revoked decision still hides the pair: %v", items)
	}
	if again := e.api("POST", "/api/v1/duplicate-decisions/"+dj["id"].(string)+"/revoke", tok, map[string]any{"version": 1}); again.StatusCode != 409 {
		t.Fatalf("second revoke: %d", again.StatusCode)
	}
	if bad := e.api("POST", "/api/v1/duplicate-decisions", tok, map[string]any{"person_a": a, "person_b": a, "decision": "maybe"}); bad.StatusCode != 422 {
		t.Fatalf("bad decision: %d", bad.StatusCode)
	}
}
