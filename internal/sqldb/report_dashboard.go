package sqldb

import (
	"context"
	"time"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// Dashboard gathers the dashboard of fiscal year fy: cases by status, the
// year's new consultations and referral waiting times, today's watches over
// the whole municipality, and actual figures against targets. Every figure
// is an aggregate count.
func (db *DB) Dashboard(ctx context.Context, a casework.Actor, fy int) (*report.Dashboard, error) {
	if !report.CanView(a) {
		return nil, report.ErrNoReports
	}
	if err := report.ValidFiscalYear(fy); err != nil {
		return nil, err
	}
	var d *report.Dashboard
	err := db.inTx(replicaOK(ctx), false, "ダッシュボード", func(tx *Tx) error {
		muni := a.MunicipalityID
		rep, err := tx.annual(ctx, muni, fy, nil)
		if err != nil {
			return err
		}
		status := map[string]int64{}
		rows, err := collect(ctx, tx, func(s scanner) (report.Count, error) {
			var c report.Count
			return c, s.Scan(&c.Key, &c.Value)
		}, "SELECT status, COUNT(*) FROM cases WHERE municipality_id = ? GROUP BY status", muni)
		if err != nil {
			return err
		}
		for _, r := range rows {
			status[r.Key] = r.Value
		}
		var byStatus []report.Count
		for _, s := range casework.CaseStatuses {
			byStatus = append(byStatus, report.Count{Key: s.Value, Label: s.Label, Value: status[s.Value]})
		}
		watches, err := tx.watchCounts(ctx, muni)
		if err != nil {
			return err
		}
		targets, err := tx.targets(ctx, muni, fy)
		if err != nil {
			return err
		}
		d = report.BuildDashboard(rep, casework.Today(tx.now), byStatus, watches, targets)
		return nil
	})
	return d, err
}

// watchCounts counts today's watches (DOMAIN.md) over the municipality.
func (t *Tx) watchCounts(ctx context.Context, muni string) ([]report.Count, error) {
	var s casework.Settings
	if err := t.settings(ctx, muni, &s); err != nil {
		return nil, err
	}
	day := casework.Today(t.now)
	stale := ts(t.now.Add(-time.Duration(s.StaleContact()) * 24 * time.Hour))
	qs := []struct {
		key, label, q string
		args          []any
	}{
		{"overdue_referral", "期限を過ぎた回答待ちのつなぎ", "SELECT COUNT(*) FROM referrals WHERE municipality_id = ? AND status = 'pending' AND due_on < ?", []any{muni, day}},
		{"pending_referral", "回答待ちのつなぎ（全体）", "SELECT COUNT(*) FROM referrals WHERE municipality_id = ? AND status = 'pending'", []any{muni}},
		{"stale_case", "支援経過の記録が" + itoa(s.StaleContact()) + "日以上ないケース", `SELECT COUNT(*) FROM cases WHERE municipality_id = ? AND status NOT IN ('closed', 'suspended')
			AND (CASE WHEN last_contact_at = '' THEN created_at ELSE last_contact_at END) <= ?`, []any{muni, stale}},
		{"no_lead_worker", "主担当者のいないケース", "SELECT COUNT(*) FROM cases WHERE municipality_id = ? AND status <> 'closed' AND " + noLeadWorker, []any{muni}},
	}
	var out []report.Count
	for _, q := range qs {
		c := report.Count{Key: q.key, Label: q.label}
		if err := t.queryRow(ctx, q.q, q.args...).Scan(&c.Value); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
