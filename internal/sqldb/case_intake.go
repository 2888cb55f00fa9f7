package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"kasane/internal/casework"
)

// The 相談受付・申込票 items of a case (casework.CaseIntake), one row of
// case_intake per case taken at intake.

func (t *Tx) insertIntake(ctx context.Context, a casework.Actor, c *casework.Case) error {
	x := &c.CaseIntake
	x.ReceivedByUserID = a.UserID
	if x.ReferringOrgID != "" {
		var name string
		if err := t.queryRow(ctx, "SELECT name FROM organizations WHERE id = ? AND municipality_id = ?", x.ReferringOrgID, a.MunicipalityID).Scan(&name); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return &casework.Error{Code: casework.EINVALID, Message: "紹介元機関が見つかりません。",
					Fields: map[string]string{"referring_organization_id": "紹介元機関が見つかりません。一覧から選んでください。"}}
			}
			return err
		}
		if x.ReferringOrgName == "" {
			x.ReferringOrgName = name
		}
	}
	var v casework.Visitor
	if x.Visitor != nil {
		v = *x.Visitor
	}
	var p casework.ContactPreferences
	if x.ContactPreferences != nil {
		p = *x.ContactPreferences
	}
	consent := ""
	if x.ConsentAtIntake != nil {
		consent = map[bool]string{true: "yes", false: "no"}[*x.ConsentAtIntake]
	}
	_, err := t.exec(ctx, `INSERT INTO case_intake (case_id, municipality_id, received_time, received_by_user_id, visitor_name, visitor_relation,
		visitor_phone, referring_org_id, referring_org_name, contact_method, contact_hours, keep_from_family, urgency, urgency_reason,
		consent_at_intake, employment_status, housing_type, health_insurance, pension, handbook_kind, handbook_grade, care_level, public_assistance)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		c.ID, c.MunicipalityID, x.ReceivedTime, x.ReceivedByUserID, v.Name, v.Relation, v.Phone, x.ReferringOrgID, x.ReferringOrgName,
		p.Method, p.Hours, boolInt(p.KeepFromFamily), x.Urgency, x.UrgencyReason, consent, x.Employment, x.Housing, x.HealthInsurance,
		x.Pension, x.HandbookKind, x.HandbookGrade, x.CareLevel, x.PublicAssistance)
	if err != nil {
		return err
	}
	return t.fillIntake(ctx, c)
}

// fillIntake reads the case's intake items (none for a case taken before
// they were recorded) with the name of the user who took it.
func (t *Tx) fillIntake(ctx context.Context, c *casework.Case) error {
	var x casework.CaseIntake
	var v casework.Visitor
	var p casework.ContactPreferences
	var keep int
	var consent string
	err := t.queryRow(ctx, `SELECT i.received_time, i.received_by_user_id, COALESCE(u.name, ''), i.visitor_name, i.visitor_relation, i.visitor_phone,
		i.referring_org_id, i.referring_org_name, i.contact_method, i.contact_hours, i.keep_from_family, i.urgency, i.urgency_reason,
		i.consent_at_intake, i.employment_status, i.housing_type, i.health_insurance, i.pension, i.handbook_kind, i.handbook_grade,
		i.care_level, i.public_assistance
		FROM case_intake i LEFT JOIN users u ON u.id = i.received_by_user_id WHERE i.case_id = ?`, c.ID).Scan(
		&x.ReceivedTime, &x.ReceivedByUserID, &x.ReceivedByName, &v.Name, &v.Relation, &v.Phone, &x.ReferringOrgID, &x.ReferringOrgName,
		&p.Method, &p.Hours, &keep, &x.Urgency, &x.UrgencyReason, &consent, &x.Employment, &x.Housing, &x.HealthInsurance, &x.Pension,
		&x.HandbookKind, &x.HandbookGrade, &x.CareLevel, &x.PublicAssistance)
	if errors.Is(err, sql.ErrNoRows) {
		c.CaseIntake = casework.CaseIntake{}
		return nil
	}
	if err != nil {
		return err
	}
	if v != (casework.Visitor{}) {
		x.Visitor = &v
	}
	p.KeepFromFamily = keep == 1
	if p != (casework.ContactPreferences{}) {
		x.ContactPreferences = &p
	}
	if consent != "" {
		b := consent == "yes"
		x.ConsentAtIntake = &b
	}
	c.CaseIntake = x
	return nil
}
