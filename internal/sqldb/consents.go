package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

// RecordConsent stores a new consent version for a person the actor may see.
// With SupersedesID the earlier version stays readable and ends the day the
// new one is given.
func (db *DB) RecordConsent(ctx context.Context, a casework.Actor, c *casework.Consent) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "同意を記録する権限がありません。")
	}
	return db.inTx(ctx, true, "同意", func(tx *Tx) error { return tx.recordConsent(ctx, a, c) })
}

// recordConsent is RecordConsent inside the caller's transaction (the
// outreach hand-over records the consent in the same step).
func (tx *Tx) recordConsent(ctx context.Context, a casework.Actor, c *casework.Consent) error {
	if err := c.ValidateNew(tx.now); err != nil {
		return err
	}
	_, pf, err := tx.visiblePersonFacts(ctx, a, c.PersonID)
	if err != nil {
		return &casework.Error{Code: casework.EINVALID, Message: "本人が見つかりません。", Fields: map[string]string{"person_id": "本人が見つかりません。"}}
	}
	// rule 0: the holder of the information records the consent (the
	// registering organization or the lead of a case about the person);
	// a member on the team by consent never records one that widens its
	// own access
	if !casework.CanRecordConsent(a, pf) {
		return casework.Errorf(casework.EFORBIDDEN, "同意を記録できるのは、本人を登録した機関か、本人のケースの主担当機関です。")
	}
	for _, org := range c.Recipients {
		if _, err := tx.organization(ctx, a.MunicipalityID, org); err != nil {
			return &casework.Error{Code: casework.EINVALID, Message: "提供先の機関が見つかりません。", Fields: map[string]string{"recipients": "提供先の機関が見つかりません: " + org}}
		}
	}
	if c.SupersedesID != "" {
		prev, err := scanConsent(tx.queryRow(ctx, "SELECT "+consentCols+" FROM consents WHERE municipality_id = ? AND id = ? AND person_id = ?", a.MunicipalityID, c.SupersedesID, c.PersonID))
		if err != nil {
			return &casework.Error{Code: casework.EINVALID, Message: "置き換える同意が見つかりません。", Fields: map[string]string{"supersedes_id": "置き換える同意が見つかりません。"}}
		}
		if prev.WithdrawnOn == "" {
			if _, err := tx.exec(ctx, "UPDATE consents SET withdrawn_on = ?, withdraw_reason = ?, version = version + 1 WHERE id = ?", c.GivenOn, "新しい同意に置き換え", prev.ID); err != nil {
				return err
			}
		}
	}
	c.ID, c.RecordedBy, c.Version, c.EnteredOn = newID(), a.OrganizationID, 1, casework.Today(tx.now)
	if _, err := tx.exec(ctx, `INSERT INTO consents (id, municipality_id, person_id, given_by, given_on, method, recipients, data_categories, purposes,
		meeting_types, valid_until, supersedes_id, recorded_by_org_id, recorded_by, version, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?)`,
		c.ID, a.MunicipalityID, c.PersonID, c.GivenBy, c.GivenOn, c.Method, joinList(c.Recipients), joinList(c.DataCategories),
		joinLines(c.Purposes), joinList(c.MeetingTypes), c.ValidUntil, c.SupersedesID, a.OrganizationID, a.UserID, ts(tx.now)); err != nil {
		return err
	}
	// c becomes the stored consent: a field the request carried but
	// creation ignores (withdrawn_on, version, …) is not handed back
	stored, err := scanConsent(tx.queryRow(ctx, "SELECT "+consentCols+" FROM consents WHERE id = ?", c.ID))
	if err != nil {
		return err
	}
	*c = stored
	return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "consent", ObjectID: c.ID})
}

// WithdrawConsent records a withdrawal; from that day the consent gives no
// access (rule 3).
func (db *DB) WithdrawConsent(ctx context.Context, a casework.Actor, id, withdrawnOn, reason string) (casework.Consent, error) {
	var c casework.Consent
	if !casework.CanWriteCases(a) {
		return c, casework.Errorf(casework.EFORBIDDEN, "同意の撤回を記録する権限がありません。")
	}
	err := db.inTx(ctx, true, "同意", func(tx *Tx) error {
		var err error
		c, err = scanConsent(tx.queryRow(ctx, "SELECT "+consentCols+" FROM consents WHERE municipality_id = ? AND id = ?", a.MunicipalityID, id))
		if err != nil {
			return mapError(err, "同意")
		}
		if _, err := tx.visiblePerson(ctx, a, c.PersonID); err != nil {
			return casework.NotFound("同意")
		}
		if c.WithdrawnOn != "" {
			return &casework.Error{Code: casework.EINVALID, Message: "この同意は既に撤回されています。", Fields: map[string]string{"withdrawn_on": "この同意は既に撤回されています。"}}
		}
		if withdrawnOn == "" {
			withdrawnOn = casework.Today(tx.now)
		}
		d, msg := casework.NormalizeDate(withdrawnOn, true)
		if msg != "" {
			return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"withdrawn_on": msg}}
		}
		if d < c.GivenOn {
			return &casework.Error{Code: casework.EINVALID, Message: "撤回日は同意日より後にしてください。", Fields: map[string]string{"withdrawn_on": "撤回日は同意日より後にしてください。"}}
		}
		c.WithdrawnOn, c.WithdrawReason = d, strings.TrimSpace(reason)
		if err := tx.execOne(ctx, casework.Conflict("同意"), "UPDATE consents SET withdrawn_on = ?, withdraw_reason = ?, version = version + 1 WHERE id = ? AND version = ?",
			c.WithdrawnOn, c.WithdrawReason, id, c.Version); err != nil {
			return err
		}
		c.Version++
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "consent", ObjectID: id, Reason: "withdraw"})
	})
	return c, err
}

// Consents lists every consent version of a person the actor may see.
func (db *DB) Consents(ctx context.Context, a casework.Actor, personID string) ([]casework.Consent, error) {
	var out []casework.Consent
	err := db.inRead(ctx, "同意", func(tx *Tx) error {
		if _, err := tx.visiblePerson(ctx, a, personID); err != nil {
			return err
		}
		var err error
		if out, err = tx.consentsOf(ctx, a.MunicipalityID, personID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "consents", ObjectID: personID})
	})
	return out, err
}

// Consent returns one consent (for the printable form). Audited as a print
// when print is set.
func (db *DB) Consent(ctx context.Context, a casework.Actor, id string, print bool) (casework.Consent, error) {
	var c casework.Consent
	err := db.inRead(ctx, "同意", func(tx *Tx) error {
		var err error
		c, err = scanConsent(tx.queryRow(ctx, "SELECT "+consentCols+" FROM consents WHERE municipality_id = ? AND id = ?", a.MunicipalityID, id))
		if err != nil {
			return mapError(err, "同意")
		}
		if _, err := tx.visiblePerson(ctx, a, c.PersonID); err != nil {
			return casework.NotFound("同意")
		}
		act := casework.ActView
		if print {
			act = casework.ActPrint
		}
		return tx.audit(ctx, a, auditRecord{Action: act, ObjectType: "consent", ObjectID: id})
	})
	return c, err
}

// AddTeamMember puts an organization on a case team under rule 2.
func (db *DB) AddTeamMember(ctx context.Context, a casework.Actor, caseID string, m *casework.TeamMember) error {
	return db.inTx(ctx, true, "支援チーム", func(tx *Tx) error {
		c, f, err := tx.writableCase(ctx, a, caseID)
		if err != nil {
			return err
		}
		// rule 0: access widens only by an act of the party that holds the
		// information, the lead
		if !casework.IsLead(a, f) {
			return casework.Errorf(casework.EFORBIDDEN, "支援チームに機関を加えられるのは、主担当機関だけです。")
		}
		// late entry: the membership may have begun on a past day
		if m.From, err = casework.TeamFrom(m.From, c.ReceivedOn, casework.Today(tx.now)); err != nil {
			return err
		}
		return tx.addTeamMember(ctx, a, caseID, f, m)
	})
}

func (t *Tx) addTeamMember(ctx context.Context, a casework.Actor, caseID string, f casework.CaseFacts, m *casework.TeamMember) error {
	org, err := t.organization(ctx, a.MunicipalityID, m.OrganizationID)
	if err != nil {
		return &casework.Error{Code: casework.EINVALID, Message: "機関が見つかりません。", Fields: map[string]string{"organization_id": "機関が見つかりません。"}}
	}
	if err := casework.CheckOrgActive(org, "organization_id"); err != nil {
		return err
	}
	day := casework.Today(t.now)
	if f.OnTeam(org.ID, day) {
		return &casework.Error{Code: casework.EINVALID, Message: "「" + org.Name + "」は既に支援チームにいます。", Fields: map[string]string{"organization_id": "既に支援チームにいます。"}}
	}
	basis, consentID, err := casework.CheckJoin(f, org.ID, org.Name, m.Statute, day)
	if err != nil {
		return err
	}
	if basis == casework.BasisStatutory {
		sf, err := t.statutoryFacts(ctx, a.MunicipalityID, caseID, org.ID, day)
		if err != nil {
			return err
		}
		if err := casework.CheckStatutory(a, m, sf, day); err != nil {
			return err
		}
	} else {
		m.To, m.LawText, m.ConfirmedBy = "", "", ""
	}
	if m.From == "" {
		m.From = day
	}
	m.ID, m.Basis, m.ConsentID, m.Version, m.EnteredOn = newID(), basis, consentID, 1, day
	m.Role = strings.TrimSpace(m.Role)
	if err := t.insertTeam(ctx, a.MunicipalityID, caseID, *m); err != nil {
		return err
	}
	return t.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "case_team", ObjectID: caseID, Reason: basis})
}
