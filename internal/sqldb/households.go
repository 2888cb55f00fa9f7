package sqldb

import (
	"context"

	"kasane/internal/casework"
)

func (t *Tx) household(ctx context.Context, muni, id string) (casework.Household, error) {
	var h casework.Household
	var created string
	err := t.queryRow(ctx, "SELECT id, registered_by_org_id, label, kind, version, created_at FROM households WHERE municipality_id = ? AND id = ?", muni, id).
		Scan(&h.ID, &h.RegisteredByOrgID, &h.Label, &h.Kind, &h.Version, &created)
	h.Created = parseTS(created)
	return h, mapError(err, "世帯")
}

// CreateHousehold registers a household.
func (db *DB) CreateHousehold(ctx context.Context, a casework.Actor, h *casework.Household) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "世帯を登録する権限がありません。")
	}
	if err := h.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, true, "世帯", func(tx *Tx) error {
		h.ID, h.RegisteredByOrgID, h.Version, h.Created = newID(), a.OrganizationID, 1, tx.now
		h.Members, h.Relations = []casework.HouseholdMember{}, []casework.PersonRelation{}
		if _, err := tx.exec(ctx, "INSERT INTO households (id, municipality_id, registered_by_org_id, label, kind, version, created_at) VALUES (?,?,?,?,?,1,?)",
			h.ID, a.MunicipalityID, h.RegisteredByOrgID, h.Label, h.Kind, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "household", ObjectID: h.ID})
	})
}

// visibleHousehold applies rules 0 and 4 to a household: it is visible to
// the registering organization and to the organizations that read a case of
// the household with `household` in their scope. Seeing one of its members
// does not open it.
func (t *Tx) visibleHousehold(ctx context.Context, a casework.Actor, id string) (casework.Household, error) {
	h, err := t.household(ctx, a.MunicipalityID, id)
	if err != nil {
		return h, err
	}
	if !casework.CanHandleCases(a) {
		return h, casework.NotFound("世帯")
	}
	if h.RegisteredByOrgID == a.OrganizationID {
		return h, nil
	}
	day := casework.Today(t.now)
	cases, err := collect(ctx, t, scanCase, "SELECT "+caseCols+" FROM cases WHERE municipality_id = ? AND household_id = ?", a.MunicipalityID, id)
	if err != nil {
		return h, err
	}
	facts, err := t.casesFacts(ctx, a.MunicipalityID, cases)
	if err != nil {
		return h, err
	}
	for _, f := range facts {
		if casework.CanReadCaseData(a, f, casework.CatHousehold, day) {
			return h, nil
		}
	}
	return h, casework.NotFound("世帯")
}

const memberCols = "id, person_id, relationship, cohabiting, roles, version"

func scanMember(s scanner) (casework.HouseholdMember, error) {
	var m casework.HouseholdMember
	var coh int
	var roles string
	err := s.Scan(&m.ID, &m.PersonID, &m.Relationship, &coh, &roles, &m.Version)
	m.Cohabiting, m.Roles = coh == 1, splitList(roles)
	return m, err
}

func scanString(s scanner) (string, error) {
	var v string
	return v, s.Scan(&v)
}

// AddHouseholdMember puts a person the actor may see into a household.
func (db *DB) AddHouseholdMember(ctx context.Context, a casework.Actor, householdID string, m *casework.HouseholdMember) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "世帯員を登録する権限がありません。")
	}
	if err := m.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, true, "世帯員", func(tx *Tx) error {
		h, err := tx.visibleHousehold(ctx, a, householdID)
		if err != nil {
			return err
		}
		p, err := tx.visiblePerson(ctx, a, m.PersonID)
		if err != nil {
			return &casework.Error{Code: casework.EINVALID, Message: "世帯員が見つかりません。", Fields: map[string]string{"person_id": "世帯員が見つかりません。"}}
		}
		// rule 0: a member joins the household by an act of the organization
		// that holds both records; otherwise every team of the household's
		// cases would come to see a record its holder never shared
		if err := casework.CheckOwnRecord(a, h.RegisteredByOrgID, "household_id", "世帯員を加える世帯"); err != nil {
			return err
		}
		if err := casework.CheckOwnRecord(a, p.RegisteredByOrgID, "person_id", "世帯員"); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM household_members WHERE household_id = ? AND person_id = ?", householdID, m.PersonID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &casework.Error{Code: casework.EINVALID, Message: "この方は既に世帯員です。", Fields: map[string]string{"person_id": "この方は既に世帯員です。"}}
		}
		id := newID()
		if _, err := tx.exec(ctx, "INSERT INTO household_members (id, municipality_id, household_id, person_id, relationship, cohabiting, roles, version, created_at) VALUES (?,?,?,?,?,?,?,1,?)",
			id, a.MunicipalityID, householdID, m.PersonID, m.Relationship, boolInt(m.Cohabiting), joinList(m.Roles), ts(tx.now)); err != nil {
			return err
		}
		// m becomes the stored row: a name, age or cases the request carried
		// are not handed back as if recorded
		stored, err := scanMember(tx.queryRow(ctx, "SELECT "+memberCols+" FROM household_members WHERE id = ?", id))
		if err != nil {
			return err
		}
		stored.Cases, stored.OtherAgencies = []casework.MemberCase{}, []string{}
		*m = stored
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "household", ObjectID: householdID})
	})
}

// AddRelation records a relation between two persons the actor may see.
func (db *DB) AddRelation(ctx context.Context, a casework.Actor, r *casework.PersonRelation) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "関係を登録する権限がありません。")
	}
	if err := r.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, true, "関係", func(tx *Tx) error {
		for _, pid := range []string{r.FromPersonID, r.ToPersonID} {
			p, err := tx.visiblePerson(ctx, a, pid)
			if err != nil {
				return &casework.Error{Code: casework.EINVALID, Message: "関係を結ぶ人が見つかりません。", Fields: map[string]string{"to_person_id": "関係を結ぶ人が見つかりません。"}}
			}
			if err := casework.CheckOwnRecord(a, p.RegisteredByOrgID, "to_person_id", "関係を結ぶ人"); err != nil {
				return err
			}
		}
		r.ID, r.Version = newID(), 1
		if _, err := tx.exec(ctx, "INSERT INTO person_relations (id, municipality_id, from_person_id, to_person_id, kind, quality, version, created_at) VALUES (?,?,?,?,?,?,1,?)",
			r.ID, a.MunicipalityID, r.FromPersonID, r.ToPersonID, r.Kind, r.Quality, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "person_relation", ObjectID: r.ID})
	})
}

// Household returns a household with every member and, for each, the cases
// the viewer may read. Audited.
func (db *DB) Household(ctx context.Context, a casework.Actor, id string) (casework.Household, error) {
	var h casework.Household
	err := db.inRead(ctx, "世帯", func(tx *Tx) error {
		var err error
		if h, err = tx.visibleHousehold(ctx, a, id); err != nil {
			return err
		}
		if h.Members, _, err = tx.householdMembers(ctx, a, id); err != nil {
			return err
		}
		h.Relations, err = collect(ctx, tx, func(s scanner) (casework.PersonRelation, error) {
			var r casework.PersonRelation
			return r, s.Scan(&r.ID, &r.FromPersonID, &r.ToPersonID, &r.Kind, &r.Quality, &r.Version)
		}, `SELECT id, from_person_id, to_person_id, kind, quality, version FROM person_relations
			WHERE from_person_id IN (SELECT person_id FROM household_members WHERE household_id = ?)
			   OR to_person_id IN (SELECT person_id FROM household_members WHERE household_id = ?)`, id, id)
		if err != nil {
			return err
		}
		if h.Relations == nil {
			h.Relations = []casework.PersonRelation{}
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "household", ObjectID: id})
	})
	if err != nil {
		return casework.Household{}, err
	}
	return h, nil
}

func (t *Tx) orgNames(ctx context.Context, muni string) (map[string]string, error) {
	orgs, err := collect(ctx, t, scanOrg, "SELECT "+orgCols+" FROM organizations WHERE municipality_id = ?", muni)
	out := map[string]string{}
	for _, o := range orgs {
		out[o.ID] = o.Name
	}
	return out, err
}

func appendUnique(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

// householdMembers loads the members of a household with, for each, the
// cases the viewer may read (rule 1) and the agencies of the others; it also
// returns each member's stored person record for callers that need more.
func (t *Tx) householdMembers(ctx context.Context, a casework.Actor, householdID string) ([]casework.HouseholdMember, []casework.Person, error) {
	members, err := collect(ctx, t, scanMember, "SELECT "+memberCols+" FROM household_members WHERE household_id = ? ORDER BY created_at", householdID)
	if err != nil {
		return nil, nil, err
	}
	day := casework.Today(t.now)
	orgNames, err := t.orgNames(ctx, a.MunicipalityID)
	if err != nil {
		return nil, nil, err
	}
	out := []casework.HouseholdMember{}
	var persons []casework.Person
	for _, m := range members {
		p, err := scanPerson(t.queryRow(ctx, "SELECT "+personCols+" FROM persons WHERE id = ?", m.PersonID))
		if err != nil {
			return nil, nil, err
		}
		p.Decorate(t.now)
		m.Name, m.Kana, m.BirthDate, m.Age, m.Sex = p.DisplayName(), p.DisplayKana(), p.BirthDisplay, p.Age, p.Sex
		m.Cases, m.OtherAgencies = []casework.MemberCase{}, []string{}
		cases, err := collect(ctx, t, scanCase, "SELECT "+caseCols+" FROM cases WHERE focus_person_id = ? ORDER BY received_on DESC", p.ID)
		if err != nil {
			return nil, nil, err
		}
		facts, err := t.casesFacts(ctx, a.MunicipalityID, cases)
		if err != nil {
			return nil, nil, err
		}
		for i, c := range cases {
			f := facts[i]
			if !casework.CanReadCase(a, f, day) {
				// rule 4: never which service knows the member (being known
				// to 児童・障害・困窮 services is itself sensitive), only that
				// another organization does
				m.OtherAgencies = appendUnique(m.OtherAgencies, "他の機関")
				continue
			}
			mc := casework.MemberCase{CaseID: c.ID, Number: c.Number, Status: c.Status, LeadOrg: orgNames[c.LeadOrgID],
				Records: casework.CanReadCaseData(a, f, casework.CatRecords, day)}
			for _, tm := range f.Team {
				if f.ActiveOn(tm, day) {
					mc.TeamOrgs = appendUnique(mc.TeamOrgs, orgNames[tm.OrganizationID])
				}
			}
			m.Cases = append(m.Cases, mc)
		}
		out = append(out, m)
		persons = append(persons, p)
	}
	return out, persons, nil
}
