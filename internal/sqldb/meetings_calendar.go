package sqldb

import (
	"context"
	"slices"
	"strings"
	"time"

	"kasane/internal/casework"
)

// Calendar lists the actor's meetings and the review dates of plans in force
// of cases the actor may read, from day from for days days.
func (db *DB) Calendar(ctx context.Context, a casework.Actor, from string, days int) ([]casework.CalendarEntry, error) {
	start, err := time.ParseInLocation("2006-01-02", from, casework.JST)
	if err != nil {
		return nil, &casework.Error{Code: casework.EINVALID, Message: "日付の形式が正しくありません。", Fields: map[string]string{"from": "日付の形式が正しくありません。"}}
	}
	end := start.AddDate(0, 0, days)
	ms, err := db.Meetings(ctx, a, start, end)
	if err != nil {
		return nil, err
	}
	var out []casework.CalendarEntry
	for _, m := range ms {
		out = append(out, casework.CalendarEntry{Date: casework.Today(m.ScheduledAt), At: m.ScheduledAt, Kind: "meeting", Title: m.Title, MeetingID: m.ID})
	}
	err = db.inRead(ctx, "予定", func(tx *Tx) error {
		if !casework.CanHandleCases(a) {
			return nil
		}
		today := casework.Today(tx.now)
		ps, err := collect(ctx, tx, scanPlan, "SELECT "+planCols+` FROM plans WHERE municipality_id = ? AND status IN ('draft', 'agreed', 'decided')
			AND next_review_on <> '' AND next_review_on < ? AND (next_review_on >= ? OR next_review_on < ?) ORDER BY next_review_on LIMIT 1000`,
			a.MunicipalityID, end.Format("2006-01-02"), from, today)
		if err != nil {
			return err
		}
		for _, p := range ps {
			c, f, err := tx.caseFacts(ctx, a.MunicipalityID, p.CaseID)
			if err != nil {
				return err
			}
			if !casework.CanReadCaseData(a, f, casework.CatRecords, today) || (p.Status == "draft" && p.NextReviewOn < from) {
				continue
			}
			out = append(out, casework.CalendarEntry{Date: p.NextReviewOn, Kind: "review", Title: "プランの見直し（第" + itoa(p.Revision) + "版）",
				PlanID: p.ID, CaseID: p.CaseID, CaseNumber: c.Number, Overdue: p.ReviewOverdue(today)})
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "calendar"})
	})
	sortCalendar(out)
	return out, err
}

func sortCalendar(es []casework.CalendarEntry) {
	slices.SortStableFunc(es, func(a, b casework.CalendarEntry) int {
		if a.Date != b.Date {
			return strings.Compare(a.Date, b.Date)
		}
		return a.At.Compare(b.At)
	})
}

// ResourceGaps lists the gaps in social resources raised at meetings, newest
// first, for the community-building side. They carry no personal data.
func (db *DB) ResourceGaps(ctx context.Context, a casework.Actor) ([]casework.ResourceGap, error) {
	out := []casework.ResourceGap{}
	err := db.inRead(ctx, "社会資源の不足", func(tx *Tx) error {
		if !casework.CanHandleCases(a) {
			return casework.Errorf(casework.EFORBIDDEN, "この一覧を見る権限がありません。")
		}
		gs, err := collect(ctx, tx, func(s scanner) (casework.ResourceGap, error) {
			var g casework.ResourceGap
			err := s.Scan(&g.ID, &g.MeetingID, &g.MeetingType, &g.Description, &g.RaisedOn, &g.RaisedByOrgID, &g.Version)
			return g, err
		}, `SELECT g.id, g.meeting_id, m.type, g.description, g.raised_on, g.raised_by_org_id, g.version FROM resource_gaps g
			JOIN meetings m ON m.id = g.meeting_id WHERE g.municipality_id = ? ORDER BY g.raised_on DESC, g.created_at DESC LIMIT 1000`, a.MunicipalityID)
		if err != nil {
			return err
		}
		if gs != nil {
			out = gs
		}
		if out, err = tx.withPlatformGaps(ctx, a.MunicipalityID, out); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "resource_gaps"})
	})
	return out, err
}
