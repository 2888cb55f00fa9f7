package sqldb

import (
	"context"
	"time"

	"kasane/internal/casework"
)

// OutreachReport is the monthly outreach report of one (contractor)
// organization for a fiscal year: per month, new targets, targets by stage
// at the month's end, stage moves, attempts by outcome and method. Counts
// only. An organization reads its own; the municipality (municipal_admin, or
// a user of a 市の担当課) reads any organization's.
func (db *DB) OutreachReport(ctx context.Context, a casework.Actor, orgID string, fy int) (casework.OutreachReport, error) {
	var rep casework.OutreachReport
	err := db.inTx(ctx, false, "アウトリーチ月報", func(tx *Tx) error {
		var err error
		rep, err = tx.outreachReport(ctx, a, orgID, fy)
		return err
	})
	return rep, err
}

// outreachReport computes the monthly report under its access rule.
func (tx *Tx) outreachReport(ctx context.Context, a casework.Actor, orgID string, fy int) (casework.OutreachReport, error) {
	rep := casework.OutreachReport{OrganizationID: orgID, FiscalYear: fy}
	if rep.OrganizationID == "" {
		rep.OrganizationID = a.OrganizationID
	}
	err := func() error {
		org, err := tx.organization(ctx, a.MunicipalityID, rep.OrganizationID)
		if err != nil {
			return err
		}
		rep.OrganizationName = org.Name
		if rep.OrganizationID != a.OrganizationID || !casework.CanHandleCases(a) {
			own, err := tx.organization(ctx, a.MunicipalityID, a.OrganizationID)
			if err != nil && a.UserID != "system" {
				return err
			}
			if !(a.Has("municipal_admin") || a.UserID == "system" || (own.Kind == "municipal_section" && casework.CanHandleCases(a))) {
				return casework.Errorf(casework.EFORBIDDEN, "他の機関の月報を見る権限がありません。")
			}
		}
		type tgt struct{ id, foundOn string }
		targets, err := collect(ctx, tx, func(s scanner) (tgt, error) {
			var x tgt
			return x, s.Scan(&x.id, &x.foundOn)
		}, "SELECT id, found_on FROM outreach_targets WHERE municipality_id = ? AND org_id = ?", a.MunicipalityID, rep.OrganizationID)
		if err != nil {
			return err
		}
		type move struct{ target, to, at string }
		moves, err := collect(ctx, tx, func(s scanner) (move, error) {
			var m move
			return m, s.Scan(&m.target, &m.to, &m.at)
		}, `SELECT h.target_id, h.to_stage, h.at FROM outreach_stage_history h JOIN outreach_targets t ON t.id = h.target_id
			WHERE t.municipality_id = ? AND t.org_id = ? ORDER BY h.at, h.created_at`, a.MunicipalityID, rep.OrganizationID)
		if err != nil {
			return err
		}
		type att struct{ at, method, outcome string }
		atts, err := collect(ctx, tx, func(s scanner) (att, error) {
			var x att
			return x, s.Scan(&x.at, &x.method, &x.outcome)
		}, `SELECT x.at, x.method, x.outcome FROM outreach_attempts x JOIN outreach_targets t ON t.id = x.target_id
			WHERE t.municipality_id = ? AND t.org_id = ?`, a.MunicipalityID, rep.OrganizationID)
		if err != nil {
			return err
		}
		thisMonth := tx.now.In(casework.JST).Format("2006-01")
		for _, month := range casework.FiscalMonths(fy) {
			m := casework.OutreachMonth{Month: month, StageAtEnd: map[string]int{}, Reached: map[string]int{},
				AttemptsByOutcome: map[string]int{}, AttemptsByMethod: map[string]int{}}
			if month > thisMonth {
				rep.Months = append(rep.Months, m)
				continue
			}
			end := month + "-31"
			stageAt := map[string]string{}
			for _, mv := range moves {
				day := jstDay(mv.at)
				if day[:7] == month && mv.to != "found" {
					m.Reached[mv.to]++
					if mv.to == "handed_over" {
						m.HandedOver++
					}
				}
				if day <= end {
					stageAt[mv.target] = mv.to
				}
			}
			for _, t := range targets {
				if t.foundOn[:7] == month {
					m.NewTargets++
				}
				if t.foundOn <= end {
					st := stageAt[t.id]
					if st == "" {
						st = "found"
					}
					m.StageAtEnd[st]++
				}
			}
			for _, x := range atts {
				if jstDay(x.at)[:7] == month {
					m.Attempts++
					m.AttemptsByOutcome[x.outcome]++
					m.AttemptsByMethod[x.method]++
				}
			}
			rep.Months = append(rep.Months, m)
		}
		return nil
	}()
	return rep, err
}

// jstDay is the Japanese calendar day of a stored instant.
func jstDay(stored string) string { return parseTS(stored).In(casework.JST).Format("2006-01-02") }

// fiscalBounds returns the first and last day (YYYY-MM-DD) of a fiscal year
// and the stored instants of its start and of the next year's start.
func fiscalBounds(fy int) (from, to, fromTS, toTS string) {
	start := time.Date(fy, 4, 1, 0, 0, 0, 0, casework.JST)
	next := time.Date(fy+1, 4, 1, 0, 0, 0, 0, casework.JST)
	return start.Format("2006-01-02"), next.AddDate(0, 0, -1).Format("2006-01-02"), ts(start), ts(next)
}
