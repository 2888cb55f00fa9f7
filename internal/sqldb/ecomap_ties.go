package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

const tieCols = `t.id, t.household_id, t.person_id, t.counterpart_kind, t.organization_id, t.resource_id,
	COALESCE(o.name, r.name, t.name), t.strength, t.direction, t.note, t.recorded_by_org_id, t.version, t.created_at, t.updated_at`

const tieFrom = ` FROM ecomap_ties t LEFT JOIN organizations o ON o.id = t.organization_id AND t.counterpart_kind = 'organization'
	LEFT JOIN resources r ON r.id = t.resource_id AND t.counterpart_kind = 'resource'`

func scanTie(s scanner) (casework.EcomapTie, error) {
	var t casework.EcomapTie
	var created, updated string
	err := s.Scan(&t.ID, &t.HouseholdID, &t.PersonID, &t.Counterpart, &t.OrganizationID, &t.ResourceID, &t.Name,
		&t.Strength, &t.Direction, &t.Note, &t.RecordedByOrgID, &t.Version, &created, &updated)
	t.Created, t.Updated = parseTS(created), parseTS(updated)
	return t, err
}

// readsCaseAbout reports whether the actor may read a case about one of
// persons, or a case registered on the household ("" = none).
func (t *Tx) readsCaseAbout(ctx context.Context, a casework.Actor, householdID string, persons []string) (bool, error) {
	var conds []string
	args := []any{a.MunicipalityID}
	if householdID != "" {
		conds, args = append(conds, "household_id = ?"), append(args, householdID)
	}
	if len(persons) > 0 {
		conds = append(conds, "focus_person_id IN (?"+strings.Repeat(",?", len(persons)-1)+")")
		for _, p := range persons {
			args = append(args, p)
		}
	}
	if len(conds) == 0 {
		return false, nil
	}
	ids, err := collect(ctx, t, scanString, "SELECT id FROM cases WHERE municipality_id = ? AND ("+strings.Join(conds, " OR ")+")", args...)
	if err != nil {
		return false, err
	}
	day := casework.Today(t.now)
	for _, id := range ids {
		_, f, err := t.caseFacts(ctx, a.MunicipalityID, id)
		if err != nil {
			return false, err
		}
		if casework.CanReadCaseData(a, f, casework.CatHousehold, day) {
			return true, nil
		}
	}
	return false, nil
}

// tieReadsCase: what a tie's visibility depends on: its member, or every
// member for a tie of the whole household.
func (t *Tx) tieReadsCase(ctx context.Context, a casework.Actor, tie casework.EcomapTie) (bool, error) {
	persons := []string{tie.PersonID}
	if tie.PersonID == "" {
		var err error
		if persons, err = collect(ctx, t, scanString, "SELECT person_id FROM household_members WHERE household_id = ?", tie.HouseholdID); err != nil {
			return false, err
		}
		return t.readsCaseAbout(ctx, a, tie.HouseholdID, persons)
	}
	return t.readsCaseAbout(ctx, a, "", persons)
}

// ecomapTies are the ties of a household the actor may see, oldest first.
func (t *Tx) ecomapTies(ctx context.Context, a casework.Actor, householdID string) ([]casework.EcomapTie, error) {
	all, err := collect(ctx, t, scanTie, "SELECT "+tieCols+tieFrom+" WHERE t.municipality_id = ? AND t.household_id = ? ORDER BY t.created_at, t.id",
		a.MunicipalityID, householdID)
	if err != nil {
		return nil, err
	}
	out := []casework.EcomapTie{}
	reads := map[string]bool{} // person id ("" = household) → reads a case
	for _, tie := range all {
		r, ok := reads[tie.PersonID]
		if !ok {
			if r, err = t.tieReadsCase(ctx, a, tie); err != nil {
				return nil, err
			}
			reads[tie.PersonID] = r
		}
		if casework.CanSeeEcomapTie(a, tie, r) {
			out = append(out, tie)
		}
	}
	return out, nil
}

// EcomapTies lists the ties of a household the actor may see. Audited.
func (db *DB) EcomapTies(ctx context.Context, a casework.Actor, householdID string) ([]casework.EcomapTie, error) {
	var out []casework.EcomapTie
	err := db.inRead(ctx, "エコマップの関係", func(tx *Tx) error {
		if _, err := tx.visibleHousehold(ctx, a, householdID); err != nil {
			return err
		}
		var err error
		if out, err = tx.ecomapTies(ctx, a, householdID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "ecomap_ties", ObjectID: householdID})
	})
	return out, err
}

// checkTieRefs checks that the member belongs to the household and that
// the organization or resource is one of the municipality's.
func (t *Tx) checkTieRefs(ctx context.Context, a casework.Actor, tie *casework.EcomapTie) error {
	var n int
	if tie.PersonID != "" {
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM household_members WHERE household_id = ? AND person_id = ?", tie.HouseholdID, tie.PersonID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return (casework.Invalid{"person_id": "世帯員を一覧から選んでください。"}).Err()
		}
	}
	switch tie.Counterpart {
	case "organization":
		err := t.queryRow(ctx, "SELECT name FROM organizations WHERE municipality_id = ? AND id = ?", a.MunicipalityID, tie.OrganizationID).Scan(&tie.Name)
		if err != nil {
			if casework.ErrorCode(mapError(err, "")) == casework.ENOTFOUND {
				return (casework.Invalid{"organization_id": "関係機関を一覧から選んでください。"}).Err()
			}
			return err
		}
	case "resource":
		err := t.queryRow(ctx, "SELECT name FROM resources WHERE municipality_id = ? AND id = ?", a.MunicipalityID, tie.ResourceID).Scan(&tie.Name)
		if err != nil {
			if casework.ErrorCode(mapError(err, "")) == casework.ENOTFOUND {
				return (casework.Invalid{"resource_id": "社会資源を一覧から選んでください。"}).Err()
			}
			return err
		}
	}
	return nil
}

// CreateEcomapTie records a tie on a household: the household write rule
// (staff who write cases and may see the household).
func (db *DB) CreateEcomapTie(ctx context.Context, a casework.Actor, tie *casework.EcomapTie) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "エコマップの関係を登録する権限がありません。")
	}
	if err := tie.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, true, "エコマップの関係", func(tx *Tx) error {
		if _, err := tx.visibleHousehold(ctx, a, tie.HouseholdID); err != nil {
			return err
		}
		if err := tx.checkTieRefs(ctx, a, tie); err != nil {
			return err
		}
		tie.ID, tie.RecordedByOrgID, tie.Version, tie.Created, tie.Updated = newID(), a.OrganizationID, 1, tx.now, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO ecomap_ties (id, municipality_id, household_id, person_id, counterpart_kind, organization_id, resource_id,
			name, strength, direction, note, recorded_by_org_id, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)`,
			tie.ID, a.MunicipalityID, tie.HouseholdID, tie.PersonID, tie.Counterpart, tie.OrganizationID, tie.ResourceID,
			storedTieName(tie), tie.Strength, tie.Direction, tie.Note, a.OrganizationID, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		if err := tx.readBackTie(ctx, tie); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "ecomap_tie", ObjectID: tie.ID})
	})
}

// readBackTie makes tie the stored row, so that what the request carried
// but the store ignores (a name of an organization, a recorder, …) is not
// handed back as if recorded.
func (t *Tx) readBackTie(ctx context.Context, tie *casework.EcomapTie) error {
	stored, err := scanTie(t.queryRow(ctx, "SELECT "+tieCols+tieFrom+" WHERE t.id = ?", tie.ID))
	if err != nil {
		return err
	}
	*tie = stored
	return nil
}

// storedTieName keeps the free text of informal ties only; the names of
// organizations and resources are read from their tables.
func storedTieName(t *casework.EcomapTie) string {
	if t.Counterpart == "informal" {
		return t.Name
	}
	return ""
}

// writableTie loads a tie for a change: not found unless the actor may see
// it, forbidden unless the actor may write it.
func (t *Tx) writableTie(ctx context.Context, a casework.Actor, id string) (casework.EcomapTie, error) {
	cur, err := scanTie(t.queryRow(ctx, "SELECT "+tieCols+tieFrom+" WHERE t.municipality_id = ? AND t.id = ?", a.MunicipalityID, id))
	if err != nil {
		return cur, mapError(err, "エコマップの関係")
	}
	if _, err := t.visibleHousehold(ctx, a, cur.HouseholdID); err != nil {
		return cur, casework.NotFound("エコマップの関係")
	}
	reads, err := t.tieReadsCase(ctx, a, cur)
	if err != nil {
		return cur, err
	}
	if !casework.CanSeeEcomapTie(a, cur, reads) {
		return cur, casework.NotFound("エコマップの関係")
	}
	if !casework.CanWriteEcomapTie(a, cur, reads) {
		return cur, casework.Errorf(casework.EFORBIDDEN, "エコマップの関係を変更する権限がありません。")
	}
	return cur, nil
}

// UpdateEcomapTie changes a tie; tie.Version must be the version read.
func (db *DB) UpdateEcomapTie(ctx context.Context, a casework.Actor, tie *casework.EcomapTie) error {
	if err := tie.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, true, "エコマップの関係", func(tx *Tx) error {
		cur, err := tx.writableTie(ctx, a, tie.ID)
		if err != nil {
			return err
		}
		tie.HouseholdID, tie.RecordedByOrgID, tie.Created = cur.HouseholdID, cur.RecordedByOrgID, cur.Created
		if err := tx.checkTieRefs(ctx, a, tie); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("エコマップの関係"), `UPDATE ecomap_ties SET person_id = ?, counterpart_kind = ?, organization_id = ?,
			resource_id = ?, name = ?, strength = ?, direction = ?, note = ?, version = version + 1, updated_at = ?
			WHERE municipality_id = ? AND id = ? AND version = ?`,
			tie.PersonID, tie.Counterpart, tie.OrganizationID, tie.ResourceID, storedTieName(tie), tie.Strength, tie.Direction, tie.Note,
			ts(tx.now), a.MunicipalityID, tie.ID, tie.Version); err != nil {
			return err
		}
		if err := tx.readBackTie(ctx, tie); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "ecomap_tie", ObjectID: tie.ID})
	})
}

// DeleteEcomapTie removes a tie at the version read. It returns the
// household the tie was on.
func (db *DB) DeleteEcomapTie(ctx context.Context, a casework.Actor, id string, version int) (string, error) {
	var household string
	err := db.inTx(ctx, true, "エコマップの関係", func(tx *Tx) error {
		cur, err := tx.writableTie(ctx, a, id)
		if err != nil {
			return err
		}
		household = cur.HouseholdID
		if err := tx.execOne(ctx, casework.Conflict("エコマップの関係"), "DELETE FROM ecomap_ties WHERE municipality_id = ? AND id = ? AND version = ?",
			a.MunicipalityID, id, version); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActDelete, ObjectType: "ecomap_tie", ObjectID: id})
	})
	return household, err
}
