package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// UpdateOrganization changes an organization's name, kind, code, 分野, 事業
// and 運営 (municipal_admin only). o.Version must be the version read; a
// newer stored version is a conflict. A retired organization keeps its
// retirement.
func (db *DB) UpdateOrganization(ctx context.Context, a casework.Actor, o *casework.Organization) error {
	if !casework.CanManageOrganizations(a) {
		return casework.Errorf(casework.EFORBIDDEN, "機関を変更する権限がありません。")
	}
	if err := o.Validate(); err != nil {
		return err
	}
	err := db.inTx(ctx, true, "機関", func(tx *Tx) error {
		cur, err := tx.organization(ctx, a.MunicipalityID, o.ID)
		if err != nil {
			return err
		}
		if cur.Version != o.Version {
			return casework.Errorf(casework.ECONFLICT, "この機関は、ほかの職員が先に変更しました。最新の内容を確かめてから、もう一度変更してください。")
		}
		if _, err := tx.exec(ctx, `UPDATE organizations SET name = ?, kind = ?, code = ?, bunya = ?, jigyo = ?, contracted = ?, operation = ?, version = version + 1
			WHERE municipality_id = ? AND id = ?`, o.Name, o.Kind, o.Code, joinList(o.Bunya), joinList(o.Jigyo), boolInt(o.Contracted),
			o.OperationChosen, a.MunicipalityID, o.ID); err != nil {
			return err
		}
		o.MunicipalityID, o.Version, o.Created, o.RetiredOn = a.MunicipalityID, cur.Version+1, cur.Created, cur.RetiredOn
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "organization", ObjectID: o.ID})
	})
	db.forgetOrg(a.MunicipalityID, o.ID)
	return err
}

// RetireOrganization marks an organization 廃止 from today (JST), or brings
// it back when retire is false (municipal_admin only). Its cases, referrals,
// meetings and audit events keep it; pickers leave it out and no new team
// membership or referral may name it. The administrator's own organization
// cannot be retired.
func (db *DB) RetireOrganization(ctx context.Context, a casework.Actor, id string, retire bool, version int) (casework.Organization, error) {
	var o casework.Organization
	if !casework.CanManageOrganizations(a) {
		return o, casework.Errorf(casework.EFORBIDDEN, "機関を廃止する権限がありません。")
	}
	if retire && id == a.OrganizationID {
		return o, casework.Errorf(casework.EINVALID, "自分の所属する機関は廃止できません。")
	}
	err := db.inTx(ctx, true, "機関", func(tx *Tx) error {
		var err error
		if o, err = tx.organization(ctx, a.MunicipalityID, id); err != nil {
			return err
		}
		if version != 0 && o.Version != version {
			return casework.Errorf(casework.ECONFLICT, "この機関は、ほかの職員が先に変更しました。最新の内容を確かめてから、もう一度操作してください。")
		}
		on := ""
		if retire {
			if o.Retired() {
				return casework.Errorf(casework.EINVALID, "この機関は既に廃止されています。")
			}
			on = casework.Today(tx.now)
		} else if !o.Retired() {
			return casework.Errorf(casework.EINVALID, "この機関は廃止されていません。")
		}
		if _, err := tx.exec(ctx, "UPDATE organizations SET retired_on = ?, version = version + 1 WHERE municipality_id = ? AND id = ?",
			on, a.MunicipalityID, id); err != nil {
			return err
		}
		o.RetiredOn, o.Version = on, o.Version+1
		reason := "retire"
		if !retire {
			reason = "reinstate"
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "organization", ObjectID: id, Reason: reason})
	})
	db.forgetOrg(a.MunicipalityID, id)
	return o, err
}

// forgetOrg drops the cached name and list after a change.
func (db *DB) forgetOrg(muni, id string) {
	db.orgNames.forgetList(muni)
	db.orgNames.mu.Lock()
	delete(db.orgNames.m, [2]string{muni, id})
	db.orgNames.mu.Unlock()
}
