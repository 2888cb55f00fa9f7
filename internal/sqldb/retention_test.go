package sqldb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/report"
	"kasane/internal/retention"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// testClock is a settable clock for db.Now.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// retFixture: a municipality with an organization, a worker, an
// administrator and two privacy officers, and a clock.
type retFixture struct {
	t                 *testing.T
	db                *sqldb.DB
	clock             *testClock
	sys               casework.Actor
	org               casework.Organization
	worker, admin     casework.Actor
	privacy, privacy2 casework.Actor
}

func newRetFixture(t *testing.T) *retFixture {
	t.Helper()
	db := sqldbtest.Open(t)
	c := &testClock{t: time.Date(2015, 5, 1, 1, 0, 0, 0, time.UTC)}
	db.Now = c.Now
	f := &retFixture{t: t, db: db, clock: c, sys: sqldbtest.Muni(t, db)}
	f.org = sqldbtest.Org(t, db, f.sys, "地域包括支援センター", "community_support_center")
	city := sqldbtest.Org(t, db, f.sys, "市 福祉総合相談課", "municipal_section")
	_, f.worker = sqldbtest.User(t, db, f.sys, f.org, "ret-worker@example.invalid", "worker")
	_, f.admin = sqldbtest.User(t, db, f.sys, city, "ret-admin@example.invalid", "municipal_admin")
	_, f.privacy = sqldbtest.User(t, db, f.sys, city, "ret-privacy@example.invalid", "privacy_officer")
	_, f.privacy2 = sqldbtest.User(t, db, f.sys, city, "ret-privacy2@example.invalid", "privacy_officer")
	return f
}

func (f *retFixture) at(day string) {
	d, err := time.ParseInLocation("2006-01-02", day, casework.JST)
	if err != nil {
		f.t.Fatal(err)
	}
	f.clock.Set(d.Add(10 * time.Hour))
}

// person registers a person with a unique name, phone and address.
func (f *retFixture) person(fam, giv, kana, phone string) casework.Person {
	f.t.Helper()
	p := casework.Person{Identified: true, FamilyName: fam, GivenName: giv, FamilyKana: kana, GivenKana: "タロウ", BirthDate: "1970-05-06", Sex: "male",
		Phone: phone, Address: casework.Address{PostalCode: "100-0001", Prefecture: "東京都", City: "かさね市", Street: "秘密町" + phone}}
	if err := f.db.CreatePerson(context.Background(), f.worker, &p); err != nil {
		f.t.Fatalf("person: %v", err)
	}
	return p
}

// closedCase takes a case for p on received, writes a contact with text
// and closes it on closed ("" = keep it open).
func (f *retFixture) closedCase(p casework.Person, household, received, closed, text string) casework.Case {
	f.t.Helper()
	ctx := context.Background()
	f.at(received)
	c := casework.Case{FocusPersonID: p.ID, HouseholdID: household, ReceivedOn: received, Route: "本人", Method: "来所", Bunya: []string{"kaigo", "konkyu"},
		Problems: []string{"介護", "8050"}, Complaint: "相談内容 " + text}
	if err := f.db.CreateCase(ctx, f.worker, &c); err != nil {
		f.t.Fatalf("case: %v", err)
	}
	if err := f.db.AddContact(ctx, f.worker, &casework.Contact{CaseID: c.ID, At: f.clock.Now(), Method: "電話", Content: "支援経過 " + text, Minutes: 15,
		Jigyo: "sodan", Bunya: "kaigo"}); err != nil {
		f.t.Fatalf("contact: %v", err)
	}
	if closed != "" {
		f.at(closed)
		var err error
		if c, err = f.db.TransitionCase(ctx, f.worker, c.ID, "closed", "resolved"); err != nil {
			f.t.Fatalf("close: %v", err)
		}
	}
	return c
}

// annualJSON is the annual report of fy without the time it was made.
func (f *retFixture) annualJSON(fy int) string {
	f.t.Helper()
	a, err := f.db.AnnualReport(context.Background(), f.admin, fy)
	if err != nil {
		f.t.Fatalf("report %d: %v", fy, err)
	}
	a.GeneratedAt = time.Time{}
	b, _ := json.Marshal(a)
	return string(b)
}

func (f *retFixture) reports(from, to int) map[int]string {
	out := map[int]string{}
	for fy := from; fy <= to; fy++ {
		out[fy] = f.annualJSON(fy)
	}
	return out
}

func code(err error) casework.Code { return casework.ErrorCode(err) }

// TestRetentionDisposalTwoPeopleHoldAndTotals: the whole path on one small
// municipality: the list, the two-person decision (no disposal without
// approval, no self-approval), a legal hold that stops it, then the
// disposal; the annual reports of every year are the same before and
// after, nothing of the disposed person can be read, the 廃棄記録 and the
// audit entries remain and the chain verifies.
func TestRetentionDisposalTwoPeopleHoldAndTotals(t *testing.T) {
	f := newRetFixture(t)
	ctx := context.Background()
	db := f.db
	f.at("2015-05-01")
	gone := f.person("廃棄対象", "一郎", "ハイキタイショウ", "090-1111-2222")
	mother := f.person("廃棄対象", "ハナ", "ハイキタイショウ", "090-1111-3333")
	held := f.person("保留者", "二郎", "ホリュウシャ", "090-4444-5555")
	live := f.person("継続中", "三郎", "ケイゾクチュウ", "090-6666-7777")
	h := casework.Household{Label: "廃棄対象家の世帯", Kind: "二世代"}
	if err := db.CreateHousehold(ctx, f.worker, &h); err != nil {
		t.Fatal(err)
	}
	for _, m := range []casework.HouseholdMember{{PersonID: gone.ID, Relationship: "本人", Cohabiting: true}, {PersonID: mother.ID, Relationship: "母", Cohabiting: true}} {
		if err := db.AddHouseholdMember(ctx, f.worker, h.ID, &m); err != nil {
			t.Fatal(err)
		}
	}
	c1 := f.closedCase(gone, h.ID, "2015-06-01", "2016-01-15", "ひみつの記録A")
	c2 := f.closedCase(held, "", "2015-07-01", "2016-02-01", "ひみつの記録B")
	c3 := f.closedCase(live, "", "2015-08-01", "", "ひみつの記録C")         // open: kept
	c4 := f.closedCase(live, "", "2018-04-10", "2023-04-10", "最近の記録") // closed within the period
	_ = c3
	_ = c4
	f.at("2015-09-01")
	if err := db.RecordConsent(ctx, f.worker, &casework.Consent{PersonID: gone.ID, GivenBy: "本人", GivenOn: "2015-09-01", Method: "署名",
		Recipients: []string{f.org.ID}, DataCategories: []string{"basic"}, Purposes: []string{"支援の検討"}, ValidUntil: "2016-03-31"}); err != nil {
		t.Fatalf("consent: %v", err)
	}

	f.at("2026-06-01") // FY2026: with 5 years, the records completed before 2021-04-01
	before := f.reports(2014, 2026)
	l, err := db.RetentionDue(ctx, f.admin, retention.TypeCase, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if l.Cutoff != "2021-04-01" || l.Total != 2 || l.Proposable != 2 || l.FYFrom != 2015 || l.FYTo != 2015 {
		t.Fatalf("due cases: %+v", l)
	}
	if _, err := db.RetentionDue(ctx, f.worker, retention.TypeCase, 0, 0); code(err) != casework.EFORBIDDEN {
		t.Fatalf("a worker reads the retention list: %v", err)
	}

	// a hold on the person of c2
	if err := db.SetLegalHold(ctx, f.admin, &retention.Hold{SubjectType: "person", SubjectID: held.ID, Kind: "litigation", Reason: "損害賠償請求訴訟"}); code(err) != casework.EFORBIDDEN {
		t.Fatalf("an administrator sets a hold: %v", err)
	}
	hold := retention.Hold{SubjectType: "person", SubjectID: held.ID, Kind: "litigation", Reason: "損害賠償請求訴訟"}
	if err := db.SetLegalHold(ctx, f.privacy, &hold); err != nil {
		t.Fatal(err)
	}
	if l, _ := db.RetentionDue(ctx, f.admin, retention.TypeCase, 0, 0); l.Held != 1 || l.Proposable != 1 {
		t.Fatalf("after the hold: %+v", l)
	}

	// propose c1 (the held case is left out), then the checks of the two-person rule
	d, err := db.ProposeDisposal(ctx, f.privacy, retention.TypeCase, 0, "令和8年度 定期廃棄")
	if err != nil {
		t.Fatal(err)
	}
	if d.ItemCount != 1 || d.FYFrom != 2015 || d.Status != retention.StatusProposed {
		t.Fatalf("proposal: %+v", d)
	}
	if _, err := db.Dispose(ctx, f.admin, d.ID, 0); code(err) != casework.EINVALID {
		t.Fatalf("disposal without approval: %v", err)
	}
	if _, err := db.ApproveDisposal(ctx, f.privacy, d.ID, 0); code(err) != casework.EFORBIDDEN {
		t.Fatalf("self-approval: %v", err)
	}
	if _, err := db.ApproveDisposal(ctx, f.admin, d.ID, 0); code(err) != casework.EFORBIDDEN {
		t.Fatalf("approval by an administrator: %v", err)
	}
	if d, err = db.ApproveDisposal(ctx, f.privacy2, d.ID, 0); err != nil || d.Status != retention.StatusApproved {
		t.Fatalf("approval: %v %+v", err, d)
	}
	// a hold put on c1 after the approval stops the disposal
	hold2 := retention.Hold{SubjectType: "case", SubjectID: c1.Number, Kind: "disclosure", Reason: "保有個人情報開示請求（第76条）"}
	if err := db.SetLegalHold(ctx, f.privacy, &hold2); err != nil || hold2.SubjectID != c1.ID {
		t.Fatalf("hold on c1: %v %+v", err, hold2)
	}
	if _, err := db.Dispose(ctx, f.admin, d.ID, 0); code(err) != casework.EINVALID || !strings.Contains(casework.ErrorMessage(err), "保留") {
		t.Fatalf("disposal during a hold: %v", err)
	}
	if after := f.reports(2014, 2026); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatal("a refused disposal changed the reports")
	}
	if _, err := db.LiftLegalHold(ctx, f.privacy, hold2.ID, "開示決定済み", hold2.Version); err != nil {
		t.Fatal(err)
	}
	if d, err = db.Dispose(ctx, f.admin, d.ID, 0); err != nil {
		t.Fatalf("disposal: %v", err)
	}
	if d.Status != retention.StatusDisposed || d.DisposedCount != 1 || d.Details["contacts"] != 1 {
		t.Fatalf("廃棄記録: %+v", d)
	}
	if d.Persons != 1 { // the mother (known through the household only); the person's consent is still kept
		t.Fatalf("persons anonymized with the case: %d, want 1", d.Persons)
	}
	if p, err := db.Person(ctx, f.worker, gone.ID); err != nil || p.FamilyName != "廃棄対象" {
		t.Fatalf("person anonymized while the consent is kept: %v %+v", err, p)
	}
	// the consent (ended 2016-04-01) goes next; then the person is anonymized
	dc, err := db.ProposeDisposal(ctx, f.admin, retention.TypeConsent, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ApproveDisposal(ctx, f.privacy, dc.ID, 0); err != nil {
		t.Fatal(err)
	}
	if dc, err = db.Dispose(ctx, f.privacy2, dc.ID, 0); err != nil || dc.Persons != 1 {
		t.Fatalf("consent disposal: %v %+v", err, dc)
	}

	// the same totals in every year
	after := f.reports(2014, 2026)
	for fy := range before {
		if before[fy] != after[fy] {
			t.Errorf("annual report %d changed by the disposal:\nbefore %s\nafter  %s", fy, before[fy], after[fy])
		}
	}
	// nothing of the disposed persons and case remains readable
	secrets := []string{"廃棄対象", "ハイキタイショウ", "090-1111-2222", "090-1111-3333", "秘密町090-1111", "ひみつの記録A", "廃棄対象家"}
	f.assertUnreadable(secrets, gone.ID, mother.ID)
	// the held person's case and the live person are untouched
	if p, err := db.Person(ctx, f.worker, held.ID); err != nil || p.FamilyName != "保留者" {
		t.Fatalf("held person: %v %+v", err, p)
	}
	if cs, err := db.Contacts(ctx, f.worker, c2.ID); err != nil || len(cs) != 1 || !strings.Contains(cs[0].Content, "ひみつの記録B") {
		t.Fatalf("held case's contacts: %v %+v", err, cs)
	}
	// the 廃棄記録 survives, with both names, and the audit has the steps
	ds, err := db.RetentionDecisions(ctx, f.privacy, retention.StatusDisposed)
	if err != nil || len(ds) != 2 {
		t.Fatalf("廃棄記録: %v %d", err, len(ds))
	}
	for _, x := range ds {
		if x.ProposedByName == "" || x.ApprovedByName == "" || x.DisposedByName == "" || x.ProposedBy == x.ApprovedBy || x.DisposedAt.IsZero() || x.Method != retention.MethodAnonymize {
			t.Fatalf("廃棄記録 incomplete: %+v", x)
		}
	}
	evs, err := db.AuditEvents(ctx, f.privacy, sqldb.AuditFilter{ObjectID: d.ID})
	if err != nil {
		t.Fatal(err)
	}
	acts := map[string]bool{}
	for _, e := range evs {
		acts[e.Action] = true
	}
	if !acts[casework.ActCreate] || !acts[retention.ActApprove] || !acts[retention.ActDispose] {
		t.Fatalf("audit of the decision: %v", acts)
	}
	if res, err := db.VerifyAudit(ctx); err != nil || res.BrokenSeq != 0 {
		t.Fatalf("audit chain: %v %+v", err, res)
	}
	// a second disposal of the same decision is refused; the list is empty now
	if _, err := db.Dispose(ctx, f.admin, d.ID, 0); code(err) != casework.ECONFLICT {
		t.Fatalf("disposed twice: %v", err)
	}
	if l, _ := db.RetentionDue(ctx, f.admin, retention.TypeCase, 0, 0); l.Total != 1 || l.Held != 1 {
		t.Fatalf("due after disposal: %+v", l)
	}
}

// assertUnreadable: none of the secrets can be found by search, read on
// the persons' pages or in any export by any staff member.
func (f *retFixture) assertUnreadable(secrets []string, personIDs ...string) {
	f.t.Helper()
	ctx := context.Background()
	for _, q := range []string{"廃棄対象", "ハイキタイショウ", "09011112222", "1970-05-06", "廃棄対象 一郎", "廃棄済み"} {
		hits, err := f.db.SearchPersons(ctx, f.worker, q, 50)
		if err != nil {
			f.t.Fatal(err)
		}
		for _, h := range hits {
			for _, id := range personIDs {
				if h.ID == id {
					f.t.Errorf("search %q still finds disposed person %s: %+v", q, id, h)
				}
			}
		}
	}
	check := func(where, s string) {
		for _, x := range secrets {
			if strings.Contains(s, x) {
				f.t.Errorf("%s still holds %q", where, x)
			}
		}
	}
	for _, id := range personIDs {
		p, err := f.db.Person(ctx, f.worker, id)
		if err != nil {
			f.t.Fatalf("person page of %s: %v", id, err)
		}
		b, _ := json.Marshal(p)
		check("person "+id, string(b))
		if p.BirthDate != "" || p.Phone != "" || p.DisplayName() != "（廃棄済み）" {
			f.t.Errorf("person not anonymized: %+v", p)
		}
		hs, err := f.db.PersonHouseholds(ctx, f.worker, id)
		if err != nil {
			f.t.Fatal(err)
		}
		b, _ = json.Marshal(hs)
		check("households of "+id, string(b))
	}
	for _, kind := range sqldb.ExportKinds {
		tb, err := f.db.Export(ctx, f.worker, kind.Value, sqldb.ExportOptions{Format: "csv", Encoding: "utf8"})
		if err != nil {
			f.t.Fatalf("export %s: %v", kind.Value, err)
		}
		var b strings.Builder
		if _, err := report.WriteCSV(&b, tb, japanese.UTF8); err != nil {
			f.t.Fatal(err)
		}
		check("export "+kind.Value, b.String())
	}
	cs, err := f.db.Cases(ctx, f.worker, sqldb.CaseFilter{Limit: 100})
	if err != nil {
		f.t.Fatal(err)
	}
	b, _ := json.Marshal(cs)
	check("case list", string(b))
}

func jsonMarshal(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
