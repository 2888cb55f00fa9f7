package sqldb

import (
	"context"
	"database/sql"

	"kasane/internal/casework"
)

// The loaders in this file gather the facts the domain rules need, inside
// the caller's transaction, right before the rule is applied.

const teamCols = "id, organization_id, role, basis, statute, consent_id, from_on, to_on, confirmed_by, law_text, approved_by, approved_at, end_reason, created_at, version"

func scanTeam(s scanner) (casework.TeamMember, error) {
	var m casework.TeamMember
	var created string
	err := s.Scan(&m.ID, &m.OrganizationID, &m.Role, &m.Basis, &m.Statute, &m.ConsentID, &m.From, &m.To, &m.ConfirmedBy, &m.LawText, &m.ApprovedBy, &m.ApprovedAt, &m.EndReason, &created, &m.Version)
	if t := parseTS(created); !t.IsZero() {
		m.EnteredOn = casework.Today(t)
	}
	return m, err
}

const consentCols = `id, person_id, given_by, given_on, method, recipients, data_categories, purposes, meeting_types,
	valid_until, withdrawn_on, withdraw_reason, supersedes_id, recorded_by_org_id, version, created_at`

func scanConsent(s scanner) (casework.Consent, error) {
	var c casework.Consent
	var rec, cat, pur, mt, created string
	err := s.Scan(&c.ID, &c.PersonID, &c.GivenBy, &c.GivenOn, &c.Method, &rec, &cat, &pur, &mt,
		&c.ValidUntil, &c.WithdrawnOn, &c.WithdrawReason, &c.SupersedesID, &c.RecordedBy, &c.Version, &created)
	if t := parseTS(created); !t.IsZero() {
		c.EnteredOn = casework.Today(t)
	}
	c.Recipients, c.DataCategories, c.MeetingTypes = splitList(rec), splitList(cat), splitList(mt)
	c.Purposes = splitLines(pur)
	return c, err
}

// consentsOf loads every consent version of a person.
func (t *Tx) consentsOf(ctx context.Context, muni, personID string) ([]casework.Consent, error) {
	return collectCached(ctx, t, scanConsent, "SELECT "+consentCols+" FROM consents WHERE municipality_id = ? AND person_id = ? ORDER BY given_on DESC, created_at DESC", muni, personID)
}

// caseFacts loads the case and the facts of rule 1–3 for it. A case of
// another municipality is not found.
func (t *Tx) caseFacts(ctx context.Context, muni, caseID string) (casework.Case, casework.CaseFacts, error) {
	cs, err := collectCached(ctx, t, scanCase, "SELECT "+caseCols+" FROM cases WHERE municipality_id = ? AND id = ?", muni, caseID)
	if err == nil && len(cs) == 0 {
		err = sql.ErrNoRows
	}
	if err != nil {
		return casework.Case{}, casework.CaseFacts{}, mapError(err, "ケース")
	}
	c := cs[0]
	f := casework.CaseFacts{LeadOrgID: c.LeadOrgID}
	if f.Team, err = collectCached(ctx, t, scanTeam, "SELECT "+teamCols+" FROM case_team WHERE case_id = ? ORDER BY from_on, created_at", caseID); err != nil {
		return c, f, err
	}
	if f.Consents, err = t.consentsOf(ctx, muni, c.FocusPersonID); err != nil {
		return c, f, err
	}
	c.Team = f.Team
	return c, f, nil
}

// readableCase loads a case the actor may read (rule 1), or ENOTFOUND: a case
// outside the actor's team is reported as not found, never as forbidden.
func (t *Tx) readableCase(ctx context.Context, a casework.Actor, caseID string) (casework.Case, casework.CaseFacts, error) {
	c, f, err := t.caseFacts(ctx, a.MunicipalityID, caseID)
	if err != nil {
		return c, f, err
	}
	day := casework.Today(t.now)
	if !casework.CanReadCase(a, f, day) {
		return c, f, casework.NotFound("ケース")
	}
	if err := t.fillIntake(ctx, &c); err != nil {
		return c, f, err
	}
	c.LimitTo(f.Scope(a.OrganizationID, day))
	return c, f, nil
}

// readableCaseData is readableCase for one data category: a team member
// whose basis does not give it is refused (rule 2).
func (t *Tx) readableCaseData(ctx context.Context, a casework.Actor, caseID, cat string) (casework.Case, casework.CaseFacts, error) {
	c, f, err := t.readableCase(ctx, a, caseID)
	if err == nil && !c.DataScope.Has(cat) {
		err = casework.ScopeError(cat)
	}
	return c, f, err
}

// writableCaseData is writableCase for one data category.
func (t *Tx) writableCaseData(ctx context.Context, a casework.Actor, caseID, cat string) (casework.Case, casework.CaseFacts, error) {
	c, f, err := t.writableCase(ctx, a, caseID)
	if err == nil && !c.DataScope.Has(cat) {
		err = casework.ScopeError(cat)
	}
	return c, f, err
}

// writableCase is readableCase for changes: viewers get EFORBIDDEN (they can
// see the case already, so nothing is revealed).
func (t *Tx) writableCase(ctx context.Context, a casework.Actor, caseID string) (casework.Case, casework.CaseFacts, error) {
	c, f, err := t.readableCase(ctx, a, caseID)
	if err != nil {
		return c, f, err
	}
	if !casework.CanWriteCase(a, f, casework.Today(t.now)) {
		return c, f, casework.Errorf(casework.EFORBIDDEN, "閲覧者はケースを変更できません。")
	}
	return c, f, nil
}

// personFacts loads the facts of rules 0, 4 and 6 for one person.
func (t *Tx) personFacts(ctx context.Context, muni string, p casework.Person) (casework.PersonFacts, error) {
	m, err := t.personsFacts(ctx, muni, []personRef{refOf(p)})
	if err != nil {
		return casework.PersonFacts{}, err
	}
	return m[p.ID], nil
}

// personView applies rule 4 to a person and says whether the actor sees the
// address (rule 6) and what of the person's own data it reads
// (casework.PersonScope).
func (t *Tx) personView(ctx context.Context, a casework.Actor, personID string) (seeAddress bool, scope casework.Scope, err error) {
	p, f, err := t.visiblePersonFacts(ctx, a, personID)
	if err != nil {
		return false, nil, err
	}
	return !p.AddressHidden, casework.PersonScope(a, f, casework.Today(t.now)), nil
}

// caseFactsOnly loads the facts of a case already loaded.
func (t *Tx) caseFactsOnly(ctx context.Context, muni string, c casework.Case) (casework.CaseFacts, error) {
	fs, err := t.casesFacts(ctx, muni, []casework.Case{c})
	if err != nil {
		return casework.CaseFacts{}, err
	}
	return fs[0], nil
}
