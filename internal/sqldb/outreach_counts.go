package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// CommunityCounts counts 地域づくり, 参加支援 and アウトリーチ for a fiscal year
// across the municipality, for the annual report: places and hosts
// registered by the year's end, sessions and participants (by group) in
// the year, participating organizations, platform meetings, matches proposed
// in the year by their status now, outreach targets found in the year by
// their stage now, and attempts in the year. Counts only, no personal data.
func (db *DB) CommunityCounts(ctx context.Context, a casework.Actor, fiscalYear int) (casework.CommunityCounts, error) {
	cc := casework.CommunityCounts{FiscalYear: fiscalYear, ParticipantsByGroup: map[string]int{}, MatchesByStatus: map[string]int{}, OutreachByStage: map[string]int{}}
	if !casework.CanReadCommunityCounts(a) && a.UserID != "system" {
		return cc, casework.Errorf(casework.EFORBIDDEN, "集計を見る権限がありません。")
	}
	from, to, fromTS, toTS := fiscalBounds(fiscalYear)
	err := db.inTx(ctx, false, "集計", func(tx *Tx) error {
		muni := a.MunicipalityID
		rs, err := collect(ctx, tx, scanResource, "SELECT "+resourceCols+" FROM resources WHERE municipality_id = ? AND created_at < ?", muni, toTS)
		if err != nil {
			return err
		}
		operator := map[string]string{} // resource id → operator key
		for _, r := range rs {
			if r.IsPlace() {
				cc.Places++
			}
			if r.AcceptsParticipants {
				cc.Hosts++
			}
			key := "org:" + r.HostOrgID
			if r.HostOrgID == "" {
				key = "name:" + r.Operator
				if r.Operator == "" {
					key = "name:" + r.Name
				}
			}
			operator[r.ID] = key
		}
		participating := map[string]bool{}
		sessions, err := collect(ctx, tx, scanSession, "SELECT "+sessionCols+" FROM resource_sessions WHERE municipality_id = ? AND held_on >= ? AND held_on <= ?", muni, from, to)
		if err != nil {
			return err
		}
		for _, s := range sessions {
			cc.Sessions++
			cc.Participants += s.Total
			for g, n := range s.Participants {
				cc.ParticipantsByGroup[g] += n
			}
			if k := operator[s.ResourceID]; k != "" {
				participating[k] = true
			}
		}
		type pair struct{ a, b string }
		two := func(s scanner) (pair, error) {
			var p pair
			return p, s.Scan(&p.a, &p.b)
		}
		matches, err := collect(ctx, tx, two, "SELECT resource_id, status FROM participation_matches WHERE municipality_id = ? AND proposed_on >= ? AND proposed_on <= ?", muni, from, to)
		if err != nil {
			return err
		}
		for _, m := range matches {
			cc.MatchesByStatus[m.b]++
			if k := operator[m.a]; k != "" {
				participating[k] = true
			}
		}
		members, err := collect(ctx, tx, two, `SELECT organization_id, name FROM platform_members WHERE municipality_id = ? AND platform_id IN
			(SELECT platform_id FROM platform_meetings WHERE municipality_id = ? AND held_on >= ? AND held_on <= ?)`, muni, muni, from, to)
		if err != nil {
			return err
		}
		for _, m := range members {
			if m.a != "" {
				participating["org:"+m.a] = true
			} else {
				participating["name:"+m.b] = true
			}
		}
		cc.ParticipatingOrganizations = len(participating)
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM platform_meetings WHERE municipality_id = ? AND held_on >= ? AND held_on <= ?", muni, from, to).Scan(&cc.PlatformMeetings); err != nil {
			return err
		}
		stages, err := collect(ctx, tx, two, "SELECT id, stage FROM outreach_targets WHERE municipality_id = ? AND found_on >= ? AND found_on <= ?", muni, from, to)
		if err != nil {
			return err
		}
		for _, s := range stages {
			cc.OutreachByStage[s.b]++
		}
		return tx.queryRow(ctx, "SELECT COUNT(*) FROM outreach_attempts WHERE municipality_id = ? AND at >= ? AND at < ?", muni, fromTS, toTS).Scan(&cc.OutreachAttempts)
	})
	return cc, err
}
