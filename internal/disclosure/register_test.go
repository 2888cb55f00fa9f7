package disclosure_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kasane/internal/casework"
	"kasane/internal/disclosure"
	"kasane/internal/report"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestFileRegisterFromTheLiveConfiguration: the ファイル簿 names the items
// the schema holds in Japanese, the purposes and recipients of the consents
// in force (not of a withdrawn one), the statutory recipients, how the
// records were collected, and writes as xlsx with typed cells.
func TestFileRegisterFromTheLiveConfiguration(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	at(db, "2026-06-01")
	sys := sqldbtest.Muni(t, db)
	lead := sqldbtest.Org(t, db, sys, "地域包括支援センター みなみ", "community_support_center")
	kurashi := sqldbtest.Org(t, db, sys, "くらしサポートセンター", "self_reliance_support")
	gone := sqldbtest.Org(t, db, sys, "撤回された提供先", "npo")
	abuse := sqldbtest.Org(t, db, sys, "高齢者虐待対応チーム", "municipal_section")
	jidou := sqldbtest.Org(t, db, sys, "県中央児童相談所", "child_guidance_center")
	_, w := sqldbtest.User(t, db, sys, lead, "w@example.jp", "worker")
	_, po := sqldbtest.User(t, db, sys, abuse, "po@example.jp", "privacy_officer")
	p := casework.Person{Identified: true, FamilyName: "佐藤", GivenName: "一", FamilyKana: "サトウ", GivenKana: "ハジメ", BirthDate: "1950-01-01", Sex: "male"}
	must(t, "person", db.CreatePerson(ctx, w, &p))
	c := casework.Case{FocusPersonID: p.ID, ReceivedOn: "2026-05-01", Route: "民生委員", Method: "訪問", Bunya: []string{"kaigo"}, Problems: []string{"介護"}, Complaint: "見守り"}
	must(t, "case", db.CreateCase(ctx, w, &c))
	keep := casework.Consent{PersonID: p.ID, GivenBy: "本人", GivenOn: "2026-05-01", Method: "署名", Recipients: []string{kurashi.ID},
		DataCategories: []string{"basic"}, Purposes: []string{"家計の立て直しの支援"}}
	must(t, "consent", db.RecordConsent(ctx, w, &keep))
	old := casework.Consent{PersonID: p.ID, GivenBy: "本人", GivenOn: "2026-05-01", Method: "署名", Recipients: []string{gone.ID},
		DataCategories: []string{"basic"}, Purposes: []string{"撤回された目的"}}
	must(t, "consent", db.RecordConsent(ctx, w, &old))
	if _, err := db.WithdrawConsent(ctx, w, old.ID, "2026-05-15", "本人の申し出"); err != nil {
		t.Fatal(err)
	}
	must(t, "statutory member", db.AddTeamMember(ctx, w, c.ID, &casework.TeamMember{OrganizationID: abuse.ID, Role: "虐待対応", Statute: "elder_abuse"}))
	must(t, "yotaikyo", db.SetYotaikyoMembers(ctx, sys, 2026, []string{jidou.ID}))

	if _, err := db.FileRegister(ctx, w); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("a worker read the register: %v", err)
	}
	f, err := db.FileRegister(ctx, po)
	if err != nil {
		t.Fatal(err)
	}
	r := disclosure.BuildRegister(f)
	item := map[string]string{}
	for _, it := range r.Items {
		item[it.Key] = it.Value
	}
	for key, want := range map[string][]string{
		"purpose":    {"社会福祉法第106条の4", "家計の立て直しの支援（1件）"},
		"recipients": {"本人の同意: くらしサポートセンター（自立相談支援機関）", "高齢者虐待対応チーム（市の担当課、高齢者虐待防止法）", "県中央児童相談所"},
		"items":      {"本人の基本情報（", "氏（フリガナ）", "支援経過記録（", "課題と背景要因", "同意（"},
		"collection": {"民生委員（1件）", "訪問（1件）"},
		"sensitive":  {"含む", "心身の状況"},
		"office":     {"高齢者虐待対応チーム"},
		"section":    {"高齢者虐待対応チーム"},
		"scope":      {"記録されている本人の数: 1人", "ケース 1件"},
	} {
		for _, w := range want {
			if !strings.Contains(item[key], w) {
				t.Errorf("%s: want %q in %q", key, w, item[key])
			}
		}
	}
	for _, bad := range []string{"撤回された提供先", "撤回された目的", "name_key", "municipality_id"} {
		for _, it := range r.Items {
			if strings.Contains(it.Value, bad) {
				t.Errorf("%s holds %q", it.Key, bad)
			}
		}
	}
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, disclosure.RegisterTables(r)...); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) != 3 {
		t.Fatalf("sheets %v", sheets)
	}
	if v, _ := x.GetCellValue(sheets[0], "A2"); v != "個人情報ファイルの名称" {
		t.Errorf("A2 = %q", v)
	}
	typ, _ := x.GetCellType(sheets[2], "E2")
	if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("the count of recipients is text, not a number")
	}
	// the export is audited
	evs, err := db.AuditEvents(ctx, po, sqldb.AuditFilter{Action: casework.ActExport})
	if err != nil || len(evs) == 0 || evs[0].ObjectType != "file_register" {
		t.Fatalf("audit: %+v %v", evs, err)
	}
}
