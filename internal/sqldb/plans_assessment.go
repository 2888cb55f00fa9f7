package sqldb

import (
	"context"

	"kasane/internal/casework"
)

const assessmentCols = `id, case_id, revision, assessed_on, household, history, health, finances, work, housing, relations, children,
	capacity, issues, strengths, direction, author_id, author_org_id, version, created_at`

func scanAssessment(s scanner) (casework.Assessment, error) {
	var x casework.Assessment
	var created string
	err := s.Scan(&x.ID, &x.CaseID, &x.Revision, &x.AssessedOn, &x.Household, &x.History, &x.Health, &x.Finances, &x.Work,
		&x.Housing, &x.Relations, &x.Children, &x.Capacity, &x.Issues, &x.Strengths, &x.Direction, &x.AuthorID, &x.AuthorOrgID,
		&x.Version, &created)
	x.Created = parseTS(created)
	return x, err
}

// CreateAssessment saves a new revision of a case's assessment sheet. A case
// still at intake moves to assessment.
func (db *DB) CreateAssessment(ctx context.Context, a casework.Actor, caseID string, x *casework.Assessment) error {
	return db.inTx(ctx, true, "アセスメント", func(tx *Tx) error {
		c, _, err := tx.writableCaseData(ctx, a, caseID, casework.CatRecords)
		if err != nil {
			return err
		}
		if err := x.Validate(tx.now); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM assessments WHERE case_id = ?", caseID).Scan(&n); err != nil {
			return err
		}
		x.ID, x.CaseID, x.Revision, x.AuthorID, x.AuthorOrgID, x.Version, x.Created = newID(), caseID, n+1, a.UserID, a.OrganizationID, 1, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO assessments (id, municipality_id, case_id, revision, assessed_on, household, history, health, finances,
			work, housing, relations, children, capacity, issues, strengths, direction, author_id, author_org_id, version, created_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?)`,
			x.ID, a.MunicipalityID, caseID, x.Revision, x.AssessedOn, x.Household, x.History, x.Health, x.Finances, x.Work, x.Housing,
			x.Relations, x.Children, x.Capacity, x.Issues, x.Strengths, x.Direction, a.UserID, a.OrganizationID, ts(tx.now)); err != nil {
			return err
		}
		if c.Status == "intake" {
			if err := tx.moveCase(ctx, a, &c, "assessment", "アセスメント作成", ""); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "assessment", ObjectID: x.ID})
	})
}

// Assessments lists every revision of a case's assessment, newest first.
func (db *DB) Assessments(ctx context.Context, a casework.Actor, caseID string) ([]casework.Assessment, error) {
	out := []casework.Assessment{}
	err := db.inRead(ctx, "アセスメント", func(tx *Tx) error {
		c, _, err := tx.readableCase(ctx, a, caseID)
		if err != nil {
			return err
		}
		xs, err := collect(ctx, tx, scanAssessment, "SELECT "+assessmentCols+" FROM assessments WHERE case_id = ? ORDER BY revision DESC", caseID)
		if err != nil {
			return err
		}
		for i := range xs {
			if !xs[i].LimitTo(c.DataScope) {
				return casework.ScopeError(casework.CatRecords)
			}
		}
		if xs != nil {
			out = xs
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "assessments", ObjectID: caseID})
	})
	return out, err
}

// Assessment returns one revision (for the A4 sheet); audited as a print
// when print is set.
func (db *DB) Assessment(ctx context.Context, a casework.Actor, id string, print bool) (casework.Assessment, casework.Case, error) {
	var x casework.Assessment
	var c casework.Case
	err := db.inRead(ctx, "アセスメント", func(tx *Tx) error {
		var err error
		if x, err = scanAssessment(tx.queryRow(ctx, "SELECT "+assessmentCols+" FROM assessments WHERE municipality_id = ? AND id = ?", a.MunicipalityID, id)); err != nil {
			return mapError(err, "アセスメント")
		}
		if c, _, err = tx.readableCase(ctx, a, x.CaseID); casework.ErrorCode(err) == casework.ENOTFOUND {
			return casework.NotFound("アセスメント")
		} else if err != nil {
			return err
		}
		if !x.LimitTo(c.DataScope) {
			return casework.ScopeError(casework.CatRecords)
		}
		if err := tx.fillFocusName(ctx, &c); err != nil {
			return err
		}
		act := casework.ActView
		if print {
			act = casework.ActPrint
		}
		return tx.audit(ctx, a, auditRecord{Action: act, ObjectType: "assessment", ObjectID: id})
	})
	return x, c, err
}
