package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// CasePage is what the case page shows.
type CasePage struct {
	Case      casework.Case
	Person    casework.Person // the focus person, as the actor may see them
	Contacts  []casework.Contact
	Provided  []casework.InfoProvision
	Referrals []casework.Referral // of this case, sent or received by the actor's organization
	Services  []casework.Service  // the municipality's directory, for the form
	Orgs      []casework.Organization
	// LeadWorker is the name of the lead worker ("" when there is none),
	// with "（利用停止）" when their access has been stopped.
	LeadWorker string
	// StatusHistory is every status change, oldest first (who, when, why).
	StatusHistory []casework.StatusChange
	// CanChangeStatus: the actor may change the status (casework.CanChangeCaseStatus).
	CanChangeStatus bool
	// The summary and the tabs of the page (issue 21), each loaded only as
	// far as the actor may read it, under the same rule as its own API:
	// Consents: the focus person's consents (the person visible, as
	// Consents); Plan: the plan in force, PlanCount every version (records,
	// as Plans); MeetingItems: as CaseMeetingItems (records). StaleDays is
	// the municipality's 「記録なし」 watch (Settings.StaleContact).
	Consents      []casework.Consent
	ConsentsShown bool
	Plan          *casework.Plan
	PlanCount     int
	MeetingItems  []casework.MeetingItem
	StaleDays     int
	// Resident are the 住基 watches of the case (juki_alerts.go).
	Resident []casework.Alert
	// Suspensions: decided 利用停止 of the focus person (issue 23), as
	// UseSuspensions gives them, read in the same transaction.
	Suspensions []casework.RightsRequest
}

// CasePage loads the case page in one read transaction: the access rules of
// the case and of its focus person are checked inside it, and the page is
// audited as ONE view of the case (it shows the case's own record: team,
// support record, information provided, referrals, and in its summary and
// tabs the person's consents, the plan in force and the meeting items).
func (db *DB) CasePage(ctx context.Context, a casework.Actor, id string) (CasePage, error) {
	var p CasePage
	// the organizations (not personal data) come from the short cache
	orgs, err := db.Organizations(ctx, a)
	if err != nil {
		return CasePage{}, err
	}
	names := make(map[string]string, len(orgs))
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	p.Orgs = orgs
	err = db.inRead(ctx, "ケース", func(tx *Tx) error {
		var err error
		if p.Case, _, err = tx.readableCase(ctx, a, id); err != nil {
			return err
		}
		if p.Suspensions, err = tx.useSuspensions(ctx, a, p.Case.FocusPersonID); err != nil {
			return err
		}
		p.Person, err = tx.visiblePerson(ctx, a, p.Case.FocusPersonID)
		personShown := err == nil
		if casework.ErrorCode(err) == casework.ENOTFOUND {
			// a member whose consent does not give `basic`: the name the
			// team works under, nothing more
			if err = tx.fillFocusName(ctx, &p.Case); err != nil {
				return err
			}
			p.Person = casework.Person{ID: p.Case.FocusPersonID, DisplayNameCache: p.Case.FocusName, AddressHidden: true}
		} else if err != nil {
			return err
		} else {
			p.Case.FocusName = p.Person.DisplayName() // the name is never hidden, only the address
		}
		if p.Case.DataScope.Has(casework.CatRecords) {
			if p.Contacts, err = tx.caseContacts(ctx, id); err != nil {
				return err
			}
			if p.Contacts, err = tx.withMatchLogs(ctx, id, p.Contacts); err != nil {
				return err
			}
			if p.Provided, err = tx.caseProvisions(ctx, id); err != nil {
				return err
			}
		}
		if p.Referrals, err = tx.caseReferrals(ctx, a, p.Case, names); err != nil {
			return err
		}
		if p.Services, err = tx.services(ctx, a.MunicipalityID, ""); err != nil {
			return err
		}
		if p.LeadWorker, err = tx.leadWorkerName(ctx, a.MunicipalityID, p.Case); err != nil {
			return err
		}
		if p.StatusHistory, err = tx.caseStatusHistory(ctx, a.MunicipalityID, id); err != nil {
			return err
		}
		kind, err := tx.actorOrgKind(ctx, a)
		if err != nil {
			return err
		}
		p.CanChangeStatus = casework.CanChangeCaseStatus(a, kind, p.Case) == nil
		if p.Resident, err = tx.residentAlertsOfCase(ctx, a, p.Case); err != nil { // juki_alerts.go
			return err
		}
		if err := tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "case", ObjectID: id}); err != nil {
			return err
		}
		return tx.casePageTabs(ctx, a, &p, personShown)
	})
	if err != nil {
		return CasePage{}, err
	}
	return p, nil
}

// caseContacts is the support record of a case, newest first, each edited
// entry with its earlier versions (one query for all histories).
func (t *Tx) caseContacts(ctx context.Context, caseID string) ([]casework.Contact, error) {
	out, err := collectCached(ctx, t, scanContact, "SELECT "+contactCols+" FROM contacts c LEFT JOIN users u ON u.id = c.author_id WHERE c.case_id = ? ORDER BY c.at DESC, c.created_at DESC", caseID)
	if err != nil {
		return nil, err
	}
	edited := map[string]int{}
	for i := range out {
		if out[i].Version > 1 {
			edited[out[i].ID] = i
		}
	}
	if len(edited) == 0 {
		return out, nil
	}
	rows, err := t.query(ctx, `SELECT h.contact_id, h.version, h.at, h.method, h.counterpart, h.content, h.minutes, h.edited_by, h.edited_at
		FROM contact_history h JOIN contacts c ON c.id = h.contact_id WHERE c.case_id = ? ORDER BY h.version DESC`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, at, editedAt string
		var v casework.ContactVersion
		if err := rows.Scan(&cid, &v.Version, &at, &v.Method, &v.Counterpart, &v.Content, &v.Minutes, &v.EditedBy, &editedAt); err != nil {
			return nil, err
		}
		v.At, v.EditedAt = parseTS(at), parseTS(editedAt)
		if i, ok := edited[cid]; ok {
			out[i].History = append(out[i].History, v)
		}
	}
	return out, rows.Err()
}

// caseProvisions is the information provided on a case, newest first.
func (t *Tx) caseProvisions(ctx context.Context, caseID string) ([]casework.InfoProvision, error) {
	return collectCached(ctx, t, func(s scanner) (casework.InfoProvision, error) {
		var p casework.InfoProvision
		return p, s.Scan(&p.ID, &p.CaseID, &p.ServiceID, &p.ServiceName, &p.ProvidedOn, &p.Note, &p.AuthorID)
	}, `SELECT i.id, i.case_id, i.service_id, s.name, i.provided_on, i.note, i.author_id FROM info_provisions i
		JOIN services s ON s.id = i.service_id WHERE i.case_id = ? ORDER BY i.provided_on DESC, i.created_at DESC`, caseID)
}

// caseReferrals are the referrals of a case the actor's organization sent or
// received (the rows Referrals lists for it), in the same order.
func (t *Tx) caseReferrals(ctx context.Context, a casework.Actor, c casework.Case, names map[string]string) ([]casework.Referral, error) {
	rs, err := collectCached(ctx, t, scanReferral, "SELECT "+referralCols+" FROM referrals WHERE case_id = ? AND municipality_id = ? AND (from_org_id = ? OR to_org_id = ?) ORDER BY due_on, created_at",
		c.ID, a.MunicipalityID, a.OrganizationID, a.OrganizationID)
	if err != nil || len(rs) == 0 {
		return rs, err
	}
	day := casework.Today(t.now)
	for i := range rs {
		r := &rs[i]
		r.Overdue, r.FromOrgName, r.ToOrgName = r.IsOverdue(day), names[r.FromOrgID], names[r.ToOrgID]
		r.CaseNumber, r.PersonName = c.Number, c.FocusName
		if cf, err := t.caseFactsOnly(ctx, a.MunicipalityID, c); err == nil {
			casework.LimitReferral(r, cf, a.OrganizationID, day)
		} else {
			return nil, err
		}
	}
	return rs, nil
}

// leadWorkerName is the lead worker's name as the case page shows it.
func (t *Tx) leadWorkerName(ctx context.Context, muni string, c casework.Case) (string, error) {
	if c.LeadWorkerID == "" {
		return "", nil
	}
	ns, err := collectCached(ctx, t, func(s scanner) (string, error) {
		var name string
		var disabled int
		err := s.Scan(&name, &disabled)
		if disabled == 1 {
			name += "（利用停止）"
		}
		return name, err
	}, "SELECT name, disabled FROM users WHERE id = ? AND municipality_id = ?", c.LeadWorkerID, muni)
	if err != nil || len(ns) == 0 {
		return "", err
	}
	return ns[0], nil
}

// casePageTabs loads the summary and the tabs of the case page (consents,
// plan, meetings), each only where its own API would allow it. They are
// part of the page's one audited view of the case (written before them).
func (t *Tx) casePageTabs(ctx context.Context, a casework.Actor, p *CasePage, personShown bool) error {
	var s casework.Settings
	if err := t.settings(ctx, a.MunicipalityID, &s); err != nil {
		return err
	}
	p.StaleDays = s.StaleContact()
	if personShown {
		var err error
		if p.Consents, err = t.consentsOf(ctx, a.MunicipalityID, p.Case.FocusPersonID); err != nil {
			return err
		}
		p.ConsentsShown = true
	}
	if !p.Case.DataScope.Has(casework.CatRecords) {
		return nil
	}
	ps, err := collect(ctx, t, func(s scanner) ([2]string, error) {
		var v [2]string
		err := s.Scan(&v[0], &v[1])
		return v, err
	}, "SELECT id, status FROM plans WHERE case_id = ? ORDER BY revision DESC", p.Case.ID)
	if err != nil {
		return err
	}
	p.PlanCount = len(ps)
	for _, v := range ps {
		if (casework.Plan{Status: v[1]}).Current() {
			pl, err := t.plan(ctx, a.MunicipalityID, v[0])
			if err != nil {
				return err
			}
			p.Plan = &pl
			break
		}
	}
	items, err := t.meetingItems(ctx, `mi.case_id = ? AND mi.municipality_id = ? AND (m.host_org_id = ? OR m.id IN
		(SELECT meeting_id FROM meeting_attendees WHERE organization_id = ?))`, p.Case.ID, a.MunicipalityID, a.OrganizationID, a.OrganizationID)
	if err != nil {
		return err
	}
	p.MeetingItems, err = t.readableItems(ctx, a, items)
	return err
}
