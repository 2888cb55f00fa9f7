package sqldb

import (
	"context"
	"strconv"
	"strings"

	"kasane/internal/casework"
)

// statutoryFacts loads what CheckStatutory needs: whether the case is
// registered with the 要対協 and the organization on this fiscal year's
// member list.
func (t *Tx) statutoryFacts(ctx context.Context, muni, caseID, orgID, day string) (casework.StatutoryFacts, error) {
	var sf casework.StatutoryFacts
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM yotaikyo_cases WHERE municipality_id = ? AND case_id = ?", muni, caseID).Scan(&n); err != nil {
		return sf, err
	}
	sf.CaseOnYotaikyo = n > 0
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM yotaikyo_members WHERE municipality_id = ? AND fiscal_year = ? AND organization_id = ?",
		muni, casework.FiscalYearOf(day), orgID).Scan(&n); err != nil {
		return sf, err
	}
	sf.OrgOnYotaikyoRoster = n > 0
	return sf, nil
}

// ApproveTeamMember records a privacy officer's approval of a membership on
// another law (rule 2); from then it gives access until its end date. The
// privacy officer reads no case content for it: the member row only.
func (db *DB) ApproveTeamMember(ctx context.Context, a casework.Actor, memberID string) (casework.TeamMember, error) {
	var m casework.TeamMember
	err := db.inTx(ctx, true, "支援チーム", func(tx *Tx) error {
		var caseID string
		var err error
		m, err = scanTeam(prefixScanner{tx.queryRow(ctx, "SELECT case_id, "+teamCols+" FROM case_team WHERE municipality_id = ? AND id = ?", a.MunicipalityID, memberID), &caseID})
		if err != nil {
			return mapError(err, "支援チームの参加")
		}
		if err := casework.CheckApproveStatutory(a, m); err != nil {
			return err
		}
		m.ApprovedBy, m.ApprovedAt = a.UserID, ts(tx.now)
		if err := tx.execOne(ctx, casework.Conflict("支援チームの参加"), "UPDATE case_team SET approved_by = ?, approved_at = ?, version = version + 1 WHERE id = ? AND version = ?",
			m.ApprovedBy, m.ApprovedAt, m.ID, m.Version); err != nil {
			return err
		}
		m.Version++
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "case_team", ObjectID: caseID, Reason: "other_law approved " + m.ID, Flagged: true})
	})
	return m, err
}

// PendingStatutory lists the memberships on another law waiting for a
// privacy officer's approval: the organization, the law as typed and who
// confirmed it; no case content.
func (db *DB) PendingStatutory(ctx context.Context, a casework.Actor) ([]casework.TeamMember, error) {
	if !a.Has("privacy_officer") {
		return nil, casework.Errorf(casework.EFORBIDDEN, "個人情報保護担当だけが見られます。")
	}
	var out []casework.TeamMember
	err := db.inRead(ctx, "支援チーム", func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, scanTeam, "SELECT "+teamCols+" FROM case_team WHERE municipality_id = ? AND basis = 'statutory' AND statute = 'other_law' AND approved_by = '' AND to_on >= ? ORDER BY created_at",
			a.MunicipalityID, casework.Today(tx.now))
		return err
	})
	return out, err
}

// RegisterYotaikyo records that a case is registered with the 要保護児童対策
// 地域協議会 (児童福祉法第25条の2); only the lead records it.
func (db *DB) RegisterYotaikyo(ctx context.Context, a casework.Actor, caseID, on string) error {
	return db.inTx(ctx, true, "ケース", func(tx *Tx) error {
		_, f, err := tx.writableCase(ctx, a, caseID)
		if err != nil {
			return err
		}
		if !casework.IsLead(a, f) {
			return casework.Errorf(casework.EFORBIDDEN, "要対協への登録を記録できるのは主担当機関だけです。")
		}
		if on == "" {
			on = casework.Today(tx.now)
		}
		d, msg := casework.NormalizeDate(on, true)
		if msg != "" {
			return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"registered_on": msg}}
		}
		if _, err := tx.exec(ctx, "DELETE FROM yotaikyo_cases WHERE case_id = ?", caseID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO yotaikyo_cases (case_id, municipality_id, registered_on, registered_by) VALUES (?,?,?,?)", caseID, a.MunicipalityID, d, a.UserID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "case", ObjectID: caseID, Reason: "yotaikyo " + d})
	})
}

// SetYotaikyoMembers replaces a fiscal year's member list of the 要対協 (a
// municipal administrator keeps it, from the council's 構成機関名簿).
func (db *DB) SetYotaikyoMembers(ctx context.Context, a casework.Actor, fiscalYear int, orgIDs []string) error {
	if !casework.CanManageOrganizations(a) {
		return casework.Errorf(casework.EFORBIDDEN, "要対協の構成機関名簿は市の管理者が管理します。")
	}
	return db.inTx(ctx, true, "要対協の構成機関", func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM yotaikyo_members WHERE municipality_id = ? AND fiscal_year = ?", a.MunicipalityID, fiscalYear); err != nil {
			return err
		}
		for _, id := range orgIDs {
			if _, err := tx.organization(ctx, a.MunicipalityID, id); err != nil {
				return &casework.Error{Code: casework.EINVALID, Message: "機関が見つかりません。", Fields: map[string]string{"organization_ids": "機関が見つかりません: " + id}}
			}
			if _, err := tx.exec(ctx, "INSERT INTO yotaikyo_members (municipality_id, fiscal_year, organization_id) VALUES (?,?,?)", a.MunicipalityID, fiscalYear, id); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "yotaikyo_members", ObjectID: strconv.Itoa(fiscalYear), Reason: strings.Join(orgIDs, ",")})
	})
}
