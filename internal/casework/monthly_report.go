package casework

// Monthly reports of the contractors (委託事業者の月次報告, issue 22) for
// 多機関協働, 参加支援 and 地域づくり. The 重層的支援体制整備事業 is largely
// run by contractors (社会福祉法第106条の4第3項: 市町村は事業の全部又は一部を
// 委託できる); in the 実施要綱 practice each contractor reports its figures
// to the municipality month by month in a form (様式) the municipality
// sets, and the municipality adds them up across contractors. The report
// holds counts only, no personal data.

// MonthlyPrograms are the 事業 with a contractor's monthly report, by their
// 事業 code (Jigyo). The アウトリーチ等 report is the outreach one
// (/outreach/report).
var MonthlyPrograms = CodeList{{"takikan", "多機関協働"}, {"sanka", "参加支援"}, {"chiiki", "地域づくり"}}

// monthlyProgramKinds are the organization kinds that run each program by
// their nature (a 多機関協働事業者 runs 多機関協働 whatever its 事業 list says).
var monthlyProgramKinds = map[string]string{"takikan": "multi_agency", "sanka": "participation_support", "chiiki": "community_building"}

// RunsProgram reports whether the organization runs the program: its kind,
// or the 事業 it is registered for.
func (o Organization) RunsProgram(program string) bool {
	return o.Kind == monthlyProgramKinds[program] || contains(o.Jigyo, program)
}

// CheckMonthlyProgram refuses a program without a monthly report.
func CheckMonthlyProgram(program string) error {
	if MonthlyPrograms.Has(program) {
		return nil
	}
	return NotFound("月次報告")
}

// ReadsMunicipalReports: the municipality reads every organization's
// monthly report and the municipality-wide view across contractors — the
// municipal administrator, or a user of a 市の担当課 who handles cases (the
// same rule as the outreach report). ownKind is the kind of the user's own
// organization.
func ReadsMunicipalReports(a Actor, ownKind string) bool {
	return a.Has("municipal_admin") || a.UserID == "system" || (ownKind == "municipal_section" && CanHandleCases(a))
}

// CheckMonthlyReport: an organization reads its own monthly report (a user
// who handles cases); another organization's only the municipality reads.
func CheckMonthlyReport(a Actor, orgID, ownKind string) error {
	if orgID == a.OrganizationID && CanHandleCases(a) {
		return nil
	}
	if ReadsMunicipalReports(a, ownKind) {
		return nil
	}
	return Errorf(EFORBIDDEN, "他の機関の月次報告を見る権限がありません。")
}

// CheckMunicipalMonthlyReport: the municipality-wide view is the
// municipality's.
func CheckMunicipalMonthlyReport(a Actor, ownKind string) error {
	if ReadsMunicipalReports(a, ownKind) {
		return nil
	}
	return Errorf(EFORBIDDEN, "市区町村全体の月次報告を見られるのは、市の担当課の職員と市区町村管理者だけです。")
}
