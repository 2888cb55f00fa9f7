package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// Changing a match and writing its logs. Only the proposing organization
// changes a match's state (casework.CanMoveMatch); it and the host (its own
// 受け入れ先支援 part) write logs (casework.CanAddMatchLog). Every log keeps
// its author and the author's organization.

// MoveMatch changes a match's status (proposed → trial → placed → ended)
// on the day on (empty: today; casework.MatchMoveDay).
func (db *DB) MoveMatch(ctx context.Context, a casework.Actor, id, to, reason, on string, version int) (casework.Match, error) {
	var m casework.Match
	err := db.inTx(ctx, true, "参加支援のマッチング", func(tx *Tx) error {
		var err error
		if m, err = tx.writableMatch(ctx, a, id); err != nil {
			return err
		}
		if err := casework.CanMoveMatch(a, m); err != nil {
			return err
		}
		if version != 0 && version != m.Version {
			return casework.Conflict("参加支援のマッチング")
		}
		if err := casework.CheckMatchMove(m.Status, to, reason); err != nil {
			return err
		}
		day, err := casework.MatchMoveDay(m, to, on, tx.now)
		if err != nil {
			return err
		}
		switch to {
		case "trial":
			m.TrialOn = day
		case "placed":
			m.PlacedOn = day
		case "ended":
			m.EndedOn, m.EndReason = day, reason
		}
		if err := tx.execOne(ctx, casework.Conflict("参加支援のマッチング"), `UPDATE participation_matches SET status = ?, trial_on = ?, placed_on = ?, ended_on = ?,
			end_reason = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			to, m.TrialOn, m.PlacedOn, m.EndedOn, m.EndReason, ts(tx.now), id, m.Version); err != nil {
			return err
		}
		m.Status, m.Version = to, m.Version+1
		if m.Logs, err = tx.matchLogs(ctx, id); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "participation_match", ObjectID: id, Reason: to})
	})
	return m, err
}

func (t *Tx) matchLogs(ctx context.Context, matchID string) ([]casework.MatchLog, error) {
	return collect(ctx, t, func(s scanner) (casework.MatchLog, error) {
		var l casework.MatchLog
		var at string
		err := s.Scan(&l.ID, &l.MatchID, &l.Kind, &at, &l.Method, &l.Note, &l.AuthorID, &l.AuthorOrgID, &l.AuthorName, &l.AuthorOrg)
		l.At = parseTS(at)
		return l, err
	}, `SELECT l.id, l.match_id, l.kind, l.at, l.method, l.note, l.author_id, l.author_org_id, COALESCE(u.name, ''), COALESCE(o.name, '')
		FROM participation_logs l LEFT JOIN users u ON u.id = l.author_id LEFT JOIN organizations o ON o.id = l.author_org_id
		WHERE l.match_id = ? ORDER BY l.at DESC, l.created_at DESC`, matchID)
}

// AddMatchLog records a retention contact (定着支援) or a host-support
// contact (受け入れ先支援) of a match.
func (db *DB) AddMatchLog(ctx context.Context, a casework.Actor, matchID string, l *casework.MatchLog) error {
	return db.inTx(ctx, true, "参加支援の記録", func(tx *Tx) error {
		row, err := tx.loadMatch(ctx, a, matchID)
		if err != nil {
			return err
		}
		if _, _, err := tx.matchView(ctx, a, row); err != nil {
			return err
		}
		if err := l.Validate(tx.now, row.Match.ProposedOn); err != nil {
			return err
		}
		if err := casework.CanAddMatchLog(a, row.Match, row.hostOrg, l.Kind); err != nil {
			return err
		}
		l.ID, l.MatchID, l.AuthorID, l.AuthorOrgID = newID(), matchID, a.UserID, a.OrganizationID
		if _, err := tx.exec(ctx, `INSERT INTO participation_logs (id, municipality_id, match_id, kind, at, method, note, author_id, author_org_id, version, created_at)
			VALUES (?,?,?,?,?,?,?,?,?,1,?)`, l.ID, a.MunicipalityID, matchID, l.Kind, ts(l.At), l.Method, l.Note, a.UserID, a.OrganizationID, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "participation_log", ObjectID: l.ID})
	})
}
