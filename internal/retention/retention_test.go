package retention

import (
	"testing"
	"time"

	"kasane/internal/casework"
)

// TestPeriodCountsFromTheNextFiscalYear: the period counts from April 1 of
// the fiscal year after the record was completed (文書管理規程), so a case
// closed in FY2020 with 5 years may go from 2026-04-01, whether it closed
// in April 2020 or March 2021.
func TestPeriodCountsFromTheNextFiscalYear(t *testing.T) {
	for _, c := range []struct {
		end   string
		years int
		due   string
	}{
		{"2020-04-01", 5, "2026-04-01"},
		{"2021-03-31", 5, "2026-04-01"},
		{"2021-04-01", 5, "2027-04-01"},
		{"2016-01-15", 1, "2017-04-01"},
		{"2016-01-15", 0, ""},
	} {
		if got := DueOn(c.end, c.years); got != c.due {
			t.Errorf("DueOn(%s, %d) = %s, want %s", c.end, c.years, got, c.due)
		}
		// a record is listed on day d exactly when d >= its due day
		for _, today := range []string{"2026-03-31", "2026-04-01", "2027-03-31", "2027-04-01", "2017-04-01"} {
			listed := c.years > 0 && c.end < Cutoff(today, c.years)
			if want := c.due != "" && today >= c.due; listed != want {
				t.Errorf("end %s, %d years, on %s: listed %v, due %s", c.end, c.years, today, listed, c.due)
			}
		}
	}
}

func TestParsePolicy(t *testing.T) {
	for in, want := range map[string]int{"5": 5, "5年": 5, "１０": 10, "永年": 0, "permanent": 0, " 30 年": 30} {
		got, err := ParsePolicy(TypeCase, in)
		if err != nil || got != want {
			t.Errorf("ParsePolicy(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "101", "五年", "1.5"} {
		if _, err := ParsePolicy(TypeCase, in); casework.ErrorFields(err)["years"] == "" {
			t.Errorf("ParsePolicy(%q) accepted: %v", in, err)
		}
	}
	if _, err := ParsePolicy("invoices", "5"); casework.ErrorFields(err)["record_type"] == "" {
		t.Errorf("unknown record type accepted: %v", err)
	}
	if p := PolicyOf(TypeAudit, 0, false); p.Years != 10 || !p.Default || p.Shown() != "10年" {
		t.Errorf("audit default: %+v", p)
	}
	if p := PolicyOf(TypeCase, 0, true); !p.Permanent || p.Shown() != "永年" {
		t.Errorf("永年: %+v", p)
	}
}

// TestTwoPeopleDecide: one proposes, another privacy officer approves;
// nothing is carried out before the approval; the system actor decides
// nothing.
func TestTwoPeopleDecide(t *testing.T) {
	admin := casework.Actor{UserID: "u-admin", MunicipalityID: "m", Roles: []string{"municipal_admin"}}
	po1 := casework.Actor{UserID: "u-po1", MunicipalityID: "m", Roles: []string{"privacy_officer"}}
	po2 := casework.Actor{UserID: "u-po2", MunicipalityID: "m", Roles: []string{"privacy_officer", "municipal_admin"}}
	worker := casework.Actor{UserID: "u-w", MunicipalityID: "m", Roles: []string{"worker"}}
	sys := casework.System("m")
	for _, a := range []casework.Actor{admin, po1, po2} {
		if err := CheckPropose(a); err != nil {
			t.Errorf("%s may propose: %v", a.UserID, err)
		}
	}
	for _, a := range []casework.Actor{worker, sys} {
		if err := CheckPropose(a); casework.ErrorCode(err) != casework.EFORBIDDEN {
			t.Errorf("%s proposes: %v", a.UserID, err)
		}
	}
	d := Decision{ProposedBy: po2.UserID, Status: StatusProposed}
	for a, want := range map[*casework.Actor]casework.Code{&admin: casework.EFORBIDDEN, &po2: casework.EFORBIDDEN, &sys: casework.EFORBIDDEN, &po1: ""} {
		if got := casework.ErrorCode(CheckApprove(*a, d)); got != want {
			t.Errorf("%s approves: %s, want %q", a.UserID, got, want)
		}
	}
	if casework.ErrorCode(CheckDispose(admin, d)) != casework.EINVALID {
		t.Error("disposal of a proposal not approved")
	}
	d.Status = StatusApproved
	if err := CheckDispose(admin, d); err != nil {
		t.Errorf("disposal of an approved decision: %v", err)
	}
	if casework.ErrorCode(CheckApprove(po1, d)) != casework.ECONFLICT {
		t.Error("approved twice")
	}
	if casework.ErrorCode(CheckDispose(sys, d)) != casework.EFORBIDDEN || casework.ErrorCode(CheckDispose(worker, d)) != casework.EFORBIDDEN {
		t.Error("the system or a worker carries out a disposal")
	}
	if CheckReject(admin, d, "") == nil || CheckReject(po1, d, "期間の誤り") != nil || casework.ErrorCode(CheckReject(admin, d, "x")) != casework.EFORBIDDEN {
		t.Error("reject rules")
	}
	d.Status = StatusDisposed
	if casework.ErrorCode(CheckDispose(admin, d)) != casework.ECONFLICT || casework.ErrorCode(CheckReject(po1, d, "x")) != casework.ECONFLICT {
		t.Error("a disposal carried out is final")
	}
}

func TestHoldRules(t *testing.T) {
	if err := CheckHold(casework.Actor{UserID: "a", Roles: []string{"municipal_admin"}}); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Errorf("an administrator sets a hold: %v", err)
	}
	h := Hold{SubjectType: "household", Kind: "lawsuit"}
	f := casework.ErrorFields(ValidateHold(&h))
	for _, k := range []string{"subject_type", "subject_id", "kind", "reason"} {
		if f[k] == "" {
			t.Errorf("no message for %s: %v", k, f)
		}
	}
	if AuditCutoff(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), 0) != (time.Time{}) {
		t.Error("永年 audit log has a cutoff")
	}
}
