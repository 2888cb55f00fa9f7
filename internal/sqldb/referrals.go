package sqldb

import (
	"context"
	"slices"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

const referralCols = "id, case_id, from_org_id, to_org_id, reason, status, due_on, decline_reason, version, created_at, transfer_lead, referred_on"

func scanReferral(s scanner) (casework.Referral, error) {
	var r casework.Referral
	var created string
	var transfer int
	err := s.Scan(&r.ID, &r.CaseID, &r.FromOrgID, &r.ToOrgID, &r.Reason, &r.Status, &r.DueOn, &r.DeclineReason, &r.Version, &created, &transfer, &r.ReferredOn)
	r.Created, r.TransferLead = parseTS(created), transfer == 1
	if r.ReferredOn == "" && !r.Created.IsZero() {
		r.ReferredOn = casework.Today(r.Created)
	}
	return r, err
}

// CreateReferral hands a case to another organization. The receiver may
// learn of the person only under consent or a statutory basis (rule 2), so
// the same check as for the team applies now, and again at acceptance.
func (db *DB) CreateReferral(ctx context.Context, a casework.Actor, r *casework.Referral) error {
	return db.inTx(ctx, true, "つなぎ", func(tx *Tx) error {
		if err := r.Validate(tx.now); err != nil {
			return err
		}
		_, f, err := tx.writableCase(ctx, a, r.CaseID)
		if err != nil {
			return err
		}
		// rule 0: accepting puts the receiver on the team; only the holder
		// of the information, the lead, hands the case on
		if !casework.IsLead(a, f) {
			return casework.Errorf(casework.EFORBIDDEN, "つなぎを送れるのは、このケースの主担当機関だけです。")
		}
		org, err := tx.organization(ctx, a.MunicipalityID, r.ToOrgID)
		if err != nil {
			return &casework.Error{Code: casework.EINVALID, Message: "つなぎ先の機関が見つかりません。", Fields: map[string]string{"to_organization_id": "つなぎ先の機関が見つかりません。"}}
		}
		if org.ID == a.OrganizationID {
			return &casework.Error{Code: casework.EINVALID, Message: "自分の機関にはつなげません。", Fields: map[string]string{"to_organization_id": "自分の機関にはつなげません。"}}
		}
		if err := casework.CheckOrgActive(org, "to_organization_id"); err != nil {
			return err
		}
		if _, _, err := casework.CheckJoin(f, org.ID, org.Name, r.Statute, casework.Today(tx.now)); err != nil {
			return err
		}
		if r.DueOn == "" {
			var s casework.Settings
			if err := tx.settings(ctx, a.MunicipalityID, &s); err != nil {
				return err
			}
			// counted from the day the referral was made (late entry)
			from, err := time.ParseInLocation("2006-01-02", r.ReferredOn, casework.JST)
			if err != nil {
				from = tx.now.In(casework.JST)
			}
			r.DueOn = japanese.AddWorkingDays(from, s.ReferralDue()).Format("2006-01-02")
		}
		if r.TransferLead {
			if err := casework.CheckSendTransfer(a, f); err != nil {
				return err
			}
		}
		r.ID, r.FromOrgID, r.Status, r.Version, r.Created = newID(), a.OrganizationID, "pending", 1, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO referrals (id, municipality_id, case_id, from_org_id, to_org_id, reason, status, due_on, sent_by, version, created_at, transfer_lead, referred_on)
			VALUES (?,?,?,?,?,?,?,?,?,1,?,?,?)`, r.ID, a.MunicipalityID, r.CaseID, r.FromOrgID, r.ToOrgID, r.Reason, r.Status, r.DueOn, a.UserID, ts(tx.now), boolInt(r.TransferLead), r.ReferredOn); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "referral", ObjectID: r.ID})
	})
}

// AnswerReferral accepts, declines or completes a referral. Accepting puts
// the receiver on the team under rule 2 (and fails when the consent is gone).
func (db *DB) AnswerReferral(ctx context.Context, a casework.Actor, id, action, reason string) (casework.Referral, error) {
	var r casework.Referral
	err := db.inTx(ctx, true, "つなぎ", func(tx *Tx) error {
		var err error
		r, err = scanReferral(tx.queryRow(ctx, "SELECT "+referralCols+" FROM referrals WHERE municipality_id = ? AND id = ?", a.MunicipalityID, id))
		if err != nil {
			return mapError(err, "つなぎ")
		}
		if !casework.CanWriteCases(a) || (r.ToOrgID != a.OrganizationID && !(action == "complete" && r.FromOrgID == a.OrganizationID)) {
			if r.ToOrgID != a.OrganizationID && r.FromOrgID != a.OrganizationID {
				return casework.NotFound("つなぎ")
			}
			return casework.Errorf(casework.EFORBIDDEN, "このつなぎに回答できるのは、つなぎ先の機関です。")
		}
		next := map[string]string{"accept": "accepted", "decline": "declined", "complete": "completed"}[action]
		allowed := map[string]string{"accept": "pending", "decline": "pending", "complete": "accepted"}[action]
		if next == "" || r.Status != allowed {
			return &casework.Error{Code: casework.EINVALID, Message: "「" + casework.ReferralStatuses.Label(r.Status) + "」のつなぎにはこの操作はできません。", Fields: map[string]string{"status": "この操作はできません。"}}
		}
		if action == "decline" && len([]rune(reason)) == 0 {
			return &casework.Error{Code: casework.EINVALID, Message: "辞退の理由を入力してください。", Fields: map[string]string{"reason": "辞退の理由を入力してください。"}}
		}
		if action == "accept" && r.TransferLead {
			if err := tx.transferLead(ctx, a, r); err != nil {
				return err
			}
		} else if action == "accept" {
			_, f, err := tx.caseFacts(ctx, a.MunicipalityID, r.CaseID)
			if err != nil {
				return err
			}
			if !f.OnTeam(r.ToOrgID, casework.Today(tx.now)) {
				m := &casework.TeamMember{OrganizationID: r.ToOrgID, Role: "つなぎ先"}
				if err := tx.addTeamMember(ctx, casework.System(a.MunicipalityID), r.CaseID, f, m); err != nil {
					return err
				}
			}
		}
		if err := tx.execOne(ctx, casework.Conflict("つなぎ"), `UPDATE referrals SET status = ?, decline_reason = ?, answered_by = ?, answered_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`, next, reason, a.UserID, ts(tx.now), id, r.Version); err != nil {
			return err
		}
		r.Status, r.DeclineReason, r.Version = next, reason, r.Version+1
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "referral", ObjectID: id, Reason: action})
	})
	return r, err
}

// ReferralFilter narrows the referral list.
type ReferralFilter struct {
	Status  string
	Overdue bool
}

// Referrals lists the referrals sent or received by the actor's
// organization, with the case number and person name (which the receiver may
// know under the basis checked when the referral was made).
func (db *DB) Referrals(ctx context.Context, a casework.Actor, f ReferralFilter) ([]casework.Referral, error) {
	var out []casework.Referral
	err := db.inRead(ctx, "つなぎ", func(tx *Tx) error {
		if !casework.CanHandleCases(a) {
			return nil
		}
		q := "SELECT " + referralCols + " FROM referrals WHERE municipality_id = ? AND (from_org_id = ? OR to_org_id = ?)"
		args := []any{a.MunicipalityID, a.OrganizationID, a.OrganizationID}
		if f.Status != "" {
			q += " AND status = ?"
			args = append(args, f.Status)
		}
		day := casework.Today(tx.now)
		if f.Overdue {
			q += " AND status = 'pending' AND due_on < ?"
			args = append(args, day)
		}
		rs, err := collect(ctx, tx, scanReferral, q+" ORDER BY due_on, created_at LIMIT 500", args...)
		if err != nil {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		for i := range rs {
			r := &rs[i]
			r.Overdue, r.FromOrgName, r.ToOrgName = r.IsOverdue(day), names[r.FromOrgID], names[r.ToOrgID]
			c, cf, err := tx.caseFacts(ctx, a.MunicipalityID, r.CaseID)
			if err != nil {
				return err
			}
			if err := tx.fillFocusName(ctx, &c); err != nil {
				return err
			}
			r.CaseNumber, r.PersonName = c.Number, c.FocusName
			casework.LimitReferral(r, cf, a.OrganizationID, day)
		}
		out = rs
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "referral"})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Alerts returns the actor's watches: overdue referrals (sent or received),
// cases of the actor's organization with no contact for N days, cases
// without a lead worker.
func (db *DB) Alerts(ctx context.Context, a casework.Actor) ([]casework.Alert, error) {
	out := []casework.Alert{}
	refs, err := db.Referrals(ctx, a, ReferralFilter{Overdue: true})
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		dir := "からの回答待ち"
		if r.ToOrgID == a.OrganizationID {
			dir = "への回答が必要"
		}
		peer := r.ToOrgName
		if r.ToOrgID == a.OrganizationID {
			peer = r.FromOrgName
		}
		out = append(out, casework.Alert{Kind: "overdue_referral", CaseID: r.CaseID, Ref: r.ID, Since: r.DueOn, CaseNumber: r.CaseNumber, PersonName: r.PersonName,
			Message: "つなぎの期限超過: " + r.CaseNumber + "（" + peer + dir + "、期限 " + warekiDay(r.DueOn) + "）"})
	}
	err = db.inTx(ctx, false, "見守り", func(tx *Tx) error {
		if !casework.CanHandleCases(a) {
			return nil
		}
		var s casework.Settings
		if err := tx.settings(ctx, a.MunicipalityID, &s); err != nil {
			return err
		}
		pa, err := tx.planAlerts(ctx, a, s)
		if err != nil {
			return err
		}
		out = append(out, pa...)
		ra, err := tx.residentAlerts(ctx, a) // juki_alerts.go: 転出・死亡 of the 住民記録
		if err != nil {
			return err
		}
		out = append(out, ra...)
		cs, err := collect(ctx, tx, scanListedCase, "SELECT "+caseCols+", "+focusNameCols+" FROM cases WHERE municipality_id = ? AND lead_org_id = ? AND status NOT IN ('closed') ORDER BY received_on", a.MunicipalityID, a.OrganizationID)
		if err != nil {
			return err
		}
		leaderless, err := collect(ctx, tx, scanString, "SELECT id FROM cases WHERE municipality_id = ? AND lead_org_id = ? AND status NOT IN ('closed') AND "+noLeadWorker, a.MunicipalityID, a.OrganizationID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			last := c.Created
			if c.LastContactAt != nil {
				last = *c.LastContactAt
			}
			days := int(tx.now.Sub(last) / (24 * time.Hour))
			if c.Status != "suspended" && days >= s.StaleContact() {
				out = append(out, casework.Alert{Kind: "stale_case", CaseID: c.ID, Days: days, Since: casework.Today(last), CaseNumber: c.Number, PersonName: c.FocusName,
					Message: "ケース " + c.Number + " は " + itoa(days) + " 日間、支援経過の記録がありません（時間の経過とともに悪化するおそれ）。"})
			}
			if slices.Contains(leaderless, c.ID) {
				out = append(out, casework.Alert{Kind: "no_lead_worker", CaseID: c.ID, CaseNumber: c.Number, PersonName: c.FocusName, Message: "ケース " + c.Number + " に主担当者がいません。"})
			}
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	la, err := db.liaisonAlerts(ctx, a) // 庁内つなぎ票 (liaison.go)
	return append(out, la...), err
}

// warekiDay shows a stored date (2026-11-27) in 和暦 (令和8年11月27日) for a
// message people read; anything else is left as it is.
func warekiDay(iso string) string {
	d, err := japanese.ParseDate(iso)
	if err != nil || d.Precision != japanese.PrecisionDay {
		return iso
	}
	return japanese.FormatWareki(d.Time())
}
