package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// filterList is the code list of a drill-down filter. The filter status is
// the row class of its section: a referral's result, a plan's stage or a
// meeting's type.
func filterList(section, key string) (casework.CodeList, bool) {
	if key == "status" {
		switch section {
		case report.SecPlans:
			return report.PlanStages, true
		case report.SecMeetings, report.SecMeetingItems:
			return casework.MeetingTypes, true
		}
		if l, ok := report.CommunityRows(section); ok {
			return l, true
		}
	}
	l, ok := recordFilters[key]
	return l, ok
}

// filterLabels describes a drill-down's filter in Japanese for pages.
func filterLabels(section string, f map[string]string) []string {
	names := map[string]string{"jigyo": "事業", "bunya": "分野", "reason": "終結理由", "status": "結果", "bucket": "受諾まで"}
	switch section {
	case report.SecPlans:
		names["status"] = "段階"
	case report.SecMeetings, report.SecMeetingItems:
		names["status"] = "会議の種類"
	}
	if n := report.CommunityRowName(section); n != "" {
		names["status"] = n
	}
	var out []string
	for _, k := range []string{"jigyo", "bunya", "reason", "status", "bucket"} {
		if v := f[k]; v != "" {
			l, _ := filterList(section, k)
			out = append(out, names[k]+": "+l.Label(v))
		}
	}
	return out
}

// recordVisibility decides which records behind a figure the actor sees:
// records of a case only if the actor may read the case (readableCase),
// meeting records only if the actor's organization attends (or hosts) the
// meeting (rule 5). Decisions are remembered per case and per meeting.
type recordVisibility struct {
	a        casework.Actor
	cases    map[string]bool
	meetings map[string]bool
}

func (v *recordVisibility) init() {
	if v.cases == nil {
		v.cases, v.meetings = map[string]bool{}, map[string]bool{}
	}
}

func (v *recordVisibility) check(ctx context.Context, t *Tx, rec Record) (bool, error) {
	if rec.CaseID == "" && rec.MeetingID == "" {
		// community records: outreach targets and attempts, and matches, to
		// the organization that registered them; places and sessions to all
		return !rec.personal || casework.CanSeeOutreachTarget(v.a, rec.owner), nil
	}
	v.init()
	seen, id, load := v.cases, rec.CaseID, func() error {
		_, _, err := t.readableCaseData(ctx, v.a, rec.CaseID, casework.CatRecords)
		return err
	}
	if rec.MeetingID != "" {
		seen, id, load = v.meetings, rec.MeetingID, func() error {
			_, err := t.visibleMeeting(ctx, v.a, rec.MeetingID)
			return err
		}
	}
	if rec.MeetingID != "" && rec.CaseID != "" {
		// a case item of a meeting: read only while its basis lasts (rule
		// 3 over rule 5), as on the meeting page
		seen, id, load = v.meetings, rec.MeetingID+"/"+rec.CaseID, func() error {
			m, err := t.visibleMeeting(ctx, v.a, rec.MeetingID)
			if err != nil {
				return err
			}
			_, f, err := t.caseFacts(ctx, v.a.MunicipalityID, rec.CaseID)
			if err != nil {
				return err
			}
			it := casework.MeetingItem{Basis: casework.MeetingTypeBasis(m.Type)}
			if !casework.CanReadMeetingItem(v.a, m, it, f, casework.Today(t.now)) {
				return casework.NotFound("会議の検討事項")
			}
			return nil
		}
	}
	if ok, done := seen[id]; done {
		return ok, nil
	}
	err := load()
	if code := casework.ErrorCode(err); err != nil && code != casework.ENOTFOUND && code != casework.EFORBIDDEN {
		// not found: not readable; forbidden: readable, but the consent's
		// scope leaves out the 支援経過記録 — hidden too
		return false, err
	}
	seen[id] = err == nil
	return err == nil, nil
}

// planRecords lists the plans made, agreed or decided, or the evaluations
// made, in the period (all four when stage is empty). Candidates are the
// plans of cases the actor's organization leads or is on the team of; the
// caller checks each with readableCase.
func (t *Tx) planRecords(ctx context.Context, a casework.Actor, stage, from, to, iFrom, iTo string) (int, []Record, error) {
	stages := []string{stage}
	if stage == "" {
		stages = report.PlanStages.Values()
	}
	scan := func(kind string) func(scanner) (Record, error) {
		return func(s scanner) (Record, error) {
			rec := Record{Kind: kind}
			err := s.Scan(&rec.ID, &rec.CaseID, &rec.CaseNumber, &rec.PersonName, &rec.Date, &rec.Detail, &rec.lead)
			return rec, err
		}
	}
	const planSel = "SELECT p.id, p.case_id, k.number, k.focus_person_id, "
	const planFrom = ", p.revision || '/' || p.status, k.lead_org_id FROM plans p JOIN cases k ON k.id = p.case_id WHERE p.municipality_id = ? AND "
	var total int
	var out []Record
	for _, st := range stages {
		var sql, order, caseCol, kind string
		args := []any{a.MunicipalityID, from, to}
		switch st {
		case "made":
			sql, order, caseCol, kind = planSel+"p.created_at"+planFrom+"p.created_at >= ? AND p.created_at < ?", " ORDER BY p.created_at, p.id", "p.case_id", "plan"
			args = []any{a.MunicipalityID, iFrom, iTo}
		case "agreed", "decided":
			col := "p." + st + "_on"
			sql, order, caseCol, kind = planSel+col+planFrom+col+" >= ? AND "+col+" <= ?", " ORDER BY "+col+", p.id", "p.case_id", "plan"
		case "evaluated":
			sql = `SELECT e.id, e.case_id, k.number, k.focus_person_id, e.evaluated_on, e.next_step, k.lead_org_id FROM plan_evaluations e
				JOIN cases k ON k.id = e.case_id WHERE e.municipality_id = ? AND e.evaluated_on >= ? AND e.evaluated_on <= ?`
			order, caseCol, kind = " ORDER BY e.evaluated_on, e.id", "e.case_id", "evaluation"
		}
		n, recs, err := t.scoped(ctx, a, caseCol, "k.lead_org_id", sql, order, scan(kind), args)
		if err != nil {
			return 0, nil, err
		}
		total += n
		for _, rec := range recs {
			if kind == "evaluation" {
				rec.Detail = "評価: 次の段階は" + casework.NextSteps.Label(rec.Detail)
			} else {
				rev, status, _ := strings.Cut(rec.Detail, "/")
				rec.Detail = report.PlanStages.Label(st) + ": 第" + rev + "版（現在 " + casework.PlanStatuses.Label(status) + "）"
			}
			if st == "made" {
				rec.Date = casework.Today(parseTS(rec.Date))
			}
			out = append(out, rec)
		}
	}
	return total, out, nil
}

// meetingRecords lists the meetings held in the period, or the case items
// discussed at them (items), of type mtype (all when empty). Candidates are
// the meetings the actor's organization hosts or attends; the caller checks
// each with visibleMeeting.
func (t *Tx) meetingRecords(ctx context.Context, a casework.Actor, items bool, mtype, iFrom, iTo string) (int, []Record, error) {
	sql := `SELECT m.id, '', '', '', m.scheduled_at, m.type, m.title, m.id FROM meetings m WHERE m.municipality_id = ?`
	kind, order := "meeting", " ORDER BY m.scheduled_at, m.id"
	if items {
		sql = `SELECT mi.id, mi.case_id, k.number, k.focus_person_id, m.scheduled_at, m.type, m.title, m.id FROM meeting_items mi
			JOIN meetings m ON m.id = mi.meeting_id JOIN cases k ON k.id = mi.case_id WHERE m.municipality_id = ?`
		kind, order = "meeting_item", " ORDER BY m.scheduled_at, mi.created_at, mi.id"
	}
	sql += " AND m.scheduled_at >= ? AND m.scheduled_at < ? AND m.status = 'held'"
	args := []any{a.MunicipalityID, iFrom, iTo}
	if mtype != "" {
		sql += " AND m.type = ?"
		args = append(args, mtype)
	}
	var total int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM ("+sql+") x", args...).Scan(&total); err != nil {
		return 0, nil, err
	}
	if !casework.CanHandleCases(a) || total == 0 {
		return total, nil, nil
	}
	sql += " AND (m.host_org_id = ? OR m.id IN (SELECT meeting_id FROM meeting_attendees WHERE municipality_id = ? AND organization_id = ?))"
	args = append(args, a.OrganizationID, a.MunicipalityID, a.OrganizationID)
	recs, err := collect(ctx, t, func(s scanner) (Record, error) {
		rec := Record{Kind: kind}
		var mt, title string
		err := s.Scan(&rec.ID, &rec.CaseID, &rec.CaseNumber, &rec.PersonName, &rec.Date, &mt, &title, &rec.MeetingID)
		rec.Date = casework.Today(parseTS(rec.Date))
		rec.Detail = casework.MeetingTypes.Label(mt)
		if title != "" && title != rec.Detail {
			rec.Detail += "「" + title + "」"
		}
		return rec, err
	}, sql+order, args...)
	return total, recs, err
}
