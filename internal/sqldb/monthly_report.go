package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// Monthly reports of the contractors for 多機関協働, 参加支援 and 地域づくり
// (issue 22; what each column counts: report/monthly.go). This file reads
// the facts under the access rule (casework/monthly_report.go) and audits
// every view and download before the figures leave the transaction.

// MonthlyReport is one organization's monthly report of program for
// fiscal year fy (orgID "" is the actor's own organization). Audited as a
// view.
func (db *DB) MonthlyReport(ctx context.Context, a casework.Actor, program, orgID string, fy int) (*report.Monthly, error) {
	return db.monthlyReport(ctx, a, program, orgID, fy, auditRecord{Action: casework.ActView})
}

// ExportMonthlyReport is MonthlyReport as a table for CSV or .xlsx, audited
// as an export (format and encoding as given, for the record).
func (db *DB) ExportMonthlyReport(ctx context.Context, a casework.Actor, program, orgID string, fy int, format, encoding string) (*report.Monthly, *report.Table, error) {
	rep, err := db.monthlyReport(ctx, a, program, orgID, fy, auditRecord{Action: casework.ActExport, Reason: strings.TrimSpace(format + " " + encoding)})
	if err != nil {
		return nil, nil, err
	}
	return rep, report.MonthlyTable(rep), nil
}

func (db *DB) monthlyReport(ctx context.Context, a casework.Actor, program, orgID string, fy int, ev auditRecord) (*report.Monthly, error) {
	if err := casework.CheckMonthlyProgram(program); err != nil {
		return nil, err
	}
	if err := report.ValidFiscalYear(fy); err != nil {
		return nil, err
	}
	if orgID == "" {
		orgID = a.OrganizationID
	}
	var rep *report.Monthly
	err := db.inRead(replicaOK(ctx), "月次報告", func(tx *Tx) error {
		org, err := tx.organization(ctx, a.MunicipalityID, orgID)
		if err != nil {
			return err
		}
		own, err := tx.ownOrgKind(ctx, a)
		if err != nil {
			return err
		}
		if err := casework.CheckMonthlyReport(a, orgID, own); err != nil {
			return err
		}
		facts, err := tx.monthlyFacts(ctx, a.MunicipalityID, program, orgID, fy)
		if err != nil {
			return err
		}
		rep = report.BuildMonthly(program, org.ID, org.Name, fy, casework.Today(tx.now), facts)
		ev.ObjectType, ev.ObjectID = "monthly_report", org.ID
		ev.Reason = strings.TrimSpace(rep.ProgramLabel + " " + rep.FiscalYearLabel + " " + ev.Reason)
		return tx.audit(ctx, a, ev)
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// MonthlyOverview is the municipality-wide view of program across the
// organizations for month (YYYY-MM within fiscal year fy) or the whole
// year (month ""). Only the municipality reads it; audited as a view.
func (db *DB) MonthlyOverview(ctx context.Context, a casework.Actor, program string, fy int, month string) (*report.MonthlyOverview, error) {
	return db.monthlyOverview(ctx, a, program, fy, month, auditRecord{Action: casework.ActView})
}

// ExportMonthlyOverview is MonthlyOverview as a table, audited as an export.
func (db *DB) ExportMonthlyOverview(ctx context.Context, a casework.Actor, program string, fy int, month, format, encoding string) (*report.MonthlyOverview, *report.Table, error) {
	ov, err := db.monthlyOverview(ctx, a, program, fy, month, auditRecord{Action: casework.ActExport, Reason: strings.TrimSpace(format + " " + encoding)})
	if err != nil {
		return nil, nil, err
	}
	return ov, report.OverviewTable(ov), nil
}

func (db *DB) monthlyOverview(ctx context.Context, a casework.Actor, program string, fy int, month string, ev auditRecord) (*report.MonthlyOverview, error) {
	if err := casework.CheckMonthlyProgram(program); err != nil {
		return nil, err
	}
	if err := report.ValidFiscalYear(fy); err != nil {
		return nil, err
	}
	if month != "" && !inFiscalYear(month, fy) {
		msg := "月は年度の中の月を選んでください（4月〜翌年3月）。"
		return nil, &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"month": msg}}
	}
	var ov *report.MonthlyOverview
	err := db.inRead(replicaOK(ctx), "月次報告", func(tx *Tx) error {
		own, err := tx.ownOrgKind(ctx, a)
		if err != nil {
			return err
		}
		if err := casework.CheckMunicipalMonthlyReport(a, own); err != nil {
			return err
		}
		orgs, err := collect(ctx, tx, scanOrg, "SELECT "+orgCols+" FROM organizations WHERE municipality_id = ? ORDER BY kind, name", a.MunicipalityID)
		if err != nil {
			return err
		}
		facts, err := tx.monthlyFacts(ctx, a.MunicipalityID, program, "", fy)
		if err != nil {
			return err
		}
		var list []report.OverviewOrg
		for _, o := range orgs {
			list = append(list, report.OverviewOrg{ID: o.ID, Name: o.Name, Operation: o.OperationLabel(), Runs: o.RunsProgram(program), Retired: o.Retired()})
		}
		report.SortOverviewOrgs(list)
		ov = report.BuildOverview(program, fy, month, list, facts)
		ev.ObjectType, ev.ObjectID = "monthly_report", a.MunicipalityID
		ev.Reason = strings.TrimSpace(ov.ProgramLabel + " 市区町村全体 " + ov.PeriodLabel + " " + ev.Reason)
		return tx.audit(ctx, a, ev)
	})
	if err != nil {
		return nil, err
	}
	return ov, nil
}

// inFiscalYear reports whether month (YYYY-MM) is one of fiscal year fy's.
func inFiscalYear(month string, fy int) bool {
	for _, m := range casework.FiscalMonths(fy) {
		if m == month {
			return true
		}
	}
	return false
}

// ownOrgKind is the kind of the actor's organization ("" for the system).
func (t *Tx) ownOrgKind(ctx context.Context, a casework.Actor) (string, error) {
	if a.UserID == "system" {
		return "", nil
	}
	o, err := t.organization(ctx, a.MunicipalityID, a.OrganizationID)
	return o.Kind, err
}

// monthlyFacts reads what program's measures count for organization org
// ("" = every organization) in fiscal year fy. Things with a span (a match
// in progress, a place) are read from before the year too.
func (t *Tx) monthlyFacts(ctx context.Context, muni, program, org string, fy int) ([]report.Fact, error) {
	switch program {
	case "takikan":
		return t.takikanFacts(ctx, muni, org, fy)
	case "sanka":
		return t.sankaFacts(ctx, muni, org, fy)
	case "chiiki":
		return t.chiikiFacts(ctx, muni, org, fy)
	}
	return nil, nil
}

// orgCond narrows a query to org when one is given.
func orgCond(q, col, org string, args []any) (string, []any) {
	if org == "" {
		return q, args
	}
	return q + " AND " + col + " = ?", append(args, org)
}

type strRow4 struct{ a, b, c, d string }

func scan4(s scanner) (strRow4, error) {
	var r strRow4
	return r, s.Scan(&r.a, &r.b, &r.c, &r.d)
}

// takikanFacts: つなぎ received and accepted, direct intakes, plans made,
// 重層的支援会議 and 支援会議 attended, closures of cases on the team and
// hand-overs of the lead.
func (t *Tx) takikanFacts(ctx context.Context, muni, org string, fy int) ([]report.Fact, error) {
	from, to, fromTS, toTS := fiscalBounds(fy)
	var facts []report.Fact
	keyed := func(measure, o, day, key string) {
		if day >= from && day <= to {
			facts = append(facts, report.Fact{Measure: measure, Org: o, From: day, Until: day, Key: key, N: 1})
		}
	}
	point := func(measure, o, day string) { keyed(measure, o, day, "") }
	// つなぎ: the day of the referral (referred_on; older rows: the day entered)
	q, args := orgCond("SELECT to_org_id, referred_on, created_at, status FROM referrals WHERE municipality_id = ?", "to_org_id", org, []any{muni})
	refs, err := collect(ctx, t, scan4, q, args...)
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		day := r.b
		if day == "" {
			day = jstDay(r.c)
		}
		point("referrals_received", r.a, day)
		if r.d == "accepted" || r.d == "completed" {
			point("intake_referral", r.a, day)
		}
	}
	// direct intake: the first lead of a case received in the year (the
	// earliest membership on the lead basis; of two begun the same day, the
	// one entered first, or the one that has ended)
	lead, err := collect(ctx, t, func(s scanner) ([6]string, error) {
		var r [6]string
		return r, s.Scan(&r[0], &r[1], &r[2], &r[3], &r[4], &r[5])
	}, `SELECT tm.case_id, tm.organization_id, c.received_on, tm.from_on, tm.created_at, tm.end_reason FROM cases c
		JOIN case_team tm ON tm.case_id = c.id AND tm.basis = 'lead' WHERE c.municipality_id = ? AND c.received_on >= ? AND c.received_on <= ?`, muni, from, to)
	if err != nil {
		return nil, err
	}
	first := map[string][6]string{}
	earlier := func(a, b [6]string) bool {
		if a[3] != b[3] {
			return a[3] < b[3]
		}
		if a[4] != b[4] {
			return a[4] < b[4]
		}
		return a[5] != "" && b[5] == ""
	}
	for _, r := range lead {
		if f, ok := first[r[0]]; !ok || earlier(r, f) {
			first[r[0]] = r
		}
	}
	for _, r := range first {
		if org == "" || r[1] == org {
			point("intake_direct", r[1], r[2])
		}
	}
	q, args = orgCond("SELECT author_org_id, created_at, '', '' FROM plans WHERE municipality_id = ? AND created_at >= ? AND created_at < ?", "author_org_id", org, []any{muni, fromTS, toTS})
	plans, err := collect(ctx, t, scan4, q, args...)
	if err != nil {
		return nil, err
	}
	for _, r := range plans {
		point("plans_made", r.a, jstDay(r.b))
	}
	if err := t.takikanMeetingFacts(ctx, muni, org, fromTS, toTS, keyed); err != nil {
		return nil, err
	}
	// closures: the cases whose team the organization was on that day
	evs, err := collect(ctx, t, scan4, `SELECT case_id, event_on, id, '' FROM case_events WHERE municipality_id = ? AND kind = 'closure'
		AND event_on >= ? AND event_on <= ?`, muni, from, to)
	if err != nil {
		return nil, err
	}
	if len(evs) > 0 {
		q, args = orgCond(`SELECT case_id, organization_id, from_on, to_on FROM case_team WHERE municipality_id = ? AND case_id IN
			(SELECT case_id FROM case_events WHERE municipality_id = ? AND kind = 'closure' AND event_on >= ? AND event_on <= ?)`, "organization_id", org, []any{muni, muni, from, to})
		team, err := collect(ctx, t, scan4, q, args...)
		if err != nil {
			return nil, err
		}
		byCase := map[string][]strRow4{}
		for _, m := range team {
			byCase[m.a] = append(byCase[m.a], m)
		}
		for _, e := range evs {
			seen := map[string]bool{}
			for _, m := range byCase[e.a] {
				if m.c <= e.b && (m.d == "" || m.d >= e.b) && !seen[m.b] {
					seen[m.b] = true
					keyed("closures", m.b, e.b, e.c)
				}
			}
		}
	}
	q, args = orgCond(`SELECT organization_id, to_on, '', '' FROM case_team WHERE municipality_id = ? AND end_reason = 'takikan_handover'
		AND to_on >= ? AND to_on <= ?`, "organization_id", org, []any{muni, from, to})
	hos, err := collect(ctx, t, scan4, q, args...)
	if err != nil {
		return nil, err
	}
	for _, r := range hos {
		point("handovers", r.a, r.b)
	}
	return facts, nil
}

// takikanMeetingFacts: the held 重層的支援会議 and 支援会議 an organization
// hosted or attended (not absent), with the cases discussed at them; keyed
// by meeting and item so that the municipality's 合計 counts a meeting
// several organizations attended once.
func (t *Tx) takikanMeetingFacts(ctx context.Context, muni, org, fromTS, toTS string, add func(measure, org, day, key string)) error {
	const held = "m.municipality_id = ? AND m.status = 'held' AND m.type IN ('jusoteki_shien_kaigi', 'shien_kaigi') AND m.scheduled_at >= ? AND m.scheduled_at < ?"
	ms, err := collect(ctx, t, scan4, "SELECT m.id, m.type, m.scheduled_at, m.host_org_id FROM meetings m WHERE "+held, muni, fromTS, toTS)
	if err != nil || len(ms) == 0 {
		return err
	}
	orgsOf := map[string]map[string]bool{}
	for _, m := range ms {
		orgsOf[m.a] = map[string]bool{m.d: true}
	}
	att, err := collect(ctx, t, scan4, "SELECT a.meeting_id, a.organization_id, '', '' FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id WHERE a.absent = 0 AND "+held, muni, fromTS, toTS)
	if err != nil {
		return err
	}
	for _, x := range att {
		if orgsOf[x.a] != nil {
			orgsOf[x.a][x.b] = true
		}
	}
	items, err := collect(ctx, t, scan4, "SELECT mi.meeting_id, mi.id, '', '' FROM meeting_items mi JOIN meetings m ON m.id = mi.meeting_id WHERE "+held, muni, fromTS, toTS)
	if err != nil {
		return err
	}
	itemsOf := map[string][]string{}
	for _, it := range items {
		itemsOf[it.a] = append(itemsOf[it.a], it.b)
	}
	for _, m := range ms {
		meeting, cases := "jusou_meetings", "jusou_cases"
		if m.b == "shien_kaigi" {
			meeting, cases = "shien_meetings", "shien_cases"
		}
		day := jstDay(m.c)
		for o := range orgsOf[m.a] {
			if org != "" && o != org {
				continue
			}
			add(meeting, o, day, m.a)
			for _, it := range itemsOf[m.a] {
				add(cases, o, day, it)
			}
		}
	}
	return nil
}

// sankaFacts: the steps of the organization's matches, the persons in a
// match (名寄せ: linked persons once), the retention and host-support logs,
// and the hosts it registered with their menus.
func (t *Tx) sankaFacts(ctx context.Context, muni, org string, fy int) ([]report.Fact, error) {
	from, to, fromTS, toTS := fiscalBounds(fy)
	roots, err := t.linkedPersons(ctx, muni)
	if err != nil {
		return nil, err
	}
	var facts []report.Fact
	point := func(measure, o, day string, n int) {
		if day != "" && day >= from && day <= to {
			facts = append(facts, report.Fact{Measure: measure, Org: o, From: day, Until: day, N: n})
		}
	}
	type match struct{ org, person, proposed, trial, placed, ended string }
	q, args := orgCond("SELECT org_id, person_id, proposed_on, trial_on, placed_on, ended_on FROM participation_matches WHERE municipality_id = ? AND proposed_on <= ?",
		"org_id", org, []any{muni, to})
	ms, err := collect(ctx, t, func(s scanner) (match, error) {
		var m match
		return m, s.Scan(&m.org, &m.person, &m.proposed, &m.trial, &m.placed, &m.ended)
	}, q, args...)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		point("proposed", m.org, m.proposed, 1)
		point("trial", m.org, m.trial, 1)
		point("placed", m.org, m.placed, 1)
		point("ended", m.org, m.ended, 1)
		if m.ended == "" || m.ended >= from {
			facts = append(facts, report.Fact{Measure: "persons", Org: m.org, From: m.proposed, Until: m.ended, Key: roots.root(m.person), N: 1})
		}
	}
	q, args = orgCond(`SELECT m.org_id, l.kind, l.at, '' FROM participation_logs l JOIN participation_matches m ON m.id = l.match_id
		WHERE l.municipality_id = ? AND l.at >= ? AND l.at < ?`, "m.org_id", org, []any{muni, fromTS, toTS})
	logs, err := collect(ctx, t, scan4, q, args...)
	if err != nil {
		return nil, err
	}
	for _, l := range logs {
		switch l.b {
		case "retention":
			point("retention_logs", l.a, jstDay(l.c), 1)
		case "host_support":
			point("host_support_logs", l.a, jstDay(l.c), 1)
		}
	}
	q, args = orgCond("SELECT "+resourceCols+" FROM resources WHERE municipality_id = ? AND accepts_participants = 1 AND created_at >= ? AND created_at < ?",
		"registered_by_org_id", org, []any{muni, fromTS, toTS})
	hosts, err := collect(ctx, t, scanResource, q, args...)
	if err != nil {
		return nil, err
	}
	for _, r := range hosts {
		day := casework.Today(r.Created)
		point("new_hosts", r.RegisteredByOrgID, day, 1)
		point("new_menus", r.RegisteredByOrgID, day, len(r.Menus))
	}
	return facts, nil
}

// chiikiFacts: the places the organization registered (a stock from the
// day registered), their sessions and participants, and the meetings of
// its platforms (協議体) with their attendees and member organizations.
func (t *Tx) chiikiFacts(ctx context.Context, muni, org string, fy int) ([]report.Fact, error) {
	from, to, _, toTS := fiscalBounds(fy)
	var facts []report.Fact
	point := func(measure, o, day, key string, n int) {
		if day >= from && day <= to {
			facts = append(facts, report.Fact{Measure: measure, Org: o, From: day, Until: day, Key: key, N: n})
		}
	}
	q, args := orgCond("SELECT registered_by_org_id, kind, created_at, id FROM resources WHERE municipality_id = ? AND created_at < ?", "registered_by_org_id", org, []any{muni, toTS})
	rs, err := collect(ctx, t, scan4, q, args...)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if (casework.Resource{Kind: r.b}).IsPlace() {
			facts = append(facts, report.Fact{Measure: "places", Org: r.a, From: jstDay(r.c), N: 1})
		}
	}
	q, args = orgCond(`SELECT r.registered_by_org_id, r.kind, s.held_on, s.total FROM resource_sessions s JOIN resources r ON r.id = s.resource_id
		WHERE s.municipality_id = ? AND s.held_on >= ? AND s.held_on <= ?`, "r.registered_by_org_id", org, []any{muni, from, to})
	type sess struct {
		org, kind, day string
		total          int
	}
	ss, err := collect(ctx, t, func(s scanner) (sess, error) {
		var x sess
		return x, s.Scan(&x.org, &x.kind, &x.day, &x.total)
	}, q, args...)
	if err != nil {
		return nil, err
	}
	for _, s := range ss {
		if (casework.Resource{Kind: s.kind}).IsPlace() {
			point("sessions", s.org, s.day, "", 1)
			point("participants", s.org, s.day, "", s.total)
		}
	}
	q, args = orgCond(`SELECT p.registered_by_org_id, m.platform_id, m.held_on, m.attendees FROM platform_meetings m JOIN platforms p ON p.id = m.platform_id
		WHERE m.municipality_id = ? AND m.held_on >= ? AND m.held_on <= ?`, "p.registered_by_org_id", org, []any{muni, from, to})
	type pm struct {
		org, platform, day string
		attendees          int
	}
	pms, err := collect(ctx, t, func(s scanner) (pm, error) {
		var x pm
		return x, s.Scan(&x.org, &x.platform, &x.day, &x.attendees)
	}, q, args...)
	if err != nil || len(pms) == 0 {
		return facts, err
	}
	members, err := collect(ctx, t, scan4, "SELECT platform_id, organization_id, name, '' FROM platform_members WHERE municipality_id = ?", muni)
	if err != nil {
		return nil, err
	}
	byPlatform := map[string][]string{}
	for _, m := range members {
		key := "org:" + m.b
		if m.b == "" {
			key = "name:" + m.c
		}
		byPlatform[m.a] = append(byPlatform[m.a], key)
	}
	for _, m := range pms {
		point("platform_meetings", m.org, m.day, "", 1)
		point("platform_attendees", m.org, m.day, "", m.attendees)
		for _, k := range byPlatform[m.platform] {
			point("platform_orgs", m.org, m.day, k, 1)
		}
	}
	return facts, nil
}
