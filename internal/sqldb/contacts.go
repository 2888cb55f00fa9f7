package sqldb

import (
	"context"

	"kasane/internal/casework"
)

const contactCols = "c.id, c.case_id, c.at, c.method, c.counterpart, c.content, c.minutes, c.jigyo, c.bunya, c.author_id, c.author_org_id, c.version, c.created_at, c.updated_at, COALESCE(u.name, '')"

func scanContact(s scanner) (casework.Contact, error) {
	var c casework.Contact
	var at, created, updated string
	err := s.Scan(&c.ID, &c.CaseID, &at, &c.Method, &c.Counterpart, &c.Content, &c.Minutes, &c.Jigyo, &c.Bunya,
		&c.AuthorID, &c.AuthorOrgID, &c.Version, &created, &updated, &c.AuthorName)
	c.At, c.Created, c.Updated = parseTS(at), parseTS(created), parseTS(updated)
	return c, err
}

// AddContact writes an entry in the support record of a case the actor's
// organization works on.
func (db *DB) AddContact(ctx context.Context, a casework.Actor, c *casework.Contact) error {
	return db.inTx(ctx, true, "支援経過", func(tx *Tx) error {
		tx.keepsNames = true
		cs, _, err := tx.writableCaseData(ctx, a, c.CaseID, casework.CatRecords)
		if err != nil {
			return err
		}
		if err := c.Validate(&cs, tx.now); err != nil {
			return err
		}
		c.ID, c.AuthorID, c.AuthorOrgID, c.Version, c.Created, c.Updated = newID(), a.UserID, a.OrganizationID, 1, tx.now, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO contacts (id, municipality_id, case_id, at, method, counterpart, content, minutes, jigyo, bunya,
			author_id, author_org_id, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)`,
			c.ID, a.MunicipalityID, c.CaseID, ts(c.At), c.Method, c.Counterpart, c.Content, c.Minutes, c.Jigyo, c.Bunya,
			a.UserID, a.OrganizationID, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE cases SET last_contact_at = ? WHERE id = ? AND (last_contact_at = '' OR last_contact_at < ?)", ts(c.At), c.CaseID, ts(c.At)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "contact", ObjectID: c.ID})
	})
}

// Contacts lists a case's support record newest first. Audited.
func (db *DB) Contacts(ctx context.Context, a casework.Actor, caseID string) ([]casework.Contact, error) {
	var out []casework.Contact
	err := db.inRead(ctx, "支援経過", func(tx *Tx) error {
		if _, _, err := tx.readableCaseData(ctx, a, caseID, casework.CatRecords); err != nil {
			return err
		}
		var err error
		out, err = collect(ctx, tx, scanContact, "SELECT "+contactCols+" FROM contacts c LEFT JOIN users u ON u.id = c.author_id WHERE c.case_id = ? ORDER BY c.at DESC, c.created_at DESC", caseID)
		if err != nil {
			return err
		}
		for i := range out {
			if out[i].Version > 1 {
				if out[i].History, err = tx.contactHistory(ctx, out[i].ID); err != nil {
					return err
				}
			}
		}
		if out, err = tx.withMatchLogs(ctx, caseID, out); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "contacts", ObjectID: caseID})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (t *Tx) contactHistory(ctx context.Context, id string) ([]casework.ContactVersion, error) {
	return collect(ctx, t, func(s scanner) (casework.ContactVersion, error) {
		var v casework.ContactVersion
		var at, edited string
		err := s.Scan(&v.Version, &at, &v.Method, &v.Counterpart, &v.Content, &v.Minutes, &v.EditedBy, &edited)
		v.At, v.EditedAt = parseTS(at), parseTS(edited)
		return v, err
	}, "SELECT version, at, method, counterpart, content, minutes, edited_by, edited_at FROM contact_history WHERE contact_id = ? ORDER BY version DESC", id)
}

// UpdateContact edits an entry; the earlier text is kept in its history.
// Only the author's organization may edit; a stale version is a conflict.
func (db *DB) UpdateContact(ctx context.Context, a casework.Actor, c *casework.Contact) error {
	return db.inTx(ctx, true, "支援経過", func(tx *Tx) error {
		cur, err := scanContact(tx.queryRow(ctx, "SELECT "+contactCols+" FROM contacts c LEFT JOIN users u ON u.id = c.author_id WHERE c.municipality_id = ? AND c.id = ?", a.MunicipalityID, c.ID))
		if err != nil {
			return mapError(err, "支援経過")
		}
		cs, _, err := tx.writableCaseData(ctx, a, cur.CaseID, casework.CatRecords)
		if err != nil {
			return err
		}
		if cur.AuthorOrgID != a.OrganizationID {
			return casework.Errorf(casework.EFORBIDDEN, "他の機関が書いた記録は変更できません。")
		}
		// the case row before the contact's (PostgreSQL): the triggers of
		// the contact lock the case after the contact (0041), a change of
		// the case's lead locks its contacts after the case (0044); taken
		// in this order, the two wait for each other instead of deadlocking
		if err := tx.lockCaseRow(ctx, cur.CaseID); err != nil {
			return err
		}
		if cur.Version != c.Version {
			return casework.Conflict("支援経過")
		}
		c.CaseID = cur.CaseID
		if err := c.Validate(&cs, tx.now); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO contact_history (id, municipality_id, contact_id, version, at, method, counterpart, content, minutes, edited_by, edited_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`, newID(), a.MunicipalityID, cur.ID, cur.Version, ts(cur.At), cur.Method, cur.Counterpart, cur.Content, cur.Minutes, a.UserID, ts(tx.now)); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("支援経過"), `UPDATE contacts SET at = ?, method = ?, counterpart = ?, content = ?, minutes = ?, jigyo = ?, bunya = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			ts(c.At), c.Method, c.Counterpart, c.Content, c.Minutes, c.Jigyo, c.Bunya, ts(tx.now), c.ID, c.Version); err != nil {
			return err
		}
		c.Version++
		c.AuthorID, c.AuthorOrgID, c.Created, c.Updated = cur.AuthorID, cur.AuthorOrgID, cur.Created, tx.now
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "contact", ObjectID: c.ID})
	})
}

// lockCaseRow takes the lock a change of the case row takes (PostgreSQL
// FOR NO KEY UPDATE; SQLite has one writer): a write that goes on to lock
// rows of the case's records takes the case first, in the order of the
// triggers that lock the records after their case (migration 0044).
func (t *Tx) lockCaseRow(ctx context.Context, caseID string) error {
	if t.dialect != Postgres {
		return nil
	}
	_, err := t.exec(ctx, "SELECT 1 FROM cases WHERE id = ? FOR NO KEY UPDATE", caseID)
	return err
}
