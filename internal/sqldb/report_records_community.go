package sqldb

import (
	"context"
	"strconv"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// communityRecords lists the records behind a community figure. Outreach
// targets and their attempts are personal data shown only to the
// organization that registered the target (casework.CanSeeOutreachTarget),
// matches only to the organization that made them; places, hosts and
// sessions are not personal data and are shown to every report user.
func (t *Tx) communityRecords(ctx context.Context, a casework.Actor, section, status, from, to, iFrom, iTo string) (int, []Record, error) {
	muni := a.MunicipalityID
	var sql, order string
	var args []any
	var scan func(scanner) (Record, error)
	add := func(cond string, v any) {
		sql += cond
		args = append(args, v)
	}
	switch section {
	case report.SecOutreachTargets:
		sql, order, args = `SELECT id, found_on, stage, found_via, org_id FROM outreach_targets WHERE municipality_id = ? AND found_on >= ? AND found_on <= ?`,
			" ORDER BY found_on, id", []any{muni, from, to}
		if status != "" {
			add(" AND stage = ?", status)
		}
		scan = func(s scanner) (Record, error) {
			rec := Record{Kind: "outreach_target", personal: true}
			var stage, via string
			err := s.Scan(&rec.ID, &rec.Date, &stage, &via, &rec.owner)
			rec.Detail = casework.OutreachStages.Label(stage) + "（把握の経路: " + via + "）"
			return rec, err
		}
	case report.SecOutreachAttempts:
		sql, order, args = `SELECT a.id, a.at, a.method, a.outcome, o.org_id FROM outreach_attempts a JOIN outreach_targets o ON o.id = a.target_id
			WHERE a.municipality_id = ? AND a.at >= ? AND a.at < ?`, " ORDER BY a.at, a.id", []any{muni, iFrom, iTo}
		if status != "" {
			add(" AND a.outcome = ?", status)
		}
		scan = func(s scanner) (Record, error) {
			rec := Record{Kind: "outreach_attempt", personal: true}
			var method, outcome string
			err := s.Scan(&rec.ID, &rec.Date, &method, &outcome, &rec.owner)
			rec.Date, rec.Detail = casework.Today(parseTS(rec.Date)), method+"・"+outcome
			return rec, err
		}
	case report.SecMatches:
		sql, order, args = `SELECT m.id, m.proposed_on, m.status, r.name, m.org_id FROM participation_matches m JOIN resources r ON r.id = m.resource_id
			WHERE m.municipality_id = ? AND m.proposed_on >= ? AND m.proposed_on <= ?`, " ORDER BY m.proposed_on, m.id", []any{muni, from, to}
		if status != "" {
			add(" AND m.status = ?", status)
		}
		scan = func(s scanner) (Record, error) {
			rec := Record{Kind: "match", personal: true}
			var st, name string
			err := s.Scan(&rec.ID, &rec.Date, &st, &name, &rec.owner)
			rec.Detail = name + "（現在 " + casework.MatchStatuses.Label(st) + "）"
			return rec, err
		}
	case report.SecResources:
		sql, order, args = `SELECT id, created_at, kind, name, accepts_participants FROM resources WHERE municipality_id = ? AND created_at >= ? AND created_at < ?`,
			" ORDER BY created_at, id", []any{muni, iFrom, iTo}
		if status == "hosts" {
			sql += " AND accepts_participants = 1"
		}
		scan = func(s scanner) (Record, error) {
			rec := Record{Kind: "resource"}
			var kind, name string
			var accepts int
			err := s.Scan(&rec.ID, &rec.Date, &kind, &name, &accepts)
			rec.Date, rec.Detail = casework.Today(parseTS(rec.Date)), name+"（"+kind+"）"
			if status == "places" && !(casework.Resource{Kind: kind}).IsPlace() {
				rec.Kind = "" // not behind the figure
			}
			return rec, err
		}
	default: // sessions, participants
		sql, order, args = `SELECT s.id, s.held_on, r.name, s.total, s.participants FROM resource_sessions s JOIN resources r ON r.id = s.resource_id
			WHERE s.municipality_id = ? AND s.held_on >= ? AND s.held_on <= ?`, " ORDER BY s.held_on, s.id", []any{muni, from, to}
		scan = func(s scanner) (Record, error) {
			rec := Record{Kind: "session"}
			var name, parts string
			var total int
			err := s.Scan(&rec.ID, &rec.Date, &name, &total, &parts)
			n := total
			if status != "" {
				n = decodeCounts(parts)[status]
				if n == 0 {
					rec.Kind = ""
				}
			}
			rec.Detail = name + "（参加 " + strconv.Itoa(n) + "人）"
			return rec, err
		}
	}
	recs, err := collect(ctx, t, scan, sql+order, args...)
	if err != nil {
		return 0, nil, err
	}
	out := recs[:0]
	for _, rec := range recs {
		if rec.Kind != "" {
			out = append(out, rec)
		}
	}
	return len(out), out, nil
}
