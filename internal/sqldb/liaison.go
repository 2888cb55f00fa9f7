package sqldb

import (
	"context"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// 庁内つなぎ票 (issue 22; the rules are casework/liaison.go). A section's
// liaison registers the person and sends the つなぎ票 in one transaction; the
// receiving 相談窓口 accepts it (its own person record, its own case with the
// route 庁内他課 and the section as 紹介元機関, a 名寄せ link between the two
// records) or declines it with a reason the section reads.

const liaisonCols = "id, person_id, from_org_id, to_org_id, sent_by, concern, consent, referred_on, due_on, status, decline_reason, answered_at, case_id, receiver_person_id, version, created_at"

func scanLiaison(s scanner) (casework.LiaisonReferral, error) {
	var r casework.LiaisonReferral
	var created string
	err := s.Scan(&r.ID, &r.PersonID, &r.FromOrgID, &r.ToOrgID, &r.SentByUserID, &r.Concern, &r.Consent, &r.ReferredOn, &r.DueOn,
		&r.Status, &r.DeclineReason, &r.AnsweredAt, &r.CaseID, &r.ReceiverPersonID, &r.Version, &created)
	r.Created = parseTS(created)
	return r, err
}

// SendLiaisonReferral registers the person (r.Person; or r.PersonID, the
// person of an earlier つなぎ票 of the same section) and sends the つなぎ票.
// Every problem of the form is reported at once; nothing is half saved.
func (db *DB) SendLiaisonReferral(ctx context.Context, a casework.Actor, r *casework.LiaisonReferral) error {
	if !casework.IsLiaison(a) {
		return casework.Errorf(casework.EFORBIDDEN, "庁内つなぎ票を送れるのは、市の担当課の庁内つなぎ担当（liaison）だけです。")
	}
	return db.inTx(ctx, true, "庁内つなぎ票", func(tx *Tx) error {
		from, err := tx.organization(ctx, a.MunicipalityID, a.OrganizationID)
		if err != nil {
			return err
		}
		if err := casework.CheckSendLiaison(a, from.Kind); err != nil {
			return err
		}
		v := casework.Invalid{}
		merge := func(err error) {
			for f, m := range casework.ErrorFields(err) {
				v.Add(f, m)
			}
		}
		if r.PersonID == "" && r.Person != nil {
			r.Person.Identified = true
			merge(casework.CheckLiaisonPerson(r.Person))
			merge(r.Person.Normalize(tx.now))
		}
		merge(r.Validate(tx.now))
		var to casework.Organization
		if r.ToOrgID != "" {
			if to, err = tx.organization(ctx, a.MunicipalityID, r.ToOrgID); err != nil {
				v.Add("to_organization_id", "つなぐ先の相談窓口が見つかりません。一覧から選んでください。")
			} else {
				merge(casework.CheckLiaisonReceiver(to, a.OrganizationID))
			}
		}
		if r.PersonID != "" {
			// rule 0: only the person of an earlier つなぎ票 of this section,
			// never another record (its data would travel without its holder)
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM liaison_referrals WHERE municipality_id = ? AND from_org_id = ? AND person_id = ?",
				a.MunicipalityID, a.OrganizationID, r.PersonID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				v.Add("person_id", "この課が以前に送った庁内つなぎ票の本人だけを指定できます。")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if r.PersonID == "" {
			if err := tx.insertPerson(ctx, a, r.Person); err != nil {
				return err
			}
			r.PersonID = r.Person.ID
		}
		var s casework.Settings
		if err := tx.settings(ctx, a.MunicipalityID, &s); err != nil {
			return err
		}
		r.DueOn = japanese.AddWorkingDays(tx.now.In(casework.JST), s.ReferralDue()).Format("2006-01-02")
		r.ID, r.FromOrgID, r.SentByUserID, r.Status, r.Version, r.Created = newID(), a.OrganizationID, a.UserID, "pending", 1, tx.now
		if _, err := tx.exec(ctx, "INSERT INTO liaison_referrals ("+liaisonCols+", municipality_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			r.ID, r.PersonID, r.FromOrgID, r.ToOrgID, r.SentByUserID, r.Concern, r.Consent, r.ReferredOn, r.DueOn, r.Status, "", "", "", "", 1, ts(tx.now), a.MunicipalityID); err != nil {
			return err
		}
		if err := tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "liaison_referral", ObjectID: r.ID}); err != nil {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		return tx.fillLiaison(ctx, a, r, names)
	})
}

// fillLiaison adds the names and the person the section typed (the address
// hidden, should the record be under DV等支援措置, from anyone not designated)
// and cuts what the sender does not read.
func (t *Tx) fillLiaison(ctx context.Context, a casework.Actor, r *casework.LiaisonReferral, names map[string]string) error {
	r.FromOrgName, r.ToOrgName = names[r.FromOrgID], names[r.ToOrgID]
	r.Overdue = r.IsOverdue(casework.Today(t.now))
	if err := t.queryRow(ctx, "SELECT COALESCE(MAX(name), '') FROM users WHERE id = ?", r.SentByUserID).Scan(&r.SentByName); err != nil {
		return err
	}
	p, err := scanPerson(t.queryRow(ctx, "SELECT "+personCols+" FROM persons WHERE id = ?", r.PersonID))
	if err != nil {
		return err
	}
	if p.DVProtected {
		f, err := t.personFacts(ctx, a.MunicipalityID, p)
		if err != nil {
			return err
		}
		if !casework.IsDesignated(a, f) {
			p.HideAddress()
		}
	}
	p.Decorate(t.now)
	r.Person, r.PersonName = &p, p.DisplayName()
	r.LimitForSender(a)
	return nil
}

// LiaisonReferrals lists the つなぎ票 the actor's organization sent (to its
// liaisons and its staff) or received (to its staff who handle cases):
// pending first, then newest. Audited as a search.
func (db *DB) LiaisonReferrals(ctx context.Context, a casework.Actor) ([]casework.LiaisonReferral, error) {
	sender, receiver := casework.IsLiaison(a) || casework.CanHandleCases(a), casework.CanHandleCases(a)
	if !sender {
		return nil, casework.Errorf(casework.EFORBIDDEN, "庁内つなぎ票を閲覧する権限がありません。")
	}
	out := []casework.LiaisonReferral{}
	err := db.inRead(ctx, "庁内つなぎ票", func(tx *Tx) error {
		q := "SELECT " + liaisonCols + " FROM liaison_referrals WHERE municipality_id = ? AND (from_org_id = ?"
		args := []any{a.MunicipalityID, a.OrganizationID}
		if receiver {
			q += " OR to_org_id = ?"
			args = append(args, a.OrganizationID)
		}
		rs, err := collect(ctx, tx, scanLiaison, q+") ORDER BY CASE status WHEN 'pending' THEN 0 ELSE 1 END, created_at DESC, id LIMIT 500", args...)
		if err != nil {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		for i := range rs {
			if err := tx.fillLiaison(ctx, a, &rs[i], names); err != nil {
				return err
			}
		}
		out = rs
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "liaison_referral"})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// LiaisonReferral returns one つなぎ票 the actor may read. Audited.
func (db *DB) LiaisonReferral(ctx context.Context, a casework.Actor, id string) (casework.LiaisonReferral, error) {
	var r casework.LiaisonReferral
	err := db.inRead(ctx, "庁内つなぎ票", func(tx *Tx) error {
		var err error
		if r, err = tx.readableLiaison(ctx, a, id, false); err != nil {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		if err := tx.fillLiaison(ctx, a, &r, names); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "liaison_referral", ObjectID: id})
	})
	return r, err
}

func (t *Tx) readableLiaison(ctx context.Context, a casework.Actor, id string, lock bool) (casework.LiaisonReferral, error) {
	q := "SELECT " + liaisonCols + " FROM liaison_referrals WHERE municipality_id = ? AND id = ?"
	if lock {
		q += t.dialect.forUpdate()
	}
	r, err := scanLiaison(t.queryRow(ctx, q, a.MunicipalityID, id))
	if err != nil {
		return r, mapError(err, "庁内つなぎ票")
	}
	if !casework.CanReadLiaison(a, r) {
		return casework.LiaisonReferral{}, casework.NotFound("庁内つなぎ票")
	}
	return r, nil
}

// LiaisonAccept is what the receiver gives when it accepts: the record to
// open the case on (PersonID, an own record; else Person, its registration
// from the つなぎ票, corrected as it heard it; else the つなぎ票's own fields)
// and the intake.
type LiaisonAccept struct {
	PersonID string
	Person   *casework.Person
	Case     casework.Case
}

// AcceptLiaisonReferral opens the receiver's case: on its own person record
// (one it names, else the one it already has in the group of records linked
// to the section's record, else a new one registered from the つなぎ票), with
// the route 庁内他課 and the section as 紹介元機関; links its record and the
// section's by 名寄せ (origin liaison); marks the つなぎ票 accepted. Nothing
// of the case reaches the section.
func (db *DB) AcceptLiaisonReferral(ctx context.Context, a casework.Actor, id string, in LiaisonAccept) (casework.LiaisonReferral, casework.Case, error) {
	var r casework.LiaisonReferral
	c := casework.Case{CaseIntake: in.Case.CaseIntake, ReceivedOn: in.Case.ReceivedOn, Method: in.Case.Method, Bunya: in.Case.Bunya,
		Problems: in.Case.Problems, PrimaryProblem: in.Case.PrimaryProblem, Complaint: in.Case.Complaint, Screening: in.Case.Screening}
	c.ReceivedByUserID, c.ReceivedByName = "", ""
	err := db.inTx(ctx, true, "庁内つなぎ票", func(tx *Tx) error {
		var err error
		if r, err = tx.readableLiaison(ctx, a, id, true); err != nil {
			return err
		}
		if err := casework.CheckAnswerLiaison(a, r); err != nil {
			return err
		}
		section, err := scanPerson(tx.queryRow(ctx, "SELECT "+personCols+" FROM persons WHERE id = ?", r.PersonID))
		if err != nil {
			return err
		}
		c.Route, c.ReferringOrgID, c.ReferringOrgName = casework.RouteOtherSection, r.FromOrgID, ""
		if c.Complaint == "" {
			c.Complaint = r.Concern
		}
		if c.ReceivedOn == "" {
			c.ReceivedOn = casework.Today(tx.now)
		}
		// the record: named, found in the group, or new — every problem of
		// the form (person and intake) at once
		v := casework.Invalid{}
		merge := func(err error) {
			for f, m := range casework.ErrorFields(err) {
				v.Add(f, m)
			}
		}
		var person casework.Person
		newRecord := false
		switch {
		case in.PersonID != "":
			p, err := tx.visiblePerson(ctx, a, in.PersonID)
			if err != nil {
				v.Add("person_id", "自機関の記録が見つかりません。")
			} else {
				merge(casework.CheckOwnRecord(a, p.RegisteredByOrgID, "person_id", "本人の記録"))
				person = p
			}
		default:
			group, err := tx.sameGroup(ctx, a.MunicipalityID, section.ID)
			if err != nil {
				return err
			}
			own, err := tx.ownRecordIn(ctx, a.MunicipalityID, a.OrganizationID, group)
			if err != nil {
				return err
			}
			if own != "" {
				person.ID = own
				break
			}
			newRecord = true
			if in.Person != nil {
				person = *in.Person
			} else {
				person = liaisonCopy(section)
			}
			person.Identified, person.DVProtected = true, false
			merge(person.Normalize(tx.now))
		}
		check := c
		check.FocusPersonID = section.ID // resolved above; only the intake's own fields are checked here
		merge(check.ValidateIntake(tx.now))
		if err := v.Err(); err != nil {
			return err
		}
		if newRecord {
			if err := tx.insertPerson(ctx, a, &person); err != nil {
				return err
			}
		}
		if err := tx.insertSameLink(ctx, a, person.ID, section.ID, casework.SameOriginLiaison, "庁内つなぎ票の受付（相互に閲覧できない）"); err != nil {
			return err
		}
		c.FocusPersonID = person.ID
		if err := tx.createCase(ctx, a, &c); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("庁内つなぎ票"), `UPDATE liaison_referrals SET status = 'accepted', answered_by = ?, answered_at = ?,
			case_id = ?, receiver_person_id = ?, version = version + 1 WHERE id = ? AND version = ?`, a.UserID, ts(tx.now), c.ID, person.ID, r.ID, r.Version); err != nil {
			return err
		}
		r.Status, r.AnsweredAt, r.CaseID, r.ReceiverPersonID, r.Version = "accepted", ts(tx.now), c.ID, person.ID, r.Version+1
		if err := tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "liaison_referral", ObjectID: r.ID, Reason: "accept"}); err != nil {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		return tx.fillLiaison(ctx, a, &r, names)
	})
	if err != nil {
		return casework.LiaisonReferral{}, casework.Case{}, err
	}
	return r, c, nil
}

// liaisonCopy is the receiver's registration from the つなぎ票: the basic
// fields the section typed (what it chose to tell the 相談窓口).
func liaisonCopy(p casework.Person) casework.Person {
	return casework.Person{Identified: true, FamilyName: p.FamilyName, GivenName: p.GivenName, FamilyKana: p.FamilyKana, GivenKana: p.GivenKana,
		BirthDate: p.BirthDate, Sex: p.Sex, Address: p.Address, Phone: p.Phone}
}

// DeclineLiaisonReferral records the receiver's 辞退 with the reason the
// section reads.
func (db *DB) DeclineLiaisonReferral(ctx context.Context, a casework.Actor, id, reason string) (casework.LiaisonReferral, error) {
	var r casework.LiaisonReferral
	err := db.inTx(ctx, true, "庁内つなぎ票", func(tx *Tx) error {
		var err error
		if r, err = tx.readableLiaison(ctx, a, id, true); err != nil {
			return err
		}
		if err := casework.CheckAnswerLiaison(a, r); err != nil {
			return err
		}
		if reason, err = casework.CheckDeclineReason(reason); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("庁内つなぎ票"), `UPDATE liaison_referrals SET status = 'declined', decline_reason = ?, answered_by = ?,
			answered_at = ?, version = version + 1 WHERE id = ? AND version = ?`, reason, a.UserID, ts(tx.now), r.ID, r.Version); err != nil {
			return err
		}
		r.Status, r.DeclineReason, r.AnsweredAt, r.Version = "declined", reason, ts(tx.now), r.Version+1
		if err := tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "liaison_referral", ObjectID: r.ID, Reason: "decline"}); err != nil {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		return tx.fillLiaison(ctx, a, &r, names)
	})
	return r, err
}

// liaisonAlerts are the overdue pending つなぎ票 of the actor's organization
// (sent or received), for the watches of staff who handle cases.
func (db *DB) liaisonAlerts(ctx context.Context, a casework.Actor) ([]casework.Alert, error) {
	if !casework.CanHandleCases(a) {
		return nil, nil
	}
	var out []casework.Alert
	err := db.inRead(ctx, "庁内つなぎ票", func(tx *Tx) error {
		day := casework.Today(tx.now)
		rs, err := collect(ctx, tx, scanLiaison, "SELECT "+liaisonCols+" FROM liaison_referrals WHERE municipality_id = ? AND status = 'pending' AND due_on < ? AND (from_org_id = ? OR to_org_id = ?) ORDER BY due_on, id",
			a.MunicipalityID, day, a.OrganizationID, a.OrganizationID)
		if err != nil || len(rs) == 0 {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := tx.fillLiaison(ctx, a, &r, names); err != nil {
				return err
			}
			msg := "庁内つなぎ票の期限超過: " + r.ToOrgName + "からの回答待ち（期限 " + warekiDay(r.DueOn) + "）"
			if r.ToOrgID == a.OrganizationID {
				msg = "庁内つなぎ票の期限超過: " + r.FromOrgName + "からのつなぎ票への回答が必要（期限 " + warekiDay(r.DueOn) + "）"
			}
			out = append(out, casework.Alert{Kind: "overdue_liaison_referral", Ref: r.ID, Since: r.DueOn, PersonName: r.PersonName, Message: msg})
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "liaison_referral", Reason: "alerts"})
	})
	return out, err
}
