package sqldb

import (
	"context"
	"strings"
	"time"

	"kasane/internal/casework"
)

// BreakGlass grants a user outside the team the emergency view of a person
// (casework.EmergencyView) for casework.BreakGlassHours, for the protection
// of life or body (rules: casework.CheckBreakGlass). The grant opens nothing
// else. It is audited as a flagged break_glass event that the privacy
// officer reviews. It returns when the grant ends.
func (db *DB) BreakGlass(ctx context.Context, a casework.Actor, personID, reason string) (time.Time, error) {
	reason = strings.TrimSpace(reason)
	var until time.Time
	err := db.inTx(ctx, true, "緊急時の閲覧", func(tx *Tx) error {
		kind, err := tx.actorOrgKind(ctx, a)
		if err != nil {
			return err
		}
		if err := casework.CheckBreakGlass(a, kind, reason); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM persons WHERE municipality_id = ? AND id = ?", a.MunicipalityID, personID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return casework.NotFound("本人")
		}
		until = tx.now.Add(casework.BreakGlassHours * time.Hour)
		if _, err := tx.exec(ctx, "INSERT INTO break_glass (id, municipality_id, person_id, user_id, reason, granted_at, until_at, version, created_at) VALUES (?,?,?,?,?,?,?,1,?)",
			newID(), a.MunicipalityID, personID, a.UserID, reason, ts(tx.now), ts(until), ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActBreakGlass, ObjectType: "person", ObjectID: personID, Reason: reason, Flagged: true})
	})
	return until, err
}

// EmergencyView is what a live break-glass grant of the actor shows of a
// person: name and phones, household emergency contacts (none under DV等支援
// 措置) and the lead organizations of the open cases about the person. No
// address is ever read. Without a live grant it is not found. Each look is
// audited as a flagged view.
func (db *DB) EmergencyView(ctx context.Context, a casework.Actor, personID string) (casework.EmergencyView, error) {
	var v casework.EmergencyView
	err := db.inRead(ctx, "本人", func(tx *Tx) error {
		var err error
		if v, err = tx.emergencyView(ctx, a, personID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "person", ObjectID: personID,
			Reason: "緊急時の閲覧（ブレークグラス）: 緊急連絡先", Flagged: true})
	})
	if err != nil {
		return casework.EmergencyView{}, err
	}
	return v, nil
}

func (t *Tx) emergencyView(ctx context.Context, a casework.Actor, personID string) (casework.EmergencyView, error) {
	v := casework.EmergencyView{PersonID: personID, Contacts: []casework.EmergencyContact{}, Leads: []casework.EmergencyLead{}}
	if !casework.CanHandleCases(a) {
		return v, casework.NotFound("本人")
	}
	untils, err := collect(ctx, t, scanString, "SELECT until_at FROM break_glass WHERE municipality_id = ? AND person_id = ? AND user_id = ? AND until_at > ? ORDER BY until_at DESC",
		a.MunicipalityID, personID, a.UserID, ts(t.now))
	if err != nil {
		return v, err
	}
	if len(untils) == 0 {
		return v, casework.NotFound("本人")
	}
	v.Until = parseTS(untils[0])
	v.MinutesLeft = casework.MinutesLeft(v.Until, t.now)
	var fam, giv, label string
	var ident, dv int
	if err := t.queryRow(ctx, "SELECT family_name, given_name, label, identified, phone, phone2, dv_protected FROM persons WHERE municipality_id = ? AND id = ?",
		a.MunicipalityID, personID).Scan(&fam, &giv, &label, &ident, &v.Phone, &v.Phone2, &dv); err != nil {
		return v, mapError(err, "本人")
	}
	v.Name = (&casework.Person{FamilyName: fam, GivenName: giv, Label: label, Identified: ident == 1}).DisplayName()
	v.DVProtected = dv == 1
	if !v.DVProtected {
		if v.Contacts, err = t.emergencyContacts(ctx, a.MunicipalityID, personID); err != nil {
			return v, err
		}
	}
	v.Leads, err = t.emergencyLeads(ctx, a.MunicipalityID, personID)
	return v, err
}

// emergencyContacts are the members of the person's households marked as
// emergency contacts, leaving out DV-protected and deceased members.
func (t *Tx) emergencyContacts(ctx context.Context, muni, personID string) ([]casework.EmergencyContact, error) {
	type row struct {
		c     casework.EmergencyContact
		roles string
		id    string
	}
	rows, err := collect(ctx, t, func(s scanner) (row, error) {
		var r row
		var fam, giv, label string
		var ident int
		err := s.Scan(&r.id, &fam, &giv, &label, &ident, &r.c.Phone, &r.c.Phone2, &r.c.Relationship, &r.roles)
		r.c.Name = (&casework.Person{FamilyName: fam, GivenName: giv, Label: label, Identified: ident == 1}).DisplayName()
		return r, err
	}, `SELECT p.id, p.family_name, p.given_name, p.label, p.identified, p.phone, p.phone2, m.relationship, m.roles
		FROM household_members me JOIN household_members m ON m.household_id = me.household_id
		JOIN persons p ON p.id = m.person_id
		WHERE me.municipality_id = ? AND me.person_id = ? AND m.person_id <> ? AND p.dv_protected = 0 AND p.deceased_on = ''
		ORDER BY m.created_at, m.id`, muni, personID, personID)
	if err != nil {
		return nil, err
	}
	out := []casework.EmergencyContact{}
	seen := map[string]bool{}
	for _, r := range rows {
		r.c.Roles = splitList(r.roles)
		if seen[r.id] || !casework.IsEmergencyContact(r.c.Roles) {
			continue
		}
		seen[r.id] = true
		out = append(out, r.c)
	}
	return out, nil
}

// emergencyLeads are the lead organizations (and active lead workers) of
// the open cases whose focus is the person or whose household lists them.
func (t *Tx) emergencyLeads(ctx context.Context, muni, personID string) ([]casework.EmergencyLead, error) {
	leads, err := collect(ctx, t, func(s scanner) (casework.EmergencyLead, error) {
		var l casework.EmergencyLead
		return l, s.Scan(&l.OrganizationName, &l.LeadWorkerName)
	}, `SELECT o.name, COALESCE(u.name, '') FROM cases c
		JOIN organizations o ON o.id = c.lead_org_id
		LEFT JOIN users u ON u.id = c.lead_worker_id AND u.disabled = 0
		WHERE c.municipality_id = ? AND c.status <> 'closed'
		AND (c.focus_person_id = ? OR c.household_id IN (SELECT household_id FROM household_members WHERE person_id = ?))
		ORDER BY c.received_on DESC, c.id`, muni, personID, personID)
	if err != nil {
		return nil, err
	}
	out := []casework.EmergencyLead{}
	seen := map[casework.EmergencyLead]bool{}
	for _, l := range leads {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out, nil
}
