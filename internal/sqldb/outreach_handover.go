package sqldb

import (
	"context"
	"fmt"

	"kasane/internal/casework"
)

// HandOverOutreachTarget turns a consenting target into a case, in one
// transaction: the person is created (or the linked one used), the case is
// received with route アウトリーチ and the actor's organization as lead, and
// every attempt is copied into the case's contact log (事業 outreach, with
// its date) so the history moves with the person.
func (db *DB) HandOverOutreachTarget(ctx context.Context, a casework.Actor, id string, h casework.HandOver) (casework.OutreachTarget, casework.Case, error) {
	var tg casework.OutreachTarget
	var c casework.Case
	err := db.inTx(ctx, true, "アウトリーチ対象者", func(tx *Tx) error {
		var err error
		if tg, err = tx.writableTarget(ctx, a, id); err != nil {
			return err
		}
		if tg.Stage != "consented" {
			msg := "ケースへ引き継ぐには、本人の同意を得て段階を「同意」にしてください。"
			return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"stage": msg}}
		}
		personID := tg.PersonID
		if personID == "" && h.PersonID != "" {
			// the duplicate check found the person: rule 0, only a record of
			// the organization's own becomes a case's focus person
			p, err := tx.visiblePerson(ctx, a, h.PersonID)
			if err != nil {
				msg := "選んだ本人が見つかりません。"
				return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"person_id": msg}}
			}
			if err := casework.CheckOwnRecord(a, p.RegisteredByOrgID, "person_id", "引き継ぐ本人"); err != nil {
				return err
			}
			personID = p.ID
		} else if personID == "" {
			if h.Person == nil {
				msg := "引き継ぐ本人の氏名とふりがなを入力してください。"
				return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"family_name": msg}}
			}
			p := *h.Person
			p.Identified, p.Label = true, ""
			if err := p.Normalize(tx.now); err != nil {
				return err
			}
			if err := tx.insertPerson(ctx, a, &p); err != nil {
				return err
			}
			personID = p.ID
		} else {
			p, err := tx.visiblePerson(ctx, a, personID)
			if err != nil {
				return err
			}
			if err := casework.CheckOwnRecord(a, p.RegisteredByOrgID, "person_id", "引き継ぐ本人"); err != nil {
				return err
			}
		}
		c = casework.Case{FocusPersonID: personID, ReceivedOn: h.ReceivedOn, Route: "アウトリーチ", Method: h.Method,
			Bunya: h.Bunya, Problems: h.Problems, Complaint: h.Complaint}
		if c.ReceivedOn == "" {
			c.ReceivedOn = casework.Today(tx.now)
		}
		if c.Method == "" {
			c.Method = "訪問"
		}
		if c.Complaint == "" {
			c.Complaint = tg.Concern
		}
		if err := c.ValidateIntake(tx.now); err != nil {
			return err
		}
		if err := tx.insertOutreachCase(ctx, a, &c); err != nil {
			return err
		}
		if err := tx.copyAttempts(ctx, a, tg.ID, &c); err != nil {
			return err
		}
		if h.Consent != nil {
			// 同意 becomes a record, not only a stage
			cn := *h.Consent
			cn.PersonID = personID
			if cn.GivenOn == "" {
				cn.GivenOn = casework.Today(tx.now)
			}
			if err := tx.recordConsent(ctx, a, &cn); err != nil {
				return consentFields(err)
			}
		}
		if err := tx.execOne(ctx, casework.Conflict("アウトリーチ対象者"), `UPDATE outreach_targets SET stage = 'handed_over', person_id = ?, case_id = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, personID, c.ID, ts(tx.now), tg.ID, tg.Version); err != nil {
			return err
		}
		if err := tx.stageHistory(ctx, a, tg.ID, tg.Stage, "handed_over", "ケース "+c.Number); err != nil {
			return err
		}
		tg, err = tx.visibleTarget(ctx, a, id)
		if err != nil {
			return err
		}
		if err := tx.fillTarget(ctx, &tg); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "outreach_target", ObjectID: id, Reason: "handed_over " + c.ID})
	})
	return tg, c, err
}

// insertOutreachCase writes the case rows as CreateCase does (same columns,
// numbering and lead team row), inside the hand-over transaction.
func (t *Tx) insertOutreachCase(ctx context.Context, a casework.Actor, c *casework.Case) error {
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM cases WHERE municipality_id = ? AND received_on >= ? AND received_on < ?",
		a.MunicipalityID, c.ReceivedOn[:4]+"-01-01", c.ReceivedOn[:4]+"-99").Scan(&n); err != nil {
		return err
	}
	c.ID, c.MunicipalityID, c.Status, c.LeadOrgID, c.LeadWorkerID = newID(), a.MunicipalityID, "intake", a.OrganizationID, a.UserID
	c.Number = fmt.Sprintf("%s-%05d", c.ReceivedOn[:4], n+1)
	c.Version, c.Created, c.Updated = 1, t.now, t.now
	if _, err := t.exec(ctx, `INSERT INTO cases (id, municipality_id, number, focus_person_id, household_id, received_on, route, method,
		bunya, problems, primary_problem, complaint, screening, status, lead_org_id, lead_worker_id, intake_org_id, version, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)`,
		c.ID, c.MunicipalityID, c.Number, c.FocusPersonID, c.HouseholdID, c.ReceivedOn, c.Route, c.Method,
		joinList(c.Bunya), joinLines(c.Problems), c.PrimaryProblem, c.Complaint, c.Screening, c.Status, c.LeadOrgID, c.LeadWorkerID, c.LeadOrgID,
		ts(t.now), ts(t.now)); err != nil {
		return err
	}
	lead := casework.TeamMember{ID: newID(), OrganizationID: a.OrganizationID, Role: "主担当（受付機関）", Basis: casework.BasisLead, From: c.ReceivedOn, Version: 1, EnteredOn: casework.Today(t.now)}
	if err := t.insertTeam(ctx, a.MunicipalityID, c.ID, lead); err != nil {
		return err
	}
	c.Team = []casework.TeamMember{lead}
	return t.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "case", ObjectID: c.ID, Reason: "outreach hand-over"})
}

// copyAttempts writes each attempt of a target as a contact of the case,
// keeping its date and author; the attempt remembers its contact.
func (t *Tx) copyAttempts(ctx context.Context, a casework.Actor, targetID string, c *casework.Case) error {
	atts, err := collect(ctx, t, scanAttempt, "SELECT "+attemptCols+" FROM outreach_attempts WHERE target_id = ? ORDER BY at", targetID)
	if err != nil {
		return err
	}
	bunya := "other"
	if len(c.Bunya) > 0 {
		bunya = c.Bunya[0]
	}
	last := ""
	for _, at := range atts {
		content := "【アウトリーチの記録から】方法: " + at.Method + "／結果: " + at.Outcome
		if at.Note != "" {
			content += "\n" + at.Note
		}
		cid := newID()
		if _, err := t.exec(ctx, `INSERT INTO contacts (id, municipality_id, case_id, at, method, counterpart, content, minutes, jigyo, bunya,
			author_id, author_org_id, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,0,'outreach',?,?,?,1,?,?)`,
			cid, a.MunicipalityID, c.ID, ts(at.At), casework.ContactMethodForAttempt(at.Method), "", content, bunya,
			at.AuthorID, at.AuthorOrgID, ts(t.now), ts(t.now)); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE outreach_attempts SET contact_id = ? WHERE id = ?", cid, at.ID); err != nil {
			return err
		}
		last = ts(at.At)
	}
	if last != "" {
		if _, err := t.exec(ctx, "UPDATE cases SET last_contact_at = ? WHERE id = ?", last, c.ID); err != nil {
			return err
		}
	}
	return nil
}

// consentFields names the consent's fields consent.* in a hand-over error,
// so that they do not mix with the intake's (method, …).
func consentFields(err error) error {
	f := casework.ErrorFields(err)
	if f == nil {
		return err
	}
	out := map[string]string{}
	for k, v := range f {
		out["consent."+k] = v
	}
	return &casework.Error{Code: casework.ErrorCode(err), Message: casework.ErrorMessage(err), Fields: out}
}
