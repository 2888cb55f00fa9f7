package sqldb_test

import (
	"context"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

type rightsWorld struct {
	db              *sqldb.DB
	sys             casework.Actor
	worker, privacy casework.Actor
	outsider        casework.Actor
	person          casework.Person
	kase            casework.Case
}

func newRightsWorld(t *testing.T) *rightsWorld {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.Open(t)
	at(db, "2026-06-01")
	w := &rightsWorld{db: db, sys: sqldbtest.Muni(t, db)}
	lead := sqldbtest.Org(t, db, w.sys, "地域包括", "community_support_center")
	other := sqldbtest.Org(t, db, w.sys, "NPO", "npo")
	city := sqldbtest.Org(t, db, w.sys, "福祉総合相談課", "municipal_section")
	_, w.worker = sqldbtest.User(t, db, w.sys, lead, "w@example.jp", "worker")
	_, w.outsider = sqldbtest.User(t, db, w.sys, other, "o@example.jp", "worker")
	_, w.privacy = sqldbtest.User(t, db, w.sys, city, "p@example.jp", "privacy_officer")
	w.person = casework.Person{Identified: true, FamilyName: "開示", GivenName: "花子", FamilyKana: "カイジ", GivenKana: "ハナコ", BirthDate: "1980-04-01", Sex: "female"}
	if err := db.CreatePerson(ctx, w.worker, &w.person); err != nil {
		t.Fatal(err)
	}
	w.kase = casework.Case{FocusPersonID: w.person.ID, ReceivedOn: "2026-05-01", Route: "本人", Method: "来所", Bunya: []string{"konkyu"},
		Problems: []string{"経済的困窮"}, Complaint: "家賃が払えない"}
	if err := db.CreateCase(ctx, w.worker, &w.kase); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestDisclosureBundleNotReadWhenItsAuditFails: the bundle's audit event is
// written before anything is read; when it cannot be written, nothing is
// returned (rule 8).
func TestDisclosureBundleNotReadWhenItsAuditFails(t *testing.T) {
	w := newRightsWorld(t)
	ctx := context.Background()
	req := casework.DisclosureRequest{PersonID: w.person.ID, Number: "開示-1", ReceivedOn: "R8.6.1", RequesterName: "開示 花子", RequesterRelation: "本人"}
	if err := w.db.CreateDisclosureRequest(ctx, w.privacy, &req); err != nil {
		t.Fatal(err)
	}
	if req.ReceivedOn != "2026-06-01" || req.DueOn != "2026-07-01" {
		t.Fatalf("received %s due %s", req.ReceivedOn, req.DueOn)
	}
	if err := sqldb.BreakAuditHead(ctx, w.db, w.sys.MunicipalityID); err != nil {
		t.Fatal(err)
	}
	d, err := w.db.DisclosureBundle(ctx, w.privacy, w.person.ID, req.ID, casework.ActExport)
	if err == nil || len(d.Rows) != 0 || len(d.PersonIDs) != 0 {
		t.Fatalf("bundle read without its audit event: %d rows, %v", len(d.Rows), err)
	}
}

// TestDisclosureRequestsArePrivacyOfficersOnly: only the privacy officer
// records requests; the number is unique; bad input is reported by field;
// the 開示決定 keeps its version.
func TestDisclosureRequestsArePrivacyOfficersOnly(t *testing.T) {
	w := newRightsWorld(t)
	ctx := context.Background()
	r := casework.DisclosureRequest{PersonID: w.person.ID, Number: "開示-2", ReceivedOn: "2026-06-01", RequesterName: "代理 人", RequesterRelation: "任意代理人"}
	if err := w.db.CreateDisclosureRequest(ctx, w.worker, &r); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("a worker recorded a request: %v", err)
	}
	bad := casework.DisclosureRequest{PersonID: w.person.ID, ReceivedOn: "2026-07-01", RequesterRelation: "友人"}
	err := w.db.CreateDisclosureRequest(ctx, w.privacy, &bad)
	for _, f := range []string{"request_number", "received_on", "requester_name", "requester_relation"} {
		if casework.ErrorFields(err)[f] == "" {
			t.Errorf("no message for %s: %v", f, err)
		}
	}
	if err := w.db.CreateDisclosureRequest(ctx, w.privacy, &r); err != nil {
		t.Fatal(err)
	}
	dup := r
	if err := w.db.CreateDisclosureRequest(ctx, w.privacy, &dup); casework.ErrorFields(err)["request_number"] == "" {
		t.Fatalf("a second request with the same number: %v", err)
	}
	if _, err := w.db.DecideDisclosureRequest(ctx, w.privacy, r.ID, "partial", "2026-06-01", "", r.Version); casework.ErrorFields(err)["decision_note"] == "" {
		t.Fatalf("部分開示 without its reason: %v", err)
	}
	got, err := w.db.DecideDisclosureRequest(ctx, w.privacy, r.ID, "partial", "2026-06-01", "第78条第1項第2号（母の情報）", r.Version)
	if err != nil || got.Decision != "partial" || got.Version != 2 {
		t.Fatalf("decision: %+v %v", got, err)
	}
	if _, err := w.db.DecideDisclosureRequest(ctx, w.privacy, r.ID, "full", "2026-06-01", "", r.Version); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("stale version: %v", err)
	}
	list, err := w.db.DisclosureRequests(ctx, w.privacy, "")
	if err != nil || len(list) != 1 || list[0].PersonName != "開示 花子" {
		t.Fatalf("list: %+v %v", list, err)
	}
	cands, err := w.db.FindDisclosureSubject(ctx, w.privacy, "カイジ ハナコ", "S55.4.1")
	if err != nil || len(cands) != 1 || cands[0].ID != w.person.ID {
		t.Fatalf("lookup by kana and 和暦 birth date: %+v %v", cands, err)
	}
	if cands, _ := w.db.FindDisclosureSubject(ctx, w.privacy, "開示花子", "1980-04-02"); len(cands) != 0 {
		t.Fatalf("lookup with another birth date found %d", len(cands))
	}
	if _, err := w.db.FindDisclosureSubject(ctx, w.worker, "開示花子", "1980-04-01"); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("a worker used the privacy officer's lookup: %v", err)
	}
	// 個人情報 is about the living (第2条第1項): no request about a person who had died by then
	dead := casework.Person{Identified: true, FamilyName: "故人", GivenName: "一", FamilyKana: "コジン", GivenKana: "ハジメ", BirthDate: "1940-01-01", Sex: "male", DeceasedOn: "2026-05-01"}
	if err := w.db.CreatePerson(ctx, w.worker, &dead); err != nil {
		t.Fatal(err)
	}
	late := casework.DisclosureRequest{PersonID: dead.ID, Number: "開示-3", ReceivedOn: "2026-06-01", RequesterName: "遺族", RequesterRelation: "法定代理人"}
	if err := w.db.CreateDisclosureRequest(ctx, w.privacy, &late); casework.ErrorFields(err)["person_id"] == "" {
		t.Fatalf("a request about a deceased person: %v", err)
	}
	stop := casework.RightsRequest{PersonID: dead.ID, Kind: "suspension", ReceivedOn: "2026-06-01", RequesterName: "遺族", RequesterRelation: "法定代理人", Content: "x"}
	if err := w.db.CreateRightsRequest(ctx, w.privacy, &stop); casework.ErrorFields(err)["person_id"] == "" {
		t.Fatalf("a rights request about a deceased person: %v", err)
	}
}

// TestUseSuspensionWarnsTheTeam: a 利用停止請求 warns nobody until decided;
// decided 一部を利用停止する, it is shown (audited) to those who read the
// person or the case, never to an organization outside; a 訂正 decision
// warns nobody.
func TestUseSuspensionWarnsTheTeam(t *testing.T) {
	w := newRightsWorld(t)
	ctx := context.Background()
	corr := casework.RightsRequest{PersonID: w.person.ID, Kind: "correction", ReceivedOn: "2026-05-20", RequesterName: "開示 花子", RequesterRelation: "本人",
		Content: "住所の誤り", Decision: "grant", DecidedOn: "2026-05-25"}
	if err := w.db.CreateRightsRequest(ctx, w.privacy, &corr); err != nil {
		t.Fatal(err)
	}
	if corr.DecisionLabel != "訂正する" {
		t.Fatalf("label %q", corr.DecisionLabel)
	}
	stop := casework.RightsRequest{PersonID: w.person.ID, Kind: "suspension", ReceivedOn: "2026-05-28", RequesterName: "開示 花子", RequesterRelation: "本人",
		Content: "NPOへの提供をやめてほしい"}
	if err := w.db.CreateRightsRequest(ctx, w.privacy, &stop); err != nil {
		t.Fatal(err)
	}
	if got, err := w.db.UseSuspensions(ctx, w.worker, w.person.ID); err != nil || len(got) != 0 {
		t.Fatalf("undecided: %d %v", len(got), err)
	}
	if _, err := w.db.DecideRightsRequest(ctx, w.privacy, stop.ID, "partial", "2026-05-20", "", stop.Version); casework.ErrorFields(err)["decided_on"] == "" || casework.ErrorFields(err)["reason"] == "" {
		t.Fatalf("a decision before the request and without a reason: %v", err)
	}
	if _, err := w.db.DecideRightsRequest(ctx, w.privacy, stop.ID, "partial", "2026-05-31", "NPOへの提供のみ停止", stop.Version); err != nil {
		t.Fatal(err)
	}
	for _, read := range []func() ([]casework.RightsRequest, error){
		func() ([]casework.RightsRequest, error) { return w.db.UseSuspensions(ctx, w.worker, w.person.ID) },
		func() ([]casework.RightsRequest, error) {
			p, err := w.db.CasePage(ctx, w.worker, w.kase.ID)
			return p.Suspensions, err
		},
	} {
		got, err := read()
		if err != nil || len(got) != 1 || got[0].DecisionLabel != "一部を利用停止する" {
			t.Fatalf("warning: %+v %v", got, err)
		}
	}
	if got, err := w.db.UseSuspensions(ctx, w.outsider, w.person.ID); casework.ErrorCode(err) != casework.ENOTFOUND || len(got) != 0 {
		t.Fatalf("an organization outside read the warning: %d %v", len(got), err)
	}
	evs, err := w.db.AuditEvents(ctx, w.privacy, sqldb.AuditFilter{ObjectID: w.person.ID})
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, e := range evs {
		seen = seen || e.ObjectType == "use_suspension"
	}
	if !seen {
		t.Fatal("the warning's read is not audited")
	}
	if _, err := w.db.RightsRequests(ctx, w.worker, w.person.ID); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("a worker listed the requests: %v", err)
	}
}
