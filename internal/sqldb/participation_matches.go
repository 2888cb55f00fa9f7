package sqldb

import (
	"context"

	"kasane/internal/casework"
)

const matchCols = `m.id, m.person_id, m.resource_id, r.name, r.host_org_id, m.menu, m.status, m.org_id, m.proposed_on, m.trial_on, m.placed_on,
	m.ended_on, m.end_reason, m.version, m.created_at, p.identified, p.family_name, p.given_name, p.label,
	m.created_by, COALESCE(o.name, ''), COALESCE(u.name, '')`

const matchFrom = ` FROM participation_matches m JOIN resources r ON r.id = m.resource_id JOIN persons p ON p.id = m.person_id
	LEFT JOIN organizations o ON o.id = m.org_id LEFT JOIN users u ON u.id = m.created_by `

// matchRow is a match with the host organization of its resource.
type matchRow struct {
	casework.Match
	hostOrg string
}

func scanMatch(s scanner) (matchRow, error) {
	var m matchRow
	var created, fam, giv, label string
	var ident int
	err := s.Scan(&m.ID, &m.PersonID, &m.ResourceID, &m.ResourceName, &m.hostOrg, &m.Menu, &m.Status, &m.OrgID, &m.ProposedOn, &m.TrialOn,
		&m.PlacedOn, &m.EndedOn, &m.EndReason, &m.Version, &created, &ident, &fam, &giv, &label, &m.ProposedBy, &m.OrgName, &m.ProposedName)
	m.Created = parseTS(created)
	p := casework.Person{Identified: ident == 1, FamilyName: fam, GivenName: giv, Label: label}
	m.PersonName = p.DisplayName()
	return m, err
}

// matchView decides what the actor sees of a match: everything when the
// actor may see the person (rule 4); the host view when the actor's
// organization hosts the resource (casework.CanSeeAsHost: a host user, or
// staff of that organization); otherwise nothing (not found).
func (t *Tx) matchView(ctx context.Context, a casework.Actor, m matchRow) (casework.Match, bool, error) {
	_, f, err := t.visiblePersonFacts(ctx, a, m.PersonID)
	if err == nil {
		// the record of participation support (logs by other organizations)
		// is the proposing organization's, or needs `records` (rule 2); a
		// member under a narrower consent sees the match and its own logs
		full := m.OrgID == a.OrganizationID || casework.PersonScope(a, f, casework.Today(t.now)).Has(casework.CatRecords)
		return m.Match, full, nil
	}
	if casework.ErrorCode(err) != casework.ENOTFOUND {
		return casework.Match{}, false, err
	}
	if casework.CanSeeAsHost(a, m.hostOrg) {
		consents, err := t.consentsOf(ctx, a.MunicipalityID, m.PersonID)
		if err != nil {
			return casework.Match{}, false, err
		}
		return casework.HostView(m.Match, consents, a.OrganizationID, casework.Today(t.now)), false, nil
	}
	return casework.Match{}, false, casework.NotFound("参加支援のマッチング")
}

func (t *Tx) loadMatch(ctx context.Context, a casework.Actor, id string) (matchRow, error) {
	m, err := scanMatch(t.queryRow(ctx, "SELECT "+matchCols+matchFrom+"WHERE m.municipality_id = ? AND m.id = ?", a.MunicipalityID, id))
	return m, mapError(err, "参加支援のマッチング")
}

// writableMatch loads a match the actor works on in full (not as host).
func (t *Tx) writableMatch(ctx context.Context, a casework.Actor, id string) (casework.Match, error) {
	row, err := t.loadMatch(ctx, a, id)
	if err != nil {
		return casework.Match{}, err
	}
	m, full, err := t.matchView(ctx, a, row)
	if err != nil {
		return m, err
	}
	if !full || !casework.CanWriteCases(a) {
		return m, casework.Errorf(casework.EFORBIDDEN, "このマッチングを変更する権限がありません。")
	}
	return m, nil
}

// CreateMatch proposes a menu at a resource to a person the actor may see.
func (db *DB) CreateMatch(ctx context.Context, a casework.Actor, m *casework.Match) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "参加支援を記録する権限がありません。")
	}
	return db.inTx(ctx, true, "参加支援のマッチング", func(tx *Tx) error {
		if err := m.Validate(); err != nil {
			return err
		}
		p, err := tx.visiblePerson(ctx, a, m.PersonID)
		if err != nil {
			return &casework.Error{Code: casework.EINVALID, Message: "本人が見つかりません。", Fields: map[string]string{"person_id": "本人が見つかりません。"}}
		}
		r, err := tx.resource(ctx, a.MunicipalityID, m.ResourceID)
		if err != nil {
			return &casework.Error{Code: casework.EINVALID, Message: "参加先が見つかりません。", Fields: map[string]string{"resource_id": "参加先が見つかりません。"}}
		}
		if !r.AcceptsParticipants {
			msg := "この社会資源は参加者の受け入れを登録していません。"
			return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"resource_id": msg}}
		}
		if err := casework.CheckMatchMenu(m.Menu, r.Name, r.Menus); err != nil {
			return err
		}
		m.ID, m.Status, m.OrgID, m.ProposedOn, m.Version, m.Created = newID(), "proposed", a.OrganizationID, casework.Today(tx.now), 1, tx.now
		m.PersonName, m.ResourceName, m.ProposedBy = p.DisplayName(), r.Name, a.UserID
		if _, err := tx.exec(ctx, `INSERT INTO participation_matches (id, municipality_id, person_id, resource_id, menu, status, org_id, proposed_on,
			created_by, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,1,?,?)`,
			m.ID, a.MunicipalityID, m.PersonID, m.ResourceID, m.Menu, m.Status, m.OrgID, m.ProposedOn, a.UserID, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		// m becomes the stored match: dates, an end reason or logs the
		// request carried are not handed back as if recorded
		row, err := tx.loadMatch(ctx, a, m.ID)
		if err != nil {
			return err
		}
		*m = row.Match
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "participation_match", ObjectID: m.ID})
	})
}

// Match returns a match as the actor may see it (full with logs, or the
// host view). Audited.
func (db *DB) Match(ctx context.Context, a casework.Actor, id string) (casework.Match, error) {
	var m casework.Match
	err := db.inRead(ctx, "参加支援のマッチング", func(tx *Tx) error {
		row, err := tx.loadMatch(ctx, a, id)
		if err != nil {
			return err
		}
		var full bool
		if m, full, err = tx.matchView(ctx, a, row); err != nil {
			return err
		}
		if m.Logs, err = tx.matchLogs(ctx, id); err != nil {
			return err
		}
		if !full {
			m.Logs = casework.HostLogs(m.Logs, a.OrganizationID)
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "participation_match", ObjectID: id})
	})
	return m, err
}

// MatchFilter narrows a match list.
type MatchFilter struct {
	PersonID   string
	ResourceID string
}

// Matches lists the matches the actor may see: with PersonID, those of a
// person the actor may see; otherwise those the actor's organization made
// or hosts. Audited as a search.
func (db *DB) Matches(ctx context.Context, a casework.Actor, f MatchFilter) ([]casework.Match, error) {
	var out []casework.Match
	err := db.inRead(ctx, "参加支援のマッチング", func(tx *Tx) error {
		if !casework.CanHandleCases(a) && !casework.IsHost(a) {
			return nil
		}
		q := "SELECT " + matchCols + matchFrom + "WHERE m.municipality_id = ?"
		args := []any{a.MunicipalityID}
		if f.PersonID != "" {
			if _, err := tx.visiblePerson(ctx, a, f.PersonID); err != nil {
				return err
			}
			q += " AND m.person_id = ?"
			args = append(args, f.PersonID)
		} else {
			q += " AND (m.org_id = ? OR r.host_org_id = ?)"
			args = append(args, a.OrganizationID, a.OrganizationID)
		}
		if f.ResourceID != "" {
			q += " AND m.resource_id = ?"
			args = append(args, f.ResourceID)
		}
		rows, err := collect(ctx, tx, scanMatch, q+" ORDER BY m.proposed_on DESC, m.created_at DESC LIMIT 500", args...)
		if err != nil {
			return err
		}
		for _, row := range rows {
			m, _, err := tx.matchView(ctx, a, row)
			if casework.ErrorCode(err) == casework.ENOTFOUND {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "participation_match"})
	})
	return out, err
}
