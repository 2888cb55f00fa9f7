package disclosure_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/disclosure"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// world is a household of two persons, A (山田 太郎, with a second record
// linked as the same person) and B (山田 花子, his mother), each with a case,
// support records, consents and items of one meeting; A also has an
// assessment, a plan, an outreach target and requests under the law.
type world struct {
	db               *sqldb.DB
	sys              casework.Actor
	worker, privacy  casework.Actor
	a, a2, b         casework.Person
	caseA, caseA2    casework.Case
	caseB            casework.Case
	household        casework.Household
	own, other       map[string]string // id → what it is
	bContact, bCase  string            // texts only B's records hold
	visitor, request string
}

func at(db *sqldb.DB, day string) {
	t, _ := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", casework.JST)
	db.Now = func() time.Time { return t }
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.Open(t)
	at(db, "2026-06-01")
	w := &world{db: db, sys: sqldbtest.Muni(t, db), own: map[string]string{}, other: map[string]string{},
		bContact: "花子さん固有の相談: 年金の受け取り口座の件", bCase: "母本人の主訴: 足腰が弱り買い物に行けない", visitor: "鈴木 一郎"}
	houkatsu := sqldbtest.Org(t, db, w.sys, "地域包括支援センター", "community_support_center")
	city := sqldbtest.Org(t, db, w.sys, "福祉総合相談課", "municipal_section")
	_, w.worker = sqldbtest.User(t, db, w.sys, houkatsu, "worker@example.jp", "worker")
	_, w.privacy = sqldbtest.User(t, db, w.sys, city, "privacy@example.jp", "privacy_officer")
	person := func(fam, given, kana string, birth string) casework.Person {
		p := casework.Person{Identified: true, FamilyName: fam, GivenName: given, FamilyKana: "ヤマダ", GivenKana: kana, BirthDate: birth, Sex: "unknown",
			Address: casework.Address{Prefecture: "架空県", City: "かさね市", Street: "本町1-1"}, Phone: "000-0000-0001"}
		must(t, "person", db.CreatePerson(ctx, w.worker, &p))
		return p
	}
	w.a = person("山田", "太郎", "タロウ", "1975-04-01")
	w.a2 = person("山田", "太郎", "タロウ", "1975-04-01")
	w.b = person("山田", "花子", "ハナコ", "1948-09-09")
	w.own[w.a.ID], w.own[w.a2.ID], w.other[w.b.ID] = "A", "A（名寄せした記録）", "B"
	d := sqldb.DuplicateDecision{PersonA: w.a.ID, PersonB: w.a2.ID, Decision: "same"}
	must(t, "same person", db.DecideDuplicate(ctx, w.worker, &d))
	w.own[d.ID] = "名寄せの判定"
	w.household = casework.Household{Label: "山田さん世帯", Kind: "二世代"}
	must(t, "household", db.CreateHousehold(ctx, w.worker, &w.household))
	w.own[w.household.ID] = "世帯"
	for _, m := range []struct {
		p   casework.Person
		rel string
	}{{w.a, "本人"}, {w.b, "母"}} {
		hm := casework.HouseholdMember{PersonID: m.p.ID, Relationship: m.rel, Cohabiting: true}
		must(t, "member", db.AddHouseholdMember(ctx, w.worker, w.household.ID, &hm))
		w.own[hm.ID] = "世帯員 " + m.rel // B's membership is a row of A's household: given out, marked
	}
	rel := casework.PersonRelation{FromPersonID: w.b.ID, ToPersonID: w.a.ID, Kind: "親子"}
	must(t, "relation", db.AddRelation(ctx, w.worker, &rel))
	w.own[rel.ID] = "家族関係"
	newCase := func(p casework.Person, complaint string, visitor *casework.Visitor) casework.Case {
		c := casework.Case{FocusPersonID: p.ID, HouseholdID: w.household.ID, ReceivedOn: "2026-05-20", Route: "家族", Method: "来所",
			Bunya: []string{"kaigo"}, Problems: []string{"介護", "8050"}, Complaint: complaint}
		c.Visitor = visitor
		must(t, "case", db.CreateCase(ctx, w.worker, &c))
		return c
	}
	w.caseA = newCase(w.a, "息子の就労と母の介護が重なっている", &casework.Visitor{Name: w.visitor, Relation: "知人", Phone: "000-1111-2222"})
	w.caseA2 = newCase(w.a2, "別の窓口で受けた同じ方の相談", nil)
	w.caseB = newCase(w.b, w.bCase, nil)
	w.own[w.caseA.ID], w.own[w.caseA2.ID], w.other[w.caseB.ID] = "Aのケース", "A（名寄せ）のケース", "Bのケース"
	contact := func(c casework.Case, text string, own bool) {
		x := casework.Contact{CaseID: c.ID, At: time.Date(2026, 5, 21, 1, 0, 0, 0, time.UTC), Method: "訪問", Counterpart: "本人",
			Content: text, Minutes: 30, Jigyo: "sodan", Bunya: "kaigo"}
		must(t, "contact", db.AddContact(ctx, w.worker, &x))
		if own {
			w.own[x.ID] = "Aの支援経過"
		} else {
			w.other[x.ID] = "Bの支援経過"
		}
	}
	contact(w.caseA, "本人と面談。花子さんが付き添い、通院の送迎を頼まれた。", true)
	contact(w.caseA2, "名寄せした記録での面談。", true)
	contact(w.caseB, w.bContact, false)
	x := casework.Assessment{AssessedOn: "2026-05-25", Household: "母と二人暮らし", Issues: "本人の就労意欲は高いが、介護負担で続かない見立て", Direction: "就労準備支援につなぐ"}
	must(t, "assessment", db.CreateAssessment(ctx, w.worker, w.caseA.ID, &x))
	w.own[x.ID] = "アセスメント"
	p := casework.Plan{PersonWish: "働きたい", LongGoal: "就労の継続", ShortGoals: []string{"週3日の通所"}, NextReviewOn: "2026-08-01"}
	must(t, "plan", db.CreatePlan(ctx, w.worker, w.caseA.ID, &p))
	w.own[p.ID] = "プラン"
	for _, pr := range []casework.Person{w.a, w.b} {
		cons := casework.Consent{PersonID: pr.ID, GivenBy: "本人", GivenOn: "2026-05-20", Method: "署名", Recipients: []string{houkatsu.ID},
			DataCategories: []string{"basic", "records"}, Purposes: []string{"支援の調整"}, MeetingTypes: []string{"jusoteki_shien_kaigi"}}
		must(t, "consent", db.RecordConsent(ctx, w.worker, &cons))
		if pr.ID == w.a.ID {
			w.own[cons.ID] = "Aの同意"
		} else {
			w.other[cons.ID] = "Bの同意"
		}
	}
	m := casework.Meeting{Type: "jusoteki_shien_kaigi", Title: "重層的支援会議 6月", ScheduledAt: time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC), HostOrgID: houkatsu.ID,
		Minutes: "会議全体の議事録: 山田さん親子のほか2件", Attendees: []casework.Attendee{{OrganizationID: houkatsu.ID, MemberOrGuest: "member"}}}
	must(t, "meeting", db.CreateMeeting(ctx, w.worker, &m))
	w.own[m.ID] = "会議"
	for _, it := range []struct {
		c    casework.Case
		text string
	}{{w.caseA, "太郎さんの就労について検討"}, {w.caseB, "花子さん本人の介護保険申請を検討（B固有）"}} {
		item := casework.MeetingItem{CaseID: it.c.ID, Agenda: "info_share", Situation: it.text, Decisions: "役割を分担する"}
		must(t, "meeting item", db.AddMeetingItem(ctx, w.worker, m.ID, &item))
		if it.c.ID == w.caseA.ID {
			w.own[item.ID] = "Aの会議の案件"
		} else {
			w.other[item.ID] = "Bの会議の案件"
		}
	}
	tg := casework.OutreachTarget{PersonID: w.a.ID, FoundVia: "民生委員", FoundOn: "2026-04-01", Concern: "日中ずっと家にいる"}
	must(t, "outreach", db.CreateOutreachTarget(ctx, w.worker, &tg))
	w.own[tg.ID] = "アウトリーチ"
	att := casework.OutreachAttempt{At: time.Date(2026, 4, 2, 1, 0, 0, 0, time.UTC), Method: "訪問", Outcome: "会えた", Note: "玄関先で話せた"}
	must(t, "attempt", db.AddOutreachAttempt(ctx, w.worker, tg.ID, &att))
	w.own[att.ID] = "アウトリーチの接触"
	// reads by staff: A's and B's person pages
	if _, err := db.Person(ctx, w.worker, w.a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Person(ctx, w.worker, w.b.ID); err != nil {
		t.Fatal(err)
	}
	rr := casework.RightsRequest{PersonID: w.a.ID, Kind: "correction", ReceivedOn: "2026-05-30", RequesterName: "山田 太郎", RequesterRelation: "本人",
		Content: "生年月日の誤り"}
	must(t, "rights", db.CreateRightsRequest(ctx, w.privacy, &rr))
	w.own[rr.ID] = "訂正請求"
	req := casework.DisclosureRequest{PersonID: w.a.ID, Number: "R8-開示-001", ReceivedOn: "2026-06-01", RequesterName: "山田 太郎", RequesterRelation: "本人"}
	must(t, "request", db.CreateDisclosureRequest(ctx, w.privacy, &req))
	w.own[req.ID], w.request = "開示請求", req.ID
	return w
}

// TestBundleHasEveryRecordOfThePersonAndNoneOfAnother: the bundle for A
// holds every record of A (and of A's record linked as the same person),
// none of B's records, and B only where A's own records name B — marked
// as a third party's information.
func TestBundleHasEveryRecordOfThePersonAndNoneOfAnother(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	d, err := w.db.DisclosureBundle(ctx, w.privacy, w.a.ID, w.request, casework.ActExport)
	if err != nil {
		t.Fatal(err)
	}
	b := disclosure.Build(d)
	ids := map[string]disclosure.Record{}
	var all []disclosure.Record
	for _, s := range b.Sections {
		for _, g := range s.Groups {
			for _, r := range g.Records {
				all = append(all, r)
				if r.ID != "" {
					ids[r.ID] = r
				}
			}
		}
	}
	for id, what := range w.own {
		if _, ok := ids[id]; !ok {
			t.Errorf("A's record missing from the bundle: %s (%s)", what, id)
		}
	}
	for id, what := range w.other {
		if _, ok := ids[id]; ok {
			t.Errorf("B's record in A's bundle: %s (%s)", what, id)
		}
	}
	js, _ := json.Marshal(b)
	for _, secret := range []string{w.bContact, w.bCase, "B固有", "会議全体の議事録: 山田さん親子"} {
		if strings.Contains(string(js), secret) {
			t.Errorf("the bundle holds text of another person's record or the whole meeting's minutes: %q", secret)
		}
	}
	// B appears only where A's records name B, and each such place is marked
	mentionsB := 0
	for _, r := range all {
		for _, f := range r.Fields {
			if !strings.Contains(f.Value, "花子") {
				continue
			}
			mentionsB++
			if !f.Marked(disclosure.MarkThirdParty) && !r.Marked(disclosure.MarkThirdParty) {
				t.Errorf("B named without the third-party mark: %s.%s = %q", r.Table, f.Column, f.Value)
			}
		}
	}
	if mentionsB < 3 { // the member row, the relation, the support record's text
		t.Errorf("B is named %d times; the household, the relation and the record should name her", mentionsB)
	}
	// the marks staff weigh
	want := map[string]string{"case_intake.visitor_name": disclosure.MarkThirdParty, "assessments.issues": disclosure.MarkEvaluation,
		"assessments.direction": disclosure.MarkEvaluation, "meeting_items.situation": disclosure.MarkEvaluation}
	for _, r := range all {
		for _, f := range r.Fields {
			if m, ok := want[r.Table+"."+f.Column]; ok && f.Marked(m) {
				delete(want, r.Table+"."+f.Column)
			}
		}
	}
	for k, m := range want {
		t.Errorf("%s not marked %s", k, m)
	}
	// the audit trail: staff's read of A is there, their read of B is not
	var readA, readB bool
	for _, r := range all {
		if r.Table != "audit_events" {
			continue
		}
		for _, f := range r.Fields {
			if f.Column == "object_id" && f.Stored == w.a.ID || f.Column == "object_id" && f.Value == w.a.ID {
				readA = true
			}
			if f.Column == "object_id" && (f.Stored == w.b.ID || f.Value == w.b.ID) {
				readB = true
			}
		}
	}
	if !readA || readB {
		t.Errorf("audit trail: read of A listed %v, read of B listed %v", readA, readB)
	}
	// what staff check beside it: B's case (number only) and the meeting's minutes
	kinds := map[string]bool{}
	for _, r := range b.Review {
		kinds[r.Kind] = true
		if r.ID == w.caseB.ID && strings.Contains(r.Title+r.Detail, w.bCase) {
			t.Error("the review list holds B's case content")
		}
	}
	if !kinds["related_case"] || !kinds["meeting_minutes"] {
		t.Errorf("review list: %+v", b.Review)
	}
	if b.PersonName != "山田 太郎" || b.Request.Number != "R8-開示-001" || len(b.PersonIDs) != 2 {
		t.Errorf("header: %q %q %v", b.PersonName, b.Request.Number, b.PersonIDs)
	}
}

// TestBundleOnlyForThePrivacyOfficerAgainstARequest: no request, another
// person's request or another role: nothing; the bundle is audited with the
// request number.
func TestBundleOnlyForThePrivacyOfficerAgainstARequest(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.db.DisclosureBundle(ctx, w.worker, w.a.ID, w.request, casework.ActView); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("a worker produced a bundle: %v", err)
	}
	if _, err := w.db.DisclosureBundle(ctx, w.privacy, w.a.ID, "", casework.ActView); casework.ErrorFields(err)["request_id"] == "" {
		t.Fatalf("a bundle without a request: %v", err)
	}
	if _, err := w.db.DisclosureBundle(ctx, w.privacy, w.b.ID, w.request, casework.ActView); casework.ErrorFields(err)["request_id"] == "" {
		t.Fatalf("A's request produced B's bundle: %v", err)
	}
	if _, err := w.db.DisclosureBundle(ctx, w.privacy, w.a.ID, w.request, casework.ActPrint); err != nil {
		t.Fatal(err)
	}
	evs, err := w.db.AuditEvents(ctx, w.privacy, sqldb.AuditFilter{ObjectID: w.a.ID, Action: casework.ActPrint})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].ObjectType != "disclosure" || !strings.Contains(evs[0].Reason, "R8-開示-001") {
		t.Fatalf("the bundle's audit event: %+v", evs)
	}
}
