package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// CreateCoordinator registers a coordinator of community building.
func (db *DB) CreateCoordinator(ctx context.Context, a casework.Actor, c *casework.Coordinator) error {
	if !casework.CanWriteCases(a) && !a.Has("municipal_admin") {
		return casework.Errorf(casework.EFORBIDDEN, "コーディネーターを登録する権限がありません。")
	}
	return db.inTx(ctx, true, "コーディネーター", func(tx *Tx) error {
		if err := c.Validate(); err != nil {
			return err
		}
		if c.OrganizationID != "" {
			if _, err := tx.organization(ctx, a.MunicipalityID, c.OrganizationID); err != nil {
				return &casework.Error{Code: casework.EINVALID, Message: "所属機関が見つかりません。", Fields: map[string]string{"organization_id": "所属機関が見つかりません。"}}
			}
		}
		c.ID, c.Version = newID(), 1
		if _, err := tx.exec(ctx, `INSERT INTO coordinators (id, municipality_id, name, kind, organization_id, area, contact, version, created_at)
			VALUES (?,?,?,?,?,?,?,1,?)`, c.ID, a.MunicipalityID, c.Name, c.Kind, c.OrganizationID, c.Area, c.Contact, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "coordinator", ObjectID: c.ID})
	})
}

// Coordinators lists the coordinators.
func (db *DB) Coordinators(ctx context.Context, a casework.Actor) ([]casework.Coordinator, error) {
	var out []casework.Coordinator
	err := db.inTx(ctx, false, "コーディネーター", func(tx *Tx) error {
		if !canReadResources(a) {
			return casework.Errorf(casework.EFORBIDDEN, "コーディネーターを見る権限がありません。")
		}
		var err error
		out, err = collect(ctx, tx, func(s scanner) (casework.Coordinator, error) {
			var c casework.Coordinator
			return c, s.Scan(&c.ID, &c.Name, &c.Kind, &c.OrganizationID, &c.Area, &c.Contact, &c.Version)
		}, "SELECT id, name, kind, organization_id, area, contact, version FROM coordinators WHERE municipality_id = ? ORDER BY kind, area, name", a.MunicipalityID)
		return err
	})
	return out, err
}

// CreatePlatform registers a platform (a network of local actors).
func (db *DB) CreatePlatform(ctx context.Context, a casework.Actor, p *casework.Platform) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "プラットフォームを登録する権限がありません。")
	}
	return db.inTx(ctx, true, "プラットフォーム", func(tx *Tx) error {
		if err := p.Validate(); err != nil {
			return err
		}
		p.ID, p.RegisteredByOrgID, p.Version, p.Created = newID(), a.OrganizationID, 1, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO platforms (id, municipality_id, registered_by_org_id, name, area, purpose, version, created_at)
			VALUES (?,?,?,?,?,?,1,?)`, p.ID, a.MunicipalityID, p.RegisteredByOrgID, p.Name, p.Area, p.Purpose, ts(tx.now)); err != nil {
			return err
		}
		p.Members, p.Meetings = []casework.PlatformMember{}, []casework.PlatformMeeting{}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "platform", ObjectID: p.ID})
	})
}

const platformCols = "id, registered_by_org_id, name, area, purpose, version, created_at"

func scanPlatform(s scanner) (casework.Platform, error) {
	var p casework.Platform
	var created string
	err := s.Scan(&p.ID, &p.RegisteredByOrgID, &p.Name, &p.Area, &p.Purpose, &p.Version, &created)
	p.Created = parseTS(created)
	return p, err
}

// Platforms lists the platforms (without members and meetings).
func (db *DB) Platforms(ctx context.Context, a casework.Actor) ([]casework.Platform, error) {
	var out []casework.Platform
	err := db.inTx(ctx, false, "プラットフォーム", func(tx *Tx) error {
		if !canReadResources(a) {
			return casework.Errorf(casework.EFORBIDDEN, "プラットフォームを見る権限がありません。")
		}
		var err error
		out, err = collect(ctx, tx, scanPlatform, "SELECT "+platformCols+" FROM platforms WHERE municipality_id = ? ORDER BY name", a.MunicipalityID)
		return err
	})
	return out, err
}

// Platform returns a platform with its members and meetings (newest first).
func (db *DB) Platform(ctx context.Context, a casework.Actor, id string) (casework.Platform, error) {
	var p casework.Platform
	err := db.inTx(ctx, false, "プラットフォーム", func(tx *Tx) error {
		if !canReadResources(a) {
			return casework.NotFound("プラットフォーム")
		}
		var err error
		if p, err = scanPlatform(tx.queryRow(ctx, "SELECT "+platformCols+" FROM platforms WHERE municipality_id = ? AND id = ?", a.MunicipalityID, id)); err != nil {
			return mapError(err, "プラットフォーム")
		}
		return tx.fillPlatform(ctx, &p)
	})
	return p, err
}

// fillPlatform loads a platform's members and meetings (newest first).
func (t *Tx) fillPlatform(ctx context.Context, p *casework.Platform) error {
	var err error
	if p.Members, err = collect(ctx, t, func(s scanner) (casework.PlatformMember, error) {
		var m casework.PlatformMember
		return m, s.Scan(&m.ID, &m.PlatformID, &m.Name, &m.OrganizationID, &m.Role, &m.Version)
	}, "SELECT id, platform_id, name, organization_id, role, version FROM platform_members WHERE platform_id = ? ORDER BY created_at", p.ID); err != nil {
		return err
	}
	p.Meetings, err = collect(ctx, t, func(s scanner) (casework.PlatformMeeting, error) {
		var m casework.PlatformMeeting
		return m, s.Scan(&m.ID, &m.PlatformID, &m.HeldOn, &m.Title, &m.Attendees, &m.Summary, &m.Gaps, &m.Version)
	}, "SELECT id, platform_id, held_on, title, attendees, summary, gaps, version FROM platform_meetings WHERE platform_id = ? ORDER BY held_on DESC, created_at DESC", p.ID)
	return err
}

func (t *Tx) platformExists(ctx context.Context, muni, id string) error {
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM platforms WHERE municipality_id = ? AND id = ?", muni, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return casework.NotFound("プラットフォーム")
	}
	return nil
}

// AddPlatformMember adds a member; an organization of kasane is named by id
// (its name is used when no name is given).
func (db *DB) AddPlatformMember(ctx context.Context, a casework.Actor, platformID string, m *casework.PlatformMember) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "構成員を登録する権限がありません。")
	}
	return db.inTx(ctx, true, "構成員", func(tx *Tx) error {
		if err := tx.platformExists(ctx, a.MunicipalityID, platformID); err != nil {
			return err
		}
		if m.OrganizationID != "" {
			o, err := tx.organization(ctx, a.MunicipalityID, m.OrganizationID)
			if err != nil {
				return &casework.Error{Code: casework.EINVALID, Message: "機関が見つかりません。", Fields: map[string]string{"organization_id": "機関が見つかりません。"}}
			}
			if m.Name == "" {
				m.Name = o.Name
			}
		}
		if err := m.Validate(); err != nil {
			return err
		}
		m.ID, m.PlatformID, m.Version = newID(), platformID, 1
		if _, err := tx.exec(ctx, `INSERT INTO platform_members (id, municipality_id, platform_id, name, organization_id, role, version, created_at)
			VALUES (?,?,?,?,?,?,1,?)`, m.ID, a.MunicipalityID, platformID, m.Name, m.OrganizationID, m.Role, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "platform_member", ObjectID: m.ID})
	})
}

// AddPlatformMeeting records a meeting of a platform.
func (db *DB) AddPlatformMeeting(ctx context.Context, a casework.Actor, platformID string, m *casework.PlatformMeeting) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "会議を記録する権限がありません。")
	}
	return db.inTx(ctx, true, "プラットフォームの会議", func(tx *Tx) error {
		if err := tx.platformExists(ctx, a.MunicipalityID, platformID); err != nil {
			return err
		}
		if err := m.Validate(tx.now); err != nil {
			return err
		}
		m.ID, m.PlatformID, m.Version = newID(), platformID, 1
		if _, err := tx.exec(ctx, `INSERT INTO platform_meetings (id, municipality_id, platform_id, held_on, title, attendees, summary, gaps, recorded_by, version, created_at)
			VALUES (?,?,?,?,?,?,?,?,?,1,?)`, m.ID, a.MunicipalityID, platformID, m.HeldOn, m.Title, m.Attendees, m.Summary, m.Gaps, a.UserID, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "platform_meeting", ObjectID: m.ID})
	})
}
