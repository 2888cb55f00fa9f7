package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// transferLead carries out an accepted referral with transfer_lead (主担当の
// 引継ぎ, issue 22) inside the caller's transaction: the receiver becomes the
// lead organization under rule 2 (an effective consent naming it or its
// statutory membership, checked now, not when the referral was sent), the
// lead worker is cleared (the new lead names one), the previous lead's lead
// membership ends with its reason, and the previous lead stays as 「元主担当」
// only under a consent that names it (a 多機関協働事業者 ends its
// involvement). The rules that follow the lead (casework.IsLead, Scope) read
// cases.lead_org_id, so every lead-only power moves with it.
func (t *Tx) transferLead(ctx context.Context, a casework.Actor, r casework.Referral) error {
	c, f, err := t.caseFacts(ctx, a.MunicipalityID, r.CaseID)
	if err != nil {
		return err
	}
	if f.LeadOrgID != r.FromOrgID {
		msg := "このつなぎを送った機関は既に主担当機関ではないため、主担当を引き継げません。"
		return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"transfer_lead": msg}}
	}
	day := casework.Today(t.now)
	to, err := t.organization(ctx, a.MunicipalityID, r.ToOrgID)
	if err != nil {
		return err
	}
	if err := casework.CheckOrgActive(to, "to_organization_id"); err != nil {
		return err
	}
	if err := casework.CheckTransferLead(f, to.ID, to.Name, day); err != nil {
		return err
	}
	prev, err := t.organization(ctx, a.MunicipalityID, f.LeadOrgID)
	if err != nil {
		return err
	}
	if err := t.execOne(ctx, casework.Conflict("ケース"), "UPDATE cases SET lead_org_id = ?, lead_worker_id = '', updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
		to.ID, ts(t.now), c.ID, c.Version); err != nil {
		return err
	}
	reason := casework.LeadHandoverEndReason(prev.Kind)
	// the lead membership ends; a 多機関協働事業者 ends every membership it
	// has on the case (its involvement ends)
	q := "UPDATE case_team SET to_on = ?, end_reason = ?, version = version + 1 WHERE case_id = ? AND organization_id = ? AND (to_on = '' OR to_on >= ?)"
	args := []any{day, reason, c.ID, prev.ID, day}
	if prev.Kind != casework.OrgKindMultiAgency {
		q += " AND basis = ?"
		args = append(args, casework.BasisLead)
	}
	if _, err := t.exec(ctx, q, args...); err != nil {
		return err
	}
	lead := casework.TeamMember{ID: newID(), OrganizationID: to.ID, Role: "主担当（引継ぎ）", Basis: casework.BasisLead, From: day, Version: 1}
	if err := t.insertTeam(ctx, a.MunicipalityID, c.ID, lead); err != nil {
		return err
	}
	if prev.Kind != casework.OrgKindMultiAgency && !hasConsentRow(f.Team, prev.ID) {
		if cs, ok := casework.CoveredBy(f.Consents, prev.ID, day); ok {
			m := casework.TeamMember{ID: newID(), OrganizationID: prev.ID, Role: "元主担当", Basis: casework.BasisConsent, ConsentID: cs.ID, From: day, Version: 1}
			if err := t.insertTeam(ctx, a.MunicipalityID, c.ID, m); err != nil {
				return err
			}
		}
	}
	return t.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "case", ObjectID: c.ID, Reason: "主担当の引継ぎ: " + prev.Name + " → " + to.Name})
}

// hasConsentRow: org already has an open consent membership (it stays under
// it; no second row).
func hasConsentRow(team []casework.TeamMember, org string) bool {
	for _, m := range team {
		if m.OrganizationID == org && m.Basis == casework.BasisConsent && m.EndReason == "" {
			return true
		}
	}
	return false
}
