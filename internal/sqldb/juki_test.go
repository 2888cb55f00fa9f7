package sqldb_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"

	"kasane/internal/casework"
	"kasane/internal/juki"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// The 住基 link (issue 23): the 異動 file applied to the records carrying its
// 宛名番号, the watches it raises, the 宛名番号 shown only to those who need
// it, the former name kept searchable, and the import by 宛名番号.

// jukiWorld is pathWorld (地域包括 lead, こども家庭センター, NPO) with the
// municipality's own section.
type jukiWorld struct {
	*pathWorld
	orgD casework.Organization // 市の担当課
	d    casework.Actor
}

func newJukiWorld(t *testing.T) *jukiWorld {
	w := &jukiWorld{pathWorld: newPathWorld(t)}
	w.orgD = sqldbtest.Org(t, w.db, w.sys, "福祉総合相談課", "municipal_section")
	_, w.d = sqldbtest.User(t, w.db, w.sys, w.orgD, "d@example.jp", "worker")
	at(w.db, "2026-06-01")
	return w
}

// resident registers a person of a with a 宛名番号.
func (w *jukiWorld) resident(t *testing.T, a casework.Actor, fam, given, kana, atena string, dv bool) casework.Person {
	t.Helper()
	p := casework.Person{Identified: true, FamilyName: fam, GivenName: given, FamilyKana: kana, GivenKana: "ハナコ", BirthDate: "1950-04-01",
		Sex: "female", Address: casework.Address{Prefecture: "東京都", City: "かさね市", Street: "旧町1-1"}, DVProtected: dv, AtenaNo: atena}
	if err := w.db.CreatePerson(context.Background(), a, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// apply applies a 異動 file given as its lines (UTF-8).
func (w *jukiWorld) apply(t *testing.T, lines ...string) (sqldb.JukiResult, error) {
	t.Helper()
	return w.applyBytes(t, []byte(strings.Join(lines, "\r\n")+"\r\n"))
}

func (w *jukiWorld) applyBytes(t *testing.T, b []byte) (sqldb.JukiResult, error) {
	t.Helper()
	rows, probs, err := juki.Read(bytes.NewReader(b), casework.Today(w.db.Now()))
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return w.db.ApplyJuki(context.Background(), w.sys.MunicipalityID, rows, sqldb.JukiOptions{FileName: "idou.csv", ReadProblems: probs})
}

const jukiHead = "atena_no,reason,date,family_name,given_name,family_kana,given_kana,postal_code,prefecture,city,street"

func alertsOf(t *testing.T, db *sqldb.DB, a casework.Actor, kind string) []casework.Alert {
	t.Helper()
	as, err := db.Alerts(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	var out []casework.Alert
	for _, x := range as {
		if x.Kind == kind {
			out = append(out, x)
		}
	}
	return out
}

// A death in the 異動 file raises the watch on the lead's and the team's
// lists (not elsewhere), naming what is still open for closure; a member's
// death reaches the lead (household scope), not a member under `basic`.
func TestJukiDeathRaisesAlertsOnLeadAndTeam(t *testing.T) {
	w := newJukiWorld(t)
	ctx := context.Background()
	son := w.resident(t, w.a, "山田", "一郎", "ヤマダ", "1001", false)
	mother := w.resident(t, w.a, "山田", "花子", "ヤマダ", "1002", false)
	h := casework.Household{Label: "山田世帯", Kind: "単身"}
	if err := w.db.CreateHousehold(ctx, w.a, &h); err != nil {
		t.Fatal(err)
	}
	for _, m := range []casework.HouseholdMember{{PersonID: son.ID, Relationship: "本人", Cohabiting: true}, {PersonID: mother.ID, Relationship: "母", Cohabiting: true}} {
		if err := w.db.AddHouseholdMember(ctx, w.a, h.ID, &m); err != nil {
			t.Fatal(err)
		}
	}
	c, err := w.kase(t, w.a, son.ID, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.consent(t, w.a, son.ID, []string{"basic"}, w.orgB.ID)
	if err := w.db.AddTeamMember(ctx, w.a, c.ID, &casework.TeamMember{OrganizationID: w.orgB.ID}); err != nil {
		t.Fatal(err)
	}
	r := casework.Referral{CaseID: c.ID, ToOrgID: w.orgB.ID, Reason: "就労の相談"}
	if err := w.db.CreateReferral(ctx, w.a, &r); err != nil {
		t.Fatal(err)
	}
	p := casework.Plan{PersonWish: "家で暮らしたい", LongGoal: "生活の安定", ShortGoals: []string{"通院"}, NextReviewOn: "2026-12-01"}
	if err := w.db.CreatePlan(ctx, w.a, c.ID, &p); err != nil {
		t.Fatal(err)
	}
	for _, a := range []casework.Actor{w.a, w.b, w.c} {
		if got := alertsOf(t, w.db, a, juki.AlertDeceased); len(got) != 0 {
			t.Fatalf("before the file: %+v", got)
		}
	}
	// the mother dies first: the lead reads the household, the member under basic does not
	if _, err := w.apply(t, jukiHead, "1002,死亡,R8.5.20,,,,,,,,"); err != nil {
		t.Fatal(err)
	}
	if got := alertsOf(t, w.db, w.a, juki.AlertDeceased); len(got) != 1 || got[0].CaseID != c.ID || !strings.Contains(got[0].Message, "世帯員（山田 花子）が死亡（令和8年5月20日）") {
		t.Fatalf("lead, member's death: %+v", got)
	}
	if got := alertsOf(t, w.db, w.b, juki.AlertDeceased); len(got) != 0 {
		t.Fatalf("a member under basic learns of a household member's death: %+v", got)
	}
	// then the son, the focus person
	if _, err := w.apply(t, jukiHead, "1001,死亡,2026-05-30,,,,,,,,"); err != nil {
		t.Fatal(err)
	}
	for _, a := range []casework.Actor{w.a, w.b} {
		var focus *casework.Alert
		for _, x := range alertsOf(t, w.db, a, juki.AlertDeceased) {
			if strings.Contains(x.Message, "本人が死亡") {
				focus = &x
			}
		}
		if focus == nil || focus.CaseID != c.ID || focus.Since != "2026-05-30" || focus.PersonName != "山田 一郎" ||
			!strings.Contains(focus.Message, "開いているプラン 1件・開いているつなぎ 1件") {
			t.Fatalf("focus death on %s's list: %+v", a.OrganizationID, focus)
		}
	}
	if got := alertsOf(t, w.db, w.c, juki.AlertDeceased); len(got) != 0 {
		t.Fatalf("outside the team: %+v", got)
	}
	got, err := w.db.Person(ctx, w.a, son.ID)
	if err != nil || got.ResidentStatus != casework.ResidentDeceased || got.ResidentStatusOn != "2026-05-30" || got.DeceasedOn != "2026-05-30" {
		t.Fatalf("person after death: %v %+v", err, got)
	}
	page, err := w.db.CasePage(ctx, w.a, c.ID)
	if err != nil || len(page.Resident) != 2 {
		t.Fatalf("case page watches: %v %+v", err, page.Resident)
	}
	// closing the case ends the watch
	if _, err := w.db.TransitionCase(ctx, w.a, c.ID, "closed", "deceased"); err != nil {
		t.Logf("closing: %v (the watch stays)", err)
	} else if got := alertsOf(t, w.db, w.a, juki.AlertDeceased); len(got) != 0 {
		t.Fatalf("closed case still watched: %+v", got)
	}
}

// Applying the same file twice changes nothing: no record, no version, no
// former name, no audit event.
func TestJukiSameFileTwiceIsNoOp(t *testing.T) {
	w := newJukiWorld(t)
	ctx := context.Background()
	p := w.resident(t, w.a, "鈴木", "花子", "スズキ", "2001", false)
	q := w.resident(t, w.a, "田中", "花子", "タナカ", "2002", false)
	file := []string{jukiHead,
		"2001,転居,R8.5.1,,,,,123-4567,東京都,かさね市,新町2-2",
		"2001,氏名変更,R8.5.2,佐藤,,サトウ,,,,,",
		"2002,転出,2026-05-03,,,,,,大阪府,大阪市,北区1-1",
		"9999,転居,R8.5.1,,,,,,東京都,かさね市,知らない町", // no record carries it
	}
	res, err := w.apply(t, file...)
	if err != nil || res.Applied != 3 || res.Unknown != 1 || res.Repeated != 0 {
		t.Fatalf("first: %v %+v", err, res)
	}
	before, _ := w.db.VerifyAudit(ctx)
	p1, _ := w.db.Person(ctx, w.a, p.ID)
	q1, _ := w.db.Person(ctx, w.a, q.ID)
	res, err = w.apply(t, file...)
	if err != nil || res.Applied != 0 || res.Repeated != 3 || res.Unknown != 1 {
		t.Fatalf("second: %v %+v", err, res)
	}
	after, _ := w.db.VerifyAudit(ctx)
	p2, _ := w.db.Person(ctx, w.a, p.ID)
	q2, _ := w.db.Person(ctx, w.a, q.ID)
	// the two Person reads above add view events of their own: compare the reads' share out
	if after.Events-before.Events != 2 {
		t.Fatalf("audit events written by the second apply: %d", after.Events-before.Events-2)
	}
	if p2.Version != p1.Version || q2.Version != q1.Version || len(p2.FormerNames) != 1 || p2.FamilyName != "佐藤" || p2.Address.Street != "新町2-2" ||
		q2.ResidentStatus != casework.ResidentMovedOut || q2.Address.City != "大阪市" {
		t.Fatalf("records changed by the second apply: %+v %+v", p2, q2)
	}
	// the same rows in a later file (another order, with a new row) apply only the new one
	res, err = w.apply(t, jukiHead, "2002,転出,2026-05-03,,,,,,大阪府,大阪市,北区1-1", "2001,転居,R8.5.25,,,,,,東京都,かさね市,次町3-3")
	if err != nil || res.Applied != 1 || res.Repeated != 1 {
		t.Fatalf("later file: %v %+v", err, res)
	}
}

// Every bad row is reported, and then nothing is applied.
func TestJukiBadRowsAllOrNothing(t *testing.T) {
	w := newJukiWorld(t)
	ctx := context.Background()
	p := w.resident(t, w.a, "高橋", "花子", "タカハシ", "3001", false)
	res, err := w.apply(t, jukiHead,
		"3001,転居,R8.5.1,,,,,,東京都,かさね市,新町1-1",     // 2 good
		"3001,引越し,R8.5.1,,,,,,東京都,かさね市,新町1-1",    // 3 unknown reason
		"3001,転居,R8.2.30,,,,,,東京都,かさね市,新町1-1",    // 4 impossible date
		"3001,転居,R8.5.1,,,,,,,,",                 // 5 no address
		",死亡,R8.5.1,,,,,,,,",                     // 6 no number
		"3001,氏名変更,R8.5.1,伊藤,,,,,,,",             // 7 new surname without its reading
		"3001,転居,R8.5.1,,,,,1234,東京都,かさね市,新町1-1", // 8 bad postal code
		"3001,転居,2099-01-01,,,,,,東京都,かさね市,新町1-1", // 9 future
	)
	if !errors.Is(err, sqldb.ErrJukiRejected) {
		t.Fatalf("want rejected, got %v", err)
	}
	lines := map[int]string{}
	for _, pr := range res.Problems {
		lines[pr.Row] += pr.Field + ":" + pr.Message + " "
	}
	for line, field := range map[int]string{3: "reason", 4: "date", 5: "street", 6: "atena_no", 7: "family_kana", 8: "postal_code", 9: "date"} {
		if !strings.Contains(lines[line], field+":") {
			t.Errorf("line %d: want a problem on %s, got %q (all: %+v)", line, field, lines[line], res.Problems)
		}
	}
	if lines[2] != "" || res.Applied != 0 {
		t.Errorf("good row reported or counted: %q %+v", lines[2], res)
	}
	got, _ := w.db.Person(ctx, w.a, p.ID)
	if got.Address.Street != "旧町1-1" || got.Version != p.Version {
		t.Fatalf("applied in part: %+v", got)
	}
}

// A CP932 (Shift_JIS) file is read like a UTF-8 one.
func TestJukiCP932File(t *testing.T) {
	w := newJukiWorld(t)
	ctx := context.Background()
	p := w.resident(t, w.a, "渡辺", "花子", "ワタナベ", "4001", false)
	text := "宛名番号,異動事由,異動日,郵便番号,住所\r\n4001,転居,令和8年5月1日,100-0001,髙島町五丁目1番地\r\n"
	sjis, _, err := transform.Bytes(japanese.ShiftJIS.NewEncoder(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.applyBytes(t, sjis); err != nil {
		t.Fatal(err)
	}
	got, _ := w.db.Person(ctx, w.a, p.ID)
	if got.Address.Street != "髙島町五丁目1番地" || got.Address.PostalCode != "100-0001" {
		t.Fatalf("CP932 address: %+v", got.Address)
	}
}

// 転居 of a person under DV等支援措置 is recorded, and the new address is
// shown only to the designated organization, never to a team member that
// is not designated (rule 6), nor in any watch message.
func TestJukiMoveOfDVProtectedPerson(t *testing.T) {
	w := newJukiWorld(t)
	ctx := context.Background()
	p := w.resident(t, w.a, "中村", "花子", "ナカムラ", "5001", true)
	c, err := w.kase(t, w.a, p.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	w.consent(t, w.a, p.ID, []string{"basic", "household", "records"}, w.orgB.ID, w.orgD.ID)
	for _, o := range []string{w.orgB.ID, w.orgD.ID} {
		if err := w.db.AddTeamMember(ctx, w.a, c.ID, &casework.TeamMember{OrganizationID: o}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.apply(t, jukiHead, "5001,転居,R8.5.1,,,,,987-6543,東京都,かさね市,隠れ町9-9", "5001,転出,R8.5.20,,,,,,神奈川県,横浜市,港町1-1"); err != nil {
		t.Fatal(err)
	}
	got, _ := w.db.Person(ctx, w.a, p.ID)
	if got.Address.Street != "港町1-1" || got.ResidentStatus != casework.ResidentMovedOut {
		t.Fatalf("designated organization: %+v", got)
	}
	for _, a := range []casework.Actor{w.b, w.d} {
		got, err := w.db.Person(ctx, a, p.ID)
		if err != nil || !got.AddressHidden || got.Address.Street != "" || got.Address.City != "" || got.ResidentStatus != casework.ResidentMovedOut {
			t.Fatalf("non-designated %s sees: %v %+v", a.OrganizationID, err, got)
		}
		for _, x := range alertsOf(t, w.db, a, juki.AlertMovedOut) {
			if strings.Contains(x.Message, "港町") || strings.Contains(x.Message, "横浜") || strings.Contains(x.Message, "隠れ町") {
				t.Fatalf("watch names the address: %q", x.Message)
			}
		}
		hits, err := w.db.SearchPersons(ctx, a, "中村花子", 10)
		if err != nil || len(hits) != 1 || hits[0].District != "" {
			t.Fatalf("search shows the 地区: %v %+v", err, hits)
		}
	}
	if got := alertsOf(t, w.db, w.b, juki.AlertMovedOut); len(got) != 1 || !strings.Contains(got[0].Message, "本人が転出（令和8年5月20日）") {
		t.Fatalf("moved-out watch on the team: %+v", got)
	}
}

// 氏名変更 keeps the old name: the person is found under it (the name it has
// now is not told to a searcher outside the team), the old surname is the
// 旧姓, and a record registered again under the old name with the same
// 宛名番号 is linked with certainty.
func TestJukiNameChangeKeepsOldNameSearchable(t *testing.T) {
	w := newJukiWorld(t)
	ctx := context.Background()
	p := w.resident(t, w.a, "山本", "花子", "ヤマモト", "6001", false)
	if _, err := w.apply(t, jukiHead, "6001,氏名変更,R8.5.10,小林,,コバヤシ,,,,,"); err != nil {
		t.Fatal(err)
	}
	got, _ := w.db.Person(ctx, w.a, p.ID)
	if got.FamilyName != "小林" || got.MaidenName != "山本" || len(got.FormerNames) != 1 || got.FormerNames[0].FamilyName != "山本" || got.FormerNames[0].Until != "2026-05-10" {
		t.Fatalf("after 氏名変更: %+v", got)
	}
	for _, q := range []string{"山本花子", "ヤマモトハナコ", "小林花子", "やまもと"} {
		hits, err := w.db.SearchPersons(ctx, w.a, q, 10)
		if err != nil || len(hits) != 1 || hits[0].ID != p.ID || !hits[0].Visible || hits[0].DisplayName != "小林 花子" {
			t.Fatalf("search %q: %v %+v", q, err, hits)
		}
	}
	hits, err := w.db.SearchPersons(ctx, w.c, "山本花子", 10)
	if err != nil || len(hits) != 1 || hits[0].Visible || hits[0].DisplayName != "" || !hits[0].FormerName {
		t.Fatalf("outside the team, old name: %v %+v", err, hits)
	}
	// registered again under the old name with the same 宛名番号
	again := casework.Person{Identified: true, FamilyName: "山本", GivenName: "花子", FamilyKana: "ヤマモト", GivenKana: "ハナコ", BirthDate: "1950-04-01", AtenaNo: "６００１"}
	if err := w.db.CreatePerson(ctx, w.a, &again); err != nil {
		t.Fatal(err)
	}
	if again.AtenaLinkedTo != p.ID || again.AtenaNo != "" {
		t.Fatalf("not linked: %+v", again)
	}
	rev, err := w.db.DuplicateReview(ctx, w.a, again.ID)
	if err != nil {
		t.Fatal(err)
	}
	linked := false
	for _, d := range rev.Decisions {
		if d.Decision.Decision == "same" && d.Decision.DecidedBy == "system:juki" {
			linked = true
		}
	}
	if !linked {
		t.Fatalf("no certain link: %+v", rev.Decisions)
	}
	// an organization that may not see the record carrying the number is refused, nothing saved
	other := casework.Person{Identified: true, FamilyName: "小林", GivenName: "花子", FamilyKana: "コバヤシ", AtenaNo: "6001"}
	if err := w.db.CreatePerson(ctx, w.c, &other); casework.ErrorFields(err)["atena_no"] == "" {
		t.Fatalf("outsider linking: %v", err)
	}
	// the death of the record carrying the number reaches the linked record's cases
	c, err := w.kase(t, w.a, again.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.apply(t, jukiHead, "6001,死亡,R8.5.30,,,,,,,,"); err != nil {
		t.Fatal(err)
	}
	if got := alertsOf(t, w.db, w.a, juki.AlertDeceased); len(got) != 1 || got[0].CaseID != c.ID || !strings.Contains(got[0].Message, "名寄せ") {
		t.Fatalf("linked record's case: %+v", got)
	}
}

// The 宛名番号 is shown to the registering organization, the lead, a team
// member with `basic`, the municipality's own sections; not to a team
// member reading the person through the household category only, nor
// outside the team; a save by one who does not see it keeps it.
func TestAtenaNoHiddenFromRolesThatMustNot(t *testing.T) {
	w := newJukiWorld(t)
	ctx := context.Background()
	son := w.resident(t, w.a, "井上", "一郎", "イノウエ", "7001", false)
	mother := w.resident(t, w.a, "井上", "花子", "イノウエ", "7002", false)
	h := casework.Household{Label: "井上世帯", Kind: "単身"}
	if err := w.db.CreateHousehold(ctx, w.a, &h); err != nil {
		t.Fatal(err)
	}
	for _, m := range []casework.HouseholdMember{{PersonID: son.ID, Relationship: "本人"}, {PersonID: mother.ID, Relationship: "母"}} {
		if err := w.db.AddHouseholdMember(ctx, w.a, h.ID, &m); err != nil {
			t.Fatal(err)
		}
	}
	c, err := w.kase(t, w.a, son.ID, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	// B and D read the son with basic and the mother through household
	w.consent(t, w.a, son.ID, []string{"basic", "household"}, w.orgB.ID, w.orgD.ID)
	for _, o := range []string{w.orgB.ID, w.orgD.ID} {
		if err := w.db.AddTeamMember(ctx, w.a, c.ID, &casework.TeamMember{OrganizationID: o}); err != nil {
			t.Fatal(err)
		}
	}
	see := func(a casework.Actor, id string) string {
		t.Helper()
		p, err := w.db.Person(ctx, a, id)
		if err != nil {
			return "err"
		}
		return p.AtenaNo
	}
	for _, x := range []struct {
		who  string
		a    casework.Actor
		id   string
		want string
	}{
		{"registering lead, focus", w.a, son.ID, "7001"}, {"registering lead, member", w.a, mother.ID, "7002"},
		{"team basic, focus", w.b, son.ID, "7001"}, {"team household only, member", w.b, mother.ID, ""},
		{"市の担当課, member", w.d, mother.ID, "7002"}, {"outside", w.c, son.ID, "err"},
	} {
		if got := see(x.a, x.id); got != x.want {
			t.Errorf("%s: 宛名番号 %q, want %q", x.who, got, x.want)
		}
	}
	// B edits the mother (it may not see her number): the number stays
	m, _ := w.db.Person(ctx, w.b, mother.ID)
	m.Phone = "090-0000-0000"
	if err := w.db.UpdatePerson(ctx, w.b, &m); err != nil {
		t.Fatal(err)
	}
	if got := see(w.a, mother.ID); got != "7002" {
		t.Fatalf("a blind save changed the number: %q", got)
	}
	// search hits never carry it
	hits, err := w.db.SearchPersons(ctx, w.c, "井上", 10)
	if err != nil || len(hits) != 2 {
		t.Fatalf("search: %v %+v", err, hits)
	}
	// a 個人番号-looking value with letters of another script is refused beside the field
	bad := casework.Person{Identified: true, FamilyName: "井上", FamilyKana: "イノウエ", AtenaNo: "７００３号"}
	if err := w.db.CreatePerson(ctx, w.a, &bad); casework.ErrorFields(err)["atena_no"] == "" {
		t.Fatalf("bad number: %v", err)
	}
}

// import --key atena_no updates the organization's records by 宛名番号
// (the old name kept), registers the others, links another organization's
// record, and refuses the whole file for one bad row.
func TestImportByAtenaUpdatesAndInserts(t *testing.T) {
	w := newJukiWorld(t)
	ctx := context.Background()
	p := w.resident(t, w.a, "加藤", "花子", "カトウ", "8001", false)
	rows := func(rs ...casework.Person) func() (sqldb.ImportRow, error) {
		i := 0
		return func() (sqldb.ImportRow, error) {
			if i == len(rs) {
				return sqldb.ImportRow{}, errEOF
			}
			i++
			return sqldb.ImportRow{Row: i + 1, Person: rs[i-1]}, nil
		}
	}
	row := func(atena, fam, kana, street string) casework.Person {
		return casework.Person{Identified: true, AtenaNo: atena, FamilyName: fam, GivenName: "花子", FamilyKana: kana, GivenKana: "ハナコ",
			BirthDate: "1950-04-01", Sex: "female", Address: casework.Address{Prefecture: "東京都", City: "かさね市", Street: street}}
	}
	// one bad row: nothing saved
	res, err := w.db.ImportPersonsByAtena(ctx, w.a, rows(row("8001", "木村", "キムラ", "新町1-1"), row("", "林", "ハヤシ", "x"), row("8002", "林", "はやし", "y"), row("8002", "林", "ハヤシ", "z")), nil)
	if !errors.Is(err, sqldb.ErrImportRejected) || len(res.Problems) != 2 || res.Problems[0].Row != 3 || res.Problems[1].Row != 5 {
		t.Fatalf("bad rows: %v %+v", err, res)
	}
	if got, _ := w.db.Person(ctx, w.a, p.ID); got.FamilyName != "加藤" {
		t.Fatalf("saved in part: %+v", got)
	}
	res, err = w.db.ImportPersonsByAtena(ctx, w.a, rows(row("8001", "木村", "キムラ", "新町1-1"), row("8002", "林", "ハヤシ", "北町2-2")), nil)
	if err != nil || res.Updated != 1 || res.Imported != 1 {
		t.Fatalf("import: %v %+v", err, res)
	}
	got, _ := w.db.Person(ctx, w.a, p.ID)
	if got.FamilyName != "木村" || got.Address.Street != "新町1-1" || got.MaidenName != "加藤" || len(got.FormerNames) != 1 || got.AtenaNo != "8001" {
		t.Fatalf("updated: %+v", got)
	}
	hits, err := w.db.SearchPersons(ctx, w.a, "林花子", 10)
	if err != nil || len(hits) != 1 {
		t.Fatalf("inserted: %v %+v", err, hits)
	}
	if n, _ := w.db.Person(ctx, w.a, hits[0].ID); n.AtenaNo != "8002" {
		t.Fatalf("inserted number: %+v", n)
	}
	// another organization's import of a known number: its own record, linked
	res, err = w.db.ImportPersonsByAtena(ctx, w.b, rows(row("8001", "木村", "キムラ", "新町1-1")), nil)
	if err != nil || res.Imported != 1 || res.Linked != 1 || res.Updated != 0 {
		t.Fatalf("other organization: %v %+v", err, res)
	}
	if got2, _ := w.db.Person(ctx, w.a, p.ID); got2.Version != got.Version {
		t.Fatalf("another organization's import wrote the record: %+v", got2)
	}
}

var errEOF = io.EOF
