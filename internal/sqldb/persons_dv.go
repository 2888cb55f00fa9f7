package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

// recordDVChange keeps the designations of rule 6 in step with a change of
// the DV flag: setting it designates the setter's organization and the
// registering one (the holder of the record must not lose its own address
// because a team member set the flag); clearing it
// is flagged to the privacy officer with its reason (the designations stay
// as history, and count again if the flag is set again).
func (t *Tx) recordDVChange(ctx context.Context, a casework.Actor, p *casework.Person) error {
	if p.DVProtected {
		if err := t.designateDV(ctx, a, p.ID, a.OrganizationID, "DV等支援措置を設定した機関"); err != nil {
			return err
		}
		if err := t.designateDV(ctx, a, p.ID, p.RegisteredByOrgID, "本人を登録した機関"); err != nil {
			return err
		}
		return t.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "person_dv", ObjectID: p.ID, Reason: "DV等支援措置を設定"})
	}
	return t.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "person_dv", ObjectID: p.ID,
		Reason: "DV等支援措置を解除: " + strings.TrimSpace(p.DVClearReason), Flagged: true})
}

func (t *Tx) designateDV(ctx context.Context, a casework.Actor, personID, orgID, reason string) error {
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM dv_designations WHERE person_id = ? AND organization_id = ?", personID, orgID).Scan(&n); err != nil || n > 0 {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO dv_designations (id, municipality_id, person_id, organization_id, designated_by, designated_by_org_id, reason, at)
		VALUES (?,?,?,?,?,?,?,?)`, newID(), a.MunicipalityID, personID, orgID, a.UserID, a.OrganizationID, reason, ts(t.now))
	return err
}

// DesignateDV names another organization for a person under DV等支援措置
// (rule 6): only an organization already designated may, with a reason. The
// named organization sees the address only while it may see the person at
// all; the designation itself opens nothing else. Audited and flagged.
func (db *DB) DesignateDV(ctx context.Context, a casework.Actor, personID, orgID, reason string) error {
	reason = strings.TrimSpace(reason)
	return db.inTx(ctx, true, "DV等支援措置", func(tx *Tx) error {
		_, f, err := tx.visiblePersonFacts(ctx, a, personID)
		if err != nil {
			return err
		}
		if err := casework.CheckDesignate(a, f, reason); err != nil {
			return err
		}
		if _, err := tx.organization(ctx, a.MunicipalityID, orgID); err != nil {
			return &casework.Error{Code: casework.EINVALID, Message: "機関が見つかりません。", Fields: map[string]string{"organization_id": "機関が見つかりません。"}}
		}
		if err := tx.designateDV(ctx, a, personID, orgID, reason); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "person_dv", ObjectID: personID,
			Reason: "DV等支援措置の閲覧機関を指定: " + orgID + " " + reason, Flagged: true})
	})
}
