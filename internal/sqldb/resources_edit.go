package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// Editing the community directory: places and hosts (with their menus),
// coordinators and platforms. They carry no personal data, but a resource's
// host organization decides who sees the placements there: a resource or a
// platform is edited by its registering organization and the municipal
// administrator only, and only the administrator changes a resource's host
// organization (casework.CanEditResource, CheckResourceHostChange). Every
// change carries the version read; a stale one is a conflict and nothing is
// overwritten (rule 9).

// UpdateResource saves a changed place or host (r.Version: the version the
// user edited).
func (db *DB) UpdateResource(ctx context.Context, a casework.Actor, r *casework.Resource) error {
	if !casework.CanWriteCases(a) && !a.Has("municipal_admin") {
		return casework.Errorf(casework.EFORBIDDEN, "社会資源を変更する権限がありません。")
	}
	return db.inTx(ctx, true, "社会資源", func(tx *Tx) error {
		cur, err := tx.resource(ctx, a.MunicipalityID, r.ID)
		if err != nil {
			return err
		}
		if err := casework.CanEditResource(a, cur); err != nil {
			return err
		}
		if err := r.Validate(); err != nil {
			return err
		}
		if r.District, err = tx.canonicalDistrict(ctx, a.MunicipalityID, r.District, "district"); err != nil {
			return err
		}
		if err := casework.CheckResourceHostChange(a, cur, *r); err != nil {
			return err
		}
		if r.HostOrgID != "" {
			if _, err := tx.organization(ctx, a.MunicipalityID, r.HostOrgID); err != nil {
				return &casework.Error{Code: casework.EINVALID, Message: "受け入れ先の機関が見つかりません。", Fields: map[string]string{"host_organization_id": "受け入れ先の機関が見つかりません。"}}
			}
		}
		if err := tx.execOne(ctx, casework.Conflict("社会資源"), `UPDATE resources SET host_org_id = ?, name = ?, kind = ?, operator = ?, address = ?,
			district = ?, lat = ?, lng = ?, target_groups = ?, accepts_participants = ?, menus = ?, activities = ?, schedule = ?, days = ?,
			time_slots = ?, capacity = ?, accessibility = ?, host_support_needs = ?, updated_at = ?, version = version + 1
			WHERE municipality_id = ? AND id = ? AND version = ?`,
			r.HostOrgID, r.Name, r.Kind, r.Operator, r.Address, r.District, coordText(r.Lat), coordText(r.Lng), joinList(r.TargetGroups),
			boolInt(r.AcceptsParticipants), joinLines(r.Menus), joinList(r.Activities), r.Schedule, joinList(r.Days), joinList(r.TimeSlots),
			r.Capacity, joinList(r.Accessibility), r.HostSupportNeeds, ts(tx.now), a.MunicipalityID, r.ID, r.Version); err != nil {
			return err
		}
		r.RegisteredByOrgID, r.Created, r.Version = cur.RegisteredByOrgID, cur.Created, r.Version+1
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "resource", ObjectID: r.ID})
	})
}

// Coordinator returns one coordinator.
func (db *DB) Coordinator(ctx context.Context, a casework.Actor, id string) (casework.Coordinator, error) {
	var c casework.Coordinator
	err := db.inTx(ctx, false, "コーディネーター", func(tx *Tx) error {
		if !canReadResources(a) {
			return casework.NotFound("コーディネーター")
		}
		err := tx.queryRow(ctx, "SELECT id, name, kind, organization_id, area, contact, version FROM coordinators WHERE municipality_id = ? AND id = ?",
			a.MunicipalityID, id).Scan(&c.ID, &c.Name, &c.Kind, &c.OrganizationID, &c.Area, &c.Contact, &c.Version)
		return mapError(err, "コーディネーター")
	})
	return c, err
}

// UpdateCoordinator saves a changed coordinator (c.Version: the version the
// user edited).
func (db *DB) UpdateCoordinator(ctx context.Context, a casework.Actor, c *casework.Coordinator) error {
	if !casework.CanWriteCases(a) && !a.Has("municipal_admin") {
		return casework.Errorf(casework.EFORBIDDEN, "コーディネーターを変更する権限がありません。")
	}
	return db.inTx(ctx, true, "コーディネーター", func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM coordinators WHERE municipality_id = ? AND id = ?", a.MunicipalityID, c.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return casework.NotFound("コーディネーター")
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if c.OrganizationID != "" {
			if _, err := tx.organization(ctx, a.MunicipalityID, c.OrganizationID); err != nil {
				return &casework.Error{Code: casework.EINVALID, Message: "所属機関が見つかりません。", Fields: map[string]string{"organization_id": "所属機関が見つかりません。"}}
			}
		}
		if err := tx.execOne(ctx, casework.Conflict("コーディネーター"), `UPDATE coordinators SET name = ?, kind = ?, organization_id = ?, area = ?, contact = ?,
			version = version + 1 WHERE municipality_id = ? AND id = ? AND version = ?`,
			c.Name, c.Kind, c.OrganizationID, c.Area, c.Contact, a.MunicipalityID, c.ID, c.Version); err != nil {
			return err
		}
		c.Version++
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "coordinator", ObjectID: c.ID})
	})
}

// UpdatePlatform saves a platform's name, area and purpose (p.Version: the
// version the user edited); members and meetings are kept.
func (db *DB) UpdatePlatform(ctx context.Context, a casework.Actor, p *casework.Platform) error {
	if !casework.CanWriteCases(a) && !a.Has("municipal_admin") {
		return casework.Errorf(casework.EFORBIDDEN, "プラットフォームを変更する権限がありません。")
	}
	return db.inTx(ctx, true, "プラットフォーム", func(tx *Tx) error {
		cur, err := scanPlatform(tx.queryRow(ctx, "SELECT "+platformCols+" FROM platforms WHERE municipality_id = ? AND id = ?", a.MunicipalityID, p.ID))
		if err != nil {
			return mapError(err, "プラットフォーム")
		}
		if err := casework.CanEditPlatform(a, cur); err != nil {
			return err
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("プラットフォーム"), `UPDATE platforms SET name = ?, area = ?, purpose = ?, version = version + 1
			WHERE municipality_id = ? AND id = ? AND version = ?`, p.Name, p.Area, p.Purpose, a.MunicipalityID, p.ID, p.Version); err != nil {
			return err
		}
		p.RegisteredByOrgID, p.Created, p.Version = cur.RegisteredByOrgID, cur.Created, p.Version+1
		if err := tx.fillPlatform(ctx, p); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "platform", ObjectID: p.ID})
	})
}
