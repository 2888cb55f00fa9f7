package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/report"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestDemoIssue22: the demo shows issue 22 — つむぎ handed the lead of the
// 大野 case to くらしサポート with a つなぎ made 23 days ago and entered 20
// days ago, its own involvement ended as 「多機関協働の関与終結（主担当へ
// 引継ぎ）」; くらしサポート linked its old record of 健司 to つむぎ's (名寄せ),
// so 実人数 is below 延べ; the 社協 handed an outreach target over as an
// intake with the consent recorded; the 協議体's 不足している社会資源 is on
// the list of resource gaps; and the contractors' monthly reports have
// figures.
func TestDemoIssue22(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	if _, err := Seed(ctx, db); err != nil {
		t.Fatalf("seed: %v", err)
	}
	daysAgo := func(n int) string { return casework.Today(time.Now().AddDate(0, 0, -n)) }
	kurashi := actorOf(t, ctx, db, "kurashi@demo.kasane.example")
	coordinator := actorOf(t, ctx, db, "coordinator@demo.kasane.example")

	// the hand-over
	var ono casework.Case
	cs, err := db.Cases(ctx, kurashi, sqldb.CaseFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.FocusName == "大野 健司" && c.Route == "関係機関紹介" {
			ono = c
		}
	}
	if ono.ID == "" || ono.LeadOrgID != kurashi.OrganizationID {
		t.Fatalf("the 大野 case is not led by くらしサポート: %+v", ono)
	}
	page, err := db.CasePage(ctx, kurashi, ono.ID)
	if err != nil {
		t.Fatal(err)
	}
	ended := false
	for _, m := range page.Case.Team {
		if m.OrganizationID == coordinator.OrganizationID && m.Basis == casework.BasisLead {
			ended = m.EndReason == "takikan_handover" && m.To == daysAgo(19)
		}
	}
	if !ended {
		t.Errorf("つむぎ's lead membership did not end as 多機関協働の関与終結: %+v", page.Case.Team)
	}
	late := false
	for _, r := range page.Referrals {
		if r.TransferLead {
			late = r.ReferredOn == daysAgo(23) && r.EnteredOn() == daysAgo(20) && r.Status == "accepted"
		}
	}
	if !late {
		t.Errorf("no hand-over つなぎ made 23 days ago and entered 20 days ago: %+v", page.Referrals)
	}

	// 名寄せ: 健司's two new consultations are one person
	if fy200, fy60 := casework.FiscalYearOf(daysAgo(200)), casework.FiscalYearOf(daysAgo(60)); fy200 == fy60 {
		a, err := db.AnnualReport(ctx, actorOf(t, ctx, db, "admin@demo.kasane.example"), fy60)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range a.Sections {
			if s.Key == report.SecNewConsultations {
				if tot := s.Rows[0]; tot.Persons == nil || *tot.Persons >= tot.Total {
					t.Errorf("new consultations: 実人数 %v, 延べ %d", tot.Persons, tot.Total)
				}
			}
		}
	}

	// the outreach hand-over as an intake
	outreach := actorOf(t, ctx, db, "outreach@demo.kasane.example")
	targets, err := db.OutreachTargets(ctx, outreach, "handed_over")
	if err != nil || len(targets) != 1 || targets[0].CaseID == "" {
		t.Fatalf("handed-over targets: %+v %v", targets, err)
	}
	op, err := db.CasePage(ctx, outreach, targets[0].CaseID)
	if err != nil || op.Case.Route != "アウトリーチ" || op.Case.Method != "訪問" || len(op.Consents) == 0 || op.Case.Complaint == "" {
		t.Fatalf("the outreach case: %+v %d consents %v", op.Case, len(op.Consents), err)
	}

	// the 協議体's gap on /resource-gaps
	gaps, err := db.ResourceGaps(ctx, actorOf(t, ctx, db, "community@demo.kasane.example"))
	if err != nil {
		t.Fatal(err)
	}
	platform := false
	for _, g := range gaps {
		platform = platform || (g.MeetingType == casework.PlatformMeetingType && strings.Contains(g.Description, "北町地区"))
	}
	if !platform {
		t.Errorf("no 協議体 gap among %d resource gaps", len(gaps))
	}

	// the contractors' monthly reports have figures in the months of the story
	for _, c := range []struct {
		email, program, measure string
		day                     int
	}{
		{"coordinator@demo.kasane.example", "takikan", "intake_direct", 60},
		{"coordinator@demo.kasane.example", "takikan", "handovers", 19},
		{"kurashi@demo.kasane.example", "takikan", "intake_referral", 23},
		{"participation@demo.kasane.example", "sanka", "placed", 12},
		{"participation@demo.kasane.example", "sanka", "retention_logs", 8},
		{"community@demo.kasane.example", "chiiki", "platform_meetings", 30},
		{"community@demo.kasane.example", "chiiki", "places", 30},
	} {
		day := daysAgo(c.day)
		rep, err := db.MonthlyReport(ctx, actorOf(t, ctx, db, c.email), c.program, "", casework.FiscalYearOf(day))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range rep.Months {
			if m.Month == day[:7] {
				if v := m.Values[c.measure]; v == nil || *v < 1 {
					t.Errorf("%s %s %s in %s: %v", c.email, c.program, c.measure, m.Label, v)
				}
			}
		}
	}
}
