package casework

import (
	"testing"
	"time"
)

// TestIntakeLimitTo: what each data category opens of the 受付票 items; the
// 家族に知られたくない warning reaches a member whose consent names no
// category at all.
func TestIntakeLimitTo(t *testing.T) {
	yes := true
	full := func() Case {
		return Case{CaseIntake: CaseIntake{ReceivedTime: "10:00", ReceivedByUserID: "u", ReceivedByName: "職員",
			Visitor: &Visitor{Name: "花子"}, ReferringOrgID: "o", ReferringOrgName: "病院", Urgency: "即日", UrgencyReason: "生命",
			ContactPreferences: &ContactPreferences{Method: "郵送", Hours: "午前", KeepFromFamily: true}, ConsentAtIntake: &yes,
			Employment: "求職中", Housing: "持ち家", HealthInsurance: "国民健康保険", Pension: "老齢年金", HandbookKind: "療育手帳",
			HandbookGrade: "A", CareLevel: "要介護1", PublicAssistance: "受給中"}}
	}
	c := full()
	c.LimitTo(Scope{""})
	x := c.CaseIntake
	if x.Visitor != nil || x.ReferringOrgName != "" || x.Urgency != "" || x.ReceivedByName != "" || x.Employment != "" || x.Pension != "" || x.CareLevel != "" {
		t.Fatalf("a header-only member reads %+v", x)
	}
	if !x.KeepFromFamily() || x.ContactPreferences.Method != "" {
		t.Fatalf("家族に知られたくない must stay, how to call must go: %+v", x.ContactPreferences)
	}
	c = full()
	c.LimitTo(Scope{CatBasic, CatFinance})
	x = c.CaseIntake
	if x.Visitor != nil || x.ReferringOrgID != "" || x.UrgencyReason != "" || x.Housing != "" || x.HandbookKind != "" {
		t.Fatalf("basic+finance reads records or health items: %+v", x)
	}
	if x.ContactPreferences.Method != "郵送" || x.Urgency != "即日" || x.PublicAssistance != "受給中" || x.ReceivedTime != "10:00" {
		t.Fatalf("basic+finance lost its items: %+v", x)
	}
	c = full()
	c.LimitTo(ScopeAll)
	if c.CaseIntake.Visitor == nil || c.CaseIntake.CareLevel == "" {
		t.Fatal("the lead must read everything")
	}
}

// TestIntakeValidation: every problem of the 受付票 items at once.
func TestIntakeValidation(t *testing.T) {
	now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC) // 10:00 JST
	c := Case{FocusPersonID: "p", ReceivedOn: "2026-06-01", Route: "会議", Method: "来所", Bunya: []string{"kaigo"}, Complaint: "x",
		CaseIntake: CaseIntake{ReceivedTime: "11:00", Urgency: "即日", Visitor: &Visitor{Relation: "母"}, CareLevel: "要介護9"}}
	f := ErrorFields(c.ValidateIntake(now))
	for _, k := range []string{"received_time", "referring_organization_id", "urgency_reason", "visitor_name", "care_level"} {
		if f[k] == "" {
			t.Errorf("no message for %s: %v", k, f)
		}
	}
	ok := Case{FocusPersonID: "p", ReceivedOn: "2026-06-01", Route: RouteOtherSection, Method: "電話", Bunya: []string{"konkyu"}, Complaint: "x",
		CaseIntake: CaseIntake{Visitor: &Visitor{}, ContactPreferences: &ContactPreferences{}}}
	if err := ok.ValidateIntake(now); err != nil {
		t.Fatalf("庁内他課 intake refused: %v", err)
	}
	if ok.Urgency != "通常" || ok.Visitor != nil || ok.ContactPreferences != nil {
		t.Fatalf("defaults: %+v", ok.CaseIntake)
	}
}
